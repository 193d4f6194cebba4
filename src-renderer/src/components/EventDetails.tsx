import type { EngineEvent } from '@shared/contract';
import { Token } from './ui/Token';
import common from './ui/common.module.css';
import styles from './EventDetails.module.css';
import { useT } from '../i18n/useT';

/**
 * An event's technical side — its stable name and the details as the engine logged them — behind a "Details"
 * disclosure, for a bug report or a search; the row itself says what happened in words.
 */
export function EventDetails({ event }: { event: EngineEvent }) {
  const t = useT();
  return (
    <details className={styles.disclosure} data-testid="event-details">
      <summary className={styles.summary}>{t('logs.details.summary')}</summary>
      <dl className={styles.facts}>
        <dt>{t('logs.details.event')}</dt>
        <dd>
          <Token value={event.event} className={styles.raw} />
        </dd>
        <dt>{t('logs.details.details')}</dt>
        <dd>
          {event.details ? (
            <Token value={event.details} className={styles.raw} />
          ) : (
            <span className={common.muted}>{t('logs.details.none')}</span>
          )}
        </dd>
      </dl>
    </details>
  );
}
