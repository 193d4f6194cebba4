/**
 * The count of the day on a real node (ProviderNode, its task port, a fake LLM server): the status line, the
 * Workload card ("today"), the tray, Requests ("served") and Earnings ("today so far") read one figure — the
 * ledger's — which a restart on the same data folder keeps and local midnight starts again from 0, by itself.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { statusLine, todayLine } from '@main/app/tray-lines';
import { systemTimeZone } from '@engine/availability/schedule';
import { startOfLocalDay } from '@shared/calendar/days';
import type { NodeSnapshot } from '@shared/contract';
import { statusWords } from '@shared/words/status-sentence';
import { startFakeBackend } from '../support/backends';
import { fakeClock } from '../support/fake-clock';
import { chatTask, eventually, http, startNode, type NodeHarness } from '../support/node-harness';
import { tempDir } from '../support/tmp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const HOUR = 3_600_000;

/** Every place the day's count and credits show, read off one snapshot as each screen reads it. */
function shown(s: NodeSnapshot) {
  return {
    workload: s.today.jobs,
    requestsServed: s.requests.served,
    earningsToday: s.earnings.today.jobs,
    credits: s.today.credits,
    earningsCredits: s.earnings.today.awarded,
    status: statusWords(s, { now: Date.now(), connection: 'connected', countdown: false }).detail ?? '',
    tray: todayLine(s.today),
  };
}

function expectDay(s: NodeSnapshot, tasks: number) {
  const v = shown(s);
  expect({ workload: v.workload, requestsServed: v.requestsServed, earningsToday: v.earningsToday }).toEqual({
    workload: tasks,
    requestsServed: tasks,
    earningsToday: tasks,
  });
  expect(v.credits).toBe(v.earningsCredits);
  expect(v.tray).toMatch(new RegExp(`^Today: ${tasks} tasks?\\b`));
}

async function setup() {
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  cleanups.push(() => backend.close());
  const data = tempDir('iicp-today-node-');
  cleanups.push(data.cleanup);
  // Two minutes before the next local midnight, on a clock the test moves.
  const zone = systemTimeZone();
  const midnight = startOfLocalDay(startOfLocalDay(Date.now(), zone) + 26 * HOUR, zone);
  const clock = fakeClock(midnight - 2 * 60_000);
  const start = async (): Promise<NodeHarness> => {
    const h = await startNode(
      { backendUrl: backend.url, maxConcurrent: 2 },
      { tuning: { earnings: { now: clock.now }, policyTickMs: 50 } },
      data.dir,
    );
    cleanups.push(() => h.node.stop());
    return h;
  };
  return { start, clock, midnight };
}

async function serve(h: NodeHarness, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
    expect(r.status).toBe(200);
  }
}

describe("today's count", () => {
  it('is one figure on every screen, and a restart on the same data folder keeps it', async () => {
    const { start } = await setup();
    const first = await start();
    await serve(first, 3);
    const before = first.node.getSnapshot();
    expectDay(before, 3);
    expect(statusLine(before)).toBeTypeOf('string');
    await first.node.stop();

    const second = await start();
    const after = second.node.getSnapshot();
    expectDay(after, 3);
    expect(shown(after)).toEqual(shown(before));
    await serve(second, 1);
    expectDay(second.node.getSnapshot(), 4);
  });

  it('starts again from 0 at local midnight, published by itself though nothing else happens', async () => {
    const { start, clock } = await setup();
    const h = await start();
    await serve(h, 2);
    expectDay(h.node.getSnapshot(), 2);

    const published: NodeSnapshot[] = [];
    h.node.onSnapshot((s) => published.push(s));
    clock.advance(2 * 60_000);
    // The policy tick sees the new day and publishes; no task, no setting changed.
    await eventually(() => expect(published.some((s) => s.today.jobs === 0)).toBe(true));
    const midnight = published.find((s) => s.today.jobs === 0)!;
    expectDay(midnight, 0);
    expect(midnight.today.credits).toBe(0);

    await serve(h, 1);
    expectDay(h.node.getSnapshot(), 1);
    // And a restart after midnight keeps the new day's count, not the day before's.
    await h.node.stop();
    const again = await start();
    expectDay(again.node.getSnapshot(), 1);
  });
});
