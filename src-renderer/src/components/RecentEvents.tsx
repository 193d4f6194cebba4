import type { EngineEvent } from '../../../src-preload/contract';
import { formatFullTimestamp, formatTimestamp } from '../format';
import { routeHref } from '../routes';
import { Card } from './Card';
import { LevelBadge } from './LevelBadge';

// Stored events have unique ids; id 0 marks one the disk refused, so the list also keys on position.
const eventKey = (e: EngineEvent, index: number) => `${e.id}-${e.ts}-${index}`;

export function RecentEvents({ events }: { events: EngineEvent[] }) {
  return (
    <Card title="Recent events">
      {events.length === 0 ? (
        <p className="empty">Nothing has happened yet.</p>
      ) : (
        <ol className="event-list">
          {events.map((e, i) => (
            <li key={eventKey(e, i)} className="event-item">
              <time className="event-time" dateTime={e.ts} title={formatFullTimestamp(e.ts)}>
                {formatTimestamp(e.ts)}
              </time>
              <LevelBadge level={e.level} />
              <span className="event-name">{e.event}</span>
              {e.details ? <span className="event-details">{e.details}</span> : null}
            </li>
          ))}
        </ol>
      )}
      <p className="card-footer-link">
        <a href={routeHref('logs')}>See the full log</a>
      </p>
    </Card>
  );
}
