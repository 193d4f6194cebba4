import type { GatewayRequestRow } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { formatCount, formatFullTimestamp, formatTimestamp } from '../../format';
import { useT } from '../../i18n/useT';
import { Card } from '../../components/ui/Card';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { CONSUMER_QUOTE, Quoted } from '../../components/ui/Quoted';
import { StatusBadge } from '../../components/ui/StatusBadge';
import {
  chargedWords,
  credits,
  flagWords,
  latencyWords,
  noMachineWords,
  outcomeWords,
  plannedWords,
  planWords,
  routeWords,
  streamedWords,
  streamWords,
} from './gateway-words';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import styles from './RecentRequestsCard.module.css';

/** The columns in order, each with its header's words (also each part's name when a row is a short block). */
const COLUMN_IDS = {
  time: 'gateway.recent.col.time',
  app: 'gateway.recent.col.app',
  model: 'gateway.recent.col.model',
  machine: 'gateway.recent.col.machine',
  route: 'gateway.recent.col.route',
  streamed: 'gateway.recent.col.streamed',
  tokens: 'gateway.recent.col.tokens',
  planned: 'gateway.recent.col.planned',
  charged: 'gateway.recent.col.charged',
  took: 'gateway.recent.col.took',
  outcome: 'gateway.recent.col.outcome',
} as const satisfies Record<string, MessageId>;
const NUMBERS: ReadonlySet<keyof typeof COLUMN_IDS> = new Set(['tokens', 'planned', 'charged', 'took']);

function Row({ row }: { row: GatewayRequestRow }) {
  const t = useT();
  const label = (c: keyof typeof COLUMN_IDS) => t(COLUMN_IDS[c]);
  const outcome = outcomeWords(row);
  const streamed = streamWords(row.stream);
  const noMachine = noMachineWords(row);
  const flag = flagWords(row.flag);
  return (
    <tr data-task-id={row.taskId} data-outcome={row.outcome} data-code={row.code} data-node={row.nodeId ?? ''}>
      <td>
        <time dateTime={row.at} title={formatFullTimestamp(row.at)}>
          {formatTimestamp(row.at)}
        </time>
      </td>
      {/* The labels name each part where a narrow card shows a row without the table's header. */}
      <td data-testid="gateway-row-app" data-label={label('app')}>
        {row.app ? (
          <Quoted text={row.app} {...CONSUMER_QUOTE} />
        ) : (
          <span className={common.muted}>{t('gateway.recent.appUnknown')}</span>
        )}
      </td>
      <td data-label={label('model')}>
        {row.model ? (
          <Quoted text={row.model} {...CONSUMER_QUOTE} />
        ) : (
          <span className={common.muted}>{t('gateway.recent.noModel')}</span>
        )}
      </td>
      <td data-testid="gateway-row-machine" data-label={label('machine')} title={row.nodeId ?? undefined}>
        {noMachine === null ? (
          <Quoted text={row.machine} {...CONSUMER_QUOTE} />
        ) : (
          <span className={common.muted}>{noMachine}</span>
        )}
      </td>
      <td data-label={label('route')}>{routeWords(row)}</td>
      <td data-label={label('streamed')} title={streamed ?? undefined}>
        {streamedWords(row.stream)}
      </td>
      <td className={table.num} data-label={label('tokens')}>
        {row.tokens === null ? '—' : formatCount(row.tokens)}
      </td>
      <td className={table.num} data-label={label('planned')} title={planWords(row) ?? undefined}>
        <span data-testid="gateway-row-planned">{plannedWords(row)}</span>
        {row.worstCase !== null && row.route !== 'own' && row.route !== 'this_computer' && row.own !== true && (
          <div className={common.muted} data-testid="gateway-row-worst">
            {t('gateway.recent.atMost', { amount: credits(row.worstCase) })}
          </div>
        )}
      </td>
      <td className={table.num} data-label={label('charged')} data-testid="gateway-row-charged">
        {chargedWords(row)}
      </td>
      <td className={table.num} data-label={label('took')}>
        {latencyWords(row.latencyMs)}
      </td>
      {/* A short word in the badge keeps the column narrow; why it did not end well follows as plain words. */}
      <td className={styles.outcome}>
        <StatusBadge tone={outcome.tone} align="baseline">
          {outcome.label}
        </StatusBadge>
        {outcome.detail ? (
          <span className={`${styles.detail} ${common.muted}`} data-testid="gateway-row-detail">
            {' '}
            {outcome.detail}
          </span>
        ) : null}
        {flag && (
          <div data-testid="gateway-row-flag">
            <StatusBadge tone="bad" align="baseline">
              {flag}
            </StatusBadge>
          </div>
        )}
      </td>
    </tr>
  );
}

/**
 * The newest requests apps sent through the gateway: when, which app and model, which machine by its name, own or
 * paid, whether it streamed, its tokens, what was planned and charged, and how it ended.
 */
export function RecentRequestsCard({ rows }: { rows: readonly GatewayRequestRow[] | null }) {
  const t = useT();
  const columns: Column[] = (Object.keys(COLUMN_IDS) as (keyof typeof COLUMN_IDS)[]).map((c) =>
    NUMBERS.has(c) ? { label: t(COLUMN_IDS[c]), className: table.num } : { label: t(COLUMN_IDS[c]) },
  );
  return (
    <Card title={t('gateway.recent.title')} className={styles.card} testId="gateway-recent">
      <DataTable
        columns={columns}
        rows={rows}
        loading={t('gateway.recent.loading')}
        empty={<p className={common.empty}>{t('gateway.recent.empty')}</p>}
        caption={<p className={common.note}>{t('gateway.recent.caption')}</p>}
        className={styles.table}
        testId="gateway-recent-table"
        row={(r) => <Row key={r.taskId} row={r} />}
      />
    </Card>
  );
}
