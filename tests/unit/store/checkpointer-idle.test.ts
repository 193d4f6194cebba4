/**
 * How often the checkpointer looks at the WAL. A WAL that stands still with a short tail (below the threshold, so
 * nothing to copy yet) is looked at once a second; quick looks are only for a WAL that changes, so an idle node does
 * not wake ten times a second to find the same WAL.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Checkpointer } from '@engine/store/checkpointer';
import { openDatabase, type Db } from '@engine/store/database';
import { LedgerRepository, type LedgerEntry } from '@engine/store/ledger-repo';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c());
});

/** Counts the checkpointer's looks: each is one read of `PRAGMA wal_checkpoint(NOOP)`. */
function countLooks(db: Db): () => number {
  let n = 0;
  const prepare = db.prepare.bind(db);
  (db as { prepare: unknown }).prepare = (sql: string) => {
    const st = prepare(sql);
    if (/wal_checkpoint\(NOOP\)/i.test(sql)) {
      const get = st.get.bind(st) as (...a: unknown[]) => unknown;
      (st as unknown as { get: unknown }).get = (...a: unknown[]) => {
        n++;
        return get(...a);
      };
    }
    return st;
  };
  return () => n;
}

let seq = 0;
function group(n = 3): LedgerEntry[] {
  return Array.from({ length: n }, () => {
    seq += 1;
    const row = {
      taskId: `t-${seq}`,
      ts: Date.parse('2026-11-21T10:00:00Z') + seq,
      intent: 'urn:iicp:intent:llm:chat:v1',
      model: 'llama3',
      outcome: 'ok' as const,
      tokens: 10,
      latencyMs: 5,
    };
    return { row, receipt: null };
  });
}

function open(): { db: Db; ledger: LedgerRepository; looks: () => number } {
  const t = tempDir();
  const db = openDatabase(`${t.dir}/provider.db`);
  const looks = countLooks(db);
  const cp = new Checkpointer(db, { pollMs: 100, idlePollMs: 1000 });
  cleanups.push(
    t.cleanup,
    () => db.close(),
    () => cp.close(),
  );
  return { db, ledger: new LedgerRepository(db), looks };
}

describe('the checkpointer at rest', () => {
  it('looks at a WAL with a short tail that stands still once a second', () => {
    const { db, ledger, looks } = open();
    ledger.insertGroup(group());
    const wal = db.prepare('PRAGMA wal_checkpoint(NOOP)').get() as { log: number; checkpointed: number };
    expect(wal.log - wal.checkpointed).toBeGreaterThan(0);
    expect(wal.log - wal.checkpointed).toBeLessThan(1000);
    // The first looks see the WAL move; after that it stands still.
    vi.advanceTimersByTime(2_000);
    const before = looks();
    vi.advanceTimersByTime(10_000);
    expect(looks() - before).toBeLessThanOrEqual(11);
    expect(looks() - before).toBeGreaterThanOrEqual(9);
  });

  it('looks quickly again once the WAL moves', () => {
    const { ledger, looks } = open();
    ledger.insertGroup(group());
    vi.advanceTimersByTime(5_000);
    // Writes every 100 ms: each look finds the WAL moved, and the next comes 100 ms later.
    const before = looks();
    for (let i = 0; i < 20; i++) {
      ledger.insertGroup(group());
      vi.advanceTimersByTime(100);
    }
    expect(looks() - before).toBeGreaterThanOrEqual(8);
  });
});
