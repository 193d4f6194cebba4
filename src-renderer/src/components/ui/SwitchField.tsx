import { useId } from 'react';
import type { NodeSnapshot, Result } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import styles from './SwitchField.module.css';
import { ErrorLine } from './ErrorLine';
import { useT } from '../../i18n/useT';

interface Props {
  label: string;
  /** The label as plain text rather than a heading-like title. */
  plainLabel?: boolean;
  className?: string;
  /** What the engine recorded; the switch moves only when a snapshot says so. */
  on: boolean;
  /** Cannot be switched now (the reason belongs in the hint). */
  unavailable: boolean;
  hint: string;
  /** The state word while the command runs ("Saving…"). */
  busyLabel: string;
  testId: string;
  /** Extra `data-choice` on the switch, for tests. */
  choice?: string;
  /** Sends the command; the snapshot in its answer is applied. */
  toggle(): Promise<Result<NodeSnapshot>>;
  /** The alert shown when the command is refused, from its message. */
  failure?(message: string): string;
}

/**
 * An on/off switch for a choice the engine keeps: a click sends the command and the switch moves with the
 * snapshot in the answer; a refusal is shown under it. aria-disabled rather than disabled: a disabled button
 * drops keyboard focus mid-click.
 */
export function SwitchField({
  label,
  plainLabel = false,
  className,
  on,
  unavailable,
  hint,
  busyLabel,
  testId,
  choice,
  toggle,
  failure = (m) => m,
}: Props) {
  const t = useT();
  const labelId = useId();
  const hintId = useId();
  const applySnapshot = useProviderStore((s) => s.applySnapshot);
  const { step, run } = useCommand(
    () => toggle(),
    (snapshot) => {
      applySnapshot(snapshot);
      return { kind: 'idle' };
    },
  );
  const busy = step.kind === 'busy';
  const error = step.kind === 'failed' ? failure(step.message) : null;
  const inert = busy || unavailable;

  const click = () => {
    if (!inert) void run();
  };

  return (
    <div className={className ? `${styles.field} ${className}` : styles.field}>
      <div className={styles.row}>
        <span id={labelId} className={plainLabel ? `${styles.label} ${styles.labelPlain}` : styles.label}>
          {label}
        </span>
        <button
          type="button"
          role="switch"
          className={styles.switch}
          aria-checked={on}
          aria-labelledby={labelId}
          aria-describedby={hintId}
          aria-disabled={inert || undefined}
          aria-busy={busy || undefined}
          data-testid={testId}
          data-choice={choice}
          onClick={click}
        >
          <span className={styles.track} aria-hidden="true">
            <span className={styles.thumb} />
          </span>
          <span className={styles.state} aria-hidden="true">
            {busy ? busyLabel : on ? t('components.switch.on') : t('components.switch.off')}
          </span>
        </button>
      </div>
      <p id={hintId} className={styles.hint}>
        {hint}
      </p>
      <ErrorLine error={error} />
    </div>
  );
}
