import { fdatasync, fstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '@engine/store';
import type { NewLedgerRow } from '@engine/store/ledger-repo';
import { WalSync } from '@engine/store/wal-sync';
import { tempStore } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function openStore(): { store: Store; path: string } {
  const t = tempStore();
  cleanups.push(t.cleanup);
  return t;
}

let seq = 0;
const row = (): NewLedgerRow => ({
  taskId: `t-${++seq}`,
  ts: Date.parse('2026-11-21T10:00:00Z'),
  intent: 'urn:iicp:intent:llm:chat:v1',
  model: 'llama3',
  outcome: 'ok',
  tokens: 100,
  latencyMs: 5,
});
const receipt = (r: NewLedgerRow) => ({ body: { task_id: r.taskId }, amount: 0.1, expiresAt: r.ts + 3_600_000 });

/** An fdatasync the test releases by hand, recording which file each call flushed. */
function heldSync() {
  const calls: { ino: number; done: (err: NodeJS.ErrnoException | null) => void }[] = [];
  return {
    calls,
    fdatasync: (fd: number, cb: (err: NodeJS.ErrnoException | null) => void) =>
      calls.push({ ino: fstatSync(fd).ino, done: cb }),
    release: (i: number, err: NodeJS.ErrnoException | null = null) => calls[i]!.done(err),
  };
}

/** Descriptors of this process open on `file` (Linux's /proc). */
const openDescriptorsOf = (file: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;

const settled = async <T>(p: Promise<T>) => {
  let state = 'pending';
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

describe('WAL flush off the event loop', () => {
  it('a receipt commit (synchronous = NORMAL) is in the WAL file before any flush, and flush() syncs that very file', async () => {
    const { store, path } = openStore();
    expect(store.walSync).not.toBeNull();
    const before = statSync(`${path}-wal`).size;
    const r = row();
    store.ledger.insertWithReceipt(r, receipt(r));
    // Written (a killed process keeps it), not yet flushed.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(before);

    const held = heldSync();
    const wal = new WalSync(`${path}-wal`, { fdatasync: held.fdatasync });
    cleanups.unshift(() => wal.close());
    const flushed = wal.flush();
    expect(held.calls).toHaveLength(1);
    expect(held.calls[0]!.ino).toBe(statSync(`${path}-wal`).ino);
    expect(await settled(flushed)).toBe('pending');
    held.release(0);
    expect(await settled(flushed)).toBe('resolved');
  });

  it('the store flushes with the real fdatasync', async () => {
    const { store } = openStore();
    const r = row();
    store.ledger.insertWithReceipt(r, receipt(r));
    await expect(store.walSync!.flush()).resolves.toBeUndefined();
  });

  it('commits made while a flush runs wait for the next one, which they all share', async () => {
    const { path } = openStore();
    const held = heldSync();
    const wal = new WalSync(`${path}-wal`, { fdatasync: held.fdatasync });
    cleanups.unshift(() => wal.close());

    const first = wal.flush();
    // Three more commits land while the first flush is in the kernel: it may have started before their frames.
    const later = [wal.flush(), wal.flush(), wal.flush()];
    expect(held.calls).toHaveLength(1);
    held.release(0);
    expect(await settled(first)).toBe('resolved');
    expect(await Promise.all(later.map(settled))).toEqual(['pending', 'pending', 'pending']);
    expect(held.calls).toHaveLength(2); // one more flush for all three, started after the first ended
    held.release(1);
    expect(await Promise.all(later.map(settled))).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('a failed flush rejects its callers, and the next one works', async () => {
    const { path } = openStore();
    const held = heldSync();
    const wal = new WalSync(`${path}-wal`, { fdatasync: held.fdatasync });
    cleanups.unshift(() => wal.close());

    const failing = wal.flush();
    const queued = wal.flush();
    held.release(0, Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(failing).rejects.toThrow(/EIO/);
    expect(held.calls).toHaveLength(2); // the queued one still flushes after a failure
    held.release(1);
    await expect(queued).resolves.toBeUndefined();
  });

  it('closing while a flush runs keeps the descriptor until that flush is done', async () => {
    const { path } = openStore();
    let finish: (() => void) | null = null;
    const wal = new WalSync(`${path}-wal`, {
      fdatasync: (fd, cb) => {
        finish = () => fdatasync(fd, cb);
      },
    });
    const sqlites = openDescriptorsOf(`${path}-wal`); // SQLite's own
    const flushed = wal.flush();
    expect(openDescriptorsOf(`${path}-wal`)).toBe(sqlites + 1);
    wal.close();
    expect(openDescriptorsOf(`${path}-wal`)).toBe(sqlites + 1);
    finish!();
    await expect(flushed).resolves.toBeUndefined(); // the descriptor was still open for the real fdatasync
    await new Promise((r) => setImmediate(r));
    expect(openDescriptorsOf(`${path}-wal`)).toBe(sqlites);
    await expect(wal.flush()).rejects.toThrow(/closed/);
  });

  it('an in-memory database has nothing to flush', async () => {
    const store = Store.open(':memory:');
    cleanups.push(() => store.close());
    expect(store.walSync).toBeNull();
    await expect(store.flush()).resolves.toBeUndefined();
  });
});
