/**
 * The ledger thread (see ledger-thread.ts): a connection of its own to the engine's database that does the ledger's
 * background work, so that none of it holds up the event loop that answers tasks. It takes the journal's frames into
 * the ledger (rows, receipts into the outbox, rollups and the journal's mark, in one transaction per job), and it
 * runs the receipt poster: reading the outbox, posting the awards to the directory, recording the answers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import {
  decodeEntries,
  LedgerRepository,
  runDbThread,
  threadFailure,
  WRITER_THREAD_PRAGMAS,
  type FoldGroup,
} from '../store';
import type { FoldFrame, LedgerJob, LedgerReply, LedgerWorkerData, PosterConfig } from './ledger-wire';
import { ReceiptPoster } from './receipt-poster';

const { path, state, busyTimeoutMs, loopLoad } = workerData as LedgerWorkerData;
const load = new Int32Array(loopLoad);
const port = parentPort!;

/** The event loop is this busy (percent) or more: awards wait for a quieter moment (see ReceiptPoster's `busy`). */
const BUSY_PERCENT = 80;

/** Set once the thread lets its connection go: a round still under way then says nothing more. */
let leaving = false;

function send(reply: LedgerReply): void {
  if (!leaving) port.postMessage(reply);
}

/** Questions to the event loop ("make every commit durable"), answered by id. */
const durableWaiters = new Map<number, () => void>();
let nextDurable = 1;

function durable(): Promise<void> {
  const id = nextDurable++;
  return new Promise<void>((resolve) => {
    durableWaiters.set(id, resolve);
    send({ op: 'durable', id });
  });
}

/** One `changed` per turn of this thread's event loop, however many batches a round recorded. */
let changeQueued = false;
function changed(): void {
  if (changeQueued) return;
  changeQueued = true;
  setImmediate(() => {
    changeQueued = false;
    send({ op: 'changed' });
  });
}

function serve(conn: Database.Database, closed: () => void): void {
  const ledger = new LedgerRepository(conn);
  let config: PosterConfig | null = null;
  let poster: ReceiptPoster | null = null;
  /** The last call the event loop sent the poster (see `posterIdle`). */
  let seq = 0;
  const makePoster = (): ReceiptPoster =>
    new ReceiptPoster({
      ledger,
      nodeId: config!.nodeId,
      baseUrl: () => config!.baseUrl,
      token: () => config!.token,
      hmacKey: () => config!.hmacKey,
      log: (level, event, details, persist) => send({ op: 'log', level, event, details, persist }),
      onChange: changed,
      durable,
      busy: () => Atomics.load(load, 0) >= BUSY_PERCENT,
      onIdle: (nextDue) => send({ op: 'posterIdle', seq, nextDue }),
      retryBaseMs: config!.retryBaseMs,
      retryMaxMs: config!.retryMaxMs,
    });
  send({ op: 'ready' });

  port.on('message', (job: LedgerJob) => {
    switch (job.op) {
      case 'fold':
        return send(fold(ledger, job.id, job.frames));
      case 'poster':
        config = job.config;
        seq = job.seq;
        poster ??= makePoster();
        return poster[job.call]();
      case 'posterStop':
        void (poster?.stop() ?? Promise.resolve()).then(() => send({ op: 'posterStopped', id: job.id }));
        return;
      case 'durable': {
        const waiter = durableWaiters.get(job.id);
        durableWaiters.delete(job.id);
        return waiter?.();
      }
      case 'close':
        // At once: the event loop waits for this (Store.close). A round still under way fails on the closed
        // connection and says nothing; what it posted and did not record is posted again at the next start.
        leaving = true;
        void poster?.stop();
        for (const w of durableWaiters.values()) w();
        durableWaiters.clear();
        if (conn.open) conn.close();
        closed();
        port.close();
    }
  });
}

function fold(ledger: LedgerRepository, id: number, frames: readonly FoldFrame[]): LedgerReply {
  const t0 = performance.now();
  try {
    const groups: FoldGroup[] = frames.map((f) => {
      const entries = decodeEntries(f.payload);
      // The event loop encoded these bytes a moment ago: one that does not decode is a bug, and nothing is written.
      if (entries === null)
        throw Object.assign(new Error('a journal frame sent to the ledger thread does not decode'), {
          code: 'BAD_FRAME',
        });
      return { entries, end: f.end };
    });
    const r = ledger.foldGroups(groups);
    const refused = r.refused.map((x) => ({ taskId: x.entry.row.taskId, message: x.error.message }));
    return { op: 'folded', id, mark: r.mark, rows: r.rows, receipts: r.receipts, refused, ms: performance.now() - t0 };
  } catch (err) {
    return threadFailure(id, err);
  }
}

runDbThread({
  path,
  // The event loop's connection may hold the write lock for a moment (a setting, a fold before a read): wait.
  timeoutMs: busyTimeoutMs,
  state,
  pragmas: WRITER_THREAD_PRAGMAS,
  fail: send,
  serve,
  end: () => port.close(),
});
