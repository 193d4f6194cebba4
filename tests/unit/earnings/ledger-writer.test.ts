/**
 * The ledger writer's group commit: the tasks finishing in one turn of the event loop share one transaction (rows,
 * receipts, rollups summed per quarter hour and model), answered at the commit; receipts are flushed to the disk when
 * the poster asks (`durable()`); a store that refuses writes keeps everything in memory, answers go out anyway, and
 * the queue is retried.
 */
import { english } from '@shared/i18n/say';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LedgerWriter } from '@engine/earnings/ledger-writer';
import type { Store } from '@engine/store';
import { BUCKET_MS, type NewLedgerRow, type NewReceipt } from '@engine/store/ledger-repo';
import { tempStore } from '../../support/tmp';
import { ledgerRows } from '../../support/ledger-rows';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c());
});

const T0 = Date.parse('2026-11-21T10:00:00Z');
const row = ledgerRows(T0);
const receipt = (r: NewLedgerRow, amount = 0.25): NewReceipt => ({
  body: { task_id: r.taskId },
  amount,
  expiresAt: r.ts + 3_600_000,
});

function setup() {
  const t = tempStore();
  cleanups.push(t.cleanup);
  const store = t.store;
  const flushes: (() => void)[] = [];
  const problems: (string | null)[] = [];
  const stored: number[] = [];
  const writer = new LedgerWriter({
    ledger: store.ledger,
    // The WAL flush, held until the test lets it go.
    flush: () => new Promise<void>((resolve) => flushes.push(resolve)),
    log: () => undefined,
    onChange: () => undefined,
    onStoreProblem: (m) => problems.push(m === null ? null : english.said(m)),
    receiptsStored: () => stored.push(Date.now()),
  });
  cleanups.unshift(() => writer.stop());
  return { store, writer, flushes, problems, stored };
}

/** Counts the upserts of ledger_rollup (each is an INSERT or, on conflict, an UPDATE). */
function countRollupWrites(store: Store): () => number {
  store.db.exec(`
    CREATE TEMP TABLE rollup_writes (n INTEGER NOT NULL);
    INSERT INTO rollup_writes VALUES (0);
    CREATE TEMP TRIGGER rollup_ins AFTER INSERT ON main.ledger_rollup BEGIN UPDATE rollup_writes SET n = n + 1; END;
    CREATE TEMP TRIGGER rollup_upd AFTER UPDATE ON main.ledger_rollup BEGIN UPDATE rollup_writes SET n = n + 1; END;
  `);
  return () => store.db.prepare('SELECT n FROM rollup_writes').pluck().get() as number;
}

const turn = () => new Promise((r) => setImmediate(r));

describe('ledger writer: one group commit per turn', () => {
  it('the tasks of one turn share one transaction, with one rollup upsert per quarter hour and model', async () => {
    const { store, writer } = setup();
    const groups = vi.spyOn(store.ledger, 'foldGroups');
    const rollupWrites = countRollupWrites(store);
    const rows = [
      ...Array.from({ length: 6 }, () => row()),
      ...Array.from({ length: 3 }, () => row({ model: 'qwen2.5' })),
      row({ ts: T0 + BUCKET_MS, outcome: 'error', tokens: null }),
    ];
    rows.forEach((r, i) => void writer.record(r, i % 2 === 0 ? receipt(r) : null));
    expect(store.ledger.hasTask(rows[0]!.taskId)).toBe(false); // nothing written before the end of the turn
    await turn();
    expect(groups).toHaveBeenCalledTimes(1);
    expect(rollupWrites()).toBe(3);
    for (const r of rows) expect(store.ledger.hasTask(r.taskId)).toBe(true);
    const sums = store.ledger.rollups(T0, T0 + 2 * BUCKET_MS);
    expect(sums.find((s) => s.model === 'llama3')).toMatchObject({
      jobs: 6,
      errors: 0,
      tokens: 60,
      pending: 0.75,
      claimedU: 750_000,
    });
    expect(sums.find((s) => s.model === 'qwen2.5')).toMatchObject({
      jobs: 3,
      tokens: 30,
      pending: 0.5,
      claimedU: 500_000,
    });
    expect(sums.find((s) => s.bucket === Math.floor((T0 + BUCKET_MS) / BUCKET_MS))).toMatchObject({
      jobs: 0,
      errors: 1,
      tokens: 0,
    });
    expect(store.ledger.outboxSize()).toBe(5);
  });

  it('a group that reaches the row cap is committed at once, without waiting for the end of the turn', () => {
    const { store, writer } = setup();
    const rows = Array.from({ length: 500 }, () => row());
    for (const r of rows) void writer.record(r, null);
    expect(store.ledger.hasTask(rows[499]!.taskId)).toBe(true);
  });

  it('a task alone (none other running) is committed at once, with whatever the turn had gathered', async () => {
    const { store, writer, stored } = setup();
    const groups = vi.spyOn(store.ledger, 'foldGroups');
    const earlier = row();
    const waited = writer.record(earlier, null);
    const lone = row();
    // Nothing to wait for: the row is in the store when record returns.
    expect(writer.record(lone, receipt(lone), true)).toBeUndefined();
    expect(store.ledger.hasTask(lone.taskId)).toBe(true);
    expect(store.ledger.hasTask(earlier.taskId)).toBe(true);
    expect(groups).toHaveBeenCalledTimes(1);
    expect(stored).toHaveLength(1);
    await waited;
    await turn();
    expect(groups).toHaveBeenCalledTimes(1); // the end of the turn finds nothing left to commit
  });

  it('rows and receipts are answered at the commit; the poster is told, and durable() waits for the disk flush', async () => {
    const { store, writer, flushes, stored } = setup();
    const plain = row();
    const claims = [row(), row()];
    await Promise.all([writer.record(plain, null), ...claims.map((r) => writer.record(r, receipt(r)))]);
    expect(store.ledger.outboxSize()).toBe(2);
    expect(flushes).toHaveLength(0);
    expect(stored).toHaveLength(1); // one call for the group
    let durable = false;
    void writer.durable().then(() => (durable = true));
    await turn();
    expect(flushes).toHaveLength(1);
    expect(durable).toBe(false);
    flushes[0]!();
    await turn();
    expect(durable).toBe(true);
  });

  it('a group of plain rows does not call the poster', async () => {
    const { writer, stored } = setup();
    await writer.record(row(), null);
    expect(stored).toHaveLength(0);
  });
});

describe('ledger writer: a store that refuses writes', () => {
  function failing(store: Store) {
    const real = store.ledger.foldGroups.bind(store.ledger);
    let full = true;
    vi.spyOn(store.ledger, 'foldGroups').mockImplementation((groups) => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return real(groups);
    });
    return { free: () => (full = false) };
  }

  it('keeps rows and claims in memory, answers anyway, shows the problem, and writes them on the retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, writer, flushes, problems } = setup();
    const disk = failing(store);
    const a = row();
    await writer.record(a, receipt(a));
    expect(problems.at(-1)).toMatch(/disk is full/);
    expect(writer.holdsTask(a.taskId)).toBe(true);
    // While the store refuses, new tasks wait in memory and their answers are not held at all.
    const b = row({ nonce: 'n-b' });
    expect(writer.record(b, null)).toBeUndefined();
    expect(writer.holdsNonce('n-b')).toBe(true);
    expect([...writer.waiting()].map((w) => w.claimed)).toEqual([0.25, 0]);
    disk.free();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.ledger.hasTask(a.taskId) && store.ledger.hasTask(b.taskId)).toBe(true);
    expect(store.ledger.outboxSize()).toBe(1);
    expect(writer.holdsTask(a.taskId)).toBe(false);
    expect(problems.at(-1)).toBeNull();
    expect(flushes).toHaveLength(0); // the poster's round flushes the claim before it is posted
  });

  it('a store down for long: plain rows give way first, the claims stay', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, writer } = setup();
    failing(store);
    const first = row();
    await writer.record(first, null);
    const claims = Array.from({ length: 100 }, () => row());
    for (const r of claims) writer.record(r, receipt(r));
    for (let i = 0; i < 19_899; i++) writer.record(row(), null);
    expect([...writer.waiting()]).toHaveLength(20_000);
    writer.record(row(), null);
    expect([...writer.waiting()]).toHaveLength(20_000);
    expect(writer.holdsTask(first.taskId)).toBe(false); // the oldest plain row gave way
    expect(claims.every((r) => writer.holdsTask(r.taskId))).toBe(true);
  });
});
