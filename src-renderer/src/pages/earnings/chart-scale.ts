/** Axis arithmetic for the per-day chart. No React. */

/** A round step near `raw` (1, 2, 2.5 or 5 times a power of ten). */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * pow) return m * pow;
  return 10 * pow;
}

/** Ticks from 0 up to a round top at or above `max`, about `count` steps; an empty chart gets 0–1. */
export function axisTicks(max: number, count = 4): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: 1, ticks: [0, 0.5, 1] };
  const step = niceStep(max / count);
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= top + step / 1e6; i++) ticks.push(Number((i * step).toPrecision(12)));
  return { top, ticks };
}

/**
 * Which bars get a date under them: every `every`-th counted back from the newest, so today is always
 * labelled and the labels never run into each other.
 */
export function labelEvery(bars: number, plotWidth: number, labelWidth: number): number {
  if (bars <= 0 || plotWidth <= 0) return 1;
  const fit = Math.max(1, Math.floor(plotWidth / labelWidth));
  const every = Math.ceil(bars / fit);
  // Whole weeks read better once the labels thin out.
  return every <= 1 ? 1 : every <= 7 ? every : Math.ceil(every / 7) * 7;
}
