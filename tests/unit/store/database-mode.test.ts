/**
 * How the engine's database is opened: held exclusively (WAL index in memory, no `-shm`, no file lock per
 * transaction), `synchronous` chosen once — NORMAL with a WAL (commits survive a killed process; power-safety comes
 * from the WAL flush where a write is acknowledged as such), FULL without one.
 */
import { copyFileSync, existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '@engine/store';
import { tempDir, tempStore } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

describe('the database as the engine opens it', () => {
  it('is in WAL mode with synchronous = NORMAL, locked exclusively, with no shared-memory file', () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    expect(String(t.store.db.pragma('journal_mode', { simple: true }))).toBe('wal');
    expect(t.store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(String(t.store.db.pragma('locking_mode', { simple: true }))).toBe('exclusive');
    t.store.settings.update({ displayName: 'x' });
    expect(existsSync(`${t.path}-wal`)).toBe(true);
    expect(existsSync(`${t.path}-shm`)).toBe(false);
  });

  it('refuses another connection while it is open, and lets it in once closed', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const path = `${t.dir}/provider.db`;
    const store = Store.open(path);
    store.settings.update({ displayName: 'held' });
    const other = new Database(path, { readonly: true, timeout: 0 });
    cleanups.unshift(() => other.close());
    expect(() => other.prepare('SELECT count(*) FROM settings').get()).toThrow(/locked|busy/i);
    store.close();
    expect(other.prepare("SELECT value FROM settings WHERE key = 'displayName'").pluck().get()).toBe('"held"');
  });

  it('reads back what an older version (shared locking) left in its WAL when it crashed', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    // An older version (shared locking) committed to its WAL; its files as a crash leaves them (copied while open).
    const old = new Database(`${t.dir}/old.db`);
    old.pragma('journal_mode = WAL');
    old.pragma('wal_autocheckpoint = 0');
    old.exec("CREATE TABLE leftover (x TEXT); INSERT INTO leftover VALUES ('kept')");
    for (const suffix of ['', '-wal', '-shm']) copyFileSync(`${t.dir}/old.db${suffix}`, `${t.dir}/provider.db${suffix}`);
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
  });
});
