import type { NodeSnapshot } from '../../../src-preload/contract';
import { formatFullTimestamp, formatTimestamp, STATE_WORDS } from '../format';
import { AvailabilitySwitch } from './AvailabilitySwitch';
import { StatusBadge } from './StatusBadge';

/** The first thing on the dashboard: what the node is doing, why, and the switch to change it. */
export function NodeStatus({ snapshot }: { snapshot: NodeSnapshot }) {
  const words = STATE_WORDS[snapshot.state];
  return (
    <section className="card status-card" aria-label="Node status">
      <div className="status-main">
        <p className="status-eyebrow">Your node is</p>
        <p className="status-state">
          <StatusBadge tone={words.tone}>
            <span data-testid="node-state">{words.label}</span>
          </StatusBadge>
        </p>
        {snapshot.stateReason ? <p className="status-reason">{snapshot.stateReason}</p> : null}
        <p className="muted small">
          Since <time dateTime={snapshot.stateSince} title={formatFullTimestamp(snapshot.stateSince)}>{formatTimestamp(snapshot.stateSince)}</time>
        </p>
      </div>
      <AvailabilitySwitch snapshot={snapshot} />
    </section>
  );
}
