import type { EngineEvent } from '@shared/contract';
import { wordsOf } from '../../words/event-sentence';
import { formatFullTimestamp } from '../../format';
import { EventDetails } from '../../components/EventDetails';
import { LevelBadge } from '../../components/ui/LevelBadge';
import { RepeatCount } from '../../components/ui/RepeatCount';
import table from '../../components/ui/Table.module.css';
import styles from './EventTable.module.css';

/** The Logs page's events: when, how serious, and what happened in one sentence; the raw event behind "Details". */
export function EventTable({ events }: { events: EngineEvent[] }) {
  return (
    <div className={table.wrap}>
      <table className={`${table.table} ${styles.table}`}>
        <thead>
          <tr>
            <th scope="col" className={styles.time}>
              Time
            </th>
            <th scope="col" className={styles.level}>
              Level
            </th>
            <th scope="col">What happened</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => {
            const words = wordsOf(e);
            return (
              // Id 0 (not stored) can repeat, so position disambiguates.
              <tr key={e.id > 0 ? e.id : `unstored-${e.ts}-${i}`} data-testid="event-row" data-event={e.event} data-tone={words.tone}>
                <td className={styles.time}>
                  <time dateTime={e.ts}>{formatFullTimestamp(e.ts)}</time>
                </td>
                <td className={styles.level}>
                  <LevelBadge level={e.level} />
                </td>
                <td className={styles.what}>
                  <p className={styles.sentence} data-testid="event-sentence">
                    {words.sentence}
                  </p>
                  <RepeatCount event={e} />
                  <EventDetails event={e} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
