import { useState, type ReactNode } from 'react';
import type { ContractErrorBody } from '@shared/contract';
import { getApi } from '../../api';
import { navigate } from '../../routes';
import { offeredModels, plural, serverName, serverRoot, type StepNumber } from './wizard-logic';
import { selectedServer, useWizard, useWizardParts } from './wizard-store';
import { useProviderStore } from '../../store';
import { DIRECTORY_DOWN_OUTCOME, directoryCheckWords } from './DirectoryCheckPanel';
import { useOperatorInfo } from '../../components/operator/useOperatorInfo';
import { ErrorBox } from './ErrorBox';
import { GatewayChoice, saveGatewayChoice, useGatewayChoice } from './GatewayChoice';
import { useFixedBackendUrl } from './StepDetect';
import { useStartAtLogin } from './StepLogin';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import callout from '../../components/ui/Callout.module.css';
import styles from './StepStart.module.css';

type Phase = { kind: 'idle' } | { kind: 'saving' } | { kind: 'starting' } | { kind: 'failed'; title: string; error: ContractErrorBody };

/** Step 7: everything chosen, in one list, and the button that saves it and switches the node on. */
export function StepStart() {
  const server = useWizard(selectedServer);
  const { modelChoice: choice, settings, apiKeys, goTo, setSettings, reset, directoryCheck } = useWizardParts('modelChoice', 'settings', 'apiKeys', 'goTo', 'setSettings', 'reset', 'directoryCheck');
  const applySnapshot = useProviderStore((s) => s.applySnapshot);
  const startAtLogin = useStartAtLogin();
  const gatewayChoice = useGatewayChoice();
  const { info: operator } = useOperatorInfo();
  // A server fixed for this run by the host is sent exactly as the host has it, which is the only value it accepts.
  const fixedBackendUrl = useFixedBackendUrl();
  const fixedRoot = fixedBackendUrl === null ? null : serverRoot(fixedBackendUrl);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const directory = directoryCheckWords(directoryCheck);
  // The check counts only for the address that will be used.
  const directoryChecked = directoryCheck.status !== 'idle' && directoryCheck.url === settings?.directoryUrl;

  const ready = server && choice && choice.url === server.url && settings;
  const offered = ready ? offeredModels(server.models, choice) : [];
  const busy = phase.kind === 'saving' || phase.kind === 'starting';
  let blocked: string | null = null;
  if (!server) blocked = 'Choose a server in step 1 first.';
  else if (!choice || choice.url !== server.url) blocked = 'Choose the models in step 2 first.';
  else if (offered.length === 0) blocked = 'Offer at least one model in step 2.';
  else if (!settings) blocked = 'Loading your settings…';
  else if (fixedRoot !== null && server.url !== fixedRoot) blocked = 'Choose the server set by the host in step 1 first.';

  const start = async () => {
    if (busy || blocked || !server || !choice) return;
    const api = getApi();
    setPhase({ kind: 'saving' });
    const key = apiKeys[server.url];
    const chosen = await api.chooseBackend({
      url: fixedBackendUrl !== null && fixedRoot === server.url ? fixedBackendUrl : server.url,
      ...(key ? { apiKey: key } : {}),
      defaultModel: choice.defaultModel,
      excludedModels: choice.excluded,
    });
    if (!chosen.ok) {
      setPhase({ kind: 'failed', title: 'Your server and models were not saved.', error: chosen.error });
      return;
    }
    setSettings(chosen.value);
    const gateway = await saveGatewayChoice(api, chosen.value, gatewayChoice);
    if (gateway && !gateway.ok) {
      setPhase({ kind: 'failed', title: 'Your choice about the local gateway was not saved.', error: gateway.error });
      return;
    }
    if (gateway) setSettings(gateway.value);
    const done = await api.completeSetup({ startAtLogin: startAtLogin.value });
    if (!done.ok) {
      setPhase({ kind: 'failed', title: 'Setup could not be finished.', error: done.error });
      return;
    }
    applySnapshot(done.value);
    setPhase({ kind: 'starting' });
    const resumed = await api.resume({});
    if (!resumed.ok) {
      setPhase({ kind: 'failed', title: 'Your choices are saved, but the node could not be switched on. Use the Available switch on the Dashboard.', error: resumed.error });
      return;
    }
    applySnapshot(resumed.value);
    reset();
    navigate('dashboard');
  };

  const row = (label: string, step: StepNumber, value: ReactNode) => (
    <div className={styles.row}>
      <dt>{label}</dt>
      <dd>{value}</dd>
      <dd className={styles.change}>
        <button type="button" className={button.quiet} onClick={() => goTo(step)} aria-label={`Change ${label.toLowerCase()}`} aria-disabled={busy || undefined}>
          Change
        </button>
      </dd>
    </div>
  );

  return (
    <WizardStep
      n={7}
      nav={
        <WizardNav
          step={7}
          busy={busy}
          busyLabel={phase.kind === 'starting' ? 'Switching your node on…' : 'Saving your choices…'}
          blocked={blocked}
          action={
            <button
              type="button"
              className={button.primary}
              data-testid="wizard-start"
              aria-disabled={busy || blocked !== null || undefined}
              onClick={() => void start()}
            >
              Start my node
            </button>
          }
        />
      }
    >
      {ready ? (
        <dl className={styles.summary} data-testid="wizard-summary">
          {row(
            'LLM server',
            1,
            <>
              {serverName(server.flavour)} at <code className={common.break}>{server.url}</code>
            </>,
          )}
          {row(
            'Models offered',
            2,
            <>
              <span className={common.break}>{offered.map((m) => m.name).join(', ') || 'none'}</span>{' '}
              <span className={common.muted}>({offered.length} of {plural(server.models.length, 'model', 'models')})</span>
            </>,
          )}
          {row('Default chat model', 2, choice.defaultModel ? <code className={common.break}>{choice.defaultModel}</code> : <span className={common.muted}>No preference (the server’s first chat model)</span>)}
          {row(
            'Public address',
            3,
            settings.publicEndpoint ? <code className={common.break}>{settings.publicEndpoint}</code> : <span>None: local only, not registered with the network</span>,
          )}
          {row(
            'Directory',
            3,
            <span data-testid="wizard-summary-directory" data-status={directory.ok === null ? 'unknown' : directory.ok ? 'ok' : 'failed'}>
              {directoryChecked ? directory.words : 'Not checked for this address.'}
            </span>,
          )}
          {row('Tasks at once', 4, settings.maxConcurrent)}
          {row('Start with your computer', 5, startAtLogin.applies ? (startAtLogin.value ? 'On' : 'Off') : 'Does not apply (headless)')}
          {row(
            'Operator identity',
            6,
            operator.state === 'active' ? (
              <span data-testid="wizard-summary-identity">
                Fingerprint <code className={common.break}>{operator.fingerprint ?? '…'}</code>
              </span>
            ) : (
              <span data-testid="wizard-summary-identity">None for now</span>
            ),
          )}
        </dl>
      ) : (
        <p className={common.muted}>{blocked}</p>
      )}
      {ready && directoryChecked && directory.ok === false ? (
        <p className={`${callout.warn} ${callout.compact} ${styles.directoryDown}`} data-testid="wizard-start-directory-down">
          The directory did not answer when checked. {DIRECTORY_DOWN_OUTCOME}
        </p>
      ) : null}
      <GatewayChoice busy={busy} />
      <p>“Start my node” saves these choices and switches your node on. You can change any of them later in Settings.</p>
      {phase.kind === 'failed' ? <ErrorBox title={phase.title} error={phase.error} /> : null}
    </WizardStep>
  );
}
