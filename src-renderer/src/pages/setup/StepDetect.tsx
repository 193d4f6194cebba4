import { useEffect, useId, type ReactNode } from 'react';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { checkedLabel } from './wizard-logic';
import { serverRoot } from '../../lib/addresses';
import { serverName } from '../../format';
import { useWizard, useWizardParts } from './wizard-store';
import { selectedServer } from './wizard-servers';
import { useProviderStore } from '../../store';
import { AddServerForm } from '../../components/AddServerForm';
import { FixedNote } from '../../components/ui/FixedNote';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import { CandidateCard } from './DetectCandidate';
import { AlsoUse } from './AlsoUseList';
import { Spinner } from '../../components/ui/Spinner';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import wizard from './Wizard.module.css';
import common from '../../components/ui/common.module.css';
import field from '../../components/ui/FieldShell.module.css';
import button from '../../components/ui/Button.module.css';
import styles from './StepDetect.module.css';

/**
 * The LLM server address fixed for this run by the host (`--backend-url` / IICP_BACKEND_URL), exactly as
 * given, or null when the person may choose. The host refuses any other server.
 */
export function useFixedBackendUrl(): string | null {
  const fixed = useFixedSettings().has('backendUrl');
  const url = useWizard((s) => s.settings?.backendUrl ?? null);
  return fixed ? url : null;
}

const code = (c: ReactNode[]) => <code className={common.break}>{c}</code>;

/** Step 1: find the local LLM servers, let the person pick one, or add an address by hand. */
export function StepDetect() {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const { detection, selectedUrl, detect, select, removeAdded, confirmServer, prepareModels, goTo } = useWizardParts(
    'detection',
    'selectedUrl',
    'detect',
    'select',
    'removeAdded',
    'confirmServer',
    'prepareModels',
    'goTo',
  );
  const selected = useWizard(selectedServer);
  const groupName = useId();
  const fixedNoteId = useId();
  const fixedUrl = useFixedBackendUrl();
  const fixedRoot = fixedUrl === null ? null : serverRoot(fixedUrl);

  // Search as the step opens (once; "Look again" searches anew).
  useEffect(() => {
    if (connected && detection.status === 'idle') void detect();
  }, [connected, detection.status, detect]);

  const running = detection.status === 'running';
  const candidates = detection.result?.candidates ?? [];
  const found = candidates.filter((c) => c.found);
  const troubled = candidates.filter((c) => !c.found && c.problem);
  const quiet = candidates.filter((c) => !c.found && !c.problem);
  const fixedFound = fixedRoot !== null && found.some((c) => c.url === fixedRoot);

  // The host fixed the server for this run: that one is the choice whenever it answers.
  useEffect(() => {
    if (fixedFound && fixedRoot !== null && selectedUrl !== fixedRoot) select(fixedRoot);
  }, [fixedFound, fixedRoot, selectedUrl, select]);

  let blocked: string | null = null;
  if (fixedRoot !== null && !fixedFound) blocked = t('setup.detect.fixedNotAnswering');
  else if (fixedRoot !== null && selectedUrl !== fixedRoot) blocked = t('setup.detect.chooseFixed');
  // A choice this search missed is still the choice: the words say it did not answer, not that none was made.
  else if (!selected && selectedUrl !== null) blocked = t('setup.detect.chosenMissing');
  else if (!selected) blocked = t(found.length > 0 ? 'setup.detect.chooseOne' : 'setup.detect.startOrAdd');
  else if (selected.models.length === 0 && selected.needsApiKey)
    blocked = t('setup.detect.needsKey', { server: serverName(selected.flavour) });
  else if (selected.models.length === 0)
    blocked = t('setup.detect.noModelsYet', { server: serverName(selected.flavour) });

  return (
    <WizardStep
      n={1}
      data={{ 'data-detection': detection.status }}
      nav={
        <WizardNav
          step={1}
          blocked={blocked}
          busy={running}
          busyLabel={t('setup.detect.searching')}
          onNext={() => {
            prepareModels();
            goTo(2);
          }}
        />
      }
    >
      <p>{t('setup.detect.intro')}</p>

      <div className={styles.status} aria-live="polite">
        {!connected && detection.status !== 'running' ? (
          <p className={common.muted}>{t('setup.detect.connecting')}</p>
        ) : running ? (
          <p className={styles.statusRow}>
            <Spinner />
            {t('setup.detect.looking')}
          </p>
        ) : detection.status === 'error' ? (
          <div className={styles.statusRow} role="alert">
            <p className={field.error}>{t('setup.detect.searchFailed', { error: detection.error ?? '' })}</p>
            <button type="button" className={button.small} onClick={() => void detect()}>
              {t('common.retry')}
            </button>
          </div>
        ) : detection.status === 'done' ? (
          <div className={styles.statusRow}>
            <p>{t('setup.detect.found', { count: found.length })}</p>
            <button type="button" className={button.small} onClick={() => void detect()}>
              {t('setup.detect.lookAgain')}
            </button>
          </div>
        ) : null}
      </div>

      {fixedUrl !== null ? (
        <div className={styles.fixed} data-testid="detect-fixed">
          <FixedNote id={fixedNoteId} className={styles.fixedNote}>
            <Words id="setup.detect.fixed" values={{ url: fixedUrl }} tags={{ code }} />
          </FixedNote>
        </div>
      ) : null}

      {found.length > 0 ? (
        <div
          className={styles.candidates}
          role="radiogroup"
          aria-label={t('setup.detect.foundLabel')}
          aria-busy={running || undefined}
          aria-describedby={fixedUrl !== null ? fixedNoteId : undefined}
        >
          {found.map((c) => (
            <CandidateCard
              key={c.url}
              candidate={c}
              group={groupName}
              selected={c.url === selectedUrl}
              locked={fixedRoot !== null && c.url !== fixedRoot}
              onSelect={select}
            />
          ))}
        </div>
      ) : detection.status === 'done' ? (
        <EmptyState />
      ) : null}

      {selected && found.length > 1 ? (
        <AlsoUse servers={found.filter((c) => c.url !== selected.url)} busy={running} />
      ) : null}

      {troubled.length > 0 ? (
        <ul className={styles.notes} aria-label={t('setup.detect.troubledLabel')}>
          {troubled.map((c) => (
            <li key={c.url} data-testid="detect-problem" data-url={c.url}>
              <code className={common.break}>{c.url}</code>
              <span>{t.said(c.problem!)}</span>
              {c.needsConfirmation ? (
                <button
                  type="button"
                  className={button.small}
                  onClick={() => void confirmServer(c.url)}
                  aria-label={t('setup.detect.useAnywayLabel', { url: c.url })}
                  aria-disabled={running || undefined}
                  data-testid="detect-confirm"
                >
                  {t('setup.detect.useAnyway')}
                </button>
              ) : null}
              {c.source === 'added' ? (
                <button
                  type="button"
                  className={button.quiet}
                  onClick={() => removeAdded(c.url)}
                  aria-label={t('setup.detect.removeLabel', { url: c.url })}
                >
                  {t('setup.detect.remove')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      {quiet.length > 0 ? (
        <p className={common.note}>
          {t('setup.detect.quiet', { list: quiet.map((c) => checkedLabel(c.url)).join(', ') })}
        </p>
      ) : null}

      {fixedUrl === null ? <AddServer disabled={!connected} /> : null}
    </WizardStep>
  );
}

/** "Add a server address": the shared form; the wizard then searches again with the address among those it tries. */
function AddServer({ disabled }: { disabled: boolean }) {
  const t = useT();
  const addServer = useWizard((s) => s.addServer);
  const running = useWizard((s) => s.detection.status === 'running');
  return (
    <AddServerForm
      title={t('setup.detect.addTitle')}
      hint={t('setup.detect.addHint')}
      submitLabel={t('setup.detect.addSubmit')}
      busyLabel={t('setup.detect.adding')}
      unavailable={disabled || running}
      send={(request) => {
        // The search that follows says how the address answered, among the servers found.
        void addServer(request.url, request.apiKey);
        return Promise.resolve({ ok: true });
      }}
      className={wizard.part}
    />
  );
}

/** Commands to type, the same in every language: shown as code, never as words. */
const COMMANDS = {
  // not-shown: a command line, typed as it is whatever the language
  llamaCpp: 'llama-server -m model.gguf --port 8080',
  // not-shown: a command line, typed as it is whatever the language
  vllm: 'vllm serve <model>',
};

function EmptyState() {
  const tags = { b: (c: ReactNode[]) => <strong>{c}</strong>, code: (c: ReactNode[]) => <code>{c}</code> };
  return (
    <div className={styles.empty}>
      <p>
        <Words id="setup.detect.emptyStart" tags={tags} />
      </p>
      <ul className={common.plainList}>
        <li>
          <Words id="setup.detect.emptyOllama" tags={tags} />
        </li>
        <li>
          <Words id="setup.detect.emptyLmStudio" tags={tags} />
        </li>
        <li>
          <Words id="setup.detect.emptyLlamaCpp" values={{ command: COMMANDS.llamaCpp }} tags={tags} />
        </li>
        <li>
          <Words id="setup.detect.emptyVllm" values={{ command: COMMANDS.vllm }} tags={tags} />
        </li>
      </ul>
    </div>
  );
}
