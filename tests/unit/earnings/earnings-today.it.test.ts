/**
 * The day's figures (EarningsService.today): the one count of the day every screen shows. They come from the store,
 * so a new engine on the same data folder finds them where the old one left them, and they start again from 0 at
 * the person's local midnight — here in Kathmandu (UTC+05:45), so a UTC day or a whole-hour offset would be wrong.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EarningsService } from '@engine/earnings/earnings-service';
import { startOfLocalDay } from '@shared/calendar/days';
import type { SecretStore } from '@engine/identity/secret-store';
import type { FinishedTask } from '@engine/server/task-pipeline-types';
import { Store } from '@engine/store';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { fakeClock } from '../../support/fake-clock';
import { tempDir } from '../../support/tmp';

const ZONE = 'Asia/Kathmandu';
const MINUTE = 60_000;
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = ZONE;
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** No node token or HMAC key: plain ledger rows, no receipts, nothing posted anywhere. */
const noSecrets = { get: () => null } as unknown as SecretStore;

/** One engine's earnings on the data folder `dir` (a restart is a new one on the same folder), on `now`. */
function engine(dir: string, now: () => number) {
  const store = Store.open(`${dir}/provider.db`);
  const earnings = new EarningsService({
    store,
    secrets: noSecrets,
    nodeId: 'node-1',
    baseUrl: () => 'http://directory.invalid',
    settings: () => DEFAULT_SETTINGS,
    models: () => ['llama3:8b'],
    log: () => undefined,
    onChange: () => undefined,
    fetchImpl: (() => Promise.reject(new Error('no directory in this test'))) as typeof fetch,
    now,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await earnings.stop();
    store.close();
  };
  cleanups.push(stop);
  return { store, earnings, stop };
}

function folder(): string {
  const t = tempDir('iicp-today-');
  cleanups.push(t.cleanup);
  return t.dir;
}

let seq = 0;
const task = (outcome: 'ok' | 'error' | 'rejected' = 'ok'): FinishedTask => ({
  taskId: `task-${++seq}`,
  intent: 'urn:iicp:intent:llm:chat:v1',
  model: 'llama3:8b',
  qos: 'standard',
  outcome,
  httpStatus: outcome === 'ok' ? 200 : outcome === 'error' ? 502 : 422,
  latencyMs: 20,
  tokensUsed: outcome === 'ok' ? 100 : null,
});

/** Serves `n` tasks through the service, as the task handler does (each answered once its row is committed). */
async function serve(earnings: EarningsService, n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => earnings.recordTask(task())));
}

/** A receipt the directory awarded, as the poster leaves it in the ledger after its answer. */
function awarded(store: Store, ts: number, amount: number): void {
  const taskId = `awarded-${++seq}`;
  store.ledger.insertWithReceipt(
    {
      taskId,
      ts,
      intent: 'urn:iicp:intent:llm:chat:v1',
      model: 'llama3:8b',
      outcome: 'ok',
      tokens: 500,
      latencyMs: 30,
    },
    { body: { task_id: taskId }, amount, expiresAt: ts + 3_600_000 },
  );
  const entry = store.ledger.dueReceipts(ts + 1, 100).find((e) => e.taskId === taskId)!;
  store.ledger.settle(entry, 'awarded', amount, null);
}

/** 10:00 local time on the fake clock's day. */
function tenInTheMorning(): number {
  const clock = fakeClock();
  return startOfLocalDay(clock.now(), ZONE) + 10 * 60 * MINUTE;
}

describe("the day's figures", () => {
  it('count served tasks only (not failures, not refusals) and awarded credits', async () => {
    const clock = fakeClock(tenInTheMorning());
    const { store, earnings } = engine(folder(), clock.now);
    await serve(earnings, 3);
    await earnings.recordTask(task('error'));
    await earnings.recordTask(task('rejected'));
    awarded(store, clock.now(), 0.05);
    expect(earnings.today()).toMatchObject({ jobs: 4, awarded: 0.05, pending: 0 });
    expect(earnings.info().today).toEqual(earnings.today());
  });

  it('survive a restart: a new engine on the same data folder shows the same count and credits', async () => {
    const dir = folder();
    const clock = fakeClock(tenInTheMorning());
    const first = engine(dir, clock.now);
    await serve(first.earnings, 5);
    awarded(first.store, clock.now(), 0.0123);
    const before = first.earnings.today();
    expect(before).toMatchObject({ jobs: 6, awarded: 0.0123 });
    await first.stop();

    clock.advance(2 * MINUTE);
    const second = engine(dir, clock.now);
    expect(second.earnings.today()).toEqual(before);
    await serve(second.earnings, 2);
    expect(second.earnings.today()).toMatchObject({ jobs: 8, awarded: 0.0123 });
  });

  it('include tasks whose rows are still waiting for their commit', () => {
    const clock = fakeClock(tenInTheMorning());
    const { earnings } = engine(folder(), clock.now);
    // Not awaited: the rows are queued for the commit at the end of this turn of the event loop.
    void earnings.recordTask(task());
    void earnings.recordTask(task());
    expect(earnings.today().jobs).toBe(2);
  });

  it("roll over at the person's local midnight, not at UTC's", async () => {
    const dir = folder();
    const midnight = startOfLocalDay(tenInTheMorning(), ZONE) + 24 * 60 * MINUTE;
    // 18:15 UTC: Kathmandu is 5 h 45 min ahead.
    expect(new Date(midnight).toISOString()).toMatch(/T18:15:00\.000Z$/);
    const clock = fakeClock(midnight - 3 * MINUTE);
    const { store, earnings, stop } = engine(dir, clock.now);
    const yesterday = earnings.day();
    await serve(earnings, 4);
    awarded(store, clock.now(), 0.2);
    clock.advance(3 * MINUTE - 1);
    expect(earnings.day()).toBe(yesterday);
    expect(earnings.today()).toMatchObject({ jobs: 5, awarded: 0.2 });

    clock.advance(1);
    expect(earnings.day()).not.toBe(yesterday);
    expect(earnings.today()).toEqual({
      jobs: 0,
      tokens: 0,
      awarded: 0,
      pending: 0,
      rejected: 0,
      energyJ: 0,
      energyTasks: 0,
    });
    await serve(earnings, 1);
    expect(earnings.today()).toMatchObject({ jobs: 1, awarded: 0 });

    // A restart after midnight does not bring back the day before, which stays in the books as its own day.
    await stop();
    clock.advance(MINUTE);
    const again = engine(dir, clock.now);
    expect(again.earnings.today()).toMatchObject({ jobs: 1, awarded: 0 });
    expect(
      again.earnings
        .report(7)
        .perDay.slice(-2)
        .map((d) => d.jobs),
    ).toEqual([5, 1]);
  });
});
