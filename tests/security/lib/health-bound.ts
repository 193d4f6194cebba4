/**
 * How fast `/iicp/health` must stay while the node is under attack, and how that is measured.
 *
 * The target is the figure on a quiet machine: p99 ≤ 50 ms, printed PASS or MISS. A node blocked by an attack
 * answers in hundreds of milliseconds or seconds (measured before the fixes: 292 ms to 1.9 s p99, probes failing).
 *
 * What is asserted is the p99 of how much longer each probe took than a control: the same request, sent at the same
 * moment, to a do-nothing server in the probing process. A moment when the whole machine stalls (no core for anyone
 * for half a second, seen under `stress-ng` beside other suites) delays both alike; a node whose loop is blocked
 * delays only its own. Its bound: the target times the tasks that wanted each core (a piece of the node's work takes
 * that many times as long), or three times the same figure measured without the attack in the same run, whichever is
 * more; never above 250 ms, under what blocking gave.
 *
 * The control does not cancel one wait: a node kept busy by an attack it handles well (reading a flood in small
 * pieces) is, to the kernel's scheduler, a task that used its share, and it waits behind every other busy task for a
 * core, while the control, idle till then, is run at once. On a machine with a queue at every core that wait, not the
 * node's loop, made probes 100 to 400 ms slower than the control. Where the node's process is named (`pid`, Linux),
 * the time its main thread spent waiting for a core while a probe was out is taken off that probe's excess too: what
 * is left is the time the node's own loop held the answer, which is what blocking shows (a loop busy 300 ms is on a
 * core, not waiting for one).
 *
 * What keeps one scheduler hiccup from deciding the verdict:
 * - probes go out on a fixed cadence, never waiting for the previous answer. A loop blocked for 300 ms then keeps
 *   every probe sent meanwhile waiting, so a stall shows in many answers; a probe that waits for its answer before
 *   sending the next would see the stall once, like a hiccup;
 * - a window holds at least `MIN_PROBES`, so its p99 has a few answers above it and is not just the slowest one;
 * - the baseline is the same figure over a window of the same cadence and size, so like is compared with like;
 * - the probes run in a process of their own, so the attacker's side of the test (a relay streaming gigabytes) does
 *   not hold up their answers.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';

export const HEALTH_P99_TARGET_MS = 50;
/** Below the smallest p99 an attack that blocked the loop gave (292 ms): over it, the node was blocked. */
const HEALTH_P99_CEILING_MS = 250;
/** Answers may wait for the node's own work for the attack: up to this many times the baseline. */
const BASELINE_FACTOR = 3;
export const PROBE_EVERY_MS = 20;
/** With 300 probes the p99 is the 297th answer: three slower ones lie above it. */
export const MIN_PROBES = 300;

/**
 * Answer times (ms) of the probes answered 200, how many were not (an error, a timeout, another status), how many
 * other tasks wanted each core meanwhile (the mean, at least 1), for each probe how much longer the node took than the
 * control sent with it less the node's wait for a core (Infinity when the node did not answer), and that wait's total.
 */
export interface HealthWindow {
  times: number[];
  failed: number;
  busy: number;
  excess: number[];
  /** Milliseconds the node's main thread waited for a core while probes were out, summed; 0 when not read. */
  waited: number;
  /** Whether that wait was read and taken off `excess` (the node's process named, on Linux). */
  waitTakenOff: boolean;
}

/** Tasks that want a core right now, besides this one, per core (Linux; elsewhere the 1-minute load average). */
function runnablePerCore(): number {
  try {
    // The 4th field of /proc/loadavg is "running/total"; the running count includes this process.
    const running = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]!.split('/')[0]) - 1;
    return running / availableParallelism();
  } catch {
    return loadavg()[0]! / availableParallelism();
  }
}

/**
 * Milliseconds a process's main thread has spent runnable but waiting for a core since it started: the second field
 * of Linux's `/proc/<pid>/task/<pid>/schedstat` (nanoseconds). Null where there is no such file.
 */
export function runQueueWaitMs(pid: number): number | null {
  try {
    const waitedNs = Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]);
    return Number.isFinite(waitedNs) ? waitedNs / 1e6 : null;
  } catch {
    return null;
  }
}

export interface HealthProbe {
  /** Stops sending once at least `minProbes` were sent, and resolves with every answer. */
  stop(): Promise<HealthWindow>;
}

export interface ProbeOptions {
  everyMs?: number;
  minProbes?: number;
  timeoutMs?: number;
  /** Called with each 200 answer's body (the LAN lab reads the pinhole state from it). */
  onAnswer?: (body: Buffer) => void;
  /** The node's process: its main thread's wait for a core while a probe is out is not counted as the node's. */
  pid?: number;
}

/**
 * `GET /iicp/health` on a fresh connection to 127.0.0.1:`port` every `everyMs`, whether or not earlier ones were
 * answered; with each, the same request to a do-nothing server in this process, the control.
 */
export function probeHealth(port: number, o: ProbeOptions = {}): HealthProbe {
  const minProbes = o.minProbes ?? MIN_PROBES;
  const w: HealthWindow = { times: [], failed: 0, busy: 1, excess: [], waited: 0, waitTakenOff: false };
  const waitedMs = () => (o.pid === undefined ? null : runQueueWaitMs(o.pid));
  let runnable = 0;
  const inFlight = new Set<Promise<void>>();
  const control = createServer((_req, res) => res.end('{}'));
  /** One probe's time in ms, Infinity if it was not answered 200. */
  const once = (to: number, onAnswer?: (body: Buffer) => void) =>
    new Promise<number>((resolve) => {
      const started = performance.now();
      const req = request(
        { host: '127.0.0.1', port: to, path: '/iicp/health', agent: false, timeout: o.timeoutMs ?? 5_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) return resolve(Number.POSITIVE_INFINITY);
            resolve(performance.now() - started);
            onAnswer?.(Buffer.concat(chunks));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(Number.POSITIVE_INFINITY));
      req.end();
    });
  let sent = 0;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let enough!: () => void;
  const full = new Promise<void>((resolve) => (enough = resolve));
  const tick = () => {
    if (stopping && sent >= minProbes) {
      clearInterval(timer);
      enough();
      return;
    }
    sent++;
    runnable += runnablePerCore();
    const controlPort = (control.address() as AddressInfo).port;
    const waitedBefore = waitedMs();
    const nodeAnswer = once(port, o.onAnswer).then((ms) => ({ ms, waitedAfter: waitedMs() }));
    const p = Promise.all([nodeAnswer, once(controlPort)]).then(([node, ctl]) => {
      if (Number.isFinite(node.ms)) w.times.push(node.ms);
      else w.failed++;
      const read = waitedBefore !== null && node.waitedAfter !== null;
      const waited = read ? Math.max(0, node.waitedAfter! - waitedBefore) : 0;
      w.waitTakenOff ||= read;
      w.waited += waited;
      w.excess.push(node.ms - (Number.isFinite(ctl) ? ctl : 0) - waited);
    });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
  };
  control.listen(0, '127.0.0.1', () => {
    timer = setInterval(tick, o.everyMs ?? PROBE_EVERY_MS);
    tick();
  });
  return {
    async stop() {
      stopping = true;
      await full;
      await Promise.all(inFlight);
      control.close();
      w.busy = Math.max(1, runnable / Math.max(1, sent));
      return w;
    },
  };
}

/**
 * `probeHealth` from a process of its own (lib/health-probe-child.ts), started before this resolves: the probes'
 * answers wait only for the node and the machine, not for the attacker's side of the test in this process.
 */
export async function probeHealthApart(port: number, o: Omit<ProbeOptions, 'onAnswer'> = {}): Promise<HealthProbe> {
  const child = fork(new URL('./health-probe-child.ts', import.meta.url), [String(port), JSON.stringify(o)], {
    execArgv: ['--import', 'tsx'],
  });
  const next = (type: string) =>
    new Promise<{ w?: HealthWindow }>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the health probe exited (code ${code}) before its ${type}`));
      child.once('exit', onExit);
      child.once('message', (m: { type: string; w?: HealthWindow }) => {
        child.off('exit', onExit);
        if (m.type === type) resolve(m);
        else reject(new Error(`the health probe said ${m.type}, not ${type}`));
      });
    });
  await next('ready');
  return {
    async stop() {
      const window = next('window');
      child.send({ type: 'stop' });
      return (await window).w!;
    },
  };
}

/** Probes from a process of its own for `ms` (and at least `MIN_PROBES`). */
export async function probeHealthFor(
  port: number,
  ms: number,
  o: Omit<ProbeOptions, 'onAnswer'> = {},
): Promise<HealthWindow> {
  const probe = await probeHealthApart(port, o);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return probe.stop();
}

/** Nearest-rank percentile `p` of a window; a failed probe counts as the slowest possible answer (Infinity). */
export function healthPercentile(w: HealthWindow, p: number): number {
  const all = [...w.times, ...Array.from({ length: w.failed }, () => Number.POSITIVE_INFINITY)].sort((a, b) => a - b);
  return all[Math.max(0, Math.ceil((all.length * p) / 100) - 1)] ?? Number.NaN;
}

export function healthP99(w: HealthWindow): number {
  return healthPercentile(w, 99);
}

/** The p99 of how much longer the node took than the control probed at the same moment. */
export function excessP99(w: HealthWindow): number {
  return healthPercentile({ ...w, times: w.excess, failed: 0 }, 99);
}

/**
 * What the attack is measured against: the same probes without it (their excess p99), how busy the machine was, and
 * whether the node's wait for a core was taken off the excess.
 */
export interface HealthBaseline {
  p99: number;
  busy: number;
  waitTakenOff?: boolean;
}

export function baselineOf(w: HealthWindow): HealthBaseline {
  return { p99: excessP99(w), busy: w.busy, waitTakenOff: w.waitTakenOff };
}

/**
 * The target, or three times the baseline, whichever is more, under the ceiling. Where the node's wait for a core is
 * still in the figure, the target is first multiplied by the tasks that wanted each core; where it was taken off, the
 * machine's load is already out of the figure and the target stands as it is.
 */
export function healthP99Bound(b: HealthBaseline | null): number {
  if (b === null || !Number.isFinite(b.p99)) return HEALTH_P99_TARGET_MS;
  const load = b.waitTakenOff ? 1 : Math.max(1, b.busy);
  return Math.min(HEALTH_P99_CEILING_MS, Math.max(HEALTH_P99_TARGET_MS * load, BASELINE_FACTOR * b.p99));
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'a failed probe');

/** A window in one line: its probes, failures, p50, p99, slowest answer, excess over the control and load. */
export function healthFigures(w: HealthWindow): string {
  return (
    `${w.times.length + w.failed} probes, ${w.failed} failed, p50 ${ms(healthPercentile(w, 50))}, p99 ${ms(healthP99(w))}, ` +
    `slowest answer ${ms(Math.max(...w.times))}, p99 over the control ${ms(excessP99(w))}, ${w.busy.toFixed(1)} tasks per core, ` +
    `the node waited ${w.waited.toFixed(0)} ms for a core in all`
  );
}

/**
 * One line for the test's output: the p99 against the quiet-machine target, and the asserted figure (the p99 over the
 * control) against its bound.
 */
export function healthVerdict(
  label: string,
  w: { p99: number; excessP99: number; probes: number },
  b: HealthBaseline | null,
): string {
  const target = w.p99 <= HEALTH_P99_TARGET_MS ? 'PASS' : 'MISS';
  const base =
    b === null
      ? 'no baseline'
      : `baseline ${ms(b.p99)}, ${b.busy.toFixed(1)} tasks per core${b.waitTakenOff ? ', waits for a core taken off' : ''}`;
  return (
    `${label}: /iicp/health p99 ${ms(w.p99)} over ${w.probes} probes (target ${HEALTH_P99_TARGET_MS} ms ${target}); ` +
    `over the control ${ms(w.excessP99)} (${base}; bound ${healthP99Bound(b).toFixed(0)} ms)`
  );
}

/** The figures `healthVerdict` takes, from a window. */
export const verdictOf = (w: HealthWindow) => ({
  p99: healthP99(w),
  excessP99: excessP99(w),
  probes: w.times.length + w.failed,
});
