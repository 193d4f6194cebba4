import type { NodeSnapshot } from '../../../src-preload/contract';
import { BACKEND_WORDS, DIRECTORY_WORDS, formatCount, formatTimestamp, REACHABILITY_WORDS } from '../format';
import { Card } from './Card';
import { Fact } from './Fact';
import { StatusBadge } from './StatusBadge';

/** The node's links to the outside (directory, reachability, LLM server) and its load, one card each. */
export function NodeFacts({ snapshot }: { snapshot: NodeSnapshot }) {
  const { directory, reachability, backend, capacity, today, node } = snapshot;
  const directoryWords = DIRECTORY_WORDS[directory.link];
  const reachWords = REACHABILITY_WORDS[reachability.status];
  const backendWords = BACKEND_WORDS[backend.status];
  return (
    <div className="card-grid">
      <Card title="Network directory">
        <p>
          <StatusBadge tone={directoryWords.tone}>{directoryWords.label}</StatusBadge>
        </p>
        {directory.message ? <p className="card-message">{directory.message}</p> : null}
        <dl className="facts">
          <Fact label="Node ID">{node.nodeId ? <code className="break">{node.nodeId}</code> : <span className="muted">not registered yet</span>}</Fact>
          {directory.lastHeartbeatAt ? <Fact label="Last heartbeat">{formatTimestamp(directory.lastHeartbeatAt)}</Fact> : null}
        </dl>
      </Card>

      <Card title="Reachability">
        <p>
          <StatusBadge tone={reachWords.tone}>{reachWords.label}</StatusBadge>
        </p>
        {reachability.message ? <p className="card-message">{reachability.message}</p> : null}
        {reachability.endpoint ? (
          <dl className="facts">
            <Fact label="Endpoint">
              <code className="break">{reachability.endpoint}</code>
            </Fact>
          </dl>
        ) : null}
      </Card>

      <Card title="Local LLM server">
        <p>
          <StatusBadge tone={backendWords.tone}>{backendWords.label}</StatusBadge>
        </p>
        {backend.message ? <p className="card-message">{backend.message}</p> : null}
        {backend.models.length > 0 ? (
          <dl className="facts">
            <Fact label="Models">{backend.models.join(', ')}</Fact>
          </dl>
        ) : null}
      </Card>

      <Card title="Capacity">
        <p className="metric">
          {formatCount(capacity.activeJobs)}
          <span className="metric-unit"> / {formatCount(capacity.effectiveMaxConcurrent)} jobs</span>
        </p>
        <p className="card-message">
          {capacity.effectiveMaxConcurrent === capacity.maxConcurrent
            ? 'Jobs running now, out of the most your node takes at once.'
            : `Jobs running now, out of ${formatCount(capacity.effectiveMaxConcurrent)} allowed at the moment (${formatCount(capacity.maxConcurrent)} when fully available).`}
        </p>
      </Card>

      <Card title="Today">
        <dl className="facts facts-inline">
          <Fact label="Jobs">
            <span className="metric">{formatCount(today.jobs)}</span>
          </Fact>
          <Fact label="Credits">
            <span className="metric">{today.credits === null ? '—' : formatCount(today.credits)}</span>
          </Fact>
        </dl>
      </Card>
    </div>
  );
}
