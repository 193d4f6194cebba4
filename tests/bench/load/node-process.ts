/**
 * Child process of the load bench: the provider node (ProviderNode through the test harness, as in the
 * proxy bench) registered with the test directory on loopback and serving the slow fake backend.
 *
 *   node-process.ts <backendUrl> <directoryUrl> <maxConcurrent> <taskPort> [dataParent]
 *
 * `dataParent` (experiment knob BENCH_LOAD_DATA_DIR): the folder the node's fresh data folder is made in,
 * e.g. /dev/shm to take the disk's fsync out of the picture; default: the system temp folder.
 *
 * The shipped hosts' 250 ms snapshot throttle is kept. Started with --expose-gc so the bench can ask for
 * the heap after a full collection (what is still reachable), besides the RSS it reads from /proc.
 */
import { monitorEventLoopDelay, performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';
import { startNode } from '../../support/node-harness';
import { serveChild } from '../lib/server-child';

export interface LoadNodeInfo {
  url: string;
  nodeId: string;
  maxConcurrent: number;
}

/** How the node's own event loop fared over a window: delay of a 1 ms timer, and garbage-collection pauses. */
export interface LoopStats {
  delayP50: number;
  delayP99: number;
  delayMax: number;
  /** GC pauses by kind: count, total and longest (ms). */
  gc: Record<string, { count: number; totalMs: number; maxMs: number }>;
  /** Longest pauses (ms) with their kind, longest first. */
  longestGc: { kind: string; ms: number }[];
  /** Synchronous SQLite calls (they block the event loop): all of them, and the costliest statements. */
  sql: {
    count: number;
    totalMs: number;
    maxMs: number;
    over1ms: number;
    top: { sql: string; count: number; totalMs: number; maxMs: number }[];
  };
}

/**
 * Times every synchronous better-sqlite3 call of this process (Statement run/get/all, Database exec), keyed
 * by its SQL — including the COMMIT that better-sqlite3's transaction() runs as a statement, where the
 * fsync of `synchronous = FULL` happens. Instrumentation of the bench's process only; the engine is unchanged.
 */
function traceSqlite() {
  let stats = new Map<string, { count: number; totalMs: number; maxMs: number }>();
  let over1ms = 0;
  const record = (sql: string, ms: number) => {
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 70);
    const s = stats.get(key) ?? { count: 0, totalMs: 0, maxMs: 0 };
    s.count += 1;
    s.totalMs += ms;
    s.maxMs = Math.max(s.maxMs, ms);
    if (ms > 1) over1ms += 1;
    stats.set(key, s);
  };
  const probe = new Database(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  const dbProto = Database.prototype as unknown as Record<string, unknown>;
  const wrap = (proto: Record<string, unknown>, name: string, sqlOf: (self: unknown, args: unknown[]) => string) => {
    const original = proto[name] as (...args: unknown[]) => unknown;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        record(sqlOf(this, args), performance.now() - t0);
      }
    };
  };
  for (const m of ['run', 'get', 'all'])
    wrap(statementProto, m, (self) => String((self as { source?: string }).source ?? '?'));
  wrap(dbProto, 'exec', (_self, args) => String(args[0]));
  probe.close();
  return {
    reset() {
      stats = new Map();
      over1ms = 0;
    },
    report(): LoopStats['sql'] {
      const all = [...stats].map(([sql, s]) => ({ sql, ...s }));
      return {
        count: all.reduce((n, s) => n + s.count, 0),
        totalMs: all.reduce((n, s) => n + s.totalMs, 0),
        maxMs: Math.max(0, ...all.map((s) => s.maxMs)),
        over1ms,
        top: all.sort((a, b) => b.totalMs - a.totalMs).slice(0, 6),
      };
    },
  };
}

export interface LoadNodeState {
  state: string;
  link: string;
  effectiveMaxConcurrent: number;
  activeJobs: number;
  lastHeartbeatAt: string | null;
}

const [backendUrl, directoryUrl, maxConcurrentRaw, taskPortRaw, dataParent] = process.argv.slice(2);
const maxConcurrent = Number(maxConcurrentRaw);
const taskPort = Number(taskPortRaw);

serveChild<LoadNodeInfo>(async () => {
  const sqlite = traceSqlite();
  const dataDir = dataParent ? mkdtempSync(join(dataParent, 'iicp-load-')) : undefined;
  const h = await startNode(
    {
      backendUrl: backendUrl!,
      directoryUrl: directoryUrl!,
      maxConcurrent,
      publicEndpoint: `http://127.0.0.1:${taskPort}`,
    },
    {
      tuning: { snapshotIntervalMs: 250, directoryStartupRetryDelaysMs: [200, 400], directoryBackoffBaseMs: 500 },
      taskPort,
      allowPrivateEndpoint: true,
    },
    dataDir,
  );
  const gc = (globalThis as { gc?: () => void }).gc;
  // Diagnostics of this process only (the node's code is untouched): event-loop delay and GC pauses.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let gcEntries: PerformanceEntry[] = [];
  const GC_KINDS: Record<number, string> = {
    1: 'scavenge',
    2: 'minor-ms',
    4: 'mark-compact',
    8: 'incremental',
    16: 'weak-cb',
  };
  const observer = new PerformanceObserver((list) => {
    gcEntries.push(...list.getEntries());
  });
  observer.observe({ entryTypes: ['gc'] });
  const loopStats = (): LoopStats => {
    const stats: LoopStats['gc'] = {};
    const all: { kind: string; ms: number }[] = [];
    for (const e of gcEntries) {
      const kind = GC_KINDS[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
      const s = (stats[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
      s.count += 1;
      s.totalMs += e.duration;
      s.maxMs = Math.max(s.maxMs, e.duration);
      all.push({ kind, ms: e.duration });
    }
    const ms = (ns: number) => ns / 1e6;
    return {
      delayP50: ms(delay.percentile(50)),
      delayP99: ms(delay.percentile(99)),
      delayMax: ms(delay.max),
      gc: stats,
      longestGc: all.sort((a, b) => b.ms - a.ms).slice(0, 5),
      sql: sqlite.report(),
    };
  };
  return {
    info: { url: h.base, nodeId: h.node.getSnapshot().node.nodeId ?? '', maxConcurrent },
    handlers: {
      state: (): LoadNodeState => {
        const s = h.node.getSnapshot();
        return {
          state: s.state,
          link: s.directory.link,
          effectiveMaxConcurrent: s.capacity.effectiveMaxConcurrent,
          activeJobs: s.capacity.activeJobs,
          lastHeartbeatAt: s.directory.lastHeartbeatAt,
        };
      },
      loopReset: () => {
        delay.reset();
        delay.enable();
        gcEntries = [];
        sqlite.reset();
        return true;
      },
      loopStats: () => {
        const r = loopStats();
        delay.disable();
        return r;
      },
      /** Writes a V8 heap snapshot (after a full GC) into BENCH_LOAD_HEAP_DIR and returns its path (leak hunting). */
      heapSnapshot: () => {
        const dir = process.env.BENCH_LOAD_HEAP_DIR;
        if (!dir) return null;
        mkdirSync(dir, { recursive: true });
        gc?.();
        return writeHeapSnapshot(join(dir, `load-node-${Date.now()}.heapsnapshot`));
      },
      /** process.memoryUsage() of the node's process, in bytes (RSS and what V8 has committed). */
      memory: () => process.memoryUsage(),
      /** Heap still reachable after two full collections (bytes); plain heapUsed without --expose-gc. */
      heapAfterGc: () => {
        gc?.();
        gc?.();
        return process.memoryUsage().heapUsed;
      },
    },
    close: async () => {
      observer.disconnect();
      await h.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
