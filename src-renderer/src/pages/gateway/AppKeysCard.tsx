import { useState } from 'react';
import type { GatewayInfo, GatewayKeyRow } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { getApi } from '../../api';
import { formatAt, formatFullTimestamp } from '../../format';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { ConfirmPanel } from '../../components/ui/ConfirmPanel';
import { DataTable } from '../../components/ui/DataTable';
import { NameForm } from '../../components/ui/NameForm';
import { CONSUMER_QUOTE, Quoted } from '../../components/ui/Quoted';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { SwitchField } from '../../components/ui/SwitchField';
import { KEYLESS_OLLAMA_HINT, KEYLESS_OLLAMA_LABEL, OLLAMA_NEEDS_KEY } from './gateway-words';
import { NewKeyBox } from './NewKeyBox';
import { choiceNotSaved, type GatewaySettingsView } from './useGatewaySettings';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import switchField from '../../components/ui/SwitchField.module.css';
import styles from './AppKeysCard.module.css';

const COLUMNS = [{ label: 'Name' }, { label: 'Key starts with' }, { label: 'Made' }, { label: 'Last used' }, { label: <span className={common.visuallyHidden}>Revoke</span> }];

/** Why a key's name cannot be used, or null: the contract's rule (1 to 64 characters once trimmed). */
function nameProblem(name: string): string | null {
  const t = name.trim();
  if (t === '') return 'Enter a name for the key, such as the app that will use it.';
  return t.length > 64 ? 'A name can be at most 64 characters long.' : null;
}

const when = (iso: string) => (
  <time dateTime={iso} title={formatFullTimestamp(iso)}>
    {formatAt(iso)}
  </time>
);

/** "Revoke this key?": apps using it are refused from then on. */
function RevokeKey({ row, onDone, onCancel }: { row: GatewayKeyRow; onDone(info: GatewayInfo): void; onCancel(): void }) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  const revoke = async () => {
    setBusy(true);
    setFailed(null);
    const result = await getApi().revokeGatewayKey({ id: row.id });
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setFailed(`The key was not revoked: ${result.error.message}`);
  };

  return (
    <ConfirmPanel
      title="Revoke this app key?"
      confirmLabel="Yes, revoke the key"
      busyLabel="Revoking…"
      kind="danger"
      busy={busy}
      unavailable={!connected}
      error={failed}
      onConfirm={() => void revoke()}
      onCancel={onCancel}
      testId="gateway-revoke"
      confirmTestId="gateway-revoke-confirm"
    >
      <p>
        The key <Quoted text={row.name} {...CONSUMER_QUOTE} /> starts with <code>{row.prefix}</code>.
      </p>
      <p>Apps that use it are refused from now on. This cannot be undone; make a new key for an app that still needs one.</p>
    </ConfirmPanel>
  );
}

/** Ollama apps that cannot send a key: let in for free answers only, or refused like any app without a key. */
function KeylessOllama({ settings }: { settings: GatewaySettingsView }) {
  const { stored, connected } = settings;
  const on = stored?.keylessOllama ?? false;
  return (
    <>
      <SwitchField
        label={KEYLESS_OLLAMA_LABEL}
        plainLabel
        className={switchField.wide}
        on={on}
        unavailable={!connected || !stored}
        hint={KEYLESS_OLLAMA_HINT}
        busyLabel="Saving…"
        testId="gateway-keyless-ollama"
        toggle={() => settings.flip('keylessOllama', on)}
        failure={choiceNotSaved}
      />
      {on ? null : (
        <p className={common.small} data-testid="gateway-ollama-needs-key">
          {OLLAMA_NEEDS_KEY}
        </p>
      )}
    </>
  );
}

/**
 * The app keys: listed without the keys themselves, a new one made (and shown once), one revoked after a question;
 * and whether Ollama apps without a key may use this computer and the person's machines.
 */
export function AppKeysCard({ info, baseUrl, take, settings }: { info: GatewayInfo | null; baseUrl: string | null; take(info: GatewayInfo): void; settings: GatewaySettingsView }) {
  const [made, setMade] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<GatewayKeyRow | null>(null);
  const keys = info?.keys ?? null;

  return (
    <Card title="App keys" testId="gateway-keys">
      <p className={common.muted}>An app shows its key with every request. Only a fingerprint of each key is kept on this computer, and no key ever leaves it.</p>
      <DataTable
        columns={COLUMNS}
        rows={keys}
        loading="Reading the keys…"
        empty={<p className={common.empty}>No app key yet.</p>}
        testId="gateway-key-table"
        row={(k) => (
          <tr key={k.id} data-key-id={k.id}>
            <td>
              <Quoted text={k.name} {...CONSUMER_QUOTE} />
            </td>
            <td>
              <code>{k.prefix}…</code>
            </td>
            <td>{when(k.createdAt)}</td>
            <td>{k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt} /> : <span className={common.muted}>Never</span>}</td>
            <td className={styles.actions}>
              <button type="button" className={button.dangerOutline} aria-label={`Revoke the key ${cleanForeignText(k.name, 64)}`} onClick={() => setRevoking(k)}>
                Revoke
              </button>
            </td>
          </tr>
        )}
      />
      {revoking ? (
        <RevokeKey
          row={revoking}
          onCancel={() => setRevoking(null)}
          onDone={(next) => {
            setRevoking(null);
            take(next);
          }}
        />
      ) : null}
      {made ? <NewKeyBox name={made.name} secret={made.secret} baseUrl={baseUrl} onClose={() => setMade(null)} /> : null}
      <NameForm<{ key: GatewayKeyRow; secret: string; info: GatewayInfo }>
        formLabel="Make an app key"
        label="Name of the new key"
        submitLabel="Make a key"
        busyLabel="Making a key…"
        hint="One key per app, so you can revoke one without touching the others. For example “Open WebUI” or “laptop script”."
        check={nameProblem}
        field="name"
        send={(api, name) => api.createGatewayKey({ name })}
        refused={(message) => `No key was made: ${message}`}
        clearOnDone
        onDone={({ key, secret, info: next }) => {
          setMade({ name: key.name, secret });
          take(next);
        }}
        className={styles.makeKey}
        testId="gateway-make-key"
      />
      <KeylessOllama settings={settings} />
    </Card>
  );
}
