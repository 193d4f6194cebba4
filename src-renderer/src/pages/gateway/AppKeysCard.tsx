import { useState } from 'react';
import type { GatewayInfo, GatewayKeyRow } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { useCommand } from '../../hooks/useCommand';
import { formatAt, formatFullTimestamp } from '../../format';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { ConfirmPanel } from '../../components/ui/ConfirmPanel';
import { DataTable } from '../../components/ui/DataTable';
import { NameForm } from '../../components/ui/NameForm';
import { CONSUMER_QUOTE, Quoted } from '../../components/ui/Quoted';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { SwitchField } from '../../components/ui/SwitchField';
import { NewKeyBox } from './NewKeyBox';
import { choiceNotSaved, type GatewaySettingsView } from './useGatewaySettings';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import switchField from '../../components/ui/SwitchField.module.css';
import styles from './AppKeysCard.module.css';
import { sayNow } from '@shared/i18n/current';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

/** Why a key's name cannot be used, or null: the contract's rule (1 to 64 characters once trimmed). */
function nameProblem(name: string): string | null {
  const say = sayNow();
  const trimmed = name.trim();
  if (trimmed === '') return say('gateway.keys.nameEmpty');
  return trimmed.length > 64 ? say('gateway.keys.nameLong', { max: 64 }) : null;
}

const when = (iso: string) => (
  <time dateTime={iso} title={formatFullTimestamp(iso)}>
    {formatAt(iso)}
  </time>
);

/** "Revoke this key?": apps using it are refused from then on. */
function RevokeKey({
  row,
  onDone,
  onCancel,
}: {
  row: GatewayKeyRow;
  onDone(info: GatewayInfo): void;
  onCancel(): void;
}) {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const { step, run } = useCommand(
    (api) => api.revokeGatewayKey({ id: row.id }),
    (info) => {
      onDone(info);
      return { kind: 'idle' };
    },
  );

  return (
    <ConfirmPanel
      title={t('gateway.keys.revokeTitle')}
      confirmLabel={t('gateway.keys.revokeYes')}
      busyLabel={t('gateway.keys.revoking')}
      kind="danger"
      busy={step.kind === 'busy'}
      unavailable={!connected}
      error={step.kind === 'failed' ? t('gateway.keys.notRevoked', { message: step.message }) : null}
      onConfirm={() => void run()}
      onCancel={onCancel}
      testId="gateway-revoke"
      confirmTestId="gateway-revoke-confirm"
    >
      <p>
        <Words
          id="gateway.keys.revokeWhich"
          values={{ prefix: row.prefix }}
          tags={{ name: () => <Quoted text={row.name} {...CONSUMER_QUOTE} />, code: (c) => <code>{c}</code> }}
        />
      </p>
      <p>{t('gateway.keys.revokeWhat')}</p>
    </ConfirmPanel>
  );
}

/** Ollama apps that cannot send a key: let in for free answers only, or refused like any app without a key. */
function KeylessOllama({ settings }: { settings: GatewaySettingsView }) {
  const t = useT();
  const { stored, connected } = settings;
  const on = stored?.keylessOllama ?? false;
  return (
    <>
      <SwitchField
        label={t('gateway.keys.keylessLabel')}
        plainLabel
        className={switchField.wide}
        on={on}
        unavailable={!connected || !stored}
        hint={t('gateway.keys.keylessHint')}
        busyLabel={t('gateway.saving')}
        testId="gateway-keyless-ollama"
        toggle={() => settings.flip('keylessOllama', on)}
        failure={choiceNotSaved}
      />
      {on ? null : (
        <p className={common.small} data-testid="gateway-ollama-needs-key">
          {t('gateway.keys.ollamaNeedsKey')}
        </p>
      )}
    </>
  );
}

/**
 * The app keys: listed without the keys themselves, a new one made (and shown once), one revoked after a question;
 * and whether Ollama apps without a key may use this computer and the person's machines.
 */
export function AppKeysCard({
  info,
  baseUrl,
  take,
  settings,
}: {
  info: GatewayInfo | null;
  baseUrl: string | null;
  take(info: GatewayInfo): void;
  settings: GatewaySettingsView;
}) {
  const t = useT();
  const [made, setMade] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<GatewayKeyRow | null>(null);
  const keys = info?.keys ?? null;

  return (
    <Card title={t('gateway.keys.title')} testId="gateway-keys">
      <p className={common.muted}>{t('gateway.keys.intro')}</p>
      <DataTable
        columns={[
          { label: t('gateway.keys.col.name') },
          { label: t('gateway.keys.col.prefix') },
          { label: t('gateway.keys.col.made') },
          { label: t('gateway.keys.col.lastUsed') },
          { label: <span className={common.visuallyHidden}>{t('gateway.keys.revoke')}</span> },
        ]}
        rows={keys}
        loading={t('gateway.keys.loading')}
        empty={<p className={common.empty}>{t('gateway.keys.empty')}</p>}
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
            <td>
              {k.lastUsedAt ? (
                <RelativeTime iso={k.lastUsedAt} />
              ) : (
                <span className={common.muted}>{t('gateway.keys.never')}</span>
              )}
            </td>
            <td className={styles.actions}>
              <button
                type="button"
                className={button.dangerOutline}
                aria-label={t('gateway.keys.revokeNamed', { name: cleanForeignText(k.name, 64) })}
                onClick={() => setRevoking(k)}
              >
                {t('gateway.keys.revoke')}
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
      {made ? (
        <NewKeyBox name={made.name} secret={made.secret} baseUrl={baseUrl} onClose={() => setMade(null)} />
      ) : null}
      <NameForm<{ key: GatewayKeyRow; secret: string; info: GatewayInfo }>
        formLabel={t('gateway.keys.makeForm')}
        label={t('gateway.keys.makeName')}
        submitLabel={t('gateway.keys.make')}
        busyLabel={t('gateway.keys.making')}
        hint={t('gateway.keys.makeHint')}
        check={nameProblem}
        field="name"
        send={(api, name) => api.createGatewayKey({ name })}
        refused={(message) => t('gateway.keys.notMade', { message })}
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
