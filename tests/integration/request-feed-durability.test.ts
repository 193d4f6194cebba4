/**
 * The requests feed survives its process being killed mid-write: a flush is one transaction, so after a SIGKILL the
 * database is intact, every acknowledged flush is there, and the rows on disk agree exactly with the daily counters
 * (a half-written batch would break that).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestFeed } from '@engine/requests/request-feed';
import { RequestStore } from '@engine/requests/request-store';
import { Store } from '@engine/store';
import { tempDir } from '../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/**
 * Runs the writer until it acknowledged `minAcks` flushes plus a random extra, then SIGKILLs it; the last count acked.
 */
async function writeThenKill(path: string, minAcks: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/request-feed-writer.ts', path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const target = minAcks + Math.floor(Math.random() * minAcks);
  let acks = 0;
  let counted = 0;
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => resolve());
    lines.on('line', (line) => {
      const [kind, n] = line.split(' ');
      if (kind !== 'flushed') return;
      counted = Number(n);
      if (++acks === target) child.kill('SIGKILL');
    });
  });
  expect(child.signalCode).toBe('SIGKILL');
  return counted;
}

describe('requests feed durability', () => {
  it('keeps every acknowledged flush, whole, when the writer is killed with SIGKILL mid-write', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const path = `${t.dir}/provider.db`;
    let before = 0;
    for (let round = 0; round < 3; round++) {
      const acked = await writeThenKill(path, 200);
      const raw = new Database(path);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      const store = Store.open(path);
      const rows = store.db.prepare('SELECT count(*) FROM requests').pluck().get() as number;
      const counted = store.db.prepare('SELECT sum(count) FROM request_days').pluck().get() as number;
      const served = store.db.prepare("SELECT count(*) FROM requests WHERE outcome = 'served'").pluck().get() as number;
      const servedCounted = store.db
        .prepare("SELECT sum(count) FROM request_days WHERE outcome = 'served'")
        .pluck()
        .get() as number;
      // Each run counts from zero; what earlier runs left is still there.
      expect(counted - before).toBeGreaterThanOrEqual(acked);
      expect(rows).toBe(counted);
      expect(served).toBe(servedCounted);
      // Ids are unique and the next run goes on after the last one.
      expect(store.db.prepare('SELECT max(id) FROM requests').pluck().get()).toBe(rows);
      // A feed opened on it reads the day back exactly.
      const feed = new RequestFeed({
        store: new RequestStore(store.db),
        timeZone: 'UTC',
        now: () => Date.parse('2026-11-21T09:00:00Z'),
        slots: { capacity: () => 2, maxConcurrent: () => 2, activeJobs: () => 2 },
      });
      const info = feed.info({ maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] });
      expect(info.served + info.refused).toBe(counted);
      feed.stop();
      store.close();
      before = counted;
    }
  }, 60_000);
});
