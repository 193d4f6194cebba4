import { useId } from 'react';
import type { NodeSnapshot } from '@shared/contract';
import { formatCount, formatFullTimestamp, formatIn, formatUntil } from '../../format';
import { useNow } from '../../hooks/useNow';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { formatShare, localScheduleWords } from '../../lib/schedule-grid';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './NowCard.module.css';

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** When the schedule next changes, in the schedule's zone, and how far off that is. */
function NextChange({ iso, timeZone }: { iso: string; timeZone: string }) {
  const now = useNow();
  const at = new Date(iso).getTime();
  const hours = (at - now) / 3600_000;
  const days = Math.round(hours / 24);
  const ahead = hours < 23.5 ? formatIn(iso, now) : `in ${days} ${days === 1 ? 'day' : 'days'}`;
  return (
    <time dateTime={iso} title={formatFullTimestamp(iso)}>
      {formatUntil(at, now, timeZone)} ({ahead})
    </time>
  );
}

/**
 * What the node offers right now, in words: the engine's verdict (switch ∧ schedule ∧ conditions) and the
 * slots it opens, the window in force, and when that changes. This is the stored schedule, not the draft.
 */
export function NowCard({ snapshot }: { snapshot: NodeSnapshot }) {
  const headingId = useId();
  const now = useNow();
  const a = snapshot.availability;
  const { effectiveMaxConcurrent: open, maxConcurrent } = snapshot.capacity;
  const offered = open > 0;

  let headline: string;
  if (offered) headline = `Taking up to ${plural(open, 'task', 'tasks')} at once`;
  else if (a.reason === 'switched_off') headline = snapshot.pausedUntil ? 'Paused' : 'Switched off';
  else headline = 'Taking no new tasks';

  // Why, in the engine's words when it gave a reason; else what stands in the way (the backend, the node's state).
  let why: string | null = null;
  // The engine's own words carry a time on its clock; the times here follow this page's locale, as everywhere.
  const until = (iso: string | null) => (iso ? formatUntil(iso, now, a.timeZone) : null);
  const pausedUntil = a.reason === 'switched_off' ? until(snapshot.pausedUntil) : null;
  const windowUntil = a.reason === 'outside_window' ? until(a.nextChangeAt) : null;
  if (pausedUntil) why = `Paused until ${pausedUntil}.`;
  else if (windowUntil) why = `Outside your availability windows until ${windowUntil}.`;
  else if (a.reason !== null) why = a.message;
  else if (!offered) why = snapshot.stateReason ?? 'The node is not serving tasks at the moment.';

  // The schedule's part, unless the reason already said it ("Outside your availability windows until 18:00.").
  let schedule: string | null = null;
  const window = a.window === null ? null : localScheduleWords(a.window);
  const shareWords = (share: number) => (share === 0 ? 'closed' : `${formatShare(share)} of your slots`);
  if (a.reason === null) {
    if (a.windowCount === 0) schedule = 'No windows: your schedule offers your node around the clock.';
    else if (window) schedule = `In your window ${window}: ${shareWords(a.windowShare)}.`;
    else schedule = `Outside your windows: ${shareWords(a.outsideShare)}.`;
  } else if (a.reason !== 'outside_window') {
    if (a.windowCount === 0) schedule = 'Your schedule has no windows, so it would offer your node around the clock.';
    else if (a.windowShare === 0) schedule = `Your schedule is closed now too (${window ? `window ${window}` : 'outside your windows'}).`;
    else schedule = `Your schedule would offer ${formatShare(a.windowShare)} of your slots now (${window ? `window ${window}` : 'outside your windows'}).`;
  }

  return (
    <section className={`${card.statusCard} ${styles.card}`} aria-labelledby={headingId}>
      <div className={`${card.statusMain} ${styles.main}`} data-testid="availability-now" data-share={a.share} data-open={open} data-reason={a.reason ?? 'none'}>
        <h2 id={headingId} className={card.title}>
          Right now
        </h2>
        <p className={card.state}>
          {/* Waiting for the schedule, the switch or a condition is how it should be; anything else is a problem. */}
          <StatusBadge tone={offered ? 'ok' : a.reason !== null ? 'neutral' : 'warn'} size="large">
            {headline}
          </StatusBadge>
        </p>
        {why ? <p className={card.reason}>{why}</p> : null}
        {schedule ? (
          <p>
            {schedule}
            {offered && open < maxConcurrent ? ` That is ${formatCount(open)} of your ${formatCount(maxConcurrent)} slots.` : ''}
          </p>
        ) : null}
        {a.nextChangeAt ? (
          <p className={common.note}>
            The schedule changes at <NextChange iso={a.nextChangeAt} timeZone={a.timeZone} />.
          </p>
        ) : null}
      </div>
      <dl className={`${fact.plain} ${styles.facts}`}>
        <Fact label="Slots open now">
          <span data-testid="availability-now-open">
            {formatCount(open)} of {formatCount(maxConcurrent)}
          </span>
        </Fact>
        <Fact label="Tasks running">{formatCount(snapshot.capacity.activeJobs)}</Fact>
        <Fact label="Schedule's share now">{a.windowShare === 0 ? 'closed' : formatShare(a.windowShare)}</Fact>
      </dl>
    </section>
  );
}
