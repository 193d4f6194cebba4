import { useState } from 'react';
import { MAX_APP_RPM, type GatewayAppRow, type GatewayInfo } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
import { formatCount } from '../../format';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { ColumnTable } from '../../components/ui/ColumnTable';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { CONSUMER_QUOTE, Quoted } from '../../components/ui/Quoted';
import { TextField } from '../../components/ui/TextField';
import { credits, limitText, parseLimit } from './gateway-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import keys from './AppKeysCard.module.css';
import styles from './AppLimits.module.css';
import { sayNow } from '@shared/i18n/current';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

/** Requests per minute as typed: empty is none; else a whole number from 1 to the contract's most. */
export function parseRpm(text: string): { value: number | null } | { error: string } {
  const typed = text.trim();
  if (typed === '') return { value: null };
  const n = /^\d{1,6}$/.test(typed) ? Number(typed) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_APP_RPM)
    return { error: sayNow()('gateway.apps.rpmProblem', { max: formatCount(MAX_APP_RPM) }) };
  return { value: n };
}

/** The form that sets one app's own daily limit and requests per minute. */
function LimitsForm({
  row,
  onDone,
  onCancel,
}: {
  row: GatewayAppRow;
  onDone(info: GatewayInfo): void;
  onCancel(): void;
}) {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [cap, setCap] = useState(limitText(row.dailyCap));
  const [rpm, setRpm] = useState(row.rpm === null ? '' : String(row.rpm));
  const capRead = parseLimit(cap);
  const rpmRead = parseRpm(rpm);
  const { step, run } = useCommand(
    (api) =>
      api.setGatewayKeyLimits({
        id: row.id,
        dailyCap: 'value' in capRead ? capRead.value : null,
        rpm: 'value' in rpmRead ? rpmRead.value : null,
      }),
    (info) => {
      onDone(info);
      return { kind: 'idle' };
    },
  );
  const busy = step.kind === 'busy';
  const save = () => {
    if ('error' in capRead || 'error' in rpmRead) return;
    void run();
  };

  return (
    <form
      aria-label={t('gateway.apps.formLabel')}
      className={keys.makeKey}
      data-testid="gateway-app-limits"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <p>
        <Words id="gateway.apps.formIntro" tags={{ name: () => <Quoted text={row.name} {...CONSUMER_QUOTE} /> }} />
      </p>
      <TextField
        label={t('gateway.apps.dailyLabel')}
        value={cap}
        onChange={setCap}
        inputMode="decimal"
        error={'error' in capRead ? capRead.error : undefined}
      />
      <TextField
        label={t('gateway.apps.rpmLabel')}
        value={rpm}
        onChange={setRpm}
        inputMode="numeric"
        error={'error' in rpmRead ? rpmRead.error : undefined}
      />
      <ErrorLine error={step.kind === 'failed' ? t('gateway.apps.notChanged', { message: step.message }) : null} />
      <button
        type="submit"
        className={button.primary}
        disabled={busy || !connected || 'error' in capRead || 'error' in rpmRead}
      >
        {busy ? t('gateway.saving') : t('gateway.apps.save')}
      </button>{' '}
      <button type="button" className={button.quiet} onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

/** Per app: what it spent and sent today, and its own limits, which the person can change for each key. */
export function AppLimits({ info, take }: { info: GatewayInfo | null; take(info: GatewayInfo): void }) {
  const t = useT();
  const [editing, setEditing] = useState<GatewayAppRow | null>(null);
  const keyIds = new Set(info?.keys.map((k) => k.id) ?? []);
  return (
    <Card title={t('gateway.apps.title')} testId="gateway-apps">
      <p className={common.muted}>{t('gateway.apps.intro')}</p>
      <ColumnTable
        columns={[
          {
            label: t('gateway.apps.col.app'),
            inBlock: 'line',
            cell: (a) => <Quoted text={a.name} {...CONSUMER_QUOTE} />,
          },
          { label: t('gateway.apps.col.spent'), named: true, cell: (a) => credits(a.spentToday) },
          { label: t('gateway.apps.col.requests'), named: true, cell: (a) => formatCount(a.requestsToday) },
          {
            label: t('gateway.apps.col.cap'),
            named: true,
            cell: (a) => (a.dailyCap === null ? t('gateway.apps.none') : credits(a.dailyCap)),
          },
          {
            label: t('gateway.apps.rpmLabel'),
            named: true,
            cell: (a) => (a.rpm === null ? t('gateway.apps.none') : formatCount(a.rpm)),
          },
          {
            label: t('gateway.apps.change'),
            labelHidden: true,
            className: styles.actions,
            inBlock: 'end',
            cell: (a) =>
              keyIds.has(a.id) ? (
                <button type="button" className={button.small} onClick={() => setEditing(a)}>
                  {t('gateway.apps.limits')}
                </button>
              ) : null,
          },
        ]}
        rows={info?.apps ?? null}
        rowKey={(a) => a.id}
        rowProps={(a) => ({ 'data-app-id': a.id })}
        loading={t('gateway.apps.loading')}
        empty={<p className={common.empty}>{t('gateway.apps.empty')}</p>}
        testId="gateway-app-table"
        blocksAt={799}
      />
      {editing ? (
        <LimitsForm
          key={editing.id}
          row={editing}
          onCancel={() => setEditing(null)}
          onDone={(next) => {
            setEditing(null);
            take(next);
          }}
        />
      ) : null}
    </Card>
  );
}
