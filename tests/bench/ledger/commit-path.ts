/**
 * Ledger bench, part (c): the task path's commit, as the node does it now against as it did before, in one run on one
 * store, every task with a receipt (a registered node), `n` tasks finishing in one turn of the event loop:
 *
 * - per-receipt (before): each task its own transaction (row, rollup upsert, outbox entry) between the two
 *   `PRAGMA synchronous` toggles of the old RelaxedSync on a database opened FULL, then its own `WalSync.flush()`
 *   (which coalesces: at most two fdatasyncs for the tasks of a turn);
 * - group (now): one `insertGroup` for the turn (rows, outbox entries, one rollup upsert per quarter hour and model) on
 *   the database as it opens now (synchronous = NORMAL), then one `WalSync.flush()`.
 *
 * Measured per kind and turn size in interleaved slices: tasks per second (commit and flush), the event loop's time
 * per task (the synchronous part: what every other request waits behind), fdatasyncs per turn, and the turn's latency
 * (what an answer waits for).
 */
import { fdatasync } from 'node:fs';
import type { Store } from '@engine/store';
import type { LedgerEntry, NewLedgerRow } from '@engine/store/ledger-repo';
import { WalSync } from '@engine/store/wal-sync';

export type CommitKind = 'perReceipt' | 'group';

export interface CommitResult {
  kind: CommitKind;
  tasksPerTurn: number;
  tasks: number;
  turns: number;
  ms: number;
  tasksPerSec: number;
  /** Event-loop time per task (µs): the synchronous commit work. */
  loopUsPerTask: number;
  fdatasyncsPerTurn: number;
  turnP50Ms: number;
  turnP99Ms: number;
}

const INTENT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'llama3.1:8b-instruct-q4_K_M';
const HEX64 = 'ab'.repeat(32);

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const at = (xs: number[], p: number) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};

export async function benchCommitPath(
  store: Store,
  sliceMs: number,
  rounds: number,
  sizes: readonly number[],
): Promise<CommitResult[]> {
  const db = store.db;
  const ledger = store.ledger;
  let syncs = 0;
  const wal = new WalSync(`${db.name}-wal`, {
    fdatasync: (fd, cb) => {
      syncs++;
      fdatasync(fd, cb);
    },
  });
  // The old RelaxedSync's statements, prepared once as it did.
  const readSync = db.prepare('PRAGMA synchronous').pluck();
  const setNormal = db.prepare('PRAGMA synchronous = 1');
  const setFull = db.prepare('PRAGMA synchronous = 2');
  let seq = 0;
  const entry = (): LedgerEntry => {
    const i = seq++;
    const row: NewLedgerRow = {
      taskId: `c-${i}-${HEX64.slice(0, 20)}`,
      ts: Date.now(),
      intent: INTENT,
      model: MODEL,
      outcome: 'ok',
      tokens: 100 + (i % 900),
      latencyMs: 200 + (i % 1000),
      nonce: `${i}`.padStart(32, '0'),
    };
    const amount = Math.round(row.tokens! * 1.5) / 1e6;
    // A receipt body of the size the node stores (signed CIPWorkerReceipt).
    const body = {
      node_id: '7d1e5b5c-8f4a-4e0b-9a51-1f0c3f7f2a10',
      task_id: row.taskId,
      tokens_used: row.tokens,
      amount,
      nonce: HEX64.slice(0, 32),
      expires_at: '2026-11-21T11:00:00Z',
      response_hash: HEX64,
      signature: HEX64,
      reason: 'task_completion',
    };
    return { row, receipt: { body, amount, expiresAt: row.ts + 3_600_000 } };
  };

  const turn: Record<CommitKind, (n: number) => Promise<{ loopMs: number; turnMs: number }>> = {
    perReceipt: async (n) => {
      const t0 = performance.now();
      const flushes: Promise<void>[] = [];
      for (let i = 0; i < n; i++) {
        const e = entry();
        const previous = Number(readSync.get());
        setNormal.run();
        try {
          ledger.insertWithReceipt(e.row, e.receipt!);
        } finally {
          if (previous !== 1) setFull.run();
        }
        flushes.push(wal.flush());
      }
      const t1 = performance.now();
      await Promise.all(flushes);
      return { loopMs: t1 - t0, turnMs: performance.now() - t0 };
    },
    group: async (n) => {
      const entries = Array.from({ length: n }, entry);
      const t0 = performance.now();
      ledger.insertGroup(entries);
      const t1 = performance.now();
      await wal.flush();
      return { loopMs: t1 - t0, turnMs: performance.now() - t0 };
    },
  };
  // The database each kind ran on: FULL before (the toggles relaxed each commit), NORMAL now.
  const level: Record<CommitKind, () => void> = { perReceipt: () => setFull.run(), group: () => setNormal.run() };

  const kinds: CommitKind[] = ['perReceipt', 'group'];
  const acc = new Map<
    string,
    { tasks: number; turns: number; ms: number; loopMs: number; syncs: number; turnMs: number[] }
  >();
  const key = (k: CommitKind, n: number) => `${k}/${n}`;
  try {
    for (const n of sizes) {
      for (const k of kinds) {
        level[k]();
        for (let i = 0; i < 5; i++) await turn[k](n); // warm-up
        acc.set(key(k, n), { tasks: 0, turns: 0, ms: 0, loopMs: 0, syncs: 0, turnMs: [] });
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const n of sizes) {
        for (let j = 0; j < kinds.length; j++) {
          const k = kinds[(j + round) % kinds.length]!;
          const a = acc.get(key(k, n))!;
          level[k]();
          const syncsBefore = syncs;
          const t0 = performance.now();
          while (performance.now() - t0 < sliceMs) {
            const r = await turn[k](n);
            a.tasks += n;
            a.turns += 1;
            a.loopMs += r.loopMs;
            a.turnMs.push(r.turnMs);
          }
          a.ms += performance.now() - t0;
          a.syncs += syncs - syncsBefore;
        }
      }
    }
  } finally {
    setNormal.run();
    wal.close();
  }
  const out: CommitResult[] = [];
  for (const n of sizes) {
    for (const k of kinds) {
      const a = acc.get(key(k, n))!;
      out.push({
        kind: k,
        tasksPerTurn: n,
        tasks: a.tasks,
        turns: a.turns,
        ms: a.ms,
        tasksPerSec: (a.tasks / a.ms) * 1000,
        loopUsPerTask: (a.loopMs / a.tasks) * 1000,
        fdatasyncsPerTurn: a.syncs / a.turns,
        turnP50Ms: at(a.turnMs, 0.5),
        turnP99Ms: at(a.turnMs, 0.99),
      });
    }
  }
  return out;
}
