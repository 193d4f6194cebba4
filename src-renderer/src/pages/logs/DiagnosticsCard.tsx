import { useId } from 'react';
import { useCommand } from '../../hooks/useCommand';
import { saveTextFile, textSize } from '../../save-file';
import { Token } from '../../components/ui/Token';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './DiagnosticsCard.module.css';

/**
 * One file for a support request: the engine assembles it (versions, settings, health, network checks, backend
 * detection, directory link, availability, earnings totals, recent events) with secrets, keys, addresses, the home
 * folder, the user's and the computer's names and program names masked. The person reads the whole file here before
 * saving exactly that text.
 */
export function DiagnosticsCard() {
  const { step, setStep, blocked: busy, run: prepare } = useCommand(
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
      <p>
        A diagnostics file helps someone find out why your node does not serve: app and system versions, settings, the
        node&apos;s health answer, the network checks, the LLM servers found on this computer, the directory link,
        availability, earnings totals and recent events. Keys, tokens, IP and MAC addresses, e-mail addresses, your home
        folder, your user name, this computer&apos;s name and the programs you run are masked. You see the whole file
        before it is saved, and nothing is sent anywhere.
      </p>
      <div className={styles.actions}>
        <button type="button" className={button.button} data-testid="diagnostics-prepare" aria-disabled={busy || undefined} onClick={() => void prepare()}>
          {step.kind === 'busy' ? 'Preparing…' : step.kind === 'preview' ? 'Prepare again' : 'Prepare diagnostics'}
        </button>
        {step.kind === 'preview' ? (
          <>
            <button type="button" className={button.primary} data-testid="diagnostics-save" onClick={save}>
              Save file
            </button>
            <button type="button" className={button.button} onClick={() => setStep({ kind: 'idle' })}>
              Discard
            </button>
          </>
        ) : null}
      </div>
      <p className={common.small} role="status" data-testid="diagnostics-status">
        {step.kind === 'busy' ? (
          'Checking the node, the network and the LLM servers (a few seconds)…'
        ) : step.kind === 'failed' ? (
          <span className={common.resultBad}>The diagnostics could not be prepared: {step.message}</span>
        ) : step.kind === 'preview' ? (
          step.saved ? (
            <>
              Saved as <Token value={step.filename} />.
            </>
          ) : (
            <>
              <Token value={step.filename} /> ({textSize(step.json)}): this is exactly what will be saved.
            </>
          )
        ) : null}
      </p>
      {step.kind === 'preview' ? (
        <pre id={previewId} className={styles.preview} tabIndex={0} aria-label="Diagnostics file preview" data-testid="diagnostics-preview">
          {step.json}
        </pre>
      ) : null}
    </>
  );
}
