/**
 * CPU time from Linux's /proc for the owner-watch bench: a process's threads one by one, and what the programs it
 * started used (the driver tools the watcher runs), counted so a window holds only what was spent inside it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ): 100 on every Linux seen, asked once to be sure. */
const TICKS_PER_S = (() => {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
})();

/** The resolution of every figure read here, µs. */
export const TICK_US = 1e6 / TICKS_PER_S;

/** The fields of a stat file after the command name (which may hold spaces and parentheses): field 3 is at [0]. */
function statFields(path: string): string[] | null {
  try {
    const stat = readFileSync(path, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

const us = (ticks: string | undefined) => (Number(ticks) * 1e6) / TICKS_PER_S;

/** user + system time of a process or thread (`stat` fields 14 and 15), µs; null once it is gone. */
export function ownCpuUs(statPath: string): number | null {
  const f = statFields(statPath);
  return f ? us(f[11]) + us(f[12]) : null;
}

/** user + system time of the children a process waited for (fields 16 and 17: every tool run that ended), µs. */
function reapedChildrenCpuUs(pid: number): number {
  const f = statFields(`/proc/${pid}/stat`);
  return f ? us(f[13]) + us(f[14]) : 0;
}

/** Each thread of a process (`/proc/<pid>/task`) with its user + system time, µs. */
export function threadCpuUs(pid: number | 'self'): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const t = ownCpuUs(`/proc/${pid}/task/${tid}/stat`);
    if (t !== null) out.set(Number(tid), t);
  }
  return out;
}

/** Every process by its parent (one scan of /proc: this kernel may not have `task/<tid>/children`). */
export function childrenByParent(): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(`/proc/${entry}/stat`);
    if (!f) continue;
    const ppid = Number(f[1]);
    out.set(ppid, [...(out.get(ppid) ?? []), Number(entry)]);
  }
  return out;
}

/** How many processes /proc lists now. */
export function processCount(): number {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;
}

/** What the programs a process started have used so far: those it reaped, and those running now (each by pid). */
export interface ToolCpu {
  reapedUs: number;
  live: Map<number, number>;
}

export function toolCpu(pid: number, byParent = childrenByParent()): ToolCpu {
  const live = new Map<number, number>();
  for (const child of byParent.get(pid) ?? []) {
    const t = ownCpuUs(`/proc/${child}/stat`);
    if (t !== null) live.set(child, t);
  }
  return { reapedUs: reapedChildrenCpuUs(pid), live };
}

/**
 * The tools' CPU between two readings. A tool that ended in between was added whole to the parent's reaped time, so
 * what it had used before the first reading is taken off again; one that started in between counts from zero.
 */
export function toolCpuBetween(a: ToolCpu, b: ToolCpu): number {
  let total = b.reapedUs - a.reapedUs;
  for (const [pid, t] of b.live) total += t - (a.live.get(pid) ?? 0);
  for (const [pid, t] of a.live) if (!b.live.has(pid)) total -= t;
  return Math.max(0, total);
}

/** The whole machine's busy CPU time so far (/proc/stat: every CPU, all but idle and iowait), µs. */
export function machineBusyUs(): number {
  try {
    const line = readFileSync('/proc/stat', 'latin1').split('\n')[0]!;
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const busy = f.reduce((a, b) => a + b, 0) - f[3]! - f[4]!;
    return (busy * 1e6) / TICKS_PER_S;
  } catch {
    return Number.NaN;
  }
}
