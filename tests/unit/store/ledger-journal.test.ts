/**
 * The ledger's journal: groups appended as frames and read back after the ledger's mark, a torn or damaged tail
 * ending a file (never hiding a later frame), files rotated past a size and removed once folded, and a restart that
 * takes what a killed process left into the ledger once — through Store.open, as the next start does.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '@engine/store';
import { journalBase, LedgerJournal, type JournalMark } from '@engine/store/ledger-journal';
import { LedgerRepository, type LedgerEntry } from '@engine/store/ledger-repo';
import { ledgerRows } from '../../support/ledger-rows';
import { tempDir } from '../../support/tmp';
import type { TaskUnits } from '@shared/contract';

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c()),
);

const T0 = Date.parse('2026-11-24T10:00:00Z');

function folder() {
  const t = tempDir('iicp-journal-');
  cleanups.push(t.cleanup);
  return { dir: t.dir, base: join(t.dir, 'provider.db.ledger-journal') };
}

function entries(n: number, row = ledgerRows(T0)): LedgerEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    // Energy on some rows, as a node with a power meter writes them.
    row: row({ nonce: `n-${i}`, energyJ: i % 3 === 0 ? null : 12.75 * i }),
    receipt:
      i % 2 === 0 ? { body: { task_id: `t${i}`, amount: 0.001 }, amount: 0.001, expiresAt: T0 + 3_600_000 } : null,
  }));
}

const ids = (frames: { entries: LedgerEntry[] }[]) => frames.flatMap((f) => f.entries.map((e) => e.row.taskId));
const NONE: JournalMark = { gen: 0, offset: 0 };

/** Opens the store as the next start does: how many groups it took in, and the ledger's rows then. */
function reopened(path: string): { recovered: number; rows: number } {
  const store = Store.open(path);
  try {
    return { recovered: store.recoveredGroups, rows: store.ledger.list({}, 1000).length };
  } finally {
    store.close();
  }
}

describe('ledger journal: frames', () => {
  it('reads back every group appended, in order, with the mark after each', () => {
    const { base } = folder();
    const j = LedgerJournal.startFresh(base, NONE, []);
    cleanups.push(() => j.close());
    const row = ledgerRows(T0);
    const a = entries(3, row);
    const b = entries(2, row);
    const endA = j.append(a);
    const endB = j.append(b);
    expect(endA.gen).toBe(1);
    expect(endB.offset).toBeGreaterThan(endA.offset);
    const all = LedgerJournal.recover(base, NONE);
    expect(all.gens).toEqual([1]);
    expect(all.frames.map((f) => f.end)).toEqual([endA, endB]);
    expect(all.frames[0]!.entries).toEqual(a);
    // After a mark, only what follows it.
    expect(ids(LedgerJournal.recover(base, endA).frames)).toEqual(b.map((e) => e.row.taskId));
    expect(LedgerJournal.recover(base, endB).frames).toEqual([]);
  });

  it('a torn last frame ends the file, and so does a damaged one; the frames before it are kept', () => {
    const { base } = folder();
    const j = LedgerJournal.startFresh(base, NONE, []);
    const row = ledgerRows(T0);
    const first = j.append(entries(2, row));
    const second = j.append(entries(2, row));
    j.close();
    const file = `${base}.1`;
    // Cut short in the middle of the second frame (a power cut during its write).
    truncateSync(file, second.offset - 5);
    expect(LedgerJournal.recover(base, NONE).frames.map((f) => f.end)).toEqual([first]);
    // Zeros where the kernel had not written the data yet.
    appendFileSync(file, Buffer.alloc(64));
    expect(LedgerJournal.recover(base, NONE).frames.map((f) => f.end)).toEqual([first]);
    // A flipped byte inside the first frame's payload: its CRC fails, and nothing of the file is trusted after it.
    const bytes = readFileSync(file);
    bytes[20] = bytes[20]! ^ 0xff;
    writeFileSync(file, bytes);
    expect(LedgerJournal.recover(base, NONE).frames).toEqual([]);
  });

  it('a frame whose length runs past the file, or is absurd, is not read', () => {
    const { base } = folder();
    const head = Buffer.alloc(8);
    head.writeUInt32LE(0xffffffff, 0);
    writeFileSync(`${base}.1`, Buffer.concat([head, Buffer.from('[]')]));
    expect(LedgerJournal.recover(base, NONE).frames).toEqual([]);
  });

  it('a frame with a valid CRC but entries that are not ledger rows is not taken in', () => {
    const { base } = folder();
    const j = LedgerJournal.startFresh(base, NONE, []);
    j.append([{ row: { taskId: 42 }, receipt: null } as unknown as LedgerEntry]);
    // Energy that is not a number of joules is not a ledger row either.
    const [bad] = entries(1);
    j.append([{ ...bad!, row: { ...bad!.row, energyJ: -1 } }]);

    j.close();
    expect(LedgerJournal.recover(base, NONE).frames).toEqual([]);
  });

  it('a count in a unit the ledger does not know, or not a whole number, is not a ledger row either', () => {
    const seconds = { unit: 'seconds', count: 3 } as unknown as TaskUnits;
    for (const units of [seconds, { unit: 'audio_ms', count: 1.5 } as const, { unit: 'items', count: -1 } as const]) {
      const { base } = folder();
      const j = LedgerJournal.startFresh(base, NONE, []);
      const [e] = entries(1);
      j.append([{ ...e!, row: { ...e!.row, units } }]);
      j.close();
      expect(LedgerJournal.recover(base, NONE).frames).toEqual([]);
    }
    // A known unit with a whole count is read back as it was written.
    const { base } = folder();
    const j = LedgerJournal.startFresh(base, NONE, []);
    const [e] = entries(1);
    j.append([{ ...e!, row: { ...e!.row, units: { unit: 'characters', count: 3400 } } }]);
    j.close();
    expect(LedgerJournal.recover(base, NONE).frames[0]!.entries[0]!.row.units).toEqual({
      unit: 'characters',
      count: 3400,
    });
  });

  it('moves to a new generation past its size, and removes the folded ones on request', () => {
    const { dir, base } = folder();
    const j = LedgerJournal.startFresh(base, NONE, [], 1024);
    cleanups.push(() => j.close());
    const row = ledgerRows(T0);
    const marks: JournalMark[] = [];
    for (let i = 0; i < 12; i++) marks.push(j.append(entries(4, row)));
    const gens = [...new Set(marks.map((m) => m.gen))];
    expect(gens.length).toBeGreaterThan(2);
    for (const g of gens) expect(statSync(`${base}.${g}`).size).toBeLessThan(1024 + 4096);
    // Every frame is read back across the files, in order.
    expect(LedgerJournal.recover(base, NONE).frames.map((f) => f.end)).toEqual(marks);
    // From a mark in a later generation on: the earlier files are skipped.
    const mid = marks.find((m) => m.gen === gens[1])!;
    expect(LedgerJournal.recover(base, mid).frames.map((f) => f.end)).toEqual(marks.slice(marks.indexOf(mid) + 1));
    j.removeBefore(gens[1]!);
    expect(existsSync(`${base}.${gens[0]}`)).toBe(false);
    expect(existsSync(`${base}.${gens[1]}`)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes('ledger-journal')).length).toBe(gens.length - 1);
  });

  it('is owner-only', () => {
    if (process.platform === 'win32') return;
    const { base } = folder();
    const j = LedgerJournal.startFresh(base, NONE, []);
    j.close();
    expect(statSync(`${base}.1`).mode & 0o777).toBe(0o600);
  });
});

describe('ledger journal: a restart after a kill', () => {
  it('takes what the killed process journaled into the ledger once, and starts a fresh file', () => {
    const { dir } = folder();
    const path = join(dir, 'provider.db');
    const row = ledgerRows(T0);
    const first = Store.open(path);
    const folded = entries(3, row);
    first.ledger.insertGroup(folded, first.journal!.append(folded));
    const left = [...entries(4, row), ...entries(2, row)];
    first.journal!.append(left.slice(0, 4));
    first.journal!.append(left.slice(4));
    // Killed: nothing folded after the first group, nothing closed (the handles die with the process).
    const second = Store.open(path);
    try {
      expect(second.recoveredGroups).toBe(2);
      const rows = second.ledger
        .list({}, 100)
        .map((r) => r.taskId)
        .sort();
      expect(rows).toEqual([...folded, ...left].map((e) => e.row.taskId).sort());
      expect(second.ledger.outboxSize()).toBe([...folded, ...left].filter((e) => e.receipt).length);
      // The old generation is gone; the new one starts after it.
      expect(existsSync(`${journalBase(path)}.1`)).toBe(false);
      expect(second.journal!.position).toEqual({ gen: 2, offset: 0 });
    } finally {
      second.close();
      first.close();
    }
    // A third start finds nothing left to take in: no row twice.
    expect(reopened(path)).toEqual({ recovered: 0, rows: 9 });
  });

  it("keeps a speech task's own unit through a kill between the journal and the fold, and sums it per unit", () => {
    const { dir } = folder();
    const path = join(dir, 'provider.db');
    const row = ledgerRows(T0);
    const speech: LedgerEntry[] = [
      { row: row({ model: 'whisper', units: { unit: 'audio_ms', count: 90_000 } }), receipt: null },
      { row: row({ model: 'whisper', units: { unit: 'audio_ms', count: 30_500 } }), receipt: null },
      { row: row({ model: 'kokoro', units: { unit: 'characters', count: 3400 } }), receipt: null },
      { row: row({ model: 'llama3' }), receipt: null },
    ];
    const first = Store.open(path);
    first.journal!.append(speech);
    // Killed before the fold: the rows exist only in the journal.
    const second = Store.open(path);
    try {
      expect(second.recoveredGroups).toBe(1);
      const byTask = new Map(second.ledger.list({}, 10).map((r) => [r.taskId, r.units]));
      expect(speech.map((e) => byTask.get(e.row.taskId))).toEqual([
        { unit: 'audio_ms', count: 90_000 },
        { unit: 'audio_ms', count: 30_500 },
        { unit: 'characters', count: 3400 },
        null,
      ]);
      const sums = second.ledger.unitSums(T0, T0 + 1);
      // The chat model's quarter hour holds no units, so it is not read for them.
      expect(sums.sort((a, b) => a.model.localeCompare(b.model))).toEqual([
        { model: 'kokoro', audioMs: 0, characters: 3400, items: 0 },
        { model: 'whisper', audioMs: 120_500, characters: 0, items: 0 },
      ]);
    } finally {
      second.close();
      first.close();
    }
  });

  it('a journal the ledger cannot take in at start stays for the next start, and this run keeps none', () => {
    const { dir } = folder();
    const path = join(dir, 'provider.db');
    const first = Store.open(path);
    first.journal!.append(entries(2));
    first.close();
    // The ledger refuses writes at the next start (as on a full disk).
    const full = vi.spyOn(LedgerRepository.prototype, 'insertGroup').mockImplementation(() => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    const readOnly = Store.open(path);
    full.mockRestore();
    try {
      expect(readOnly.recoveryError?.message).toMatch(/disk is full/);
      expect(readOnly.journal).toBeNull();
      expect(existsSync(`${journalBase(path)}.1`)).toBe(true);
    } finally {
      readOnly.close();
    }
    expect(reopened(path)).toEqual({ recovered: 1, rows: 2 });
  });
});
