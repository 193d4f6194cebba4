import type { GatewayInfo } from '@shared/contract';
import { FIXED_NOTE } from '../../hooks/useFixedSettings';
import { Card } from '../../components/ui/Card';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { SwitchField } from '../../components/ui/SwitchField';
import { Token } from '../../components/ui/Token';
import { AdvancedSettings } from './AdvancedSettings';
import { CopyButton } from './CopyButton';
import { headerWords, ollamaUrl, pasteLines } from './gateway-words';
import { choiceNotSaved, type GatewaySettingsView } from './useGatewaySettings';
import callout from '../../components/ui/Callout.module.css';
import common from '../../components/ui/common.module.css';
import switchField from '../../components/ui/SwitchField.module.css';
import styles from './GatewayCard.module.css';

const WHAT_IT_DOES =
  'Apps on this computer, such as Open WebUI, Continue or a script with the OpenAI SDK, send their questions to a local gateway. It passes them to the network encrypted and pays with your node’s credits. It listens on this computer only and stays off until you turn it on.';

/** Where the gateway stands, in one line: off, starting, listening, or on but not listening (with the reason). */
function GatewayStatus({ info, on }: { info: GatewayInfo | null; on: boolean }) {
  if (!info) return null;
  if (!on) {
    return (
      <p data-testid="gateway-status" data-state="off">
        <StatusBadge tone="neutral">Off</StatusBadge> <span className={common.muted}>Apps on this computer cannot use the network through it.</span>
      </p>
    );
  }
  if (info.problem) {
    return (
      <p className={`${callout.warn} ${callout.compact}`} data-testid="gateway-status" data-state="problem" role="status">
        <strong>The gateway is on but does not listen.</strong> {info.problem}
      </p>
    );
  }
  if (!info.baseUrl) {
    return (
      <p data-testid="gateway-status" data-state="starting">
        <StatusBadge tone="neutral" busy>
          Starting…
        </StatusBadge>
      </p>
    );
  }
  // The engine says where it stands, one source for every state; the states worded above cannot reach this line.
  const h = headerWords(info.header) ?? headerWords({ kind: 'listening', limit: null })!;
  return (
    <p data-testid="gateway-status" data-state={h.tone === 'ok' ? 'listening' : info.header.kind} role={h.tone === 'ok' ? undefined : 'status'}>
      <StatusBadge tone={h.tone}>{h.badge}</StatusBadge> <span className={common.muted}>{h.sentence}</span>
    </p>
  );
}

/** The base URL with its copy button, the Ollama-style address, and the two lines an app needs. */
function ConnectApp({ baseUrl }: { baseUrl: string }) {
  const lines = pasteLines(baseUrl, '<your app key>');
  return (
    <div className={styles.connect} data-testid="gateway-connect">
      <h3 className={common.subheading}>Connect an app</h3>
      <div className={styles.urlRow}>
        <span className={common.muted}>Base URL</span>
        <Token value={baseUrl} className={styles.url} />
        <CopyButton value={baseUrl} what="baseUrl" testId="gateway-copy-url" />
      </div>
      <p>
        In your app’s settings, enter this base URL and one of your app keys (below) as the API key.
      </p>
      <p className={common.muted}>
        In Open WebUI, add an OpenAI API connection. In Continue, choose the provider “openai” and set apiBase and apiKey.
      </p>
      <div className={styles.linesRow}>
        <pre className={styles.lines} data-testid="gateway-paste-lines" aria-label="The two lines for an app’s environment">
          {lines}
        </pre>
        <CopyButton value={lines} what="lines" testId="gateway-copy-lines" />
      </div>
      <p className={common.note}>
        A script with the OpenAI SDK reads these two lines from its environment. Apps that speak Ollama’s API use <Token value={ollamaUrl(baseUrl)} /> instead.
      </p>
    </div>
  );
}

/** "Let apps on this computer use the network": the switch, what it does, where it stands, and how to connect an app. */
export function GatewayCard({ info, settings }: { info: GatewayInfo | null; settings: GatewaySettingsView }) {
  const on = settings.stored?.enabled ?? info?.enabled ?? false;
  return (
    <Card title="Local gateway" testId="gateway-card">
      <SwitchField
        label="Let apps on this computer use the network"
        plainLabel
        className={switchField.wide}
        on={on}
        unavailable={!settings.connected || !settings.stored || settings.fixed}
        hint={settings.fixed ? `${WHAT_IT_DOES} ${FIXED_NOTE}` : WHAT_IT_DOES}
        busyLabel="Saving…"
        testId="gateway-enabled"
        toggle={() => settings.flip('enabled', on)}
        failure={choiceNotSaved}
      />
      <GatewayStatus info={info} on={on} />
      {on && info?.baseUrl ? <ConnectApp baseUrl={info.baseUrl} /> : null}
      <AdvancedSettings settings={settings} />
    </Card>
  );
}
