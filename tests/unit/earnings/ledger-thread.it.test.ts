/**
 * The ledger thread's folds: journal frames sent as the ledger writer appended them are written into the ledger on a
 * connection
 * of the thread's own — rows, receipts, rollups and the journal's mark in one transaction — frames the ledger already
 * holds are skipped (the event loop may fold the same frames first), and a thread that dies or a store that refuses
 * is reported to the caller, never hidden.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '@engine/store';
import {
  FoldFailed,
  FoldThreadGone,
  LedgerThread,
  type FoldFrame,
  type LedgerThreadOptions,
} from '@engine/earnings/ledger-thread';
import { encodeEntries } from '@engine/store/ledger-journal';
import type { LedgerEntry } from '@engine/store/ledger-entries';
import { ledgerRows } from '../../support/ledger-rows';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c());
});

const T0 = Date.parse('2026-11-25T10:00:00Z');

const hooks = { log: () => undefined, changed: () => undefined, durable: () => Promise.resolve() };

function setup(o: LedgerThreadOptions = {}) {
  const t = tempDir();
  const path = join(t.dir, 'provider.db');
  const store = Store.open(path);
  const thread = new LedgerThread(path, hooks, o);
  cleanups.push(
    t.cleanup,
    () => store.close(),
    () => thread.close(),
  );
  const row = ledgerRows(T0);
  let offset = 0;
  /** A journal frame of `n` tasks (every other one claiming a receipt), as the ledger writer appends it. */
  const frame = (n: number): { frame: FoldFrame; entries: LedgerEntry[] } => {
    const entries = Array.from({ length: n }, (_, i) => {
      const r = row({ nonce: `nonce-${offset}-${i}` });
      return {
        row: r,
        receipt:
          i % 2 === 0 ? { body: { task_id: r.taskId, amount: 0.5 }, amount: 0.5, expiresAt: T0 + 3_600_000 } : null,
      };
    });
    const payload = encodeEntries(entries);
    offset += payload.length + 8;
    return { frame: { payload, end: { gen: 1, offset } }, entries };
  };
  return { store, thread, frame, path };
}

describe('ledger thread: folds', () => {
  it('writes the frames it is sent into the ledger, with their receipts, rollups and the journal mark', async () => {
    const { store, thread, frame } = setup();
    const a = frame(3);
    const b = frame(2);
    const done = await thread.fold([a.frame, b.frame]);
    expect(done).toEqual({ mark: b.frame.end, rows: 5, receipts: 3, refused: [] });
    for (const e of [...a.entries, ...b.entries]) expect(store.ledger.hasTask(e.row.taskId)).toBe(true);
    expect(store.ledger.hasNonce(a.entries[0]!.row.nonce!, T0 - 1)).toBe(true);
    expect(store.ledger.outboxSize()).toBe(3);
    expect(store.ledger.journalMark()).toEqual(b.frame.end);
    const sums = store.ledger.rollups(T0, T0 + 1);
    expect(sums).toHaveLength(1);
    expect(sums[0]).toMatchObject({ jobs: 5, tokens: 50, pending: 1.5 });
    expect(thread.stats()).toMatchObject({ folds: 1, rows: 5, deaths: 0 });
  });

  it('skips the frames the ledger already holds: folded on the event loop first, nothing is written twice', async () => {
    const { store, thread, frame } = setup();
    const a = frame(2);
    const b = frame(2);
    // The event loop took `a` in itself (something read the ledger), with its mark.
    store.ledger.foldGroups([{ entries: a.entries, end: a.frame.end }]);
    const done = await thread.fold([a.frame, b.frame]);
    expect(done).toMatchObject({ mark: b.frame.end, rows: 2, receipts: 1 });
    expect(store.db.prepare('SELECT count(*) FROM ledger').pluck().get()).toBe(4);
    expect(store.ledger.rollups(T0, T0 + 1)[0]).toMatchObject({ jobs: 4 });
    // And the other way round: the thread's frames are skipped by a later fold on the event loop.
    expect(store.ledger.foldGroups([{ entries: b.entries, end: b.frame.end }])).toMatchObject({
      rows: 0,
      mark: b.frame.end,
    });
    expect(store.db.prepare('SELECT count(*) FROM ledger').pluck().get()).toBe(4);
  });

  it('says which entries the ledger refused (a second receipt for its task) and writes the rest', async () => {
    const { store, thread, frame } = setup();
    const a = frame(3);
    const first = a.entries[0]!;
    store.ledger.insertWithReceipt({ ...first.row, taskId: first.row.taskId }, first.receipt!);
    const done = await thread.fold([a.frame]);
    expect(done.refused).toHaveLength(1);
    expect(done.refused[0]!.taskId).toBe(first.row.taskId);
    expect(done.rows).toBe(3);
    expect(done.receipts).toBe(1);
    for (const e of a.entries.slice(1)) expect(store.ledger.hasTask(e.row.taskId)).toBe(true);
  });

  it("a database it cannot write now (another connection holds it): the fold fails with SQLite's code, nothing is taken as written", async () => {
    const { store, thread, frame } = setup({ busyTimeoutMs: 50 });
    store.db.exec('BEGIN IMMEDIATE');
    const f = frame(2);
    const err = await thread.fold([f.frame]).catch((e: unknown) => e);
    store.db.exec('COMMIT');
    expect(err).toBeInstanceOf(FoldFailed);
    expect((err as FoldFailed).code).toMatch(/^SQLITE_BUSY/);
    expect(store.ledger.hasTask(f.entries[0]!.row.taskId)).toBe(false);
    expect(thread.stats().lastError).toMatch(/SQLITE_BUSY/);
    // Once the lock is free the same frames go in, whole.
    await expect(thread.fold([f.frame])).resolves.toMatchObject({ rows: 2, mark: f.frame.end });
    expect(thread.stats().lastError).toBeNull();
  });

  it("a thread that dies fails its folds; the next fold starts another; after too many, folding is the event loop's", async () => {
    const { store, thread, frame } = setup({ maxRestarts: 1 });
    await thread.fold([frame(1).frame]);
    const worker = (thread as unknown as { thread: { worker: { terminate(): Promise<number> } } }).thread.worker;
    const f = frame(2);
    // The fold must still be under way when the thread dies: the test's connection holds the write lock, so the
    // thread waits in its BEGIN IMMEDIATE and cannot answer. `terminate()` stops the thread at once (before it
    // returns its promise); only then is the lock given back, so no fold can be answered between the two.
    store.db.exec('BEGIN IMMEDIATE');
    const lost = thread.fold([f.frame]);
    const gone = worker.terminate();
    store.db.exec('COMMIT');
    await gone;
    await expect(lost).rejects.toBeInstanceOf(FoldThreadGone);
    expect(store.ledger.hasTask(f.entries[0]!.row.taskId)).toBe(false);
    expect(thread.available).toBe(true);
    // The frames go again, to a new thread.
    await expect(thread.fold([f.frame])).resolves.toMatchObject({ mark: f.frame.end });
    expect(store.ledger.hasTask(f.entries[1]!.row.taskId)).toBe(true);
    const second = (thread as unknown as { thread: { worker: { terminate(): Promise<number> } } }).thread.worker;
    await second.terminate();
    await expect.poll(() => thread.available).toBe(false);
    await expect(thread.fold([frame(1).frame])).rejects.toBeInstanceOf(FoldThreadGone);
  });

  it('warm starts a thread ahead of the first fold; an idle one closes again', async () => {
    const { thread } = setup({ idleMs: 50 });
    expect(thread.ready).toBe(false);
    thread.warm();
    await expect.poll(() => thread.ready, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => thread.ready, { timeout: 5_000 }).toBe(false);
    expect(thread.stats()).toMatchObject({ folds: 0, deaths: 0 });
  });

  it('an idle thread closes and gives its memory back; the next fold starts a new one', async () => {
    const { store, thread, frame } = setup({ idleMs: 20 });
    await thread.fold([frame(1).frame]);
    const first = (thread as unknown as { thread: unknown }).thread;
    await expect.poll(() => (thread as unknown as { thread: unknown }).thread).toBeNull();
    const f = frame(1);
    await thread.fold([f.frame]);
    expect((thread as unknown as { thread: unknown }).thread).not.toBe(first);
    expect(store.ledger.hasTask(f.entries[0]!.row.taskId)).toBe(true);
    expect(thread.stats().deaths).toBe(0);
  });

  it('close waits for the fold under way and fails what is left; a closed thread takes no more', async () => {
    const { store, thread, frame } = setup();
    const f = frame(200);
    const pending = thread.fold([f.frame]);
    thread.close();
    // Either the thread finished the fold before it closed its connection (then it is all in the ledger), or the
    // fold failed as a whole: never half of it.
    const written = await pending.then(
      () => true,
      (err: unknown) => {
        expect(err).toBeInstanceOf(FoldThreadGone);
        return false;
      },
    );
    const rows = store.db.prepare('SELECT count(*) FROM ledger').pluck().get();
    expect(rows).toBe(written ? 200 : 0);
    expect(thread.available).toBe(false);
    await expect(thread.fold([frame(1).frame])).rejects.toBeInstanceOf(FoldThreadGone);
  });
});

/** Whether the file system under the temp folder honours the immutable flag (ext4 and most others; not tmpfs). */
function immutableWorks(): boolean {
  const t = tempDir();
  try {
    const f = join(t.dir, 'probe');
    writeFileSync(f, 'x');
    execFileSync('chattr', ['+i', f], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', f], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    t.cleanup();
  }
}

const immutable = immutableWorks();
if (!immutable)
  console.warn(
    '[earnings] ledger-thread.test.ts: the connection-fault case is SKIPPED — the temp folder ignores chattr +i',
  );

describe.skipIf(!immutable)('ledger thread: a connection that cannot write', () => {
  it('is replaced at the next fold (a connection opened while the file could not be written stays read-only)', async () => {
    const { store, thread, frame, path } = setup();
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    execFileSync('chattr', ['+i', path]);
    let locked = true;
    cleanups.push(() => {
      if (locked) execFileSync('chattr', ['-i', path]);
    });
    const f = frame(2);
    const err = await thread.fold([f.frame]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FoldFailed);
    expect((err as FoldFailed).code).toMatch(/^SQLITE_(READONLY|CANTOPEN)/);
    expect(thread.stats().deaths).toBe(1);
    execFileSync('chattr', ['-i', path]);
    locked = false;
    await expect(thread.fold([f.frame])).resolves.toMatchObject({ rows: 2, mark: f.frame.end });
    expect(store.ledger.hasTask(f.entries[1]!.row.taskId)).toBe(true);
  });
});
