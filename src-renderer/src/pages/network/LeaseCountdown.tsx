import type { PortMappingInfo } from '@shared/contract';
import { formatDuration, formatSpan } from '../../format';
import { useNow } from '../../hooks/useNow';
import { leaseLeftNow } from '../../words/network-words';
import common from '../../components/ui/common.module.css';
import bar from '../../components/ui/Bar.module.css';
import styles from './LeaseCountdown.module.css';
import { useT } from '../../i18n/useT';

/**
 * The lease the router granted, counting down every second between snapshots (from the remainder the engine
 * reported when it published), with a thin bar of what is left.
 */
export function LeaseCountdown({ mapping, emittedAt }: { mapping: PortMappingInfo; emittedAt: string }) {
  const t = useT();
  const now = useNow();
  if (mapping.leaseSeconds === 0) return <span data-testid="mapping-lease">{t('network.lease.noExpiry')}</span>;
  const left = leaseLeftNow(mapping, emittedAt, now);
  if (left === null)
    return (
      <span className={common.muted} data-testid="mapping-lease">
        {t('network.lease.none')}
      </span>
    );
  const total = mapping.leaseSeconds;
  const share = total && total > 0 ? Math.min(1, left / total) : null;
  return (
    <span className={styles.lease}>
      <span data-testid="mapping-lease" className={styles.text}>
        {formatDuration(left)}
        {total ? (
          <span className={common.muted}> {t('network.lease.ofTotal', { total: formatSpan(total) })}</span>
        ) : null}
      </span>
      {share !== null ? (
        <span className={`${bar.track} ${styles.bar}`} aria-hidden="true">
          <span className={`${bar.fill} ${bar.ok} ${styles.fill}`} style={{ width: `${share * 100}%` }} />
        </span>
      ) : null}
    </span>
  );
}
