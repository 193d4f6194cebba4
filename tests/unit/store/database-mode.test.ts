/**
 * How the engine's database is opened: normal (shared) locking, so that the checkpoint thread's connection can work
 * beside the engine's (store/checkpointer.ts), with the WAL index in an owner-only `-shm` file; `synchronous` chosen
 * once — NORMAL with a WAL (commits survive a killed process; power-safety comes from the WAL flush where a write is
 * acknowledged as such), FULL without one; SQLite's own checkpoint off on the engine's connection.
 */
import { copyFileSync, existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '@engine/store';
import { tempDir, tempStore } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c()),
);

describe('the database as the engine opens it', () => {
  it('is in WAL mode with synchronous = NORMAL, shared locking and its WAL index in a -shm file, no automatic checkpoint', () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    expect(String(t.store.db.pragma('journal_mode', { simple: true }))).toBe('wal');
    expect(t.store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(String(t.store.db.pragma('locking_mode', { simple: true }))).toBe('normal');
    expect(t.store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    t.store.settings.update({ displayName: 'x' });
    expect(existsSync(`${t.path}-wal`)).toBe(true);
    expect(existsSync(`${t.path}-shm`)).toBe(true);
  });

  it('lets a second connection read while it is open (the checkpoint thread needs one)', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const path = `${t.dir}/provider.db`;
    const store = Store.open(path);
    cleanups.push(() => store.close());
    store.settings.update({ displayName: 'shared' });
    const other = new Database(path, { readonly: true, timeout: 0 });
    cleanups.unshift(() => other.close());
    expect(other.prepare("SELECT value FROM settings WHERE key = 'displayName'").pluck().get()).toBe('"shared"');
  });

  it('reads back what a crashed engine left in its WAL', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    // A connection committed to its WAL; its files as a crash leaves them (copied while open).
    const old = new Database(`${t.dir}/old.db`);
    old.pragma('journal_mode = WAL');
    old.pragma('wal_autocheckpoint = 0');
    old.exec("CREATE TABLE leftover (x TEXT); INSERT INTO leftover VALUES ('kept')");
    for (const suffix of ['', '-wal', '-shm'])
      copyFileSync(`${t.dir}/old.db${suffix}`, `${t.dir}/provider.db${suffix}`);
    old.close();
    expect(statSync(`${t.dir}/provider.db-wal`).size).toBeGreaterThan(0);
    const store = Store.open(`${t.dir}/provider.db`);
    cleanups.push(() => store.close());
    expect(store.db.prepare('SELECT x FROM leftover').pluck().get()).toBe('kept');
  });

  it('an in-memory database syncs in full (there is no WAL to flush)', () => {
    const store = Store.open(':memory:');
    cleanups.push(() => store.close());
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.walSync).toBeNull();
    expect(store.checkpointer).toBeNull();
  });
});
