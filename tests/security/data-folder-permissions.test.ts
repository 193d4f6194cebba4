/**
 * The data folder holds the ledger, settings, the event log and the node's logs: other local users must not
 * read any of it. A fresh folder is made owner-only whatever the umask, and a folder that an
 * older version left 0755 with a 0644 database is fixed when the engine starts.
 *
 * Only mode bits are checked: this machine runs the suite as root, and root reads anything whatever the mode.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createOwnerOnlyDir, restrictToOwner } from '@engine/files/owner-only';
import { ProviderNode } from '@engine/node/provider-node';
import { Store } from '@engine/store';
import { ScriptedMapper } from '../support/scripted-mapper';
import { tempDir } from '../support/tmp';

const posix = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function folder(): string {
  const t = tempDir('iicp-perm-');
  cleanups.push(t.cleanup);
  return join(t.dir, 'IICP Provider');
}

async function startNode(dataDir: string): Promise<ProviderNode> {
  // No router and no public address: the node serves locally, which is all these tests need.
  const nat = { interfaces: () => ({}), createMapper: () => new ScriptedMapper() };
  const node = new ProviderNode({
    dataDir,
    host: 'headless',
    taskHost: '127.0.0.1',
    taskPort: 0,
    appVersion: 'test',
    tuning: { snapshotIntervalMs: 0, nat },
  });
  cleanups.push(() => node.stop());
  await node.start();
  return node;
}

/**
 * Runs `fn` under umask 000, the most permissive one: what the app creates must be owner-only because the app
 * says so, not because the person's umask happens to be strict.
 */
async function withUmask<T>(mask: number, fn: () => Promise<T>): Promise<T> {
  const before = process.umask(mask);
  try {
    return await fn();
  } finally {
    process.umask(before);
  }
}

const logFiles = (dataDir: string) => readdirSync(join(dataDir, 'logs')).map((f) => join(dataDir, 'logs', f));

describe.runIf(posix)('data folder permissions', () => {
  it('creates a fresh data folder 0700 with the database, its WAL files and the logs 0600, whatever the umask', async () => {
    const dataDir = folder();
    await withUmask(0o000, async () => {
      await startNode(dataDir);
    });
    expect(mode(dataDir)).toBe(0o700);
    for (const f of ['provider.db', 'provider.db-wal', 'provider.db-shm']) {
      expect(existsSync(join(dataDir, f)), f).toBe(true);
      expect(mode(join(dataDir, f)), f).toBe(0o600);
    }
    expect(mode(join(dataDir, 'logs'))).toBe(0o700);
    expect(mode(join(dataDir, 'run'))).toBe(0o700);
    const logs = logFiles(dataDir);
    expect(logs.map((p) => p.split('/').at(-1))).toEqual(
      expect.arrayContaining(['events.jsonl', expect.stringMatching(/\.log$/)]),
    );
    for (const f of logs) expect(mode(f), f).toBe(0o600);
  });

  it('fixes a folder an older version left 0755 with a 0644 database when the engine starts', async () => {
    const dataDir = folder();
    // What an older version left behind: its folders and files under the default umask 022.
    Store.open(join(dataDir, 'provider.db')).close();
    mkdirSync(join(dataDir, 'logs'));
    mkdirSync(join(dataDir, 'run'));
    writeFileSync(join(dataDir, 'logs', 'events.jsonl'), '');
    writeFileSync(join(dataDir, 'logs', 'events.jsonl.1'), '');
    for (const d of [dataDir, join(dataDir, 'logs'), join(dataDir, 'run')]) chmodSync(d, 0o755);
    for (const f of ['provider.db', 'logs/events.jsonl', 'logs/events.jsonl.1']) chmodSync(join(dataDir, f), 0o644);
    // A crashed older version leaves its WAL files beside the database, as open as the database was: copied while
    // they exist (a clean close removes them), and put back once that connection is gone.
    const crashed = new Database(join(dataDir, 'provider.db'));
    crashed.pragma('journal_mode = WAL');
    crashed.prepare('SELECT count(*) FROM sqlite_master').get();
    for (const side of ['-wal', '-shm'])
      copyFileSync(join(dataDir, `provider.db${side}`), join(dataDir, `left${side}`));
    crashed.close();
    for (const side of ['-wal', '-shm']) renameSync(join(dataDir, `left${side}`), join(dataDir, `provider.db${side}`));
    chmodSync(join(dataDir, 'provider.db-wal'), 0o644);
    chmodSync(join(dataDir, 'provider.db-shm'), 0o644);

    await startNode(dataDir);

    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'logs'))).toBe(0o700);
    expect(mode(join(dataDir, 'run'))).toBe(0o700);
    for (const f of ['provider.db', 'provider.db-wal', 'provider.db-shm', 'logs/events.jsonl', 'logs/events.jsonl.1']) {
      expect(mode(join(dataDir, f)), f).toBe(0o600);
    }
  });

  it('opens a database owner-only on its own, before SQLite writes a byte to it', () => {
    const dataDir = folder();
    const path = join(dataDir, 'provider.db');
    const before = process.umask(0o000);
    let store: Store;
    try {
      store = Store.open(path);
    } finally {
      process.umask(before);
    }
    cleanups.push(() => store.close());
    expect(mode(dataDir)).toBe(0o700);
    for (const f of [path, `${path}-wal`, `${path}-shm`]) expect(mode(f), f).toBe(0o600);
  });

  it('starts in a folder it cannot make private, and says so in the event log with the fix', async () => {
    // A sticky folder is shared on purpose (like /tmp): narrowing it would break it for everyone else.
    const dataDir = folder();
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o1777);
    const node = await startNode(dataDir);
    expect(node.state).toBe('online');
    expect(mode(dataDir)).toBe(0o777);
    const warning = node.getSnapshot().recentEvents.find((e) => e.event === 'data_folder_not_private');
    expect(warning).toMatchObject({ level: 'warn' });
    expect(warning?.details).toContain(`chmod 700 "${dataDir}"`);
    // Its own files are private all the same.
    expect(mode(join(dataDir, 'provider.db'))).toBe(0o600);
  });
});

describe('owner-only helpers', () => {
  it.runIf(posix)("take only group and other bits away, leaving the owner's as they were", () => {
    const dir = folder();
    mkdirSync(dir);
    const file = join(dir, 'read-only');
    writeFileSync(file, '');
    chmodSync(file, 0o444);
    restrictToOwner(file);
    expect(mode(file)).toBe(0o400);
  });

  it('leave a missing path alone', () => {
    expect(() => restrictToOwner(join(folder(), 'nothing-here'))).not.toThrow();
  });

  it('change nothing where the OS has no POSIX modes', () => {
    const dir = folder();
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    restrictToOwner(dir, 'win32');
    createOwnerOnlyDir(join(dir, 'new'), 'win32');
    if (posix) expect(mode(dir)).toBe(0o755);
    expect(existsSync(join(dir, 'new'))).toBe(true);
  });
});
