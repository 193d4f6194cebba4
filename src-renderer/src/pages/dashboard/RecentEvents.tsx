import type { EngineEvent } from '@shared/contract';
import { wordsOf } from '../../words/event-sentence';
import { formatFullTimestamp, formatTimestamp } from '../../format';
import { routeHref } from '../../routes';
import { Card } from '../../components/ui/Card';
import { EventDetails } from '../../components/EventDetails';
import { LevelBadge } from '../../components/ui/LevelBadge';
import { RepeatCount } from '../../components/ui/RepeatCount';
import common from '../../components/ui/common.module.css';
import card from '../../components/ui/Card.module.css';
import styles from './RecentEvents.module.css';
import { useT } from '../../i18n/useT';

// Stored events have unique ids; id 0 marks one the disk refused, so the list also keys on position.
const eventKey = (e: EngineEvent, index: number) => `${e.id}-${e.ts}-${index}`;

/** The dashboard's latest events, each in one sentence; the raw event behind "Details". */
export function RecentEvents({ events }: { events: EngineEvent[] }) {
  const t = useT();
  return (
    <Card title={t('dashboard.events.title')}>
      {events.length === 0 ? (
        <p className={common.empty}>{t('dashboard.events.none')}</p>
      ) : (
        <ol className={styles.list}>
          {events.map((e, i) => (
            <li key={eventKey(e, i)} className={styles.item} data-testid="recent-event" data-event={e.event}>
              <div className={styles.head}>
                <time className={styles.time} dateTime={e.ts} title={formatFullTimestamp(e.ts)}>
                  {formatTimestamp(e.ts)}
                </time>
                <LevelBadge level={e.level} />
              </div>
              <p className={styles.sentence} data-testid="event-sentence">
                {wordsOf(e).sentence}
              </p>
              <RepeatCount event={e} />
              <EventDetails event={e} />
            </li>
          ))}
        </ol>
      )}
      <p className={card.footerLink}>
        <a href={routeHref('logs')}>{t('dashboard.events.fullLog')}</a>
      </p>
    </Card>
  );
}
