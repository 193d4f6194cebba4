import type { EngineEvent } from '@shared/contract';
import { wordsOf } from '../../words/event-sentence';
import { formatFullTimestamp, formatTimestamp } from '../../format';
import { EventDetails } from '../../components/EventDetails';
import { DataTable } from '../../components/ui/DataTable';
import { LevelBadge } from '../../components/ui/LevelBadge';
import { RepeatCount } from '../../components/ui/RepeatCount';
import styles from './EventTable.module.css';
import { useT } from '../../i18n/useT';

/** The Logs page's events: when, how serious, and what happened in one sentence; the raw event behind "Details". */
export function EventTable({ events }: { events: EngineEvent[] }) {
  const t = useT();
  return (
    <DataTable
      columns={[
        { label: t('logs.table.time'), className: styles.time },
        { label: t('logs.table.level'), className: styles.level },
        { label: t('logs.table.what') },
      ]}
      rows={events}
      className={styles.table}
      row={(e, i) => {
        const words = wordsOf(e);
        return (
          // Id 0 (not stored) can repeat, so position disambiguates.
          <tr
            key={e.id > 0 ? e.id : `unstored-${e.ts}-${i}`}
            data-testid="event-row"
            data-event={e.event}
            data-tone={words.tone}
          >
            <td className={styles.time}>
              <time dateTime={e.ts} title={formatFullTimestamp(e.ts)}>
                {formatTimestamp(e.ts)}
              </time>
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
      }}
    />
  );
}
