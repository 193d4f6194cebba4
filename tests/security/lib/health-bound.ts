/**
 * How fast `/iicp/health` must stay while the node is under attack. The target is the figure on a quiet
 * machine: p99 ≤ 50 ms. On a busy machine (CI with other work, `stress-ng` beside the suite) the probe itself waits
 * for a core, so the bound grows with the same probes measured without the attack in the same run (their p90, so
 * one slow start-up answer does not set it) — a baseline, as the benches do — and never drops below the target nor
 * rises above a quarter of a second. A node blocked by an attack answers in hundreds of milliseconds or seconds
 * (measured before the fixes: 292 ms to 1.9 s p99, probes failing).
 */
export const HEALTH_P99_TARGET_MS = 50;
const HEALTH_P99_CEILING_MS = 250;

export function healthP99Bound(baselineMs: number | null): number {
  const base = baselineMs !== null && Number.isFinite(baselineMs) && baselineMs > 0 ? baselineMs : 0;
  return Math.min(HEALTH_P99_CEILING_MS, Math.max(HEALTH_P99_TARGET_MS, 3 * base + 10));
}

/** The p90 of a baseline's probe times (ms). */
export function baselineOf(times: readonly number[]): number | null {
  if (times.length === 0) return null;
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)]!;
}

/** One line for the test's output: the figure, the baseline and whether the quiet-machine target was met. */
export function healthVerdict(label: string, p99Ms: number, baselineMs: number | null): string {
  const target = p99Ms <= HEALTH_P99_TARGET_MS ? 'PASS' : 'MISS';
  const base = baselineMs === null ? 'no baseline' : `baseline ${baselineMs.toFixed(1)} ms`;
  return `${label}: /iicp/health p99 ${p99Ms.toFixed(1)} ms (${base}; target ${HEALTH_P99_TARGET_MS} ms ${target}; bound ${healthP99Bound(baselineMs).toFixed(0)} ms)`;
}
