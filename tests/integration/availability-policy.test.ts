/**
 * The availability policy end to end: a window that closes while the node runs takes the node off
 * the network within one policy tick — `/iicp/health` shows no capacity, tasks get the capacity error, the next
 * heartbeat says `available:false` — and opening it restores all three. The schedule lives in SQLite, so it
 * survives a restart; waking from sleep heartbeats at once.
 */
import { english } from '@shared/i18n/say';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvailabilitySchedule } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { chatTask, eventually, http, startNode, startPublicNode, type NodeHarness } from '../support/node-harness';

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
// The node's clock is ours: 2026-11-18 (a Wednesday) 10:00 UTC to start with.
let fakeNow = Date.parse('2026-11-18T10:00:00Z');
const clock = () => new Date(fakeNow);

let directory: TestDirectory;
let backend: FakeBackend;
let h: NodeHarness;
let nodeId: string;

const morning: AvailabilitySchedule = {
  timeZone: 'UTC',
  windows: [{ days: ALL_DAYS, start: '09:00', end: '10:30', share: 1 }],
  outsideShare: 0,
};

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  h = await startPublicNode(
    { directory: directory.url, backend: backend.url },
    { maxConcurrent: 4 },
    { clock, tuning: { policyTickMs: 100 } },
  );
  nodeId = h.node.getSnapshot().node.nodeId!;
  h.node.commands.schedule.updateSchedule(morning);
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
});

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
});

const beatsSince = (n: number) =>
  directory.state.heartbeats
    .slice(n)
    .filter((b) => b.nodeId === nodeId && b.status === 200)
    .map((b) => b.body as { available: boolean });

async function expectOpen(capacity: number) {
  await eventually(async () => {
    const health = await http(`${h.base}/iicp/health`);
    expect(health.json).toMatchObject({ effective_max_concurrent: capacity, available: true });
  });
  const res = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
  expect(res.status).toBe(200);
  const from = directory.state.heartbeats.length;
  await eventually(() => expect(beatsSince(from).at(-1)?.available).toBe(true), 5000);
}

describe('a window closing and opening while the node runs', () => {
  it('is open inside the window: full capacity, tasks served, heartbeats available', async () => {
    expect(h.node.getSnapshot()).toMatchObject({
      state: 'online',
      availability: { share: 1, reason: null, window: { days: ALL_DAYS, start: '09:00', end: '10:30', share: 1 } },
    });
    await expectOpen(4);
  });

  it('closes within one tick when the window ends: no capacity, 429 IICP-E021, available:false', async () => {
    fakeNow = Date.parse('2026-11-18T10:31:00Z');
    await eventually(async () => {
      const health = await http(`${h.base}/iicp/health`);
      expect(health.json).toMatchObject({ effective_max_concurrent: 0, available: false });
    }, 2000);
    const snap = h.node.getSnapshot();
    expect(snap).toMatchObject({
      state: 'paused',
      available: true,
      availability: { share: 0, reason: 'outside_window', nextChangeAt: '2026-11-19T09:00:00.000Z' },
    });
    expect(english.said(snap.availability.message!)).toBe('Outside your availability windows until Thu 09:00.');
    expect(snap.stateReason).toEqual(snap.availability.message);

    const res = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe('IICP-E021');

    const from = directory.state.heartbeats.length;
    await eventually(() => expect(beatsSince(from).length).toBeGreaterThan(0), 5000);
    expect(beatsSince(from).every((b) => b.available === false)).toBe(true);
  });

  it('opens again when the next window starts, restoring all three', async () => {
    fakeNow = Date.parse('2026-11-19T09:00:00Z');
    await expectOpen(4);
    expect(h.node.getSnapshot().state).toBe('online');
  });

  it('a half-share window offers half the slots', async () => {
    h.node.commands.schedule.updateSchedule({
      ...morning,
      windows: [{ days: ALL_DAYS, start: '08:00', end: '12:00', share: 0.5 }],
    });
    await expectOpen(2);
    expect(h.node.getSnapshot().capacity.effectiveMaxConcurrent).toBe(2);
  });

  it('the switch wins over the window, and the window over the switch', async () => {
    h.node.commands.pause();
    expect(h.node.getSnapshot().availability).toMatchObject({ reason: 'switched_off', windowShare: 0.5, share: 0 });
    fakeNow = Date.parse('2026-11-19T13:00:00Z'); // outside the window too
    h.node.commands.resume();
    await eventually(() => expect(h.node.getSnapshot().availability.reason).toBe('outside_window'), 2000);
    fakeNow = Date.parse('2026-11-20T08:00:00Z');
    await eventually(() => expect(h.node.getSnapshot().state).toBe('online'), 2000);
  });

  it('refuses an overlapping schedule and keeps the stored one', () => {
    const before = h.node.commands.schedule.getSchedule();
    expect(() =>
      h.node.commands.schedule.updateSchedule({
        timeZone: 'UTC',
        outsideShare: 0,
        windows: [
          { days: [1], start: '08:00', end: '12:00', share: 1 },
          { days: [1], start: '12:00', end: '18:00', share: 1 },
        ],
      }),
    ).toThrow(/overlap at Mon 12:00/);
    expect(h.node.commands.schedule.getSchedule()).toEqual(before);
  });

  it('heartbeats at once on wake instead of waiting for the interval', async () => {
    // A directory asking for a beat a minute: after the first one, only a wake can explain another within the minute.
    const slow = await startTestDirectory({
      routabilityCheck: false,
      livenessProbe: false,
      heartbeatIntervalMs: 60_000,
    });
    const n = await startPublicNode({ directory: slow.url, backend: backend.url }, { maxConcurrent: 4 }, { clock });
    try {
      await eventually(() => expect(slow.state.heartbeats.length).toBeGreaterThan(0));
      const count = slow.state.heartbeats.length;
      n.node.wake();
      // Waited for at most 10 s, well inside the minute.
      await eventually(() => expect(slow.state.heartbeats.length).toBe(count + 1));
      expect(slow.state.heartbeats.at(-1)!.status).toBe(200);
    } finally {
      await n.stop();
      await slow.close();
    }
  });
});

describe('the stored schedule', () => {
  it('survives a restart of the node', async () => {
    const port = await freePort();
    const first = await startNode({ directoryUrl: 'http://127.0.0.1:9', maxConcurrent: 2 }, { taskPort: port });
    const schedule: AvailabilitySchedule = {
      timeZone: 'Europe/Berlin',
      outsideShare: 0.25,
      windows: [
        { days: [5, 1, 3], start: '22:00', end: '06:00', share: 0.5 },
        { days: [6], start: '10:00', end: '16:30', share: 1 },
      ],
    };
    first.node.commands.schedule.updateSchedule(schedule);
    await first.node.stop();
    const second = await startNode(
      { directoryUrl: 'http://127.0.0.1:9', maxConcurrent: 2 },
      { taskPort: port },
      first.dir,
    );
    try {
      expect(second.node.commands.schedule.getSchedule()).toEqual({
        ...schedule,
        windows: [{ ...schedule.windows[0], days: [1, 3, 5] }, schedule.windows[1]],
      });
    } finally {
      await second.stop();
      await first.stop();
    }
  });

  it('previews the next hours of a draft, with capacity per segment', async () => {
    const p = h.node.commands.schedule.previewAvailability(
      { timeZone: 'UTC', outsideShare: 0, windows: [{ days: ALL_DAYS, start: '12:00', end: '13:59', share: 0.5 }] },
      24,
    );
    expect(p.timeZone).toBe('UTC');
    expect(p.segments.map((s) => [s.from.slice(11, 16), s.share, s.capacity])).toEqual([
      ['08:00', 0, 0],
      ['12:00', 0.5, 2],
      ['14:00', 0, 0],
    ]);
  });
});
