import type { TaskSummary } from '../../../src-preload/contract';
import { formatCount, formatFullTimestamp, formatTimestamp, type Tone } from '../format';
import { Card } from './Card';
import { StatusBadge } from './StatusBadge';

const OUTCOME: Record<TaskSummary['outcome'], { label: string; tone: Tone }> = {
  ok: { label: 'Done', tone: 'ok' },
  error: { label: 'Failed', tone: 'bad' },
  rejected: { label: 'Rejected', tone: 'warn' },
};

export function RecentTasks({ tasks }: { tasks: TaskSummary[] }) {
  return (
    <Card title="Recent tasks">
      {tasks.length === 0 ? (
        <p className="empty">No tasks yet. Work your node does for the network will be listed here.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Intent</th>
                <th scope="col">Model</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="num">
                  Latency
                </th>
                <th scope="col" className="num">
                  Tokens
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((t) => (
                <tr key={t.taskId}>
                  <td>
                    <time dateTime={t.ts} title={formatFullTimestamp(t.ts)}>
                      {formatTimestamp(t.ts)}
                    </time>
                  </td>
                  <td>{t.intent}</td>
                  <td>{t.model ?? '—'}</td>
                  <td>
                    <StatusBadge tone={OUTCOME[t.outcome].tone}>{OUTCOME[t.outcome].label}</StatusBadge>
                  </td>
                  <td className="num">{formatCount(t.latencyMs)} ms</td>
                  <td className="num">{t.tokens === null ? '—' : formatCount(t.tokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
