import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ContractErrorBody, DetectedBackend, Settings } from '@shared/contract';
import { getApi } from '../../api';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { serverName } from '../../format';
import { navigate } from '../../routes';
import { describeError, offeredModels, storedExtraRoots, urlId } from './wizard-logic';
import { serverRoot } from '../../lib/addresses';
import { useWizard, useWizardParts } from './wizard-store';
import { extraServers, modelServers, modelsOf, selectedServer } from './wizard-servers';
import { useProviderStore } from '../../store';
import { directoryCheckWords } from './DirectoryCheckPanel';
import { useOperatorInfo } from '../../components/operator/useOperatorInfo';
import { ErrorBox } from './ErrorBox';
import { afterStart, typedBlock, typedDraft } from './typed-settings';
import { firstRunNamePatch } from './first-run-name';
import { GatewayChoice, saveGatewayChoice, useGatewayChoice } from './GatewayChoice';
import { useFixedBackendUrl } from './StepDetect';
import { useStartAtLogin } from './StepLogin';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import { StartSummary } from './StartSummary';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import callout from '../../components/ui/Callout.module.css';
import errorBox from '../../components/ui/ErrorBox.module.css';
import styles from './StepStart.module.css';

type Phase =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'adding' }
  | { kind: 'starting' }
  | { kind: 'failed'; title: string; error: ContractErrorBody }
  /**
   * The node is on, but some of the other servers were not added (said above): the person goes on when they have read
   * it.
   */
  | { kind: 'started' };

const code = (c: ReactNode[]) => <code className={common.break}>{c}</code>;

/** Another server the host would not add, and its answer. */
interface Refusal {
  server: DetectedBackend;
  error: ContractErrorBody;
}

/**
 * Adds the other servers ticked in step 1, one by one, after the main one is saved. A refusal does not stop the rest
 * (nor the start of the node): the settings after the last one added, and the refusals.
 */
async function addExtraServers(
  api: ReturnType<typeof getApi>,
  saved: Settings,
  extras: DetectedBackend[],
  apiKeys: Record<string, string>,
  confirmed: readonly string[],
) {
  let settings = saved;
  const refusals: Refusal[] = [];
  for (const server of extras) {
    // The main server just saved may have been one of those added before: nothing to add then.
    if (storedExtraRoots(settings).includes(server.url)) continue;
    const key = apiKeys[server.url];
    const added = await api.addServer({
      url: server.url,
      ...(key ? { apiKey: key } : {}),
      ...confirmation(confirmed, server.url),
    });
    if (added.ok) settings = added.value;
    else refusals.push({ server, error: added.error });
  }
  return { settings, refusals };
}

/** A link-local server the person confirmed in step 1 ("Use it anyway") goes with that confirmation. */
const confirmation = (confirmed: readonly string[], url: string) =>
  confirmed.includes(url) ? { confirmLinkLocal: true } : {};

/** Step 7: everything chosen, in one list, and the button that saves it and switches the node on. */
export function StepStart() {
  const t = useT();
  const server = useWizard(selectedServer);
  const {
    modelChoice: choice,
    settings,
    apiKeys,
    confirmedUrls,
    goTo,
    setSettings,
    reset,
    directoryCheck,
    typed,
  } = useWizardParts(
    'modelChoice',
    'settings',
    'apiKeys',
    'confirmedUrls',
    'goTo',
    'setSettings',
    'reset',
    'directoryCheck',
    'typed',
  );
  const applySnapshot = useProviderStore((s) => s.applySnapshot);
  const setupDone = useProviderStore((s) => s.snapshot?.setup.completed ?? true);
  const startAtLogin = useStartAtLogin();
  const gatewayChoice = useGatewayChoice();
  const { info: operator } = useOperatorInfo();
  // A server fixed for this run by the host is sent exactly as the host has it, which is the only value it accepts.
  const fixedBackendUrl = useFixedBackendUrl();
  const fixedRoot = fixedBackendUrl === null ? null : serverRoot(fixedBackendUrl);
  const extras = useWizard(useShallow(extraServers));
  // Every model of every server the node will use, as step 2 lists them: what the node registers once started.
  const models = modelsOf(useWizard(useShallow(modelServers)));
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  // What was typed in steps 3 and 4 is saved here, first; the summary shows the settings as they will be.
  const fixed = useFixedSettings();
  const draft = settings ? typedDraft(typed, settings, fixed) : null;
  // The first run's name goes with them, in the language the page speaks now.
  const patch = draft && settings ? { ...draft.patch, ...firstRunNamePatch(settings, setupDone, t.language) } : {};
  const after = settings && draft ? afterStart(draft, settings) : null;
  const directory = directoryCheckWords(directoryCheck);
  // The check counts only for the address that will be used.
  const directoryChecked = directoryCheck.status !== 'idle' && directoryCheck.url === after?.directoryUrl;

  // The servers the node already uses besides the main one stay; the summary names them too.
  const stillUsed = storedExtraRoots(settings).filter(
    (url) => url !== server?.url && !extras.some((c) => c.url === url),
  );
  const ready = server && choice && choice.url === server.url && after;
  const offered = ready ? offeredModels(models, choice) : [];
  const busy = phase.kind === 'saving' || phase.kind === 'adding' || phase.kind === 'starting';
  const started = phase.kind === 'started';
  let blocked: string | null = null;
  if (!server) blocked = t('setup.models.chooseServerFirst');
  else if (!choice || choice.url !== server.url) blocked = t('setup.start.chooseModelsFirst');
  else if (offered.length === 0) blocked = t('setup.start.offerOne');
  else if (!settings || !draft) blocked = t('setup.loadingSettings');
  else if (typedBlock(draft)) blocked = typedBlock(draft);
  else if (fixedRoot !== null && server.url !== fixedRoot) blocked = t('setup.start.chooseFixedServer');

  const start = async () => {
    if (busy || started || blocked || !server || !choice) return;
    const api = getApi();
    setPhase({ kind: 'saving' });
    setRefusals([]);
    if (Object.keys(patch).length > 0) {
      const typedSaved = await api.updateSettings(patch);
      if (!typedSaved.ok) {
        setPhase({ kind: 'failed', title: t('setup.start.failedTyped'), error: typedSaved.error });
        return;
      }
      setSettings(typedSaved.value);
    }
    const key = apiKeys[server.url];
    const chosen = await api.chooseBackend({
      url: fixedBackendUrl !== null && fixedRoot === server.url ? fixedBackendUrl : server.url,
      ...(key ? { apiKey: key } : {}),
      ...confirmation(confirmedUrls, server.url),
      defaultModel: choice.defaultModel,
      excludedModels: choice.excluded,
    });
    if (!chosen.ok) {
      setPhase({ kind: 'failed', title: t('setup.start.failedServer'), error: chosen.error });
      return;
    }
    setSettings(chosen.value);
    let saved = chosen.value;
    let refused: Refusal[] = [];
    if (extras.length > 0) {
      setPhase({ kind: 'adding' });
      const added = await addExtraServers(api, saved, extras, apiKeys, confirmedUrls);
      saved = added.settings;
      refused = added.refusals;
      setSettings(saved);
      setRefusals(refused);
    }
    const gateway = await saveGatewayChoice(api, saved, gatewayChoice);
    if (gateway && !gateway.ok) {
      setPhase({ kind: 'failed', title: t('setup.start.failedGateway'), error: gateway.error });
      return;
    }
    if (gateway) setSettings(gateway.value);
    const done = await api.completeSetup({ startAtLogin: startAtLogin.value });
    if (!done.ok) {
      setPhase({ kind: 'failed', title: t('setup.start.failedComplete'), error: done.error });
      return;
    }
    applySnapshot(done.value);
    setPhase({ kind: 'starting' });
    const resumed = await api.resume({});
    if (!resumed.ok) {
      setPhase({ kind: 'failed', title: t('setup.start.failedResume'), error: resumed.error });
      return;
    }
    applySnapshot(resumed.value);
    if (refused.length > 0) {
      setPhase({ kind: 'started' });
      return;
    }
    finish();
  };

  const finish = () => {
    reset();
    navigate('dashboard');
  };

  return (
    <WizardStep
      n={7}
      nav={
        <WizardNav
          step={7}
          busy={busy}
          busyLabel={t(
            phase.kind === 'starting'
              ? 'setup.start.busyStarting'
              : phase.kind === 'adding'
                ? 'setup.start.busyAdding'
                : 'setup.start.busySaving',
          )}
          blocked={started ? null : blocked}
          action={
            started ? (
              <button type="button" className={button.primary} data-testid="wizard-open-dashboard" onClick={finish}>
                {t('setup.start.openDashboard')}
              </button>
            ) : (
              <button
                type="button"
                className={button.primary}
                data-testid="wizard-start"
                aria-disabled={busy || blocked !== null || undefined}
                onClick={() => void start()}
              >
                {t('setup.start.startButton')}
              </button>
            )
          }
        />
      }
    >
      {ready ? (
        <StartSummary
          server={server}
          extras={extras}
          stillUsed={stillUsed}
          offered={offered}
          models={models}
          choice={choice}
          after={after}
          directory={directory}
          directoryChecked={directoryChecked}
          startAtLogin={startAtLogin}
          operator={operator}
          busy={busy}
          goTo={goTo}
        />
      ) : (
        <p className={common.muted}>{blocked}</p>
      )}
      {ready && directoryChecked && directory.ok === false ? (
        <p
          className={`${callout.warn} ${callout.compact} ${styles.directoryDown}`}
          data-testid="wizard-start-directory-down"
        >
          {t('setup.start.directoryDown')} {t('setup.directory.downOutcome')}
        </p>
      ) : null}
      <GatewayChoice busy={busy} />
      <p>{t('setup.start.explain')}</p>
      {refusals.map((r) => (
        <ExtraRefused key={r.server.url} refusal={r} />
      ))}
      {started ? (
        <p data-testid="wizard-started">{t('setup.start.startedWithRefusals', { count: refusals.length })}</p>
      ) : null}
      {phase.kind === 'failed' ? <ErrorBox title={phase.title} error={phase.error} /> : null}
    </WizardStep>
  );
}

/** One other server the host would not add, in one sentence: which, and its reason. */
function ExtraRefused({ refusal: { server, error } }: { refusal: Refusal }) {
  const reason = error.message.trim() || describeError(error).summary;
  return (
    <div
      className={errorBox.box}
      role="alert"
      data-testid="wizard-extra-refused"
      data-url={server.url}
      data-code={error.code}
    >
      <p>
        <span className={errorBox.title}>
          <Words
            id="setup.start.refused"
            values={{ server: serverName(server.flavour), url: server.url }}
            tags={{ code }}
          />
        </span>{' '}
        <span data-testid={`wizard-extra-refused-${urlId(server.url)}`}>
          {/[.!?]$/.test(reason) ? reason : `${reason}.`}
        </span>
      </p>
    </div>
  );
}
