import type { NodeSnapshot } from '@shared/contract';
import { formatCount } from '../../format';
import common from '../../components/ui/common.module.css';
import bar from '../../components/ui/Bar.module.css';
import styles from './CapacityMeter.module.css';
import { useT } from '../../i18n/useT';

/** Slots drawn one by one up to this many; beyond it a single bar reads better. */
const MAX_SEGMENTS = 16;

/** Tasks running now against the slots open now: "1 of 2 slots busy", with a small meter. */
export function CapacityMeter({ capacity }: { capacity: NodeSnapshot['capacity'] }) {
  const t = useT();
  const { activeJobs, effectiveMaxConcurrent: open, maxConcurrent } = capacity;
  const closed = open === 0;
  const slots = Math.max(1, closed ? maxConcurrent : open);
  const busy = Math.min(activeJobs, slots);

  let headline: string;
  if (!closed) headline = t('dashboard.capacity.busy', { active: formatCount(activeJobs), open });
  else if (activeJobs > 0) headline = t('dashboard.capacity.finishing', { active: activeJobs });
  else headline = t('dashboard.capacity.closed');

  let detail: string | null = null;
  if (closed) detail = t('dashboard.capacity.upTo', { max: maxConcurrent });
  else if (open < maxConcurrent) detail = t('dashboard.capacity.fewer', { max: formatCount(maxConcurrent) });

  return (
    <div className={styles.capacity} data-testid="capacity" data-active={activeJobs} data-open={open}>
      {slots <= MAX_SEGMENTS ? (
        <div className={closed ? `${styles.meter} ${styles.closed}` : styles.meter} aria-hidden="true">
          {Array.from({ length: slots }, (_, i) => (
            <span key={i} className={i < busy ? `${styles.slot} ${styles.slotBusy}` : styles.slot} />
          ))}
        </div>
      ) : (
        <div className={closed ? `${styles.meter} ${styles.closed}` : styles.meter} aria-hidden="true">
          <span className={`${bar.track} ${styles.bar}`}>
            <span className={bar.fill} style={{ width: `${(busy / slots) * 100}%` }} />
          </span>
        </div>
      )}
      <p className={styles.headline}>{headline}</p>
      {detail ? <p className={common.note}>{detail}</p> : null}
    </div>
  );
}
