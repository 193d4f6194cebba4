/**
 * Ledger bench, part (d): the replay checks' filters over the large ledger — how long seeding them from it takes, in
 * how many chunks and how long the longest one holds the event loop (the node serves between chunks), and what one
 * check costs from the filter against the indexed lookup the node made per task before.
 */
import { ReplayRecords } from '@engine/earnings/replay-records';
import { REPLAY_WINDOW_MS } from '@engine/server/replay-guard';
import type { Store } from '@engine/store';

export interface SeedResult {
  rows: number;
  chunks: number;
  totalMs: number;
  chunkMaxMs: number;
  chunkP99Ms: number;
  filterBytes: number;
  /** µs per check of a task id the ledger does not have: filter, then the indexed lookup. */
  newTaskFilterUs: number;
  newTaskLookupUs: number;
  /** µs per check of a task id it has (the filter says "maybe", the lookup settles it). */
  knownTaskUs: number;
  /** µs per nonce check of an unused nonce: filter, then the indexed lookup. */
  newNonceFilterUs: number;
  newNonceLookupUs: number;
}

function perCall(n: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(n, 1000); i++) fn(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return ((performance.now() - t0) / n) * 1000;
}

export function benchReplaySeeding(
  store: Store,
  rows: number,
  now: number,
  knownTaskId: (i: number) => string,
): SeedResult {
  const queued: (() => void)[] = [];
  const records = new ReplayRecords({
    ledger: store.ledger,
    cut: store.cutTasks,
    unwritten: { holdsTask: () => false, holdsNonce: () => false },
    windowMs: REPLAY_WINDOW_MS,
    now: () => now,
    defer: (fn) => queued.push(fn),
  });
  const chunkMs: number[] = [];
  const t0 = performance.now();
  let t = t0;
  records.start(); // the first chunk runs at once
  chunkMs.push(performance.now() - t);
  while (queued.length > 0) {
    t = performance.now();
    queued.shift()!();
    chunkMs.push(performance.now() - t);
  }
  const totalMs = performance.now() - t0;
  if (!records.seeded) throw new Error('the replay filters were not seeded');
  const since = now - REPLAY_WINDOW_MS;
  const result: SeedResult = {
    rows,
    chunks: records.chunks,
    totalMs,
    chunkMaxMs: Math.max(...chunkMs),
    chunkP99Ms: [...chunkMs].sort((a, b) => a - b)[Math.floor(0.99 * (chunkMs.length - 1))]!,
    filterBytes: records.bytes,
    newTaskFilterUs: perCall(100_000, (i) => records.hasTask(`fresh-${i}`)),
    newTaskLookupUs: perCall(100_000, (i) => store.ledger.hasTask(`fresh-${i}`)),
    knownTaskUs: perCall(20_000, (i) => records.hasTask(knownTaskId((i * 7919) % rows))),
    newNonceFilterUs: perCall(100_000, (i) => records.hasNonce(`n-fresh-${i}`, since)),
    newNonceLookupUs: perCall(100_000, (i) => store.ledger.hasNonce(`n-fresh-${i}`, since)),
  };
  records.stop();
  // A false positive would cost a lookup: none of the fresh ids may have been answered "yes".
  for (let i = 0; i < 1000; i++) if (records.hasTask(`fresh-${i}`)) throw new Error(`fresh-${i} reported as served`);
  return result;
}
