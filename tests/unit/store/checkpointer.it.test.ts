/**
 * The WAL is checkpointed on a thread of its own (store/checkpointer.ts), never inside a COMMIT on the event loop:
 * the WAL stays short under a stream of commits, the main connection does not checkpoint while the thread keeps up,
 * a thread that dies is replaced (a bounded number of times, then SQLite's own checkpoint comes back), a WAL that
 * reaches the hard bound is checkpointed on the main connection, and `Store.close()` ends the thread first.
 */
import { existsSync, statSync, unlinkSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '@engine/store';
import { type CheckpointerOptions } from '@engine/store/checkpointer';
import { Checkpointer } from '@engine/store/checkpointer';
import { openDatabase, type Db } from '@engine/store/database';
import { LedgerRepository, type LedgerEntry } from '@engine/store/ledger-repo';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c()),
);

/** Small bounds, looked at often: a test writes a few MiB, not hundreds. */
const SMALL: CheckpointerOptions = {
  thresholdFrames: 64,
  restartFrames: 256,
  hardLimitBytes: 4 * 2 ** 20,
  pollMs: 2,
  idlePollMs: 5,
};
const WAIT = { timeout: 20_000, interval: 5 };

function folder(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

function openStore(o: CheckpointerOptions): { store: Store; path: string } {
  const path = `${folder()}/provider.db`;
  const store = Store.open(path, undefined, { checkpoints: o });
  cleanups.push(() => store.close());
  return { store, path };
}

/**
 * A bare connection with a Checkpointer of its own (no Store), both closed after the test; `checkpoints` counts the
 * main connection's checkpoints from before the Checkpointer was made.
 */
function openWithCheckpointer(o: CheckpointerOptions): {
  db: Db;
  cp: Checkpointer;
  path: string;
  checkpoints: () => number;
} {
  const path = `${folder()}/provider.db`;
  const db = openDatabase(path);
  const checkpoints = countCheckpoints(db);
  const cp = new Checkpointer(db, o);
  cleanups.push(() => {
    cp.close();
    db.close();
  });
  return { db, cp, path, checkpoints };
}

let seq = 0;
/** Tasks with receipts, each a few hundred bytes: a group of 10 writes a dozen WAL pages or so. */
function group(n = 10): LedgerEntry[] {
  return Array.from({ length: n }, () => {
    const taskId = `t-${++seq}-${'x'.repeat(40)}`;
    const row = {
      taskId,
      ts: Date.parse('2026-11-21T10:00:00Z') + seq,
      intent: 'urn:iicp:intent:llm:chat:v1',
      model: 'llama3',
      outcome: 'ok' as const,
      tokens: 100,
      latencyMs: 5,
      nonce: `${seq}`.padStart(32, '0'),
    };
    return {
      row,
      receipt: { body: { task_id: taskId, signature: 'ab'.repeat(64) }, amount: 0.1, expiresAt: row.ts + 3_600_000 },
    };
  });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Wal {
  log: number;
  checkpointed: number;
}
const walOf = (db: Db) => db.prepare('PRAGMA wal_checkpoint(NOOP)').get() as Wal;

/** Commits `turns` groups, one per turn of the event loop, and follows the WAL: its largest size and its restarts. */
async function stream(db: Db, ledger: LedgerRepository, turns: number) {
  const noop = db.prepare('PRAGMA wal_checkpoint(NOOP)');
  let max = 0;
  let restarts = 0;
  let written = 0;
  let prev = (noop.get() as Wal).log;
  for (let i = 0; i < turns; i++) {
    ledger.insertGroup(group());
    const { log } = noop.get() as Wal;
    if (log < prev) restarts++;
    written += log >= prev ? log - prev : log;
    prev = log;
    max = Math.max(max, log);
    await nextTurn();
  }
  return { max, restarts, written };
}

/** Writes until the WAL holds at least `frames` frames not yet checkpointed. */
function fill(db: Db, ledger: LedgerRepository, frames: number): void {
  for (let wal = walOf(db); wal.log - wal.checkpointed < frames; wal = walOf(db)) ledger.insertGroup(group());
}

/** Counts the checkpoints (other than NOOP, which only reads the WAL's counts) run through `db`'s statements. */
function countCheckpoints(db: Db): () => number {
  let n = 0;
  const prepare = db.prepare.bind(db);
  const checkpointing = /wal_checkpoint\s*(\(\s*|=\s*)?(passive|full|restart|truncate)?\s*\)?\s*$/i;
  (db as { prepare: unknown }).prepare = (sql: string) => {
    const st = prepare(sql);
    if (checkpointing.test(sql) && !/noop/i.test(sql)) {
      for (const m of ['get', 'run', 'all'] as const) {
        const f = st[m].bind(st) as (...a: unknown[]) => unknown;
        (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
          n++;
          return f(...a);
        };
      }
    }
    return st;
  };
  const pragma = db.pragma.bind(db);
  (db as { pragma: unknown }).pragma = (source: string, o?: Database.PragmaOptions) => {
    if (/wal_checkpoint/i.test(source) && !/noop/i.test(source)) n++;
    return pragma(source, o);
  };
  return () => n;
}

describe('checkpoints on a thread of their own', () => {
  it('keeps the WAL short under a stream of commits, restarting it from its top', async () => {
    const { store, path } = openStore(SMALL);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const s = await stream(store.db, store.ledger, 1500);
    const stats = store.checkpointer!.stats();
    expect(stats.threadCheckpoints).toBeGreaterThan(0);
    expect(s.restarts).toBeGreaterThanOrEqual(3);
    // Never checkpointed, the WAL would hold every frame written; here it is a fraction, and so is its file.
    expect(s.max).toBeLessThan(s.written / 3);
    expect(statSync(`${path}-wal`).size).toBeLessThan((s.written * 4120) / 3);
    expect(stats.lastError).toBeNull();
  });

  it('the main connection runs no checkpoint while the thread keeps up', async () => {
    const { db, cp, checkpoints } = openWithCheckpointer({ ...SMALL, restartFrames: 1e9 });
    const ledger = new LedgerRepository(db);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    let restarts = 0;
    for (let round = 1; round <= 5; round++) {
      const before = walOf(db).log;
      fill(db, ledger, 64);
      if (walOf(db).log < before) restarts++;
      // The thread copies what was written; the commits after it restart the WAL from its top.
      await vi.waitFor(() => {
        const wal = walOf(db);
        expect(wal.checkpointed).toBe(wal.log);
        expect(cp.stats().threadCheckpoints).toBeGreaterThanOrEqual(round);
      }, WAIT);
    }
    expect(restarts).toBeGreaterThanOrEqual(1);
    expect(checkpoints()).toBe(0);
    expect(cp.stats().mainCheckpoints).toBe(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  });

  it('a reader in the way holds a checkpoint back; it is finished once the reader is gone, and nothing throws', async () => {
    const { store, path } = openStore({ ...SMALL, restartFrames: 1e9 });
    store.ledger.insertGroup(group());
    const reader = new Database(path, { readonly: true });
    cleanups.push(() => reader.close());
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM ledger').get();
    const snapshot = walOf(store.db).log;
    // Well past the snapshot, however many frames opening the store (its migrations) left in the WAL.
    fill(store.db, store.ledger, snapshot + 200);
    await vi.waitFor(() => expect(store.checkpointer!.stats().threadCheckpoints).toBeGreaterThanOrEqual(2), WAIT);
    // What the reader's snapshot may still need stays out of the database file: nothing past its snapshot is copied.
    const held = walOf(store.db);
    expect(held.checkpointed).toBeLessThanOrEqual(snapshot);
    expect(held.log).toBeGreaterThan(snapshot + 100);
    reader.exec('COMMIT');
    await vi.waitFor(() => {
      const wal = walOf(store.db);
      expect(wal.log - wal.checkpointed).toBeLessThan(64);
    }, WAIT);
    expect(store.checkpointer!.stats().mode).toBe('thread');
  });

  it('a killed thread is replaced at the next need', async () => {
    const { store } = openStore(SMALL);
    fill(store.db, store.ledger, 64);
    await vi.waitFor(() => expect(store.checkpointer!.stats().threadCheckpoints).toBeGreaterThanOrEqual(1), WAIT);
    const first = store.checkpointer!.worker!;
    await first.terminate();
    await vi.waitFor(() => expect(store.checkpointer!.stats().deaths).toBe(1), WAIT);
    const done = store.checkpointer!.stats().threadCheckpoints;
    fill(store.db, store.ledger, 64);
    await vi.waitFor(() => {
      expect(store.checkpointer!.worker).not.toBeNull();
      expect(store.checkpointer!.worker).not.toBe(first);
      expect(store.checkpointer!.stats().threadCheckpoints).toBeGreaterThan(done);
    }, WAIT);
    expect(store.checkpointer!.stats().mode).toBe('thread');
  });

  it('after too many deaths the main connection checkpoints on its own again, and the WAL stays short', async () => {
    const { store } = openStore({ ...SMALL, maxRestarts: 1 });
    for (let death = 1; death <= 2; death++) {
      fill(store.db, store.ledger, 64);
      await vi.waitFor(() => expect(store.checkpointer!.worker).not.toBeNull(), WAIT);
      await store.checkpointer!.worker!.terminate();
      await vi.waitFor(() => expect(store.checkpointer!.stats().deaths).toBe(death), WAIT);
    }
    expect(store.checkpointer!.stats().mode).toBe('main');
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(64);
    const s = await stream(store.db, store.ledger, 300);
    expect(s.restarts).toBeGreaterThanOrEqual(3);
    expect(s.max).toBeLessThan(200);
  });

  it('a thread that cannot open the database is counted as a death, and the node goes on', async () => {
    const { db, cp, path } = openWithCheckpointer({ ...SMALL, maxRestarts: 1 });
    const ledger = new LedgerRepository(db);
    // The file is gone from the folder (this connection keeps it open): a new connection finds nothing to open.
    unlinkSync(path);
    // Writes go on until both threads have failed to start: each start loads its module first, which on a loaded
    // machine takes longer than any fixed number of turns.
    await vi.waitFor(() => {
      if (cp.stats().mode === 'thread') ledger.insertGroup(group());
      expect(cp.stats().mode).toBe('main');
    }, WAIT);
    expect(cp.stats().deaths).toBe(2);
    expect(cp.stats().lastError).toMatch(/SQLITE_CANTOPEN|unable to open|directory does not exist|no such file/i);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(64);
  });

  it('at the hard bound the main connection checkpoints, whatever the thread does', async () => {
    // The thread is never asked (thresholds out of reach): only the hard bound keeps this WAL short.
    const { db, cp, checkpoints } = openWithCheckpointer({
      ...SMALL,
      thresholdFrames: 1e9,
      restartFrames: 1e9,
      hardLimitBytes: 256 * 4120,
    });
    const s = await stream(db, new LedgerRepository(db), 800);
    expect(cp.worker).toBeNull();
    expect(cp.stats().mainAtHardBound).toBeGreaterThanOrEqual(2);
    expect(checkpoints()).toBeGreaterThanOrEqual(cp.stats().mainAtHardBound);
    expect(s.restarts).toBeGreaterThanOrEqual(2);
    expect(s.max).toBeLessThan(s.written / 2);
  });

  it('a thread left unused closes, without counting as a death; the next need starts another', async () => {
    const { store } = openStore({ ...SMALL, idleMs: 1 });
    fill(store.db, store.ledger, 64);
    // Started at the first look after the fill; it closes only after it has checkpointed and then idled.
    await vi.waitFor(() => expect(store.checkpointer!.worker).not.toBeNull(), WAIT);
    const first = store.checkpointer!.worker!;
    await vi.waitFor(() => expect(store.checkpointer!.stats().threadCheckpoints).toBeGreaterThanOrEqual(1), WAIT);
    await vi.waitFor(() => expect(store.checkpointer!.worker).toBeNull(), WAIT);
    await vi.waitFor(() => expect(first.threadId).toBe(-1), WAIT);
    fill(store.db, store.ledger, 64);
    await vi.waitFor(() => expect(store.checkpointer!.stats().threadCheckpoints).toBeGreaterThanOrEqual(2), WAIT);
    expect(store.checkpointer!.stats().deaths).toBe(0);
  });

  it('Store.close() ends the thread before the main connection, which closes last (its WAL files removed)', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const path = `${t.dir}/provider.db`;
    const store = Store.open(path, undefined, { checkpoints: SMALL });
    fill(store.db, store.ledger, 64);
    await vi.waitFor(() => expect(store.checkpointer!.stats().threadCheckpoints).toBeGreaterThanOrEqual(1), WAIT);
    const worker = store.checkpointer!.worker!;
    fill(store.db, store.ledger, 64);
    store.close();
    // The last connection to close checkpoints and removes the WAL and its index: the thread's had gone already.
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-shm`)).toBe(false);
    await vi.waitFor(() => expect(worker.threadId).toBe(-1), WAIT);
    const reopened = Store.open(path);
    cleanups.push(() => reopened.close());
    expect(reopened.ledger.outboxSize()).toBeGreaterThan(0);
  });

  it('an in-memory database has no WAL and no thread', () => {
    const store = Store.open(':memory:');
    cleanups.push(() => store.close());
    expect(store.checkpointer).toBeNull();
  });
});
