/**
 * The replay checks' memory of the ledger (ReplayRecords): a task id is served once, ever, answered from a Bloom filter
 * —
 * a "no" without a ledger lookup, a "maybe" settled by the store, memory fixed whatever the number of tasks — and a
 * nonce is single-use for the replay window, answered exactly from memory; both seeded from the ledger in chunks after
 * a restart.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BloomFilter } from '@engine/earnings/bloom-filter';
import { ReplayRecords, type ReplayRecordsOptions } from '@engine/earnings/replay-records';
import { REPLAY_WINDOW_MS } from '@engine/server/replay-guard';
import { Store } from '@engine/store';
import { tempDir } from '../../support/tmp';
import { ledgerRows } from '../../support/ledger-rows';

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c()),
);

const T0 = Date.parse('2026-11-21T10:00:00Z');
const SEC = 1000;

function folder(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return `${t.dir}/provider.db`;
}

function open(path: string): Store {
  const store = Store.open(path);
  cleanups.push(() => store.close());
  return store;
}

const row = ledgerRows(T0);

/** Records over a store, with the seeding's chunks run by the test (one per `step()`), and the lookups counted. */
function records(store: Store, over: Partial<ReplayRecordsOptions> = {}) {
  const queued: (() => void)[] = [];
  const unwritten = { tasks: new Set<string>(), nonces: new Set<string>() };
  let now = T0;
  const lookups = { task: vi.spyOn(store.ledger, 'hasTask'), nonce: vi.spyOn(store.ledger, 'hasNonce') };
  const r = new ReplayRecords({
    ledger: store.ledger,
    cut: store.cutTasks,
    unwritten: { holdsTask: (id) => unwritten.tasks.has(id), holdsNonce: (n) => unwritten.nonces.has(n) },
    windowMs: REPLAY_WINDOW_MS,
    now: () => now,
    defer: (fn) => queued.push(fn),
    ...over,
  });
  cleanups.push(() => r.stop());
  return {
    r,
    unwritten,
    lookups,
    setNow: (ms: number) => (now = ms),
    step: () => queued.shift()?.(),
    seed: () => {
      r.start();
      while (queued.length > 0) queued.shift()!();
      expect(r.seeded).toBe(true);
    },
  };
}

describe('replay records: task ids', () => {
  it('a task id in the ledger is a duplicate after a restart; a new one is answered "no" without a lookup', () => {
    const path = folder();
    const first = open(path);
    const served = [row(), row(), row({ outcome: 'error', tokens: null })];
    first.ledger.insertMany(served.slice(0, 2));
    first.ledger.insertWithReceipt(served[2]!, {
      body: { task_id: served[2]!.taskId },
      amount: 0.1,
      expiresAt: T0 + 3_600_000,
    });
    first.close();

    const store = open(path);
    const { r, lookups, seed } = records(store);
    seed();
    for (const s of served) expect(r.hasTask(s.taskId), s.taskId).toBe(true);
    // A "maybe" from the filter is settled by the store: the three duplicates were looked up.
    expect(lookups.task).toHaveBeenCalledTimes(3);
    lookups.task.mockClear();
    for (let i = 0; i < 1000; i++) expect(r.hasTask(`never-${i}`)).toBe(false);
    // A million-row filter this empty gives no false positive in a thousand tries (odds ~1e-30 per try).
    expect(lookups.task).not.toHaveBeenCalled();
  });

  it('a row handed to the writer counts at once: while it waits, and once written', () => {
    const store = open(folder());
    const { r, unwritten, seed } = records(store);
    seed();
    const x = row();
    r.note(x);
    unwritten.tasks.add(x.taskId);
    expect(r.hasTask(x.taskId)).toBe(true);
    store.ledger.insertMany([x]);
    unwritten.tasks.delete(x.taskId);
    expect(r.hasTask(x.taskId)).toBe(true);
  });

  it('false positives are settled by the store: a full filter still answers exactly', () => {
    const store = open(folder());
    // 256 bits (one block) for a thousand ids: every bit is set, so every answer from the filter is "maybe".
    const { r, lookups, seed } = records(store, { taskBitsLog2: 8 });
    const rows = Array.from({ length: 1000 }, () => row());
    store.ledger.insertMany(rows);
    seed();
    expect(r.hasTask('never-seen')).toBe(false);
    expect(lookups.task).toHaveBeenCalledWith('never-seen');
    expect(rows.every((x) => r.hasTask(x.taskId))).toBe(true);
  });

  it("memory for task ids is fixed whatever their number; for nonces it follows the window's tasks and goes back after", () => {
    const store = open(folder());
    const { r } = records(store);
    const before = r.bytes;
    expect(before).toBeLessThanOrEqual(5 * 2 ** 20);
    for (let i = 0; i < 200_000; i++) r.note(row({ ts: T0 + i }));
    expect(r.bytes).toBe(before);
    // 200,000 nonces within the window: about 10 bytes each, in tables at most half empty.
    for (let i = 0; i < 200_000; i++) r.note(row({ nonce: `n-${i}`, ts: T0 + i }));
    expect(r.bytes - before).toBeGreaterThan(200_000 * 10);
    expect(r.bytes - before).toBeLessThan(200_000 * 10 * 4);
    // Quiet minutes later, every slice of the burst has been reused: its memory is back.
    for (let m = 1; m <= 16; m++) r.note(row({ nonce: `q-${m}`, ts: T0 + 200 * SEC + m * 60 * SEC }));
    expect(r.bytes - before).toBeLessThan(64 * 1024);
  });

  it('is seeded in chunks, asking the store until it is done, and notes rows arriving meanwhile', () => {
    const store = open(folder());
    const old = Array.from({ length: 10 }, () => row());
    store.ledger.insertMany(old);
    const { r, lookups, step } = records(store, { chunkRows: 3 });
    r.start();
    // Not seeded: a new id is looked up in the store, as before.
    expect(r.hasTask('fresh-1')).toBe(false);
    expect(lookups.task).toHaveBeenCalledWith('fresh-1');
    const during = row();
    r.note(during);
    store.ledger.insertMany([during]);
    let steps = 0;
    while (!r.seeded) {
      step();
      if (++steps > 20) throw new Error('seeding does not end');
    }
    // Nonces first (none: one chunk of the ledger's, one of the cut tasks'), then 11 task ids in chunks of 3 (4
    // chunks, the last one short), then the cut tasks' ids (none: one chunk).
    expect(r.chunks).toBe(7);
    lookups.task.mockClear();
    expect(r.hasTask('fresh-2')).toBe(false);
    expect(lookups.task).not.toHaveBeenCalled();
    for (const x of [...old, during]) expect(r.hasTask(x.taskId)).toBe(true);
  });

  it('a store that cannot be read answers "no" (the running tasks are guarded in memory) and seeding tries again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    cleanups.push(() => vi.useRealTimers());
    const store = open(folder());
    store.ledger.insertMany([row()]);
    const { r, step } = records(store, { retryMs: 1000 });
    const read = vi.spyOn(store.ledger, 'noncesAfter').mockImplementationOnce(() => {
      throw new Error('disk I/O error');
    });
    vi.spyOn(store.ledger, 'hasTask').mockImplementationOnce(() => {
      throw new Error('disk I/O error');
    });
    r.start();
    expect(r.hasTask('any')).toBe(false);
    expect(r.seeded).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(read).toHaveBeenCalledTimes(2);
    while (!r.seeded) step();
  });
});

describe('replay records: nonces', () => {
  it('a nonce is single-use for the window across a restart, and free again after it', () => {
    const path = folder();
    const first = open(path);
    first.ledger.insertMany([
      row({ nonce: 'n-recent', ts: T0 - 60 * SEC }),
      row({ nonce: 'n-old', ts: T0 - REPLAY_WINDOW_MS - SEC }),
    ]);
    first.close();

    const store = open(path);
    const { r, lookups, seed, setNow } = records(store);
    seed();
    const since = T0 - REPLAY_WINDOW_MS;
    expect(r.hasNonce('n-recent', since)).toBe(true);
    expect(r.hasNonce('n-old', since)).toBe(false);
    lookups.nonce.mockClear();
    expect(r.hasNonce('n-never', since)).toBe(false);
    expect(lookups.nonce).not.toHaveBeenCalled();
    // Used now, it is a replay for the next 300 s, then free again.
    r.note(row({ nonce: 'n-now', ts: T0 }));
    store.ledger.insertMany([row({ nonce: 'n-now', ts: T0 })]);
    for (const later of [T0 + SEC, T0 + REPLAY_WINDOW_MS - SEC]) {
      setNow(later);
      expect(r.hasNonce('n-now', later - REPLAY_WINDOW_MS), `at +${later - T0} ms`).toBe(true);
    }
    const after = T0 + REPLAY_WINDOW_MS + SEC;
    expect(r.hasNonce('n-now', after - REPLAY_WINDOW_MS)).toBe(false);
  });

  it("a nonce still in the writer's queue is a replay, also before the memory of nonces is seeded", () => {
    const store = open(folder());
    const { r, unwritten, seed } = records(store);
    unwritten.nonces.add('n-queued');
    expect(r.hasNonce('n-queued', T0 - REPLAY_WINDOW_MS)).toBe(true);
    // Noted as the task path notes it (before the writer has it): a replay from memory, before and after seeding.
    r.note(row({ nonce: 'n-noted', ts: T0 }));
    expect(r.hasNonce('n-noted', T0 - REPLAY_WINDOW_MS)).toBe(true);
    seed();
    expect(r.hasNonce('n-noted', T0 - REPLAY_WINDOW_MS)).toBe(true);
  });

  it('once seeded, every nonce question is answered from memory, exactly, however many nonces the window holds', () => {
    const store = open(folder());
    const { r, lookups, seed } = records(store);
    seed();
    for (let i = 0; i < 50_000; i++) r.note(row({ nonce: `n-${i}`, ts: T0 - (i % 290) * SEC }));
    const since = T0 - REPLAY_WINDOW_MS;
    for (let i = 0; i < 50_000; i++) expect(r.hasNonce(`n-${i}`, since)).toBe(true);
    for (let i = 0; i < 50_000; i++) expect(r.hasNonce(`m-${i}`, since)).toBe(false);
    expect(lookups.nonce).not.toHaveBeenCalled();
  });

  it('before the seeding is done, a nonce question goes to the store, which reads the window through the time index', () => {
    const path = folder();
    const first = open(path);
    first.ledger.insertMany([row({ nonce: 'n-stored', ts: T0 - 10 * SEC })]);
    const plan = first.db
      .prepare("EXPLAIN QUERY PLAN SELECT 1 FROM ledger INDEXED BY ledger_ts WHERE ts >= 0 AND nonce = 'x' LIMIT 1")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX ledger_ts/);
    first.close();
    const store = open(path);
    const { r, lookups } = records(store);
    expect(r.hasNonce('n-stored', T0 - REPLAY_WINDOW_MS)).toBe(true);
    expect(r.hasNonce('n-stored', T0)).toBe(false);
    expect(r.hasNonce('n-other', T0 - REPLAY_WINDOW_MS)).toBe(false);
    expect(lookups.nonce).toHaveBeenCalledTimes(3);
  });
});

describe('replay records: tasks cut after their answer began', () => {
  it('a cut task is taken at once and after a restart, with no ledger row; its nonce for the window only', () => {
    const path = folder();
    const first = open(path);
    const before = records(first);
    before.seed();
    before.r.noteCut('cut-1', 'n-cut');
    before.r.noteCut('cut-2', null);
    expect([before.r.hasTask('cut-1'), before.r.hasTask('cut-2'), before.r.hasTask('never')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(before.r.hasNonce('n-cut', T0 - REPLAY_WINDOW_MS)).toBe(true);
    // It earned nothing and did not fail: the ledger has no row of it, the cut tasks' own table has.
    expect(first.ledger.hasTask('cut-1')).toBe(false);
    expect(first.cutTasks.hasTask('cut-1')).toBe(true);
    before.r.stop();
    first.close();

    const store = open(path);
    // Asked before the seeding: the store answers.
    const early = records(store);
    expect(early.r.hasTask('cut-1')).toBe(true);
    expect(early.r.hasNonce('n-cut', T0 - REPLAY_WINDOW_MS)).toBe(true);
    early.r.stop();
    // Seeded: the filters hold both, and a new id is still answered "no" without a lookup.
    const { r, lookups, seed, setNow } = records(store, { chunkRows: 1 });
    seed();
    const cutLookup = vi.spyOn(store.cutTasks, 'hasTask');
    expect([r.hasTask('cut-1'), r.hasTask('cut-2')]).toEqual([true, true]);
    lookups.task.mockClear();
    cutLookup.mockClear();
    for (let i = 0; i < 100; i++) expect(r.hasTask(`never-${i}`)).toBe(false);
    expect(lookups.task).not.toHaveBeenCalled();
    expect(cutLookup).not.toHaveBeenCalled();
    expect(r.hasNonce('n-cut', T0 - REPLAY_WINDOW_MS)).toBe(true);
    const after = T0 + REPLAY_WINDOW_MS + SEC;
    setNow(after);
    expect(r.hasNonce('n-cut', after - REPLAY_WINDOW_MS)).toBe(false);
    expect(r.hasTask('cut-1')).toBe(true);
  });

  it('a store that cannot be written still holds the cut task in memory for its nonce window', () => {
    const store = open(folder());
    const { r, seed } = records(store);
    seed();
    vi.spyOn(store.cutTasks, 'note').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    expect(() => r.noteCut('cut-x', 'n-x')).not.toThrow();
    expect(r.hasNonce('n-x', T0 - REPLAY_WINDOW_MS)).toBe(true);
  });
});

describe('Bloom filters', () => {
  it('never forget a key, and err on "maybe" rarely when sized for their load', () => {
    const f = new BloomFilter(20);
    for (let i = 0; i < 50_000; i++) f.add(`key-${i}`);
    for (let i = 0; i < 50_000; i++) expect(f.mayHave(`key-${i}`)).toBe(true);
    let positives = 0;
    for (let i = 0; i < 50_000; i++) if (f.mayHave(`other-${i}`)) positives++;
    // Theory for 2^20 bits in blocks of 256, 50,000 keys: about 0.01 % false positives.
    expect(positives).toBeLessThan(50);
  });

  it('a question touches one block of 256 bits: a key sets 8 bits there, and nothing outside it', () => {
    const f = new BloomFilter(12);
    const words = (f as unknown as { words: Uint32Array }).words;
    f.add('one key');
    const set = [...words.keys()].filter((i) => words[i] !== 0);
    expect(set).toHaveLength(8);
    expect(Math.floor(set[0]! / 8)).toBe(Math.floor(set[7]! / 8));
    expect(set.every((i) => words[i]!.toString(2).replace(/0/g, '').length === 1)).toBe(true);
  });
});
