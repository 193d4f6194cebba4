/**
 * A smoke run (`BENCH_SMOKE=1`, as the test suite runs every bench) takes each knob's small value, so a bench reaches
 * its verdict in seconds: the figures then say nothing, but a change that breaks a bench fails its own CI.
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/**
 * A numeric bench knob from the environment: its value if it is a finite number ≥ `min`, else the default (in a smoke
 * run, `smoke` when it is given).
 */
export function knob(name: string, dflt: number, min = 0, smoke?: number): number {
  const raw = process.env[name];
  const n = Number(raw);
  if (raw !== undefined && raw !== '' && Number.isFinite(n) && n >= min) return n;
  return SMOKE && smoke !== undefined ? smoke : dflt;
}
