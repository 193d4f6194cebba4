import { useId } from 'react';
import { useCommand } from '../../hooks/useCommand';
import { saveTextFile, textSize } from '../../save-file';
import { Token } from '../../components/ui/Token';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './DiagnosticsCard.module.css';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

/**
 * One file for a support request: the engine assembles it (versions, settings, health, network checks, backend
 * detection, directory link, availability, earnings totals, recent events) with secrets, keys, addresses, the home
 * folder, the user's and the computer's names and program names masked. The person reads the whole file here before
 * saving exactly that text.
 */
export function DiagnosticsCard() {
  const t = useT();
  const {
    step,
    setStep,
    blocked: busy,
    run: prepare,
  } = useCommand(
    (api) => api.getDiagnostics({}),
    ({ filename, json }) => ({ kind: 'preview' as const, filename, json, saved: false }),
  );
  const previewId = useId();

  const save = () => {
    if (step.kind !== 'preview') return;
    saveTextFile(step.filename, step.json, 'application/json;charset=utf-8');
    setStep({ ...step, saved: true });
  };

  return (
    <>
      <p>{t('logs.diag.about')}</p>
      <div className={styles.actions}>
        <button
          type="button"
          className={button.button}
          data-testid="diagnostics-prepare"
          aria-disabled={busy || undefined}
          onClick={() => void prepare()}
        >
          {step.kind === 'busy'
            ? t('logs.diag.preparing')
            : step.kind === 'preview'
              ? t('logs.diag.again')
              : t('logs.diag.prepare')}
        </button>
        {step.kind === 'preview' ? (
          <>
            <button type="button" className={button.primary} data-testid="diagnostics-save" onClick={save}>
              {t('logs.diag.save')}
            </button>
            <button type="button" className={button.button} onClick={() => setStep({ kind: 'idle' })}>
              {t('logs.diag.discard')}
            </button>
          </>
        ) : null}
      </div>
      <p className={common.small} role="status" data-testid="diagnostics-status">
        {step.kind === 'busy' ? (
          t('logs.diag.checking')
        ) : step.kind === 'failed' ? (
          <span className={common.resultBad}>{t('logs.diag.failed', { error: step.message })}</span>
        ) : step.kind === 'preview' ? (
          step.saved ? (
            <Words id="logs.diag.saved" tags={{ file: () => <Token key="file" value={step.filename} /> }} />
          ) : (
            <Words
              id="logs.diag.preview"
              values={{ size: textSize(step.json) }}
              tags={{ file: () => <Token key="file" value={step.filename} /> }}
            />
          )
        ) : null}
      </p>
      {step.kind === 'preview' ? (
        <pre
          id={previewId}
          className={styles.preview}
          tabIndex={0}
          aria-label={t('logs.diag.previewLabel')}
          data-testid="diagnostics-preview"
        >
          {step.json}
        </pre>
      ) : null}
    </>
  );
}
