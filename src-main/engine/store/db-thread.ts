import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ThreadModule } from '../subprocess';
import { THREAD_STATE } from './checkpoint-wire';

/**
 * A worker thread holding a connection of its own to the engine's database (the checkpoint thread, the ledger thread).
 */
export interface DbThread<Reply> {
  worker: Worker;
  /** `THREAD_STATE`, shared with the thread: whether it holds its connection. */
  state: Int32Array;
  onMessage: (reply: Reply) => void;
  onExit: () => void;
}

/**
 * Starts the thread whose module is `module` (subprocess/thread-module.ts) on the database at `path`; `data` goes into
 * its workerData beside them, and `limits` caps its JavaScript heap. Throws when no thread can start.
 */
export function startDbThread<Reply>(
  module: ThreadModule,
  path: string,
  on: { message: (reply: Reply) => void; exit: () => void; error: (err: Error) => void },
  data: Record<string, unknown> = {},
  limits?: ResourceLimits,
): DbThread<Reply> {
  const state = new SharedArrayBuffer(4);
  const worker = new Worker(module.url, {
    workerData: { ...data, path, state },
    ...(limits ? { resourceLimits: limits } : {}),
    // A process started with --cpu-prof (a bench's profile) profiles these threads too: they do a share of its work.
    execArgv: [...module.execArgv, ...process.execArgv.filter((a) => a.startsWith('--cpu-prof'))],
  });
  // Never what keeps the process alive: the store closes it, or the process ends with it.
  worker.unref();
  const t: DbThread<Reply> = { worker, state: new Int32Array(state), onMessage: on.message, onExit: on.exit };
  worker.on('message', t.onMessage);
  // Kept for good: an 'error' without a listener would be thrown on the event loop.
  worker.on('error', on.error);
  worker.on('exit', t.onExit);
  return t;
}

/**
 * Ends a thread's connection before the store closes its own, so that the main connection is the last one and closes
 * as SQLite likes (a last checkpoint, the WAL removed). Waits at most `closeWaitMs` for the work under way.
 */
export function releaseDbThread<Reply>(t: DbThread<Reply>, closeWaitMs: number): void {
  t.worker.off('message', t.onMessage);
  t.worker.off('exit', t.onExit);
  const was = Atomics.compareExchange(t.state, 0, THREAD_STATE.INIT, THREAD_STATE.STOP);
  if (was === THREAD_STATE.OPEN) {
    t.worker.postMessage({ op: 'close' });
    const deadline = performance.now() + closeWaitMs;
    // A thread that ended without closing (killed) reads -1 as its id: its connection is gone with it.
    while (Atomics.load(t.state, 0) === THREAD_STATE.OPEN && t.worker.threadId !== -1) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      Atomics.wait(t.state, 0, THREAD_STATE.OPEN, Math.min(left, 50));
    }
  }
  void t.worker.terminate().catch(() => undefined);
}

/** An error as one line: its code and message. */
export function describeError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  return typeof e?.code === 'string' ? `${e.code}: ${String(e.message)}` : String(e?.message ?? err);
}
