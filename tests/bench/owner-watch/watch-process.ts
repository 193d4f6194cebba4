/**
 * Child process of the owner-watch bench: one Node process that runs the owner watcher (or, for the baseline, runs
 * nothing), so its CPU time is the watcher's plus what any idle Node process costs.
 *
 *   watch-process.ts '<WatchCase as JSON>'
 *
 * Modes:
 * - `idle`: no watcher; the baseline every other case is compared with.
 * - `built`: the shipped thread, `out/main/owner-worker.js` from `npm run build`, started as `OwnerThread.start()`
 *   starts it (same worker options, no tsx in the thread) and its messages checked against `OwnerReplySchema` as
 *   `OwnerThread` checks them. `OwnerThread` itself cannot be used here: from source it always loads the thread's
 *   `.ts` file through tsx.
 * - `source`: the whole watcher as the node runs it, from src-main: `OwnerWatch` (judging every look) with its real
 *   `OwnerThread`, whose thread then runs `owner-worker.ts` through tsx.
 *
 * It is ready once the watcher has posted its first look. `mark` answers this process's CPU time (all threads), split
 * into the main thread, the threads that started with the watcher, and the rest (V8's and libuv's helpers).
 */
import { readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import { OwnerWatch } from '../../../src-main/engine/owner/owner-watch';
import {
  OwnerReplySchema,
  type OwnerLookMessage,
  type OwnerToolPaths,
  type OwnerWorkerData,
} from '../../../src-main/engine/owner/owner-wire';
import { serveChild } from '../lib/server-child';
import { threadCpuUs } from './proc-cpu';

export interface WatchCase {
  name: string;
  mode: 'idle' | 'built' | 'source';
  intervalMs: number;
  /** The tools the case runs; one not named is not on this computer (the thread reads a missing path as none). */
  tools: Partial<OwnerToolPaths>;
  raplRoot: string | null;
  procRoot: string;
  /** The person picked programs to pause for: the thread lists the running programs every look. */
  programs: boolean;
  /** `out/main/owner-worker.js`, for the built mode. */
  builtWorker: string;
}

export interface WatchInfo {
  firstLookMs: number | null;
}

export interface WatchMark {
  /** `process.hrtime` when read, µs. */
  atUs: number;
  /** `process.cpuUsage()`, user + system, every thread of this process, µs. */
  cpuUs: number;
  /** From /proc, in clock ticks (10 ms): this process's main thread, the watcher's threads, the rest. */
  mainUs: number;
  watcherUs: number;
  otherUs: number;
  looks: number;
  /** Messages from the thread that failed the checks (always 0 unless the thread is broken). */
  rejected: number;
  /** The newest look, in short: what the watcher saw. */
  saw: string;
  /** How many programs the newest look listed (null: not listed). */
  programs: number | null;
}

const c = JSON.parse(process.argv[2]!) as WatchCase;
const PICKED = ['blender', 'steam'];

let looks = 0;
let rejected = 0;
let last: OwnerLookMessage | null = null;
let seeFirst: (() => void) | null = null;
const onLook = (m: OwnerLookMessage) => {
  looks += 1;
  last = m;
  seeFirst?.();
};

function saw(m: OwnerLookMessage | null): string {
  if (!m) return 'nothing (no watcher)';
  const gpu = m.gpu
    ? `${m.gpu.tool}: ${m.gpu.gpus.length} GPU, ${m.gpu.processes?.length ?? 0} processes on it`
    : 'no GPU';
  const programs = m.programs ? `${m.programs.length} programs running` : 'programs not listed';
  const power = m.cpuPowerW === null ? 'no CPU power' : `CPU ${m.cpuPowerW} W`;
  return `${gpu}; ${programs}; ${power}; tools: ${m.tools.map((t) => `${t.tool} ${t.state}`).join(', ') || 'none'}`;
}

/** The shipped thread, started and checked as `OwnerThread` does it. */
function startBuilt(): () => void {
  const data: OwnerWorkerData = {
    intervalMs: c.intervalMs,
    tools: c.tools as OwnerToolPaths,
    raplRoot: c.raplRoot,
    procRoot: c.procRoot,
    platform: process.platform,
    display: null,
  };
  const worker = new Worker(c.builtWorker, {
    execArgv: [],
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8, stackSizeMb: 4 },
  });
  worker.unref();
  worker.on('message', (raw: unknown) => {
    const parsed = OwnerReplySchema.safeParse(raw);
    if (!parsed.success) rejected += 1;
    else if (parsed.data.kind === 'look') onLook(parsed.data);
  });
  worker.on('error', () => undefined);
  worker.postMessage({ op: 'configure', programs: c.programs ? PICKED : [], fullscreen: false });
  return () => {
    worker.postMessage({ op: 'stop' });
    setTimeout(() => void worker.terminate(), 1_000).unref();
  };
}

/** The node's whole watcher from source; its private `look` is wrapped to count the looks. */
function startSource(): () => void {
  const proto = OwnerWatch.prototype as unknown as { look(m: OwnerLookMessage): void };
  const look = proto.look;
  proto.look = function (this: OwnerWatch, m: OwnerLookMessage) {
    onLook(m);
    look.call(this, m);
  };
  const ownerFirst: Settings['ownerFirst'] = {
    ...DEFAULT_SETTINGS.ownerFirst,
    fullscreen: false,
    programs: c.programs ? PICKED : [],
  };
  const settings = { ownerFirst } as Settings;
  const watch = new OwnerWatch({
    settings: () => settings,
    now: Date.now,
    activeJobs: () => 0,
    onChange: () => undefined,
    onOff: (why) => console.error(`owner-watch bench (${c.name}): watcher off: ${why}`),
    tuning: { intervalMs: c.intervalMs, tools: c.tools, raplRoot: c.raplRoot, procRoot: c.procRoot, display: null },
  });
  watch.start();
  return () => watch.stop();
}

const tids = () => new Set(readdirSync('/proc/self/task').map(Number));

serveChild<WatchInfo>(async () => {
  const before = tids();
  const t0 = performance.now();
  const stop = c.mode === 'built' ? startBuilt() : c.mode === 'source' ? startSource() : () => undefined;
  if (c.mode !== 'idle') {
    await new Promise<void>((resolve, reject) => {
      seeFirst = resolve;
      setTimeout(
        () => reject(new Error(`no look from the watcher within 15 s (${rejected} rejected messages)`)),
        15_000,
      ).unref();
    });
  }
  const firstLookMs = c.mode === 'idle' ? null : performance.now() - t0;
  // Threads that appeared with the watcher: its thread (and, from source, its tsx loader's).
  const watcherTids = new Set([...tids()].filter((t) => !before.has(t)));
  return {
    info: { firstLookMs },
    handlers: {
      mark: (): WatchMark => {
        const u = process.cpuUsage();
        const threads = threadCpuUs('self');
        let mainUs = 0;
        let watcherUs = 0;
        let otherUs = 0;
        for (const [tid, t] of threads) {
          if (tid === process.pid) mainUs += t;
          else if (watcherTids.has(tid)) watcherUs += t;
          else otherUs += t;
        }
        return {
          atUs: Number(process.hrtime.bigint() / 1000n),
          cpuUs: u.user + u.system,
          mainUs,
          watcherUs,
          otherUs,
          looks,
          rejected,
          saw: saw(last),
          programs: (last as OwnerLookMessage | null)?.programs?.length ?? null,
        };
      },
    },
    close: async () => {
      stop();
      await new Promise((r) => setTimeout(r, 300));
    },
  };
});
