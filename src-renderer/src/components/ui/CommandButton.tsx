import { isNodeSnapshot } from '@shared/contract/node';
import type { NodeSnapshot, Result } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import button from './Button.module.css';
import styles from './CommandButton.module.css';
import { useT } from '../../i18n/useT';

interface Props {
  label: string;
  /** What the button says while the command runs. */
  busyLabel?: string;
  testId: string;
  className?: string;
  /** The wrapper's class, for a button that sits in a row of its own layout (a notice's Dismiss). */
  wrapClassName?: string;
  /** The name a screen reader says when the label alone is not enough ("Dismiss" which notice). */
  ariaLabel?: string;
  /** Sends the command; a snapshot in its answer is applied at once (other answers wait for the next snapshot). */
  run(): Promise<Result<NodeSnapshot | object>> | void;
}

/**
 * A button that asks the node to do one thing now (resume, check again, pause for an hour): busy while the command
 * runs, the snapshot in its answer applied, a refusal said beside it. aria-disabled rather than disabled: a disabled
 * button drops keyboard focus mid-click.
 */
export function CommandButton({
  label,
  busyLabel: busyWords,
  testId,
  className = button.button,
  wrapClassName = styles.wrap,
  ariaLabel,
  run,
}: Props) {
  const t = useT();
  const busyLabel = busyWords ?? t('components.command.working');
  const applySnapshot = useProviderStore((s) => s.applySnapshot);
  const { step, run: click } = useCommand(
    // A command that answers nothing went well.
    async () => (await run()) ?? { ok: true as const, value: {} },
    (value) => {
      if (isNodeSnapshot(value)) applySnapshot(value);
      return { kind: 'idle' };
    },
  );
  const busy = step.kind === 'busy';
  const problem = step.kind === 'failed' ? step.message : null;

  return (
    <div className={wrapClassName}>
      <button
        type="button"
        className={className}
        data-testid={testId}
        aria-label={ariaLabel}
        onClick={() => void click()}
        aria-disabled={busy || undefined}
      >
        {busy ? busyLabel : label}
      </button>
      {problem ? (
        <span className={styles.problem} role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
