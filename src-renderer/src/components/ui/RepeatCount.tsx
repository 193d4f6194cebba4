import type { EngineEvent } from '@shared/contract';
import { formatCount, formatFullTimestamp } from '../../format';
import styles from './RepeatCount.module.css';
import { useT } from '../../i18n/useT';

/**
 * "×N" beside an event that happened N times in a burst (the engine counts repeats on one row), with the span in
 * words for a pointer or a screen reader. Nothing for an event that happened once.
 */
export function RepeatCount({ event }: { event: Pick<EngineEvent, 'count' | 'ts' | 'lastTs'> }) {
  const t = useT();
  const count = event.count ?? 1;
  if (count < 2) return null;
  const span = t('components.repeat.span', {
    count,
    from: formatFullTimestamp(event.ts),
    to: formatFullTimestamp(event.lastTs ?? event.ts),
  });
  return (
    <span className={styles.count} data-testid="event-count" title={span} aria-label={span}>
      ×{formatCount(count)}
    </span>
  );
}
