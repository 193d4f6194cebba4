import { useState, type FormEvent } from 'react';
import type { ContractErrorBody, Settings } from '@shared/contract';
import { getApi } from '../../api';
import { reachabilityBadge } from '../../format';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { METHOD_WORDS, needsHelp } from '../../words/network-words';
import { SETTINGS_MESSAGES } from '../../words/settings-messages';
import { fieldIssue, parsePublicUrl } from './wizard-logic';
import { useWizard } from './wizard-store';
import { useProviderStore } from '../../store';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { TextField } from '../../components/ui/TextField';
import { DirectoryCheckPanel } from './DirectoryCheckPanel';
import { ErrorBox } from './ErrorBox';
import { routerMappingWords } from './network-step-words';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import wizard from './Wizard.module.css';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import callout from '../../components/ui/Callout.module.css';
import styles from './StepNetwork.module.css';

/** The directory's address as typed: required, and an http(s) URL like every URL setting. */
function parseDirectoryUrl(raw: string): { value: string } | { error: string } {
  const parsed = parsePublicUrl(raw);
  if ('error' in parsed || parsed.value === null) return { error: SETTINGS_MESSAGES.directoryUrl.other };
  return { value: parsed.value };
}

/**
 * Step 3: what the node knows about being reachable and what to do about it, an optional public URL, and whether the
 * directory answers (checked here, so an unreachable one is known before "Start").
 */
export function StepNetwork() {
  const reachability = useProviderStore((s) => s.snapshot?.reachability ?? null);
  const settings = useWizard((s) => s.settings);
  const typed = useWizard((s) => s.publicEndpoint);
  const typedDirectory = useWizard((s) => s.directoryUrl);
  const setPublicEndpoint = useWizard((s) => s.setPublicEndpoint);
  const setDirectoryUrl = useWizard((s) => s.setDirectoryUrl);
  const setSettings = useWizard((s) => s.setSettings);
  const goTo = useWizard((s) => s.goTo);
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [directoryError, setDirectoryError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<ContractErrorBody | null>(null);

  // Fixed for this run by the host: shown read-only and not sent; Next just goes on.
  const fixedSettings = useFixedSettings();
  const fixed = fixedSettings.has('publicEndpoint');
  const fixedDirectory = fixedSettings.has('directoryUrl');
  const text = (fixed ? null : typed) ?? settings?.publicEndpoint ?? '';
  const directoryText = (fixedDirectory ? null : typedDirectory) ?? settings?.directoryUrl ?? '';
  // The port the node really listens on; the setting's port may have been taken by another program.
  const port = reachability?.taskPort ?? settings?.taskPort ?? null;
  const portText = port === null ? 'your task port' : `TCP port ${port}`;

  const validateDirectory = (): string | null => {
    const parsed = parseDirectoryUrl(directoryText);
    if ('error' in parsed) {
      setDirectoryError(parsed.error);
      return null;
    }
    return parsed.value;
  };

  const next = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !settings) return;
    const patch: Partial<Settings> = {};
    let invalid = false;
    if (!fixed) {
      const parsed = parsePublicUrl(text);
      if ('error' in parsed) {
        setFieldError(parsed.error);
        invalid = true;
      } else if (parsed.value !== settings.publicEndpoint) patch.publicEndpoint = parsed.value;
    }
    if (!fixedDirectory) {
      const directory = validateDirectory();
      if (directory === null) invalid = true;
      else if (directory !== settings.directoryUrl) patch.directoryUrl = directory;
    }
    if (invalid) return;
    if (Object.keys(patch).length === 0) {
      goTo(4);
      return;
    }
    setBusy(true);
    setFailure(null);
    const result = await getApi().updateSettings(patch);
    setBusy(false);
    if (result.ok) {
      setSettings(result.value);
      goTo(4);
      return;
    }
    const issue = fieldIssue(result.error, 'publicEndpoint');
    const directoryIssue = fieldIssue(result.error, 'directoryUrl');
    if (issue) setFieldError(issue);
    if (directoryIssue) setDirectoryError(directoryIssue);
    if (!issue && !directoryIssue) setFailure(result.error);
  };

  const words = reachability ? reachabilityBadge(reachability) : null;
  const lan = reachability?.localAddress ?? null;
  // Advice only when the internet cannot reach the node (or nothing is known yet).
  const advise = !reachability || needsHelp(reachability.status) || reachability.status === 'unknown';

  return (
    <WizardStep n={3} nav={<WizardNav step={3} busy={busy} blocked={settings ? null : 'Loading your settings…'} onNext={() => void next()} />}>
      <p>To get tasks from the internet, the network must be able to reach your node's task port.</p>

      <div className={styles.facts}>
        <div className={card.block} data-testid="wizard-reachability" data-status={reachability?.status ?? ''}>
          {words ? (
            <p>
              <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
            </p>
          ) : (
            <p className={common.muted}>Waiting for the node's status…</p>
          )}
          {reachability?.message ? <p className={card.message}>{reachability.message}</p> : null}
        </div>
        <dl className={fact.grid}>
          <Fact label="Task port">{port ?? '…'}</Fact>
          {reachability?.endpoint ? (
            <Fact label="Public address">
              <code className={common.break}>{reachability.endpoint}</code>
            </Fact>
          ) : null}
          {reachability?.method ? <Fact label="How">{METHOD_WORDS[reachability.method]}</Fact> : null}
          {lan ? (
            <Fact label="This computer">
              <code>{lan}</code>
            </Fact>
          ) : null}
        </dl>
      </div>
      {reachability?.natWarning ? (
        <p className={`${callout.warn} ${callout.compact}`} data-testid="wizard-nat-warning">
          {reachability.natWarning}
        </p>
      ) : null}

      {advise ? (
        <>
          <h3 className={common.subheading}>What to do</h3>
          <ul className={common.plainList}>
            <li>
              Forward {portText} on your router to this computer{lan ? <> (<code>{lan}</code>)</> : null}, then enter{' '}
              <code>http://{reachability?.routerExternalIp ?? '<your public IP>'}{port === null ? '' : `:${port}`}</code> below, or
            </li>
            <li>run a tunnel to {port === null ? 'that port' : `port ${port}`} on this computer and enter the https address it gives you.</li>
          </ul>
        </>
      ) : null}
      {settings ? (
        <p className={common.note} data-testid="wizard-port-mapping">
          {routerMappingWords(settings.portMapping, fixedSettings.has('portMapping'))}
        </p>
      ) : null}

      <form noValidate onSubmit={(e) => void next(e)} className={wizard.form}>
        <TextField
          label="Public URL (optional)"
          type="url"
          value={text}
          fixed={fixed}
          onChange={(v) => {
            setPublicEndpoint(v);
            setFieldError(undefined);
          }}
          error={fieldError}
          placeholder="https://…"
          testId="public-endpoint"
          hint={
            fixed
              ? undefined
              : 'Without a public address your node serves locally only and does not register with the network directory, so nobody on the network can send it tasks yet. You can add one later in Settings.'
          }
        />
      </form>

      {settings ? (
        <DirectoryCheckPanel
          savedUrl={settings.directoryUrl}
          text={directoryText}
          fixed={fixedDirectory}
          error={directoryError}
          onText={(v) => {
            setDirectoryUrl(v);
            setDirectoryError(undefined);
          }}
          validate={validateDirectory}
        />
      ) : null}
      {failure ? <ErrorBox title="Your network choices were not saved." error={failure} /> : null}
    </WizardStep>
  );
}
