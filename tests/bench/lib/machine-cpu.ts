/** How busy the machine was apart from a bench's own processes (Linux /proc), as the benches print it. */
import { readFileSync } from 'node:fs';
import type { ChildServer } from './server-child';

export interface CpuSample {
  busyUs: number;
  oursUs: number;
  at: number;
}

/** The machine's busy CPU time and ours (this process + `children`), from Linux /proc; null elsewhere. */
export function cpuSample(children: readonly ChildServer<unknown>[]): CpuSample | null {
  try {
    const ticks = readFileSync('/proc/stat', 'latin1').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait, in 10 ms ticks.
    const busyUs = (ticks.reduce((a, b) => a + b, 0) - ticks[3]! - (ticks[4] ?? 0)) * 10_000;
    const own = process.cpuUsage();
    const oursUs = own.user + own.system + children.reduce((a, c) => a + (c.cpuUs() ?? 0), 0);
    return { busyUs, oursUs, at: performance.now() };
  } catch {
    return null;
  }
}

/** CPU used by processes other than this bench since `s0`, in cores on average. */
export function foreignCores(children: readonly ChildServer<unknown>[], s0: CpuSample | null): number | null {
  const s1 = cpuSample(children);
  if (!s0 || !s1) return null;
  return Math.max(0, s1.busyUs - s0.busyUs - (s1.oursUs - s0.oursUs)) / ((s1.at - s0.at) * 1000);
}
