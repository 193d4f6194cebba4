import button from './Button.module.css';
import styles from './SubmitRow.module.css';
import { useT } from '../../i18n/useT';

interface Props {
  label: string;
  busyLabel: string;
  busy: boolean;
  /** The form cannot be sent now (no connection to the engine). */
  unavailable?: boolean;
  /** Closes the form; without it there is no Cancel. */
  onCancel?: () => void;
  testId: string;
}

/** The submit button of a small form (saying what it is doing while busy), and Cancel beside it when there is one. */
export function SubmitRow({ label, busyLabel, busy, unavailable = false, onCancel, testId }: Props) {
  const t = useT();
  return (
    <div className={styles.actions}>
      <button
        type="submit"
        className={button.primary}
        aria-disabled={busy || unavailable || undefined}
        data-testid={testId}
      >
        {busy ? busyLabel : label}
      </button>
      {onCancel ? (
        <button type="button" className={button.button} onClick={onCancel} aria-disabled={busy || undefined}>
          {t('common.cancel')}
        </button>
      ) : null}
    </div>
  );
}
