import { useState } from 'react';
import type { GatewayInfo } from '@shared/contract';
import { fixedNote } from '../../hooks/useFixedSettings';
import { Card } from '../../components/ui/Card';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { SwitchField } from '../../components/ui/SwitchField';
import { Token } from '../../components/ui/Token';
import { AdvancedSettings } from './AdvancedSettings';
import { CopyButton } from './CopyButton';
import { headerWords, ollamaUrl, pasteLines } from './gateway-words';
import { choiceNotSaved, type GatewaySettingsView } from './useGatewaySettings';
import button from '../../components/ui/Button.module.css';
import callout from '../../components/ui/Callout.module.css';
import field from '../../components/ui/FieldShell.module.css';
import common from '../../components/ui/common.module.css';
import switchField from '../../components/ui/SwitchField.module.css';
import styles from './GatewayCard.module.css';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

/** Where the gateway stands, in one line: off, starting, listening, or on but not listening (with the reason). */
function GatewayStatus({
  info,
  on,
  settings,
}: {
  info: GatewayInfo | null;
  on: boolean;
  settings: GatewaySettingsView;
}) {
  const t = useT();
  if (!info) return null;
  if (!on) {
    return (
      <p data-testid="gateway-status" data-state="off">
        <StatusBadge tone="neutral">{t('gateway.status.off')}</StatusBadge>{' '}
        <span className={common.muted}>{t('gateway.status.offSentence')}</span>
      </p>
    );
  }
  if (info.problem) {
    return (
      <>
        <p
          className={`${callout.warn} ${callout.compact}`}
          data-testid="gateway-status"
          data-state="problem"
          role="status"
        >
          <strong>{t('gateway.status.notListening')}</strong> {t.said(info.problem)}
        </p>
        {info.nextPort !== null ? <UseNextPort port={info.nextPort} settings={settings} /> : null}
      </>
    );
  }
  if (!info.baseUrl) {
    return (
      <p data-testid="gateway-status" data-state="starting">
        <StatusBadge tone="neutral" busy>
          {t('gateway.status.starting')}
        </StatusBadge>
      </p>
    );
  }
  // The engine says where it stands, one source for every state; the states worded above cannot reach this line.
  const h = headerWords(info.header, info.budget) ?? headerWords({ kind: 'listening', limit: null })!;
  return (
    <p
      data-testid="gateway-status"
      data-state={h.tone === 'ok' ? 'listening' : info.header.kind}
      role={h.tone === 'ok' ? undefined : 'status'}
    >
      <StatusBadge tone={h.tone}>{h.badge}</StatusBadge> <span className={common.muted}>{h.sentence}</span>
    </p>
  );
}

/**
 * The port the engine found free after the one taken, as one button: the gateway's port is stored and the listener
 * follows it at once (the page asks again when the settings change).
 */
function UseNextPort({ port, settings }: { port: number; settings: GatewaySettingsView }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const unavailable = busy || !settings.connected || !settings.stored || settings.fixed;
  const use = async () => {
    if (unavailable) return;
    setBusy(true);
    setFailed(null);
    const saved = await settings.save({ port });
    setBusy(false);
    if (!saved.ok) setFailed(saved.error.message);
  };
  return (
    <p className={styles.nextPort}>
      <button
        type="button"
        className={button.small}
        data-testid="gateway-next-port"
        aria-disabled={unavailable || undefined}
        onClick={() => void use()}
      >
        {busy ? t('gateway.saving') : t('gateway.listen.useNext', { port: String(port) })}
      </button>
      {failed ? (
        <span className={field.error} role="alert">
          {t('gateway.listen.useNextFailed', { port: String(port), message: failed })}
        </span>
      ) : null}
    </p>
  );
}

/** The base URL with its copy button, the Ollama-style address, and the two lines an app needs. */
function ConnectApp({ baseUrl }: { baseUrl: string }) {
  const t = useT();
  const lines = pasteLines(baseUrl, `<${t('gateway.connect.keyPlaceholder')}>`);
  return (
    <div className={styles.connect} data-testid="gateway-connect">
      <h3 className={common.subheading}>{t('gateway.connect.title')}</h3>
      <div className={styles.urlRow}>
        <span className={common.muted}>{t('gateway.connect.baseUrl')}</span>
        <Token value={baseUrl} className={styles.url} />
        <CopyButton value={baseUrl} what="baseUrl" testId="gateway-copy-url" />
      </div>
      <p>{t('gateway.connect.how')}</p>
      <p className={common.muted}>{t('gateway.connect.apps')}</p>
      <div className={styles.linesRow}>
        <pre className={styles.lines} data-testid="gateway-paste-lines" aria-label={t('gateway.connect.linesLabel')}>
          {lines}
        </pre>
        <CopyButton value={lines} what="lines" testId="gateway-copy-lines" />
      </div>
      <p className={common.note}>
        <Words id="gateway.connect.sdk" tags={{ ollama: () => <Token value={ollamaUrl(baseUrl)} /> }} />
      </p>
    </div>
  );
}

/**
 * "Let apps on this computer use the network": the switch, what it does, where it stands, and how to connect an app.
 */
export function GatewayCard({ info, settings }: { info: GatewayInfo | null; settings: GatewaySettingsView }) {
  const t = useT();
  const whatItDoes = t('gateway.card.whatItDoes');
  const on = settings.stored?.enabled ?? info?.enabled ?? false;
  return (
    <Card title={t('gateway.card.title')} testId="gateway-card">
      <SwitchField
        label={t('gateway.card.switch')}
        plainLabel
        className={switchField.wide}
        on={on}
        unavailable={!settings.connected || !settings.stored || settings.fixed}
        hint={settings.fixed ? `${whatItDoes} ${fixedNote()}` : whatItDoes}
        busyLabel={t('gateway.saving')}
        testId="gateway-enabled"
        toggle={() => settings.flip('enabled', on)}
        failure={choiceNotSaved}
      />
      <GatewayStatus info={info} on={on} settings={settings} />
      {on && info?.baseUrl ? <ConnectApp baseUrl={info.baseUrl} /> : null}
      <AdvancedSettings settings={settings} />
    </Card>
  );
}
