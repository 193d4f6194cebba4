import type { CommandRequest } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
import { saveTextFile } from '../../save-file';
import { formatCount } from '../../format';
import { Token } from '../../components/ui/Token';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './SaveLogsButton.module.css';

/** How many of the newest matching events one "Save logs" writes. */
export const SAVE_LOGS_LIMIT = 5000;

/**
 * Saves the newest events that pass the page's filters as a plain text file (the engine writes it, oldest first,
 * with keys, tokens, addresses, the home folder, the user's and the computer's names and program names masked).
 */
export function SaveLogsButton({ filter, filtering }: { filter: Omit<CommandRequest<'exportLogs'>, 'limit'>; filtering: boolean }) {
  const { step, blocked: busy, run } = useCommand(
    (api) => api.exportLogs({ ...filter, limit: SAVE_LOGS_LIMIT }),
    ({ filename, text, lines }) => {
      saveTextFile(filename, text, 'text/plain;charset=utf-8');
      return { kind: 'done' as const, filename, lines };
    },
  );

  return (
    <div className={styles.saveLogs}>
      <button type="button" className={button.button} data-testid="save-logs" aria-disabled={busy || undefined} onClick={() => void run()}>
        {step.kind === 'busy' ? 'Saving…' : filtering ? 'Save these logs' : 'Save logs'}
      </button>
      <p className={`${styles.status} ${common.small}`} role="status" data-testid="save-logs-status">
        {step.kind === 'done' ? (
          <>
            {step.lines === 1 ? '1 event' : `${formatCount(step.lines)} events`} saved as <Token value={step.filename} />, with keys, tokens, addresses,
            your home folder, your user and computer names and the programs you run masked.
          </>
        ) : step.kind === 'failed' ? (
          <span className={common.resultBad}>The logs could not be saved: {step.message}</span>
        ) : null}
      </p>
    </div>
  );
}
