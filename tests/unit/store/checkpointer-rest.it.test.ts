/**
 * The checkpoint thread at rest: once the WAL stands still it closes after `idleMs`, even with a short tail left
 * below the threshold (nothing for it to copy until more is written), and the next need starts another.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '@engine/store';
import type { LedgerEntry } from '@engine/store/ledger-repo';
import type { Db } from '@engine/store/database';
import { tempDir } from '../../support/tmp';

const WAIT = { timeout: 20_000, interval: 5 };
const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c()),
);

let seq = 0;
function group(n = 10): LedgerEntry[] {
  return Array.from({ length: n }, () => {
    seq += 1;
    const row = {
      taskId: `t-${seq}-${'x'.repeat(40)}`,
      ts: Date.parse('2026-11-21T10:00:00Z') + seq,
      intent: 'urn:iicp:intent:llm:chat:v1',
      model: 'llama3',
      outcome: 'ok' as const,
      tokens: 100,
      latencyMs: 5,
    };
    return { row, receipt: null };
  });
}

const walOf = (db: Db) => db.prepare('PRAGMA wal_checkpoint(NOOP)').get() as { log: number; checkpointed: number };

describe('the checkpoint thread at rest', () => {
  it('closes once the WAL stands still, though a short tail is left', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const store = Store.open(`${t.dir}/provider.db`, undefined, {
      checkpoints: { thresholdFrames: 64, restartFrames: 1e9, pollMs: 2, idlePollMs: 5, idleMs: 200 },
    });
    cleanups.push(() => store.close());
    const cp = store.checkpointer!;
    // The tail must be written while a thread is open, in the same synchronous turn as seeing it open: on a busy
    // machine the thread can check in and retire before this turn comes round, so fill the WAL again until one is.
    let tailWithThreadOpen = false;
    for (let round = 0; round < 20 && !tailWithThreadOpen; round += 1) {
      const before = cp.stats().threadCheckpoints;
      for (let wal = walOf(store.db); wal.log - wal.checkpointed < 64; wal = walOf(store.db))
        store.ledger.insertGroup(group());
      await vi.waitFor(() => expect(cp.stats().threadCheckpoints).toBeGreaterThan(before), WAIT);
      if (cp.worker === null) continue;
      // A few rows after the checkpoint: a tail far below the threshold, which stays as it is.
      store.ledger.insertGroup(group(1));
      tailWithThreadOpen = true;
    }
    expect(tailWithThreadOpen).toBe(true);
    const wal = walOf(store.db);
    expect(wal.log - wal.checkpointed).toBeGreaterThan(0);
    expect(wal.log - wal.checkpointed).toBeLessThan(64);
    await vi.waitFor(() => expect(cp.worker).toBeNull(), WAIT);
    expect(cp.stats().deaths).toBe(0);
  });
});
