import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ErrorLine } from './ErrorLine';
import button from './Button.module.css';
import styles from './ConfirmPanel.module.css';
import { useT } from '../../i18n/useT';

interface Props {
  title: string;
  /** What the step means, in a sentence or two each. */
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  cancelLabel?: string;
  /** `danger`: the step cannot be undone (a key or an identity is gone from this computer). */
  kind?: 'primary' | 'danger';
  /** A warning box rather than a plain one. */
  warn?: boolean;
  busy: boolean;
  /** The step cannot be taken now (no connection to the engine). */
  unavailable?: boolean;
  error?: string | null;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
  confirmTestId?: string;
}

/**
 * "Are you sure?" for a serious step, the same everywhere: its heading takes focus when it opens (a screen reader
 * hears the question), Escape or Cancel closes it unless the step is under way, and an error stays beside the buttons.
 */
export function ConfirmPanel({
  title,
  children,
  confirmLabel,
  busyLabel,
  cancelLabel: cancelWords,
  kind = 'primary',
  warn = false,
  busy,
  unavailable = false,
  error = null,
  onConfirm,
  onCancel,
  testId,
  confirmTestId,
}: Props) {
  const t = useT();
  const cancelLabel = cancelWords ?? t('common.cancel');
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  return (
    <div
      className={warn ? `${styles.panel} ${styles.warn}` : styles.panel}
      role="group"
      aria-labelledby={headingId}
      data-testid={testId}
      onKeyDown={(e) => e.key === 'Escape' && !busy && onCancel()}
    >
      <h3 id={headingId} ref={heading} tabIndex={-1} className={styles.title}>
        {title}
      </h3>
      {children}
      <div className={styles.actions}>
        <button
          type="button"
          className={button[kind]}
          aria-disabled={busy || unavailable || undefined}
          onClick={() => !busy && !unavailable && onConfirm()}
          data-testid={confirmTestId}
        >
          {busy ? busyLabel : confirmLabel}
        </button>
        <button
          type="button"
          className={button.button}
          aria-disabled={busy || undefined}
          onClick={() => !busy && onCancel()}
        >
          {cancelLabel}
        </button>
      </div>
      <ErrorLine error={error} />
    </div>
  );
}
