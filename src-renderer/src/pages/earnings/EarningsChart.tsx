import { useId } from 'react';
import type { EarningsReport } from '@shared/contract';
import { formatCount } from '../../format';
import { offsetLabel } from '../../lib/zone-time';
import { DataTable, numberColumns, type Column } from '../../components/ui/DataTable';
import { axisTicks, labelEvery } from './chart-scale';
import { dayDate, exactCredits, formatCredits, formatDay, todayWord } from '../../words/earnings-words';
import { useElementWidth } from '../../hooks/useElementWidth';
import type { Say } from '@shared/i18n/say';
import { useT } from '../../i18n/useT';
import card from '../../components/ui/Card.module.css';
import swatch from '../../components/ui/Swatch.module.css';
import common from '../../components/ui/common.module.css';
import disclosure from '../../components/ui/Disclosure.module.css';
import table from '../../components/ui/Table.module.css';
import styles from './EarningsChart.module.css';

type Day = EarningsReport['perDay'][number];

const HEIGHT = 210;
const TOP = 10;
const BOTTOM = 26;
const RIGHT = 6;
const MAX_BAR = 38;
/** The numbers under the chart, for screen readers and for the exact values. */
const tableColumns = (t: Say): readonly Column[] => [
  { label: t('earnings.chart.day') },
  ...numberColumns(
    t('earnings.chart.tasks'),
    t('earnings.chart.tokens'),
    t('earnings.chart.awarded'),
    t('earnings.chart.pending'),
  ),
];

function dayWords(t: Say, d: Day): string {
  const parts = [t('earnings.chart.barAwarded', { amount: formatCredits(d.awarded) })];
  if (d.pending > 0) parts.push(t('earnings.chart.barPending', { amount: formatCredits(d.pending) }));
  parts.push(t('earnings.chart.barTasks', { tasks: d.jobs }));
  return t('earnings.chart.bar', { day: formatDay(d.day, 'long'), parts: parts.join(', ') });
}

/** The bars, drawn in plain SVG at the measured width so text stays crisp (the app has no chart library). */
function Bars({ days, width, todayDay }: { days: Day[]; width: number; todayDay: string | null }) {
  const t = useT();
  const max = Math.max(0, ...days.map((d) => d.awarded + d.pending));
  const { top, ticks } = axisTicks(max);
  const tickLabels = ticks.map((t) => formatCredits(t));
  const left = Math.max(...tickLabels.map((l) => l.length)) * 6.6 + 12;
  const plotW = Math.max(10, width - left - RIGHT);
  const plotH = HEIGHT - TOP - BOTTOM;
  const band = plotW / Math.max(1, days.length);
  const barW = Math.min(MAX_BAR, Math.max(2, band * 0.68));
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const dayStyle = days.length <= 7 ? 'weekday' : 'short';
  const every = labelEvery(days.length, plotW, dayStyle === 'weekday' ? 52 : 58);

  return (
    <svg
      className={styles.svg}
      width={width}
      height={HEIGHT}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      aria-hidden="true"
      focusable="false"
    >
      {ticks.map((t, i) => (
        <g key={t}>
          <line x1={left} x2={width - RIGHT} y1={y(t)} y2={y(t)} className={t === 0 ? styles.axis : styles.gridline} />
          <text x={left - 8} y={y(t)} dy="0.32em" textAnchor="end" className={styles.tick}>
            {tickLabels[i]}
          </text>
        </g>
      ))}
      {days.map((d, i) => {
        const x0 = left + i * band;
        const cx = x0 + band / 2;
        const bx = cx - barW / 2;
        const awardedTop = y(d.awarded);
        const pendingTop = y(d.awarded + d.pending);
        const fromEnd = days.length - 1 - i;
        const isToday = d.day === todayDay;
        const labelled = fromEnd % every === 0;
        const onlyWork = d.jobs > 0 && d.awarded + d.pending === 0;
        return (
          <g
            key={d.day}
            className={isToday ? `${styles.day} ${styles.today}` : styles.day}
            data-testid="earnings-bar"
            data-day={d.day}
            data-awarded={d.awarded}
            data-pending={d.pending}
            data-jobs={d.jobs}
          >
            <title>{dayWords(t, d)}</title>
            <rect className={styles.hit} x={x0} y={TOP} width={band} height={plotH} />
            {d.awarded > 0 ? (
              <rect
                className={styles.awarded}
                data-series="awarded"
                x={bx}
                y={awardedTop}
                width={barW}
                height={Math.max(1, y(0) - awardedTop)}
                rx={Math.min(3, barW / 4)}
              />
            ) : null}
            {d.pending > 0 ? (
              <rect
                className={styles.pending}
                data-series="pending"
                x={bx}
                y={pendingTop}
                width={barW}
                height={Math.max(1, awardedTop - pendingTop)}
                rx={Math.min(3, barW / 4)}
              />
            ) : null}
            {onlyWork ? <rect className={styles.workOnly} x={bx} y={y(0) - 3} width={barW} height={3} /> : null}
            {labelled ? (
              <text
                x={cx}
                y={HEIGHT - 8}
                textAnchor="middle"
                className={isToday ? `${styles.label} ${styles.labelToday}` : styles.label}
              >
                {isToday ? todayWord() : formatDay(d.day, dayStyle)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/**
 * Credits per local day in the chosen period, awarded and pending stacked, in the time zone the engine counts
 * days in (shown). The same numbers are in a table under it, for screen readers and for the exact values.
 */
export function EarningsChart({ report, stale }: { report: EarningsReport | null; stale: boolean }) {
  const headingId = useId();
  const summaryId = useId();
  const t = useT();
  const [wrapRef, width] = useElementWidth<HTMLDivElement>();
  const days = report?.perDay ?? [];
  const todayDay = days.length > 0 ? days[days.length - 1]!.day : null;
  const worked = days.filter((d) => d.jobs > 0 || d.awarded > 0 || d.pending > 0);
  const best = worked.reduce<Day | null>((b, d) => (!b || d.awarded + d.pending > b.awarded + b.pending ? d : b), null);
  const total = days.reduce((s, d) => s + d.awarded + d.pending, 0);
  const zone = report?.timeZone ?? null;

  return (
    <section
      className={card.card}
      aria-labelledby={headingId}
      data-testid="earnings-chart"
      data-days={days.length}
      aria-busy={stale || undefined}
    >
      <div className={card.head}>
        <h2 id={headingId} className={card.title}>
          {t('earnings.chart.title')}
        </h2>
        <ul className={`${swatch.legend} ${styles.legend}`} aria-label={t('earnings.chart.legend')}>
          <li className={swatch.legendItem}>
            <span className={`${swatch.swatch} ${styles.awarded}`} aria-hidden="true" />
            {t('earnings.chart.awarded')}
          </li>
          <li className={swatch.legendItem}>
            <span className={`${swatch.swatch} ${styles.pending}`} aria-hidden="true" />
            {t('earnings.chart.pending')}
          </li>
        </ul>
      </div>
      {zone ? (
        <p className={common.note} data-testid="earnings-timezone">
          {zone === 'UTC' || zone === 'Etc/UTC'
            ? t('earnings.chart.daysUtc')
            : t('earnings.chart.daysZone', {
                zone: zone.replace(/_/g, ' '),
                offset: offsetLabel(todayDay ? dayDate(todayDay).getTime() : 0, zone),
              })}
        </p>
      ) : null}
      <p id={summaryId} className={common.visuallyHidden}>
        {report
          ? best
            ? t('earnings.chart.summaryBest', {
                days: days.length,
                total: formatCredits(total),
                best: formatDay(best.day, 'long'),
              })
            : t('earnings.chart.summary', { days: days.length, total: formatCredits(total) })
          : t('earnings.chart.loading')}
      </p>
      <div
        ref={wrapRef}
        className={stale ? `${styles.wrap} ${styles.stale}` : styles.wrap}
        role="img"
        aria-labelledby={`${headingId} ${summaryId}`}
      >
        {report && width > 0 ? (
          <Bars days={days} width={width} todayDay={todayDay} />
        ) : (
          <div className={styles.placeholder} />
        )}
        {report && total === 0 ? (
          <p className={styles.empty}>
            {worked.length > 0 ? t('earnings.chart.noCredits') : t('earnings.chart.noTasks')}
          </p>
        ) : null}
      </div>
      {worked.length > 0 ? (
        <details className={disclosure.details}>
          <summary>{t('earnings.chart.showNumbers', { days: worked.length })}</summary>
          <DataTable
            columns={tableColumns(t)}
            rows={[...worked].reverse()}
            row={(d) => (
              <tr key={d.day}>
                <th scope="row">
                  {d.day === todayDay
                    ? t('earnings.chart.today', { today: todayWord(), day: formatDay(d.day, 'short') })
                    : formatDay(d.day, 'long')}
                </th>
                <td className={table.num}>{formatCount(d.jobs)}</td>
                <td className={table.num}>{formatCount(d.tokens)}</td>
                <td className={table.num} title={exactCredits(d.awarded)}>
                  {formatCredits(d.awarded)}
                </td>
                <td className={table.num} title={exactCredits(d.pending)}>
                  {formatCredits(d.pending)}
                </td>
              </tr>
            )}
          />
        </details>
      ) : null}
    </section>
  );
}
