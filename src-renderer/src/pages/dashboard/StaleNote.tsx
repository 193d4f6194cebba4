import { formatAgo, formatAt, formatFullTimestamp } from '../../format';
import { useNow } from '../../hooks/useNow';
import callout from '../../components/ui/Callout.module.css';
import { Words } from '../../i18n/Words';
import { useT } from '../../i18n/useT';

const DAY_MS = 86_400_000;

/**
 * Above the cards while the node cannot be reached: they show the last figures heard from it, and this says how old
 * those are, counting on, so none of them reads as the present.
 */
export function StaleNote({ since }: { since: string }) {
  const t = useT();
  const now = useNow();
  const ms = Date.parse(since);
  // Past a day, "how long ago" would only repeat the date.
  const ago = !Number.isNaN(ms) && now - ms < DAY_MS ? t('dashboard.stale.ago', { ago: formatAgo(since, now) }) : '';
  return (
    <p className={`${callout.warn} ${callout.compact}`} data-testid="stale-note" role="status">
      <Words
        id="dashboard.stale.note"
        values={{ ago }}
        tags={{
          time: () => (
            <time dateTime={since} title={formatFullTimestamp(since)}>
              {formatAt(since, now)}
            </time>
          ),
        }}
      />
    </p>
  );
}
