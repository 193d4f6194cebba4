import { afterEach, describe, expect, it, vi } from 'vitest';
import { english } from '@shared/i18n/say';
import { EarningsService } from '@engine/earnings/earnings-service';
import type { SecretStore } from '@engine/identity/secret-store';
import { responseHash } from '@engine/pricing/receipt';
import type { FinishedTask } from '@engine/server/task-pipeline-types';
import { Store } from '@engine/store';
import { journalBase, LedgerJournal } from '@engine/store/ledger-journal';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { eventually } from '../../support/eventually';
import { tempDir } from '../../support/tmp';

/**
 * A served task's receipt is written to the ledger's journal with the other tasks finishing in the same turn before the
 * consumer's answer goes out (a killed process keeps it), folded into the ledger's outbox soon after, and flushed to
 * the disk before it is posted: one fdatasync of the WAL, off the event loop, for every receipt of a round of posts,
 * so a claim the directory holds is never lost in a power cut.
 */
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(o: { ledgerThread?: false } = {}) {
  const t = tempDir();
  const store = Store.open(`${t.dir}/provider.db`);
  // The real WAL flush, held until the test lets it run.
  const real = store.walSync!;
  const held: (() => void)[] = [];
  let failNext: Error | null = null;
  // At the end of a test every flush runs: the poster's round waits for one before it can stop.
  let holding = true;
  Object.defineProperty(store, 'walSync', {
    value: {
      flush: () =>
        new Promise<void>((resolve, reject) => {
          const run = () => {
            const err = failNext;
            failNext = null;
            if (err) reject(err);
            else void real.flush().then(resolve, reject);
          };
          if (holding) held.push(run);
          else run();
        }),
      close: () => real.close(),
    },
  });
  const posts: string[] = [];
  const problems: (string | null)[] = [];
  const secrets = {
    get: (name: string) => (name === 'node_hmac_key' ? 'k'.repeat(64) : name === 'node_token' ? 'token' : null),
  } as unknown as SecretStore;
  const earnings = new EarningsService({
    store,
    secrets,
    nodeId: 'node-1',
    baseUrl: () => 'http://directory.invalid',
    settings: () => DEFAULT_SETTINGS,
    models: () => ['llama3:8b'],
    log: () => undefined,
    onChange: () => undefined,
    onStoreProblem: (m) => problems.push(m === null ? null : english.said(m)),
    ...o,
    fetchImpl: (async (url: string | URL) => {
      posts.push(String(url));
      return new Response(JSON.stringify({ ok: true }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch,
  });
  cleanups.push(
    () => t.cleanup(),
    () => store.close(),
    () => earnings.stop(),
    () => {
      holding = false;
      for (const run of held.splice(0)) run();
    },
  );
  return { store, earnings, held, posts, problems, fail: (e: Error) => (failNext = e) };
}

let seq = 0;
const served = (): FinishedTask => ({
  taskId: `task-${++seq}`,
  intent: 'urn:iicp:intent:llm:chat:v1',
  model: 'llama3:8b',
  qos: 'standard',
  outcome: 'ok',
  httpStatus: 200,
  latencyMs: 20,
  tokensUsed: 1200,
  responseHash: responseHash({ choices: [{ message: { role: 'assistant', content: 'hi' } }] }),
});

const tick = () => new Promise((r) => setTimeout(r, 20));
/** The ledger writer's longest wait before it folds what it journaled. */
const FOLD_MS = 200;

/** The task ids a restart would read back from the journal (everything after the ledger's mark). */
function journaledTaskIds(store: Store): string[] {
  return LedgerJournal.recover(journalBase(store.db.name), store.ledger.journalMark()).frames.flatMap((f) =>
    f.entries.map((e) => e.row.taskId),
  );
}

describe('receipts: journaled before the answer, flushed before they are posted', () => {
  it('the answer goes at the journal write; the receipt is posted only after the flush', async () => {
    const { store, earnings, held, posts } = setup();
    const task = served();
    const recorded = earnings.recordTask(task);
    expect(recorded).toBeInstanceOf(Promise);
    await recorded;
    // Journaled (a killed process keeps it: what a restart reads back has it) and answered, without waiting for the
    // disk …
    expect(journaledTaskIds(store)).toContain(task.taskId);
    expect(earnings.info().outbox).toBe(1);
    // … but not claimed at the directory before the disk has it.
    await eventually(() => expect(held).toHaveLength(1), 10_000, 20);
    expect(posts).toEqual([]);
    held[0]!();
    await eventually(() => expect(posts.filter((u) => u.includes('/v1/credits/award'))).toHaveLength(1), 10_000, 20);
  });

  it('tasks finishing in one turn share one journal write; the receipts of a round share one flush', async () => {
    const { earnings, held, posts } = setup();
    const a = earnings.recordTask(served()) as Promise<void>;
    const b = earnings.recordTask(served()) as Promise<void>;
    await Promise.all([a, b]);
    expect(earnings.info().outbox).toBe(2);
    await earnings.recordTask(served());
    expect(earnings.info().outbox).toBe(3);
    await eventually(() => expect(held).toHaveLength(1), 10_000, 20);
    held[0]!();
    await eventually(() => expect(posts.filter((u) => u.includes('/v1/credits/award'))).toHaveLength(3), 10_000, 20);
    // The next receipt starts a round of its own, with its own flush.
    await earnings.recordTask(served());
    await eventually(() => expect(held).toHaveLength(2), 10_000, 20);
    held[1]!();
    await eventually(() => expect(posts.filter((u) => u.includes('/v1/credits/award'))).toHaveLength(4), 10_000, 20);
  });

  it('a plain row is answered at the journal write too, and flushes nothing once folded', async () => {
    const { store, earnings, held } = setup();
    const plainTask = { ...served(), tokensUsed: 0 };
    await earnings.recordTask(plainTask);
    expect(earnings.hasTask(plainTask.taskId)).toBe(true);
    await eventually(() => expect(store.ledger.hasTask(plainTask.taskId)).toBe(true), 10_000, 20);
    await tick();
    expect(held).toHaveLength(0);
  });

  it('a flush that fails is shown until a later one succeeds, and the receipts are posted anyway', async () => {
    const { earnings, held, posts, problems, fail } = setup();
    fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await earnings.recordTask(served());
    await eventually(() => expect(held).toHaveLength(1), 10_000, 20);
    held[0]!();
    await eventually(() => expect(problems.at(-1)).toMatch(/cannot be written.*EIO/), 10_000, 20);
    await eventually(() => expect(posts.filter((u) => u.includes('/v1/credits/award'))).toHaveLength(1), 10_000, 20);
    // The next round's flush (before it reads the outbox) succeeds: the problem is gone.
    await earnings.recordTask(served());
    await eventually(() => expect(held).toHaveLength(2), 10_000, 20);
    held[1]!();
    await eventually(() => expect(problems.at(-1)).toBeNull(), 10_000, 20);
  });
});

describe('receipts that wait in memory (the store refused their first write)', () => {
  afterEach(() => vi.useRealTimers());

  it('a waiting receipt the ledger refuses as a second claim for its task is dropped, and the rows behind it are written', async () => {
    // Only the retry's timer is faked: a group is still committed at the end of the turn (setImmediate).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // Folded on the event loop, where the test can make the first write fail.
    const { store, earnings, held, problems } = setup({ ledgerThread: false });
    const first = served();
    // The first write fails as on a full disk: the row and its receipt wait in memory.
    const foldGroups = store.ledger.foldGroups.bind(store.ledger);
    let failures = 1;
    store.ledger.foldGroups = (groups) => {
      if (failures-- > 0) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return foldGroups(groups);
    };
    await earnings.recordTask(first);
    // Journaled and answered; the fold into the ledger fails.
    await vi.advanceTimersByTimeAsync(FOLD_MS);
    expect(problems.at(-1)).toMatch(/disk is full/);
    expect(earnings.hasTask(first.taskId)).toBe(true); // waiting in memory counts as recorded
    // Meanwhile the same task's receipt reached the ledger another way: the waiting one would be a second claim.
    store.ledger.insertWithReceipt(
      {
        taskId: first.taskId,
        ts: Date.now(),
        intent: first.intent,
        model: first.model,
        outcome: 'ok',
        tokens: 1200,
        latencyMs: 20,
      },
      { body: { task_id: first.taskId }, amount: 0.001, expiresAt: Date.now() + 60_000 },
    );
    // A plain row (no tokens) finishes next, while the store is known to refuse: it waits too, and is answered at once.
    const plain = { ...served(), tokensUsed: 0 };
    expect(earnings.recordTask(plain)).toBeUndefined();
    expect(store.ledger.hasTask(plain.taskId)).toBe(false);
    // The retry drops the refused receipt and writes the row behind it.
    await vi.advanceTimersByTimeAsync(5_000);
    while (held.length > 0) held.shift()!();
    expect(store.ledger.hasTask(plain.taskId)).toBe(true);
    expect(store.ledger.list({}, 10).filter((r) => r.taskId === first.taskId)).toHaveLength(1);
    expect(store.ledger.outboxSize()).toBe(1);
    expect(problems.at(-1)).toBeNull();
  });
});
