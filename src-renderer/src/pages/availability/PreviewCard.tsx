import { useEffect, useId, useState } from 'react';
import type { AvailabilityPreview, AvailabilitySchedule } from '@shared/contract';
import { formatHourMark } from '@shared/text/wall-clock';
import { getApi } from '../../api';
import { formatCount, formatFullTimestamp, personLocale } from '../../format';
import { useProviderStore } from '../../store';
import { formatShare, sameSchedule, shareColor } from '../../lib/schedule-grid';
import { windowLine } from '../../lib/schedule-words';
import { spanWords, stretchWhen } from './preview-words';
import { hourTicks, weekdayInZone } from '../../lib/zone-time';
import { Pill } from '../../components/ui/Pill';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import field from '../../components/ui/FieldShell.module.css';
import swatch from '../../components/ui/Swatch.module.css';
import styles from './PreviewCard.module.css';
import { useT } from '../../i18n/useT';
import type { Say } from '@shared/i18n/say';

const HOURS_AHEAD = 24;
/** The preview starts "now", so it is asked for again every minute, and shortly after every edit. */
const REFRESH_MS = 60_000;
const DEBOUNCE_MS = 250;

/** `key` says which schedule an answer is for, so an answer for an older edit is shown as such. */
type PreviewState =
  | { kind: 'loading' }
  | { kind: 'ready'; preview: AvailabilityPreview; key: string; hasWindows: boolean }
  | { kind: 'error'; message: string; key: string };

function capacityWords(t: Say, share: number, capacity: number, maxConcurrent: number | null): string {
  if (share <= 0 || capacity === 0) return t('availability.share.closed');
  return maxConcurrent !== null
    ? t('availability.preview.capacityOf', {
        count: capacity,
        max: formatCount(maxConcurrent),
        share: formatShare(share),
      })
    : t('availability.preview.capacity', { count: capacity, share: formatShare(share) });
}

type Segment = AvailabilityPreview['segments'][number];

/** The bar: segments coloured by share over the next 24 hours, with the zone's hours ticked below. */
function TimelineBar({ segments, timeZone }: { segments: Segment[]; timeZone: string }) {
  const t = useT();
  const from = new Date(segments[0]!.from).getTime();
  const to = new Date(segments[segments.length - 1]!.to).getTime();
  const span = Math.max(1, to - from);
  const pos = (t: number) => ((t - from) / span) * 100;
  const ticks = hourTicks(from, to, timeZone);
  return (
    <div className={styles.timeline} aria-hidden="true">
      <div className={styles.bar}>
        {segments.map((s) => {
          const a = new Date(s.from).getTime();
          const b = new Date(s.to).getTime();
          const width = pos(b) - pos(a);
          const closed = s.share <= 0 || s.capacity === 0;
          return (
            <span
              key={s.from}
              className={
                closed
                  ? `${styles.seg} ${styles.segClosed} ${swatch.closed}`
                  : s.share >= 0.7
                    ? `${styles.seg} ${styles.segStrong}`
                    : styles.seg
              }
              style={{ left: `${pos(a)}%`, width: `${width}%`, background: closed ? undefined : shareColor(s.share) }}
              title={
                closed
                  ? t('availability.preview.stretchClosed', { when: stretchWhen(a, b, timeZone) })
                  : t('availability.preview.stretch', {
                      when: stretchWhen(a, b, timeZone),
                      count: s.capacity,
                      share: formatShare(s.share),
                    })
              }
            >
              {width >= 9 || (width >= 3 && !closed) ? (
                <span className={styles.segLabel}>
                  {width >= 9
                    ? closed
                      ? t('availability.share.closed')
                      : t('availability.preview.slots', { count: s.capacity })
                    : formatCount(s.capacity)}
                </span>
              ) : null}
            </span>
          );
        })}
      </div>
      <div className={styles.ticks}>
        {ticks.map((tick) => {
          const p = pos(tick.at);
          const labelled = tick.hour % 3 === 0 && p > 7 && p < 96;
          return (
            <span
              key={tick.at}
              className={tick.hour === 0 ? `${styles.tick} ${styles.tickDay}` : styles.tick}
              style={{ left: `${p}%` }}
            >
              {labelled ? (
                <span className={styles.tickLabel}>
                  {tick.hour === 0
                    ? weekdayInZone(tick.at, timeZone)
                    : formatHourMark(tick.at, { timeZone, locale: personLocale() })}
                </span>
              ) : null}
            </span>
          );
        })}
        <span className={styles.nowLabel}>{t('availability.preview.nowMark')}</span>
      </div>
    </div>
  );
}

/**
 * The next 24 hours of the schedule (the draft while it has unsaved changes, else the stored one), as the
 * engine computes them: a bar in the schedule's zone and the same in words. The switch and the conditions are
 * left aside: this is what the schedule offers.
 */
export function PreviewCard({ saved, draft }: { saved: AvailabilitySchedule; draft: AvailabilitySchedule }) {
  const t = useT();
  const headingId = useId();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const maxConcurrent = useProviderStore((s) => s.snapshot?.capacity.maxConcurrent ?? null);
  const [state, setState] = useState<PreviewState>({ kind: 'loading' });
  const [tick, setTick] = useState(0);
  const useDraft = !sameSchedule(saved, draft);
  // Keys, not objects: a new object with the same schedule must not ask again.
  const draftKey = useDraft ? JSON.stringify(draft) : null;
  const savedKey = JSON.stringify(saved);
  const key = draftKey ? `draft:${draftKey}` : `saved:${savedKey}`;

  useEffect(() => {
    const timer = window.setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      const schedule = JSON.parse(key.slice(key.indexOf(':') + 1)) as AvailabilitySchedule;
      const draft = key.startsWith('draft:');
      void getApi()
        .previewAvailability(draft ? { schedule, hours: HOURS_AHEAD } : { hours: HOURS_AHEAD })
        .then((result) => {
          if (cancelled) return;
          setState(
            result.ok
              ? { kind: 'ready', preview: result.value, key, hasWindows: schedule.windows.length > 0 }
              : { kind: 'error', message: result.error.message, key },
          );
        });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [connected, key, maxConcurrent, tick]);

  const source = useDraft ? 'draft' : 'saved';
  // Until the answer for the latest edit comes, the one on screen is for an earlier one: shown faded and busy.
  const stale = state.kind === 'loading' || state.key !== key;
  const segments = state.kind === 'ready' ? state.preview.segments : [];
  const tz = state.kind === 'ready' ? state.preview.timeZone : draft.timeZone;
  // "Now" is where the preview starts: its first stretch begins at the moment it was worked out.
  const labels = segments.length > 0 ? spanWords(segments, Date.parse(segments[0]!.from), tz) : [];

  return (
    <section
      className={stale ? `${card.card} ${styles.stale}` : card.card}
      aria-labelledby={headingId}
      data-testid="availability-preview"
      data-source={source}
      aria-busy={stale || undefined}
    >
      <div className={card.head}>
        <h2 id={headingId} className={card.title}>
          {t('availability.preview.title')}
        </h2>
        {source === 'draft' ? <Pill tone="warn">{t('availability.preview.unsaved')}</Pill> : null}
      </div>
      <p className={common.note}>{t('availability.preview.intro', { zone: tz.replace(/_/g, ' ') })}</p>
      {state.kind === 'error' ? (
        <p className={field.error} role="alert">
          {t('availability.preview.failed', { message: state.message })}
        </p>
      ) : segments.length === 0 ? (
        <p className={common.muted} role="status">
          {connected ? t('availability.preview.working') : t('availability.page.connecting')}
        </p>
      ) : (
        <>
          <TimelineBar segments={segments} timeZone={tz} />
          <ol className={`${common.bareList} ${styles.list}`} aria-label={t('availability.preview.listLabel')}>
            {segments.map((s, i) => {
              const words = labels[i]!;
              const closed = s.share <= 0 || s.capacity === 0;
              return (
                <li
                  key={s.from}
                  className={styles.item}
                  data-testid="preview-segment"
                  data-share={s.share}
                  data-capacity={s.capacity}
                >
                  <span
                    className={closed ? `${swatch.swatch} ${swatch.closed}` : swatch.swatch}
                    style={closed ? undefined : { background: shareColor(s.share) }}
                    aria-hidden="true"
                  />
                  <span className={styles.when}>
                    <time dateTime={s.from} title={formatFullTimestamp(s.from)}>
                      {words.from}
                    </time>
                    {' – '}
                    <time dateTime={s.to} title={formatFullTimestamp(s.to)}>
                      {words.to}
                    </time>
                  </span>
                  <span className={styles.what}>
                    <strong>{capacityWords(t, s.share, s.capacity, maxConcurrent)}</strong>
                    <span className={common.muted}>
                      {' · '}
                      {s.window !== null
                        ? windowLine(s.window)
                        : state.kind === 'ready' && !state.hasWindows
                          ? t('availability.preview.noWindows')
                          : t('availability.now.whereOutside')}
                    </span>
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
