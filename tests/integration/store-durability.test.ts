import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '@engine/store';
import { tempDir } from '../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

interface Acks {
  /** Row id → its details and the highest count acknowledged on it. */
  events: Map<number, { details: string; count: number }>;
  /** Event appends acknowledged, whether as a row of their own or as a count on one. */
  appended: number;
  lastSettings: number;
}

/** Runs the writer child until it acknowledged `minAcks` commits plus a random extra, then SIGKILLs it. */
async function writeThenKill(path: string, minAcks: number): Promise<Acks> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/store-writer.ts', path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acks: Acks = { events: new Map(), appended: 0, lastSettings: 0 };
  const target = minAcks + Math.floor(Math.random() * minAcks);
  let count = 0;
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => resolve());
    lines.on('line', (line) => {
      const [kind, a, b, details] = line.split(' ');
      if (kind === 'event') {
        acks.appended++;
        acks.events.set(Number(a), {
          details: details!,
          count: Math.max(Number(b), acks.events.get(Number(a))?.count ?? 0),
        });
      } else if (kind === 'settings') acks.lastSettings = Number(a);
      else return;
      if (++count === target) child.kill('SIGKILL');
    });
  });
  expect(child.signalCode).toBe('SIGKILL');
  return acks;
}

describe('store durability', () => {
  it('keeps every acknowledged row and stays intact when the writer is killed with SIGKILL mid-write', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const path = `${t.dir}/provider.db`;

    for (let round = 0; round < 3; round++) {
      const acks = await writeThenKill(path, 300);
      expect(acks.appended).toBeGreaterThan(200);

      const raw = new Database(path);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      const store = Store.open(path);
      const stored = new Map(
        store.db
          .prepare<[], { id: number; details: string; count: number }>(
            "SELECT id, details, count FROM events WHERE event = 'heartbeat_ok'",
          )
          .all()
          .map((r) => [r.id, r]),
      );
      // Every acknowledged row is there with its details, and every acknowledged repeat is in its count.
      for (const [id, ack] of acks.events) {
        expect(stored.get(id)?.details).toBe(ack.details);
        expect(stored.get(id)!.count).toBeGreaterThanOrEqual(ack.count);
      }
      // Settings are written as one transaction: both fields come from the same (latest committed) round.
      const { settings } = store.settings.load();
      const seq = Number(settings.displayName.replace('node ', ''));
      expect(seq).toBeGreaterThanOrEqual(acks.lastSettings);
      expect(settings.maxConcurrent).toBe((seq % 64) + 1);
      store.close();
    }
  }, 60_000);
});
