/**
 * The ledger writer with the fold thread (as the engine runs it): journaled groups are folded on the thread, so the
 * event loop commits nothing for a served task; the event loop still folds at once when something reads the ledger,
 * and the two never write a group twice; figures read while the thread's answer is on its way count every row once;
 * a thread that dies or a store that refuses is handled like before.
 */
import { english } from '@shared/i18n/say';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LedgerWriter } from '@engine/earnings/ledger-writer';
import {
  FoldFailed,
  FoldThreadGone,
  LedgerThread,
  type FoldDone,
  type FoldFrame,
} from '@engine/earnings/ledger-thread';
import { Store } from '@engine/store';
import { decodeEntries } from '@engine/store/ledger-journal';
import type { NewLedgerRow, NewReceipt } from '@engine/store/ledger-repo';
import { eventually } from '../../support/eventually';
import { ledgerRows } from '../../support/ledger-rows';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c());
});

const T0 = Date.parse('2026-11-25T10:00:00Z');
const receipt = (r: NewLedgerRow): NewReceipt => ({
  body: { task_id: r.taskId },
  amount: 0.25,
  expiresAt: r.ts + 3_600_000,
});
const FOLD_MS = 50;
const count = (store: Store) => store.db.prepare('SELECT count(*) FROM ledger').pluck().get() as number;

type Folder = NonNullable<ConstructorParameters<typeof LedgerWriter>[0]['folder']>;

function setup(o: { folder?: (store: Store) => Folder } = {}) {
  const t = tempDir();
  const path = join(t.dir, 'provider.db');
  const store = Store.open(path);
  const thread = new LedgerThread(path, {
    log: () => undefined,
    changed: () => undefined,
    durable: () => Promise.resolve(),
  });
  store.beforeClose(() => thread.close());
  const stored: number[] = [];
  const problems: (string | null)[] = [];
  const logged: string[] = [];
  const writer = new LedgerWriter({
    ledger: store.ledger,
    journal: store.journal,
    folder: o.folder ? o.folder(store) : thread,
    flush: () => store.flush(),
    log: (_level, event, details) => logged.push(`${event} ${details}`),
    onChange: () => undefined,
    onStoreProblem: (m) => problems.push(m === null ? null : english.said(m)),
    receiptsStored: () => stored.push(1),
    foldAfterMs: FOLD_MS,
  });
  cleanups.push(
    t.cleanup,
    () => store.close(),
    () => writer.stop(),
  );
  return { store, thread, writer, stored, problems, logged, row: ledgerRows(T0) };
}

/** A folder that folds on the test's own connection when told to, and answers only when the test lets it. */
function heldFolder(store: Store) {
  const calls: { frames: FoldFrame[]; write: () => void; answer: () => void; fail: (err: Error) => void }[] = [];
  const folder: Folder = {
    ready: true,
    warm: () => undefined,
    fold: (frames) =>
      new Promise<FoldDone>((resolve, reject) => {
        let done: FoldDone | null = null;
        const write = () => {
          const groups = frames.map((f) => ({ entries: decodeEntries(f.payload)!, end: f.end }));
          const r = store.ledger.foldGroups(groups);
          done = { mark: r.mark, rows: r.rows, receipts: r.receipts, refused: [] };
        };
        calls.push({
          frames,
          write,
          answer: () => {
            if (!done) write();
            resolve(done!);
          },
          fail: reject,
        });
      }),
  };
  return { folder, calls };
}

describe('ledger writer with the fold thread', () => {
  it('folds on the event loop while the thread starts, then on the thread: the event loop commits nothing for a served task', async () => {
    const { store, thread, writer, stored, row } = setup();
    const early = row();
    await writer.record(early, null);
    // No thread yet: the first fold starts one and is done here meanwhile.
    await eventually(() => expect(store.ledger.hasTask(early.taskId)).toBe(true), 5_000, 5);
    await eventually(() => expect(thread.ready).toBe(true), 10_000, 5);
    const onLoop = vi.spyOn(store.ledger, 'foldGroups');
    const rows = Array.from({ length: 30 }, () => row());
    await Promise.all(rows.map((r, i) => writer.record(r, i % 3 === 0 ? receipt(r) : null)));
    expect(count(store)).toBe(1);
    await eventually(() => expect(count(store)).toBe(31), 10_000, 10);
    await eventually(() => expect([...writer.waiting()]).toEqual([]), 10_000, 10);
    expect(onLoop).not.toHaveBeenCalled();
    expect(store.ledger.outboxSize()).toBe(10);
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(store.ledger.journalMark()).toEqual(store.journal!.position);
    expect(thread.stats()).toMatchObject({ rows: 30, deaths: 0 });
  });

  it('a read of the ledger folds at once on the event loop while the thread folds the same frames: nothing twice', async () => {
    const { store, thread, writer, row } = setup();
    thread.warm();
    await eventually(() => expect(thread.ready).toBe(true), 10_000, 5);
    const sent = vi.spyOn(thread, 'fold');
    for (let turn = 0; turn < 5; turn++) {
      await Promise.all(Array.from({ length: 450 }, () => writer.record(row(), null)));
      // 400 rows and more are folded at the next turn: they go to the thread, and the event loop folds them too.
      await new Promise((r) => setImmediate(r));
      expect(sent).toHaveBeenCalledTimes(turn + 1);
      writer.flush();
      expect(count(store)).toBe((turn + 1) * 450);
      // The thread answers (having found its frames in the ledger, or written them first) before the next turn.
      await eventually(() => expect(thread.stats().folds).toBe(turn + 1), 10_000, 5);
    }
    expect(count(store)).toBe(2250);
    expect(store.ledger.rollups(T0, T0 + 1)[0]).toMatchObject({ jobs: 2250 });
    expect([...writer.waiting()]).toEqual([]);
  });

  it('figures read while the thread has written but not yet answered count every row once', async () => {
    const held: { calls?: ReturnType<typeof heldFolder>['calls'] } = {};
    const { store, writer, row } = setup({
      folder: (s) => {
        const h = heldFolder(s);
        held.calls = h.calls;
        return h.folder;
      },
    });
    const total = () => {
      const ledger = store.ledger;
      return ledger.consistent(
        () =>
          ledger.rollups(T0, T0 + 1).reduce((n, r) => n + r.jobs, 0) + [...writer.waiting(ledger.journalMark())].length,
      );
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => writer.record(row(), i === 0 ? receipt(row()) : null)));
    await eventually(() => expect(held.calls).toHaveLength(1), 5_000, 5);
    expect(total()).toBe(8);
    // The thread's transaction is committed; its answer has not arrived.
    held.calls![0]!.write();
    expect(count(store)).toBe(8);
    expect([...writer.waiting()]).toHaveLength(8);
    expect(total()).toBe(8);
    expect(writer.receiptsWaiting(store.ledger.journalMark())).toBe(0);
    held.calls![0]!.answer();
    await eventually(() => expect([...writer.waiting()]).toEqual([]), 5_000, 5);
    expect(total()).toBe(8);
  });

  it('a thread that dies: its frames go again; once no thread is left, the event loop folds', async () => {
    let available = true;
    const tries: number[] = [];
    const { store, writer, row } = setup({
      folder: () => ({
        get ready() {
          return available;
        },
        warm: () => undefined,
        fold: () => {
          tries.push(Date.now());
          if (tries.length === 2) available = false;
          return Promise.reject(new FoldThreadGone('the fold thread ended'));
        },
      }),
    });
    const rows = Array.from({ length: 5 }, () => row());
    await Promise.all(rows.map((r) => writer.record(r, null)));
    await eventually(() => expect(count(store)).toBe(5), 10_000, 10);
    expect(tries).toHaveLength(2);
    expect([...writer.waiting()]).toEqual([]);
  });

  it("a fold the thread's connection cannot write is written at once by the event loop: logged, nothing to show", async () => {
    const { store, writer, problems, logged, row } = setup({
      folder: () => ({
        ready: true,
        warm: () => undefined,
        fold: () => Promise.reject(new FoldFailed('SQLITE_READONLY', 'attempt to write a readonly database')),
      }),
    });
    const r = row();
    await writer.record(r, receipt(r));
    await eventually(() => expect(store.ledger.hasTask(r.taskId)).toBe(true), 5_000, 5);
    expect(store.ledger.outboxSize()).toBe(1);
    expect(writer.holdsTask(r.taskId)).toBe(false);
    expect(problems).toEqual([]);
    expect(logged).toEqual(['ledger_helper_failed SQLITE_READONLY: attempt to write a readonly database']);
  });

  it('a store that refuses both the thread and the event loop: the problem is shown, and the retry writes the rows once it can', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, writer, problems, row } = setup({
      folder: () => ({
        ready: true,
        warm: () => undefined,
        fold: () => Promise.reject(new FoldFailed('SQLITE_FULL', 'database or disk is full')),
      }),
    });
    const real = store.ledger.foldGroups.bind(store.ledger);
    let full = true;
    vi.spyOn(store.ledger, 'foldGroups').mockImplementation((groups) => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return real(groups);
    });
    const r = row();
    await writer.record(r, receipt(r));
    await vi.advanceTimersByTimeAsync(FOLD_MS);
    expect(problems.at(-1)).toMatch(/disk is full/);
    expect(writer.holdsTask(r.taskId)).toBe(true);
    expect(count(store)).toBe(0);
    full = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.ledger.hasTask(r.taskId)).toBe(true);
    expect(store.ledger.outboxSize()).toBe(1);
    expect(problems.at(-1)).toBeNull();
  });
});
