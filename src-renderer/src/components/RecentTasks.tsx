import type { TaskSummary } from '../../../src-preload/contract';
import { formatCount, formatFullTimestamp, formatTimestamp, intentShortName, type Tone } from '../format';
import { Card } from './Card';
import { StatusBadge } from './StatusBadge';

const OUTCOME: Record<TaskSummary['outcome'], { label: string; tone: Tone }> = {
  ok: { label: 'OK', tone: 'ok' },
  error: { label: 'Failed', tone: 'bad' },
  rejected: { label: 'Turned away', tone: 'warn' },
};

/** The last tasks the node served (newest first), straight from the snapshot. */
export function RecentTasks({ tasks }: { tasks: TaskSummary[] }) {
  return (
    <Card title="Last tasks">
      {tasks.length === 0 ? (
        <p className="empty" data-testid="recent-tasks-empty">
          No tasks yet. Each task your node serves will be listed here, with how long it took.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table-tasks" data-testid="recent-tasks">
            <thead>
              <tr>
                <th scope="col" className="col-time">
                  Time
                </th>
                <th scope="col" className="col-intent">
                  Intent
                </th>
                <th scope="col">Model</th>
                <th scope="col" className="col-outcome">
                  Outcome
                </th>
                <th scope="col" className="num col-latency">
                  Latency
                </th>
                <th scope="col" className="num col-tokens">
                  Tokens
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((t) => (
                <tr key={t.taskId} data-testid="recent-task-row" data-outcome={t.outcome} data-task-id={t.taskId}>
                  <td className="col-time">
                    <time dateTime={t.ts} title={formatFullTimestamp(t.ts)}>
                      {formatTimestamp(t.ts)}
                    </time>
                  </td>
                  <td className="col-intent" title={t.intent}>
                    {intentShortName(t.intent)}
                  </td>
                  <td className="col-model" title={t.model ?? undefined}>
                    {t.model ?? <span className="muted">—</span>}
                  </td>
                  <td className="col-outcome">
                    <StatusBadge tone={OUTCOME[t.outcome].tone}>{OUTCOME[t.outcome].label}</StatusBadge>
                  </td>
                  <td className="num col-latency">{formatCount(t.latencyMs)} ms</td>
                  <td className="num col-tokens">{t.tokens === null ? <span className="muted">—</span> : formatCount(t.tokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
