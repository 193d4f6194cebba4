import { useEffect } from 'react';
import type { DirectoryProbe } from '@shared/contract';
import { getApi } from '../../api';
import { useCommand } from '../../hooks/useCommand';
import { CheckRun } from '../../components/CheckSteps';
import { DirectoryProbeLine } from '../../components/DirectoryProbeLine';
import { ReachConfirmedAt } from '../../components/ReachConfirmedAt';
import { reachabilityBadge } from '../../format';
import { METHOD_WORDS, needsHelp } from '../../words/network-words';
import { parseDirectoryUrl } from './typed-settings';
import { parsePublicUrl } from '../../lib/addresses';
import { useProviderStore } from '../../store';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { TextField } from '../../components/ui/TextField';
import { DirectoryCheckPanel } from './DirectoryCheckPanel';
import { fixedEndpointWords, publicUrlHint, routerMappingWords, typedEndpointWords } from './network-step-words';
import { useStepForm } from './useStepForm';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import wizard from './Wizard.module.css';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import callout from '../../components/ui/Callout.module.css';
import styles from './StepNetwork.module.css';

const FIELDS = ['publicEndpoint', 'directoryUrl'] as const;

/**
 * Step 3: what the node knows about being reachable and what to do about it, an optional public URL, and whether the
 * directory answers (checked here, so an unreachable one is known before "Start"). What is typed is saved by "Start
 * my node".
 */
export function StepNetwork() {
  const t = useT();
  const reachability = useProviderStore((s) => s.snapshot?.reachability ?? null);
  const form = useStepForm(4, FIELDS);
  const { settings, fixed: fixedSettings } = form;
  const fixed = fixedSettings.has('publicEndpoint');
  // A public URL typed here (and not yet saved) changes what the node will do, so the status box says so at once.
  const typedUrl = publicUrlTyped(form.values.publicEndpoint, fixed ? null : (settings?.publicEndpoint ?? null));
  // The port the node really listens on; the setting's port may have been taken by another program.
  const port = reachability?.taskPort ?? settings?.taskPort ?? null;

  const validateDirectory = (): string | null => {
    const parsed = parseDirectoryUrl(form.values.directoryUrl);
    if ('error' in parsed) {
      form.mark({ directoryUrl: parsed.error });
      return null;
    }
    return parsed.value;
  };

  const words = reachability ? reachabilityBadge(reachability) : null;
  const lan = reachability?.localAddress ?? null;
  // Advice only when the internet cannot reach the node (or nothing is known yet), and no public URL was typed.
  const advise = !typedUrl && (!reachability || needsHelp(reachability.status) || reachability.status === 'unknown');

  return (
    <WizardStep
      n={3}
      nav={<WizardNav step={3} blocked={settings ? null : t('setup.loadingSettings')} onNext={form.next} />}
    >
      <p>{t('setup.network.intro')}</p>

      <div className={styles.facts}>
        <div className={card.block} data-testid="wizard-reachability" data-status={reachability?.status ?? ''}>
          {words ? (
            <p>
              <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
            </p>
          ) : (
            <p className={common.muted}>{t('setup.network.waitingStatus')}</p>
          )}
          {typedUrl ? (
            <p className={card.message} data-testid="wizard-typed-endpoint">
              {fixed ? fixedEndpointWords(typedUrl) : typedEndpointWords(typedUrl)}
            </p>
          ) : reachability?.message ? (
            <p className={card.message}>
              {t.said(reachability.message)}
              <ReachConfirmedAt reachability={reachability} />
            </p>
          ) : null}
        </div>
        <dl className={fact.grid}>
          <Fact label={t('setup.network.taskPort')}>{port ?? '…'}</Fact>
          {reachability?.endpoint ? (
            <Fact label={t('setup.network.publicAddress')}>
              <code className={common.break}>{reachability.endpoint}</code>
            </Fact>
          ) : null}
          {reachability?.method ? (
            <Fact label={t('setup.network.how')}>{METHOD_WORDS[reachability.method]}</Fact>
          ) : null}
          {lan ? (
            <Fact label={t('setup.network.thisComputer')}>
              <code>{lan}</code>
            </Fact>
          ) : null}
        </dl>
      </div>
      <DirectoryDial endpoint={reachability?.endpoint ?? null} probe={reachability?.check.probe ?? null} />
      {reachability?.natWarning ? (
        <p className={`${callout.warn} ${callout.compact}`} data-testid="wizard-nat-warning">
          {t.said(reachability.natWarning)}
        </p>
      ) : null}

      {advise ? (
        <>
          <h3 className={common.subheading}>{t('setup.network.whatToDo')}</h3>
          <ul className={common.plainList}>
            <li>
              <Words
                id="setup.network.forward"
                values={{
                  port: port === null ? 'none' : String(port),
                  lan: lan ?? 'none',
                  address: `http://${reachability?.routerExternalIp ?? t('setup.network.yourPublicIp')}${port === null ? '' : `:${port}`}`,
                }}
                tags={{ code: (c) => <code>{c}</code> }}
              />
            </li>
            <li>{t('setup.network.tunnel', { port: port === null ? 'none' : String(port) })}</li>
          </ul>
        </>
      ) : null}
      {settings ? (
        <p className={common.note} data-testid="wizard-port-mapping">
          {routerMappingWords(settings.portMapping, fixedSettings.has('portMapping'))}
        </p>
      ) : null}

      <form noValidate onSubmit={form.next} className={wizard.form}>
        <TextField
          label={t('setup.network.publicUrlLabel')}
          type="url"
          {...form.field('publicEndpoint')}
          placeholder="https://…"
          testId="public-endpoint"
          hint={
            fixed || !settings ? undefined : publicUrlHint(settings.relayFallback, fixedSettings.has('relayFallback'))
          }
        />
      </form>

      {settings ? (
        <DirectoryCheckPanel
          savedUrl={settings.directoryUrl}
          text={form.values.directoryUrl}
          fixed={fixedSettings.has('directoryUrl')}
          error={form.errors.directoryUrl}
          onText={form.field('directoryUrl').onChange}
          validate={validateDirectory}
        />
      ) : null}
    </WizardStep>
  );
}

/** A valid public URL typed that differs from the one saved, or null. */
function publicUrlTyped(text: string, saved: string | null): string | null {
  const parsed = parsePublicUrl(text);
  return 'value' in parsed && parsed.value !== null && parsed.value !== saved ? parsed.value : null;
}

/**
 * The directory's instant dial of the public address: asked as soon as the node has one (and again when it changes),
 * and on the person's click; the node keeps to its own limit and answers a click too soon with the last answer.
 */
function DirectoryDial({ endpoint, probe }: { endpoint: string | null; probe: DirectoryProbe | null }) {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const command = useCommand(
    (api) => api.probeNode({}),
    (next) => {
      useProviderStore.getState().applySnapshot(next);
      return { kind: 'idle' };
    },
  );
  const asking = command.step.kind === 'busy';
  useEffect(() => {
    // Asked without a click: its answer arrives with the snapshots; only a click shows "Checking…".
    if (endpoint && connected)
      void getApi()
        .probeNode({})
        .then((r) => r.ok && useProviderStore.getState().applySnapshot(r.value));
  }, [endpoint, connected]);
  if (!endpoint) return null;
  return (
    <div className={card.block} data-testid="wizard-directory-dial">
      <CheckRun
        label={t('setup.network.dialRun')}
        testId="directory-probe-run"
        busy={asking}
        blocked={command.blocked}
        onRun={() => void command.run()}
        error={command.step.kind === 'failed' ? command.step.message : null}
        failedWords={t('setup.network.dialFailed')}
        className={styles.dial}
      />
      {probe ? <DirectoryProbeLine probe={probe} /> : <p className={common.muted}>{t('setup.network.dialWaiting')}</p>}
    </div>
  );
}
