import type { GatewayRequestRow } from '@shared/contract';
import { formatFullTimestamp, formatTimestamp, shortenId } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, numberColumns } from '../../components/ui/DataTable';
import { CONSUMER_QUOTE, Quoted } from '../../components/ui/Quoted';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { costWords, flagWords, latencyWords, outcomeWords, planWords, streamWords, whoseWords } from './gateway-words';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';

const COLUMNS = [{ label: 'Time' }, { label: 'Model' }, { label: 'Machine' }, { label: 'Whose' }, ...numberColumns('Credits', 'Took'), { label: 'Outcome' }];

function Row({ row }: { row: GatewayRequestRow }) {
  const outcome = outcomeWords(row);
  const streamed = streamWords(row.stream);
  // The directory's figure, once read, is what was charged; beside it what was planned before sending.
  const plan = planWords(row);
  const flag = flagWords(row.flag);
  return (
    <tr data-task-id={row.taskId} data-outcome={row.outcome} data-code={row.code}>
      <td>
        <time dateTime={row.at} title={formatFullTimestamp(row.at)}>
          {formatTimestamp(row.at)}
        </time>
      </td>
      <td>{row.model ? <Quoted text={row.model} {...CONSUMER_QUOTE} /> : <span className={common.muted}>None named</span>}</td>
      <td>{row.nodeId ? <code title={row.nodeId}>{shortenId(row.nodeId)}</code> : <span className={common.muted}>None tried</span>}</td>
      <td>{whoseWords(row.own)}</td>
      <td className={table.num}>
        <span data-testid="gateway-row-cost">{costWords(row)}</span>
        {plan && (
          <div className={common.muted} data-testid="gateway-row-plan">
            {plan}
          </div>
        )}
      </td>
      <td className={table.num}>{latencyWords(row.latencyMs)}</td>
      <td>
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
        {streamed && (
          <div className={common.muted} data-testid="gateway-row-stream">
            {streamed}
          </div>
        )}
      </td>
    </tr>
  );
}

/** The newest requests apps sent through the gateway: when, which model, which machine, its cost and how it ended. */
export function RecentRequestsCard({ rows }: { rows: readonly GatewayRequestRow[] | null }) {
  return (
    <Card title="Last requests" testId="gateway-recent">
      <DataTable
        columns={COLUMNS}
        rows={rows}
        loading="Reading the requests…"
        empty={<p className={common.empty}>No app has used the gateway yet.</p>}
        caption={<p className={common.note}>The newest requests first. What was asked and answered is never kept.</p>}
        testId="gateway-recent-table"
        row={(r) => <Row key={r.taskId} row={r} />}
      />
    </Card>
  );
}
