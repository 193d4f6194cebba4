/**
 * An idle store's checkpointer wakes nothing: a WAL that stands still is not looked at every second, a write to it
 * (from any connection) wakes the checkpointer, and that write still gets checkpointed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Checkpointer } from '@engine/store/checkpointer';
import { openDatabase, type Db } from '@engine/store/database';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
beforeEach(() => {
  // Timers only: the WAL watch's events are I/O and must still arrive.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
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

/**
 * The engine's defaults, except that every WAL is past `restartFrames` with a short tail: each look that finds
 * frames to copy checkpoints them on the main connection at once, with no thread to wait for.
 */
function open(): { db: Db; cp: Checkpointer; looks: () => number; write: () => void } {
  const t = tempDir();
  const db = openDatabase(`${t.dir}/provider.db`);
  const looks = countLooks(db);
  db.exec('CREATE TABLE IF NOT EXISTS wake_probe (n INTEGER)');
  const cp = new Checkpointer(db, { restartFrames: 1, tailFrames: 1000 });
  cleanups.push(
    t.cleanup,
    () => db.close(),
    () => cp.close(),
  );
  const insert = db.prepare('INSERT INTO wake_probe (n) VALUES (?)');
  return { db, cp, looks, write: () => insert.run(Date.now()) };
}

/** Real time passing while the fake clock stands still (the WAL watch's events come in meanwhile). */
const realTimeout = globalThis.setTimeout;
const realSleep = (ms: number) => new Promise<void>((resolve) => realTimeout(resolve, ms));

describe('the checkpointer of an idle store', () => {
  it('looks at a still WAL rarely, not every second', async () => {
    const { cp, looks, write } = open();
    write();
    vi.advanceTimersByTime(2_000);
    expect(cp.stats().mainCheckpoints).toBe(1);
    const before = looks();
    for (let minute = 0; minute < 10; minute++) {
      vi.advanceTimersByTime(60_000);
      await realSleep(5);
    }
    // Once a second would be 600 looks in these ten minutes.
    expect(looks() - before).toBeLessThanOrEqual(21);
  });

  it('is woken by a write to the WAL, which then gets checkpointed without the clock moving', async () => {
    const { cp, write } = open();
    write();
    vi.advanceTimersByTime(2_000);
    expect(cp.stats().mainCheckpoints).toBe(1);
    vi.advanceTimersByTime(5 * 60_000);
    write();
    // Real time only (vi.waitFor would move the fake clock): the watch's event, not a timer, must bring the look.
    for (let i = 0; i < 200 && cp.stats().mainCheckpoints < 2; i++) await realSleep(10);
    expect(cp.stats().mainCheckpoints).toBe(2);
  });

  it('is not woken by its own looks at a still WAL', async () => {
    const { cp, looks, write } = open();
    write();
    vi.advanceTimersByTime(2_000);
    const before = looks();
    await realSleep(300);
    expect(looks()).toBe(before);
    expect(cp.stats().mainCheckpoints).toBe(1);
  });
});
