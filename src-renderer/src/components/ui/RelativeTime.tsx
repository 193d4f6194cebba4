import { formatAgo, formatFullTimestamp } from '../../format';
import { useNow } from '../../hooks/useNow';

/** "12 s ago", kept current; the exact time is in the tooltip and the `dateTime` attribute. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={formatFullTimestamp(iso)}>
      {formatAgo(iso, now)}
    </time>
  );
}
