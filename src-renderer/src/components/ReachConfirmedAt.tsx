import type { ReachabilityInfo } from '@shared/contract';
import { formatAt, formatFullTimestamp } from '../format';
import { useT } from '../i18n/useT';
import common from './ui/common.module.css';

/**
 * When the directory last confirmed the way in, "(as of 10:00)", after the sentence that says it did: the engine takes
 * the fresher of the registry's report and the instant check, so the time tells how old the one verdict is. Nothing
 * while the way in is not confirmed.
 */
export function ReachConfirmedAt({
  reachability: r,
}: {
  reachability: Pick<ReachabilityInfo, 'verified' | 'verifiedAt'>;
}) {
  const t = useT();
  if (!r.verified || !r.verifiedAt) return null;
  return (
    <span className={common.muted} data-testid="reach-confirmed-at">
      {' '}
      <time dateTime={r.verifiedAt} title={formatFullTimestamp(r.verifiedAt)}>
        {t('network.statusCard.asOf', { at: formatAt(r.verifiedAt) })}
      </time>
    </span>
  );
}
