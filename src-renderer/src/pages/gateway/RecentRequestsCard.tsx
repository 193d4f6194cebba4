import type { GatewayRequestRow } from '@shared/contract';
import { formatCount, formatFullTimestamp, formatTimestamp } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, numberColumns } from '../../components/ui/DataTable';
import { CONSUMER_QUOTE, Quoted } from '../../components/ui/Quoted';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { chargedWords, credits, flagWords, latencyWords, noMachineWords, outcomeWords, plannedWords, planWords, routeWords, streamedWords, streamWords } from './gateway-words';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import styles from './RecentRequestsCard.module.css';

const COLUMNS = [
  { label: 'Time' },
  { label: 'App' },
  { label: 'Model' },
  { label: 'Machine' },
  { label: 'Own or paid' },
  { label: 'Streamed' },
  ...numberColumns('Tokens', 'Planned', 'Charged', 'Took'),
  { label: 'Outcome' },
];

function Row({ row }: { row: GatewayRequestRow }) {
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
      <td data-testid="gateway-row-app" data-label="App">{row.app ? <Quoted text={row.app} {...CONSUMER_QUOTE} /> : <span className={common.muted}>Not known</span>}</td>
      <td data-label="Model">{row.model ? <Quoted text={row.model} {...CONSUMER_QUOTE} /> : <span className={common.muted}>None named</span>}</td>
      <td data-testid="gateway-row-machine" data-label="Machine" title={row.nodeId ?? undefined}>
        {noMachine === null ? <Quoted text={row.machine} {...CONSUMER_QUOTE} /> : <span className={common.muted}>{noMachine}</span>}
      </td>
      <td data-label="Own or paid">{routeWords(row)}</td>
      <td data-label="Streamed" title={streamed ?? undefined}>{streamedWords(row.stream)}</td>
      <td className={table.num} data-label="Tokens">{row.tokens === null ? '—' : formatCount(row.tokens)}</td>
      <td className={table.num} data-label="Planned" title={planWords(row) ?? undefined}>
        <span data-testid="gateway-row-planned">{plannedWords(row)}</span>
        {row.worstCase !== null && row.route !== 'own' && row.route !== 'this_computer' && row.own !== true && (
          <div className={common.muted} data-testid="gateway-row-worst">
            at most {credits(row.worstCase)}
          </div>
        )}
      </td>
      <td className={table.num} data-label="Charged" data-testid="gateway-row-charged">
        {chargedWords(row)}
      </td>
      <td className={table.num} data-label="Took">{latencyWords(row.latencyMs)}</td>
      <td className={styles.outcome}>
        <StatusBadge tone={outcome.tone} align="baseline">
          {outcome.label}
        </StatusBadge>
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
  return (
    <Card title="Last requests" className={styles.card} testId="gateway-recent">
      <DataTable
        columns={COLUMNS}
        rows={rows}
        loading="Reading the requests…"
        empty={<p className={common.empty}>No app has used the gateway yet.</p>}
        caption={<p className={common.note}>The newest requests first. What was asked and answered is never kept.</p>}
        className={styles.table}
        testId="gateway-recent-table"
        row={(r) => <Row key={r.taskId} row={r} />}
      />
    </Card>
  );
}
