import type { CommandRequest } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
import { saveTextFile } from '../../save-file';
import { formatCount } from '../../format';
import { Token } from '../../components/ui/Token';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './SaveLogsButton.module.css';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

/** How many of the newest matching events one "Save logs" writes. */
export const SAVE_LOGS_LIMIT = 5000;

/**
 * Saves the newest events that pass the page's filters as a plain text file (the engine writes it, oldest first,
 * with keys, tokens, addresses, the home folder, the user's and the computer's names and program names masked).
 */
export function SaveLogsButton({
  filter,
  filtering,
}: {
  filter: Omit<CommandRequest<'exportLogs'>, 'limit'>;
  filtering: boolean;
}) {
  const t = useT();
  const {
    step,
    blocked: busy,
    run,
  } = useCommand(
    (api) => api.exportLogs({ ...filter, limit: SAVE_LOGS_LIMIT }),
    ({ filename, text, lines }) => {
      saveTextFile(filename, text, 'text/plain;charset=utf-8');
      return { kind: 'done' as const, filename, lines };
    },
  );

  return (
    <div className={styles.saveLogs}>
      <button
        type="button"
        className={button.button}
        data-testid="save-logs"
        aria-disabled={busy || undefined}
        onClick={() => void run()}
      >
        {step.kind === 'busy' ? t('logs.save.saving') : filtering ? t('logs.save.these') : t('logs.save.all')}
      </button>
      <p className={`${styles.status} ${common.small}`} role="status" data-testid="save-logs-status">
        {step.kind === 'done' ? (
          <Words
            id="logs.save.done"
            values={{ count: formatCount(step.lines), lines: step.lines }}
            tags={{ file: () => <Token key="file" value={step.filename} /> }}
          />
        ) : step.kind === 'failed' ? (
          <span className={common.resultBad}>{t('logs.save.failed', { error: step.message })}</span>
        ) : null}
      </p>
    </div>
  );
}
