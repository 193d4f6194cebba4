import { useState } from 'react';
import { MAX_APP_RPM, type GatewayAppRow, type GatewayInfo } from '@shared/contract';
import { getApi } from '../../api';
import { formatCount } from '../../format';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { DataTable } from '../../components/ui/DataTable';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { CONSUMER_QUOTE, Quoted } from '../../components/ui/Quoted';
import { TextField } from '../../components/ui/TextField';
import { credits, limitText, parseLimit } from './gateway-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import keys from './AppKeysCard.module.css';
import styles from './AppLimits.module.css';

const COLUMNS = [{ label: 'App' }, { label: 'Spent today' }, { label: 'Requests today' }, { label: 'Own daily limit' }, { label: 'Requests per minute' }, { label: <span className={common.visuallyHidden}>Change</span> }];

/** Requests per minute as typed: empty is none; else a whole number from 1 to the contract's most. */
export function parseRpm(text: string): { value: number | null } | { error: string } {
  const t = text.trim();
  if (t === '') return { value: null };
  const n = /^\d{1,6}$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_APP_RPM) return { error: `Enter a whole number from 1 to ${formatCount(MAX_APP_RPM)}, or leave the box empty for no limit.` };
  return { value: n };
}

/** The form that sets one app's own daily limit and requests per minute. */
function LimitsForm({ row, onDone, onCancel }: { row: GatewayAppRow; onDone(info: GatewayInfo): void; onCancel(): void }) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [cap, setCap] = useState(limitText(row.dailyCap));
  const [rpm, setRpm] = useState(row.rpm === null ? '' : String(row.rpm));
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const capRead = parseLimit(cap);
  const rpmRead = parseRpm(rpm);

  const save = async () => {
    if ('error' in capRead || 'error' in rpmRead) return;
    setBusy(true);
    setFailed(null);
    const result = await getApi().setGatewayKeyLimits({ id: row.id, dailyCap: capRead.value, rpm: rpmRead.value });
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setFailed(`The limits were not changed: ${result.error.message}`);
  };

  return (
    <form
      aria-label="Limits of one app"
      className={keys.makeKey}
      data-testid="gateway-app-limits"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p>
        Limits for <Quoted text={row.name} {...CONSUMER_QUOTE} />. They apply on top of the limits for all apps. Leave a box empty for no limit.
      </p>
      <TextField label="Daily limit in credits" value={cap} onChange={setCap} inputMode="decimal" error={'error' in capRead ? capRead.error : undefined} />
      <TextField label="Requests per minute" value={rpm} onChange={setRpm} inputMode="numeric" error={'error' in rpmRead ? rpmRead.error : undefined} />
      <ErrorLine error={failed} />
      <button type="submit" className={button.primary} disabled={busy || !connected || 'error' in capRead || 'error' in rpmRead}>
        {busy ? 'Saving…' : 'Save the limits'}
      </button>{' '}
      <button type="button" className={button.quiet} onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

/** Per app: what it spent and sent today, and its own limits, which the person can change for each key. */
export function AppLimits({ info, take }: { info: GatewayInfo | null; take(info: GatewayInfo): void }) {
  const [editing, setEditing] = useState<GatewayAppRow | null>(null);
  const keyIds = new Set(info?.keys.map((k) => k.id) ?? []);
  return (
    <Card title="Each app today" className={styles.card} testId="gateway-apps">
      <p className={common.muted}>Each app key can have its own daily limit and requests per minute, on top of the limits for all apps.</p>
      <DataTable
        columns={COLUMNS}
        rows={info?.apps ?? null}
        loading="Reading what each app spent…"
        empty={<p className={common.empty}>No app has used the gateway today.</p>}
        className={styles.table}
        testId="gateway-app-table"
        row={(a) => (
          <tr key={a.id} data-app-id={a.id}>
            <td className={styles.name}>
              <Quoted text={a.name} {...CONSUMER_QUOTE} />
            </td>
            {/* The labels name the figures where a narrow card shows a row without the table's header. */}
            <td data-label="Spent today">{credits(a.spentToday)}</td>
            <td data-label="Requests today">{formatCount(a.requestsToday)}</td>
            <td data-label="Own daily limit">{a.dailyCap === null ? 'None' : credits(a.dailyCap)}</td>
            <td data-label="Requests per minute">{a.rpm === null ? 'None' : formatCount(a.rpm)}</td>
            <td className={styles.actions}>
              {keyIds.has(a.id) ? (
                <button type="button" className={button.small} onClick={() => setEditing(a)}>
                  Limits
                </button>
              ) : null}
            </td>
          </tr>
        )}
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
