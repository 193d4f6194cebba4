import type { EngineEvent } from '../../../src-preload/contract';
import { formatFullTimestamp } from '../format';
import { LevelBadge } from './LevelBadge';

export function EventTable({ events }: { events: EngineEvent[] }) {
  return (
    <div className="table-wrap">
      <table className="table table-log">
        <thead>
          <tr>
            <th scope="col" className="col-time">
              Time
            </th>
            <th scope="col" className="col-level">
              Level
            </th>
            <th scope="col" className="col-event">
              Event
            </th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            // Id 0 (not stored) can repeat, so position disambiguates.
            <tr key={e.id > 0 ? e.id : `unstored-${e.ts}-${i}`}>
              <td className="col-time">
                <time dateTime={e.ts}>{formatFullTimestamp(e.ts)}</time>
              </td>
              <td>
                <LevelBadge level={e.level} />
              </td>
              <td className="event-name">{e.event}</td>
              <td className="break">{e.details || <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
