import { useId } from 'react';
import type { NodeSnapshot } from '@shared/contract';
import { formatCount, formatFullTimestamp, formatIn, formatUntilThere } from '../../format';
import { useNow } from '../../hooks/useNow';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { formatShare } from '../../lib/schedule-grid';
import { windowLine } from '../../lib/schedule-words';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './NowCard.module.css';

/** How far off a time is: "in 3 h", "in 2 days". */
function aheadOf(iso: string, now: number, t: ReturnType<typeof useT>): string {
  const hours = (new Date(iso).getTime() - now) / 3600_000;
  return hours < 23.5 ? formatIn(iso, now) : t('availability.now.inDays', { days: Math.round(hours / 24) });
}

/** When the schedule next changes, in the schedule's zone, and how far off that is. */
function NextChange({ iso, timeZone }: { iso: string; timeZone: string }) {
  const t = useT();
  const now = useNow();
  const at = new Date(iso).getTime();
  return (
    <time dateTime={iso} title={formatFullTimestamp(iso)}>
      {t('availability.now.when', { time: formatUntilThere(at, now, timeZone) ?? '', ahead: aheadOf(iso, now, t) })}
    </time>
  );
}

/**
 * What the node offers right now, in words: the engine's verdict (switch ∧ schedule ∧ conditions) and the
 * slots it opens, the window in force, and when that changes. This is the stored schedule, not the draft.
 */
export function NowCard({ snapshot }: { snapshot: NodeSnapshot }) {
  const t = useT();
  const headingId = useId();
  const now = useNow();
  const a = snapshot.availability;
  const { effectiveMaxConcurrent: open, maxConcurrent } = snapshot.capacity;
  const offered = open > 0;

  let headline: string;
  if (offered) headline = t('availability.now.taking', { count: open });
  else if (a.reason === 'switched_off')
    headline = snapshot.pausedUntil ? t('availability.now.paused') : t('availability.now.switchedOff');
  else headline = t('availability.now.takingNone');

  // Why, in the engine's words when it gave a reason; else what stands in the way (the backend, the node's state).
  let why: string | null = null;
  // The engine's own words carry a time on its clock; the times here follow this page's locale, as everywhere, and
  // are the schedule's times, in its zone.
  const until = (iso: string | null) => (iso ? formatUntilThere(iso, now, a.timeZone) : null);
  const pausedUntil = a.reason === 'switched_off' ? until(snapshot.pausedUntil) : null;
  const windowUntil = a.reason === 'outside_window' ? until(a.nextChangeAt) : null;
  if (pausedUntil) why = t('availability.now.pausedUntil', { time: pausedUntil });
  else if (windowUntil)
    why = t('availability.now.outsideUntil', { time: windowUntil, ahead: aheadOf(a.nextChangeAt!, now, t) });
  else if (a.reason !== null) why = a.message === null ? null : t.said(a.message);
  else if (!offered) why = snapshot.stateReason ? t.said(snapshot.stateReason) : t('availability.now.notServing');

  // The schedule's part, unless the reason already said it ("Outside your availability windows until 18:00.").
  let schedule: string | null = null;
  const window = a.window === null ? null : windowLine(a.window);
  const shareWords = (share: number) =>
    share === 0 ? t('availability.share.closed') : t('availability.now.shareOfSlots', { share: formatShare(share) });
  const where = window ? t('availability.now.whereWindow', { window }) : t('availability.now.whereOutside');
  if (a.reason === null) {
    if (a.windowCount === 0) schedule = t('availability.now.noWindows');
    else if (window) schedule = t('availability.now.inWindow', { window, share: shareWords(a.windowShare) });
    else schedule = t('availability.now.outside', { share: shareWords(a.outsideShare) });
  } else if (a.reason !== 'outside_window') {
    if (a.windowCount === 0) schedule = t('availability.now.wouldNoWindows');
    else if (a.windowShare === 0) schedule = t('availability.now.closedToo', { where });
    else schedule = t('availability.now.wouldOffer', { share: formatShare(a.windowShare), where });
  }

  return (
    <section className={`${card.statusCard} ${styles.card}`} aria-labelledby={headingId}>
      <div
        className={`${card.statusMain} ${styles.main}`}
        data-testid="availability-now"
        data-share={a.share}
        data-open={open}
        data-reason={a.reason ?? 'none'}
      >
        <h2 id={headingId} className={card.title}>
          {t('availability.now.title')}
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
            {offered && open < maxConcurrent
              ? ` ${t('availability.now.thatIs', { open: formatCount(open), max: formatCount(maxConcurrent) })}`
              : ''}
          </p>
        ) : null}
        {/* Outside the windows, the reason already says when the schedule changes: the time is said once. */}
        {a.nextChangeAt && !windowUntil ? (
          <p className={common.note}>
            <Words
              id="availability.now.changesAt"
              tags={{ when: () => <NextChange iso={a.nextChangeAt!} timeZone={a.timeZone} /> }}
            />
          </p>
        ) : null}
      </div>
      <dl className={`${fact.plain} ${styles.facts}`}>
        <Fact label={t('availability.now.slotsOpen')}>
          <span data-testid="availability-now-open">
            {t('availability.now.openOf', { open: formatCount(open), max: formatCount(maxConcurrent) })}
          </span>
        </Fact>
        <Fact label={t('availability.now.running')}>{formatCount(snapshot.capacity.activeJobs)}</Fact>
        <Fact label={t('availability.now.shareNow')}>
          {a.windowShare === 0 ? t('availability.share.closed') : formatShare(a.windowShare)}
        </Fact>
      </dl>
    </section>
  );
}
