/**
 * The ledger writer with its journal (as the engine runs it on a WAL database): a turn's group is appended to the
 * journal with one write and answered after it, with no ledger commit on the way; journaled groups are folded into
 * the ledger in batches with the journal's mark, soon or at once when something reads the ledger; a journal that
 * cannot be written falls back to committing the group straight into the ledger.
 */
import { english } from '@shared/i18n/say';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LedgerWriter } from '@engine/earnings/ledger-writer';
import { Store } from '@engine/store';
import { journalBase, LedgerJournal } from '@engine/store/ledger-journal';
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

const T0 = Date.parse('2026-11-24T10:00:00Z');
const receipt = (r: NewLedgerRow): NewReceipt => ({
  body: { task_id: r.taskId },
  amount: 0.25,
  expiresAt: r.ts + 3_600_000,
});
const FOLD_MS = 200;

function setup(o: { journal?: (store: Store, path: string) => LedgerJournal } = {}) {
  const t = tempDir();
  const path = join(t.dir, 'provider.db');
  const store = Store.open(path);
  const journal = o.journal ? o.journal(store, path) : store.journal!;
  const stored: number[] = [];
  const problems: (string | null)[] = [];
  const flushes: number[] = [];
  const writer = new LedgerWriter({
    ledger: store.ledger,
    journal,
    flush: () => {
      flushes.push(1);
      return store.flush();
    },
    log: () => undefined,
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
  /** What a restart would read back from the journal. */
  const journaled = () =>
    LedgerJournal.recover(journalBase(path), store.ledger.journalMark()).frames.flatMap((f) =>
      f.entries.map((e) => e.row.taskId),
    );
  return { store, path, writer, journal, stored, problems, flushes, journaled, row: ledgerRows(T0) };
}

describe('ledger writer with a journal', () => {
  it('answers a turn after one journal write, before any ledger commit; the rows count as recorded meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, writer, journaled, row } = setup();
    const commits = vi.spyOn(store.ledger, 'foldGroups');
    const appends = vi.spyOn(LedgerJournal.prototype, 'appendPayload');
    const rows = [row(), row(), row({ nonce: 'n-1' })];
    await Promise.all(rows.map((r, i) => writer.record(r, i === 0 ? receipt(r) : null)));
    expect(appends).toHaveBeenCalledTimes(1);
    expect(commits).not.toHaveBeenCalled();
    expect(journaled()).toEqual(rows.map((r) => r.taskId));
    expect([...writer.waiting()].map((w) => w.row.taskId)).toEqual(rows.map((r) => r.taskId));
    expect(writer.receiptsWaiting()).toBe(1);
    expect(writer.holdsTask(rows[1]!.taskId)).toBe(true);
    expect(writer.holdsNonce('n-1')).toBe(true);
    expect(store.ledger.hasTask(rows[0]!.taskId)).toBe(false);
  });

  it('folds what it journaled within the fold delay, with the mark: a restart then finds nothing left to take in', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, path, writer, stored, journaled, row } = setup();
    const r = row();
    await writer.record(r, receipt(r));
    await vi.advanceTimersByTimeAsync(FOLD_MS - 1);
    expect(store.ledger.hasTask(r.taskId)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.ledger.hasTask(r.taskId)).toBe(true);
    expect(store.ledger.outboxSize()).toBe(1);
    expect(stored).toHaveLength(1);
    expect(writer.holdsTask(r.taskId)).toBe(false);
    expect([...writer.waiting()]).toEqual([]);
    expect(journaled()).toEqual([]);
    const again = Store.open(path);
    try {
      expect(again.recoveredGroups).toBe(0);
    } finally {
      again.close();
    }
  });

  it('folds a large backlog in batches of a few hundred rows, one batch per turn', async () => {
    const { store, writer, row } = setup();
    const commits = vi.spyOn(store.ledger, 'foldGroups');
    const rows = Array.from({ length: 2000 }, () => row());
    // Four turns of 500 rows (a group reaching 500 is written at once).
    for (let i = 0; i < 4; i++) {
      await Promise.all(rows.slice(i * 500, (i + 1) * 500).map((r) => writer.record(r, null)));
    }
    await eventually(() => expect(store.ledger.list({}, 1)[0]?.taskId).toBe(rows[1999]!.taskId), 10_000, 5);
    expect(commits.mock.calls.length).toBeGreaterThanOrEqual(4);
    for (const [groups] of commits.mock.calls)
      expect(groups.reduce((n, g) => n + g.entries.length, 0)).toBeLessThanOrEqual(500);
  });

  it('folds everything at once when asked (before the ledger is read)', async () => {
    const { store, writer, row } = setup();
    const rows = [row(), row()];
    await Promise.all(rows.map((r) => writer.record(r, null)));
    const lone = row();
    writer.record(lone, null, true);
    writer.flush();
    for (const r of [...rows, lone]) expect(store.ledger.hasTask(r.taskId)).toBe(true);
  });

  it('a journal that cannot be written: the group is committed straight into the ledger instead, with nothing to show', async () => {
    const { store, writer, problems, row } = setup();
    const commits = vi.spyOn(store.ledger, 'foldGroups');
    const append = vi.spyOn(LedgerJournal.prototype, 'appendPayload').mockImplementationOnce(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    const r = row();
    await writer.record(r, receipt(r));
    expect(commits).toHaveBeenCalledTimes(1);
    expect(store.ledger.hasTask(r.taskId)).toBe(true);
    expect(store.ledger.outboxSize()).toBe(1);
    expect(problems).toEqual([]);
    // The next turn is journaled again.
    append.mockRestore();
    const next = row();
    await writer.record(next, null);
    expect(commits).toHaveBeenCalledTimes(1);
    expect(writer.holdsTask(next.taskId)).toBe(true);
  });

  it('removes a journal file once its rows are folded and the ledger is flushed to the disk', async () => {
    const { path, writer, journal, flushes, row } = setup({
      journal: (store, p) => {
        store.journal!.close();
        return LedgerJournal.startFresh(journalBase(p), store.ledger.journalMark(), [1], 2048);
      },
    });
    cleanups.push(() => journal.close());
    const base = journalBase(path);
    const first = journal.position.gen;
    for (let i = 0; i < 40; i++) await writer.record(row(), null);
    expect(journal.position.gen).toBeGreaterThan(first);
    expect(existsSync(`${base}.${first}`)).toBe(true);
    writer.flush();
    expect(flushes.length).toBeGreaterThan(0);
    await eventually(() => expect(existsSync(`${base}.${first}`)).toBe(false), 10_000, 5);
    expect(existsSync(`${base}.${journal.position.gen}`)).toBe(true);
  });
});
