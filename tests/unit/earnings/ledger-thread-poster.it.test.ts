/**
 * The receipt poster on the ledger thread, against the test directory over HTTP: the outbox the event loop's ledger
 * holds is posted from the thread and recorded there, after the event loop has flushed the disk (it is asked); the
 * thread's log lines and changes come back to the event loop; a thread that dies while posting is replaced and the
 * posting goes on; stopping waits for the round under way. A poster with nothing to post keeps no thread: none starts
 * for an empty outbox, one closes when its poster is idle, and the next receipt or retry due starts one again.
 */
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { LedgerThread, type PosterConfig } from '@engine/earnings/ledger-thread';
import { buildReceipt } from '@engine/pricing/receipt';
import { Store } from '@engine/store';
import { registerChatNode, startTestDirectory, type RegisteredNode, type TestDirectory } from '../../support/directory';
import { eventually } from '../../support/eventually';
import { tempDir } from '../../support/tmp';

let directory: TestDirectory;
let node: RegisteredNode;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  node = await registerChatNode(directory.url);
});
afterAll(async () => {
  await directory.close();
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c());
});

function setup(o: { idleMs?: number } = {}) {
  const t = tempDir();
  const path = join(t.dir, 'provider.db');
  const store = Store.open(path);
  const logged: string[] = [];
  let changes = 0;
  let flushes = 0;
  const thread = new LedgerThread(
    path,
    {
      log: (_level, event, details) => logged.push(`${event} ${details}`),
      changed: () => changes++,
      durable: async () => {
        flushes++;
        await store.flush();
      },
      nextDue: () => store.ledger.nextDue(),
    },
    o,
  );
  cleanups.push(
    t.cleanup,
    () => store.close(),
    () => thread.close(),
  );
  const config: PosterConfig = {
    nodeId: node.node_id,
    baseUrl: directory.url,
    token: node.node_token,
    hmacKey: node.node_hmac_key,
  };
  let seq = 0;
  /** A served task's row and its signed receipt, in the ledger as the fold puts them. */
  const receipts = (n: number): string[] =>
    Array.from({ length: n }, () => {
      const now = Date.now();
      const taskId = `poster-${process.pid}-${now}-${++seq}`;
      const row = {
        taskId,
        ts: now,
        intent: 'urn:iicp:intent:llm:chat:v1',
        model: 'llama3.1:8b',
        outcome: 'ok' as const,
        tokens: 10,
        latencyMs: 5,
      };
      const body = buildReceipt({
        nodeId: node.node_id,
        taskId,
        tokensUsed: 10,
        amount: 0.001,
        result: { n: seq },
        hmacKey: node.node_hmac_key,
        now,
        ttlMs: 3_600_000,
      });
      store.ledger.insertWithReceipt(row, { body, amount: 0.001, expiresAt: now + 3_600_000 });
      return taskId;
    });
  const accepted = (ids: readonly string[]) => {
    const set = new Set(ids);
    return directory.state.awards.filter(
      (a) => a.outcome === 'accepted' && set.has((a.body as { task_id?: string }).task_id ?? ''),
    ).length;
  };
  return { store, thread, config, receipts, accepted, logged, changes: () => changes, flushes: () => flushes };
}

describe('ledger thread: the receipt poster', () => {
  it('posts the outbox from the thread, after the event loop flushed the disk, and records the answers there', async () => {
    const w = setup();
    const ids = w.receipts(120);
    expect(w.thread.poster('kick', w.config)).toBe(true);
    await eventually(() => expect(w.accepted(ids)).toBe(120), 15_000, 10);
    await eventually(() => expect(w.store.ledger.outboxSize()).toBe(0), 15_000, 10);
    expect(w.store.ledger.list({ receipt: 'awarded' }, 200)).toHaveLength(120);
    expect(w.flushes()).toBeGreaterThanOrEqual(1);
    await eventually(() => expect(w.changes()).toBeGreaterThanOrEqual(1), 5_000, 10);
    expect(w.logged.some((l) => l.startsWith('receipt_awarded'))).toBe(true);
    await w.thread.stopPoster();
  });

  it('a thread that dies while posting is replaced, and the posting goes on', async () => {
    const w = setup();
    const first = w.receipts(10);
    w.thread.poster('kick', w.config);
    await eventually(() => expect(w.accepted(first)).toBe(10), 15_000, 10);
    const worker = (w.thread as unknown as { thread: { worker: { terminate(): Promise<number> } } }).thread.worker;
    await worker.terminate();
    const second = w.receipts(10);
    // Nobody kicks: the new thread's poster starts on its own and finds them.
    await eventually(() => expect(w.accepted(second)).toBe(10), 15_000, 10);
    expect(w.thread.stats().deaths).toBe(1);
    await w.thread.stopPoster();
  });

  it('without a token the receipts wait in the outbox; a fresh token posts them', async () => {
    const w = setup();
    const ids = w.receipts(3);
    w.thread.poster('kick', { ...w.config, token: null });
    await eventually(() => expect(w.store.ledger.nextDue()).toBeGreaterThan(Date.now()), 10_000, 10);
    expect(w.accepted(ids)).toBe(0);
    w.store.ledger.makeAllDue(Date.now());
    w.thread.poster('kick', w.config);
    await eventually(() => expect(w.accepted(ids)).toBe(3), 15_000, 10);
    await w.thread.stopPoster();
  });

  it('an empty outbox starts no thread, and the first receipts start one', async () => {
    const w = setup();
    expect(w.thread.poster('kick', w.config)).toBe(true);
    expect(w.thread.poster('resume', w.config)).toBe(true);
    expect(w.thread.stats()).toMatchObject({ starts: 0, running: false });
    const ids = w.receipts(5);
    w.thread.poster('soon', w.config);
    expect(w.thread.stats().starts).toBe(1);
    await eventually(() => expect(w.accepted(ids)).toBe(5), 15_000, 10);
    await w.thread.stopPoster();
  });

  it('an idle poster lets its thread close; a retry falling due starts one again, which closes once it is done', async () => {
    const w = setup({ idleMs: 50 });
    const ids = w.receipts(4);
    // The outbox's first receipt falls due in a moment (a retry): the kick waits for it without a thread.
    const dueAt = Date.now() + 400;
    for (const id of ids) w.store.ledger.retryLater(id, dueAt, 'the directory did not answer');
    w.thread.poster('kick', w.config);
    expect(w.thread.stats()).toMatchObject({ starts: 0, running: false });
    await eventually(() => expect(w.accepted(ids)).toBe(4), 15_000, 10);
    expect(Date.now()).toBeGreaterThanOrEqual(dueAt);
    expect(w.thread.stats().starts).toBe(1);
    // Posted and recorded, nothing left: the thread closes although the poster still runs.
    await eventually(() => expect(w.thread.stats().running).toBe(false), 10_000, 10);
    expect(w.store.ledger.outboxSize()).toBe(0);
    // New receipts start a thread again, and it posts them.
    const more = w.receipts(3);
    w.thread.poster('soon', w.config);
    await eventually(() => expect(w.accepted(more)).toBe(3), 15_000, 10);
    expect(w.thread.stats().starts).toBe(2);
    await eventually(() => expect(w.thread.stats().running).toBe(false), 10_000, 10);
    expect(w.thread.stats().deaths).toBe(0);
    await w.thread.stopPoster();
  });

  it('a thread whose poster waits for a retry closes, and the retry starts one when it falls due', async () => {
    const w = setup({ idleMs: 50 });
    const ids = w.receipts(2);
    // No token: the receipts are put off (a retry some hundreds of milliseconds on), and the thread closes meanwhile.
    w.thread.poster('kick', { ...w.config, token: null, retryBaseMs: 500 });
    await eventually(() => expect(w.store.ledger.nextDue()).toBeGreaterThan(Date.now()), 10_000, 10);
    await eventually(() => expect(w.thread.stats().running).toBe(false), 10_000, 10);
    const retryAt = w.store.ledger.nextDue()!;
    // The retry starts a thread of its own accord: nobody calls the poster.
    await eventually(() => expect(w.thread.stats().starts).toBeGreaterThanOrEqual(2), 15_000, 10);
    expect(Date.now()).toBeGreaterThanOrEqual(retryAt);
    expect(w.accepted(ids)).toBe(0);
    await w.thread.stopPoster();
  });
});
