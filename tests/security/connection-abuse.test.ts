/**
 * Security suite, connection abuse: slow-loris clients, hundreds of idle connections, slow bodies and
 * idle keep-alive sockets do not exhaust the task port — a normal task succeeds all the while — and each
 * kind is closed within the documented limits of src-main/engine/server/task-server.ts and task-handler.ts: headers
 * within 10 s, a body that falls below 64 KiB/s after a 2 s grace at the next look (twice a second) plus the 2 s
 * drain, idle keep-alive after 5 s (checked every second). One source keeps at most 64 connections open.
 *
 * Runs against a real node with its default limits, so it takes about 20 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { chatTask, http, startNode, type NodeHarness } from '../support/node-harness';
import { openMany, secondLoopbackAddress, waitFor, type ConnProbe } from './lib/conn-probe';
import { head } from './lib/raw-http';

const HEADERS_TIMEOUT_MS = 10_000;
/** A body is looked at first after its 2 s grace, then every 500 ms; refused, its connection drains for up to 2 s. */
const BODY_GRACE_MS = 2_000;
const BODY_CUT_MS = BODY_GRACE_MS + 500 + 2_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const PER_SOURCE = 64;
/** Node looks for expired requests once a second (task-server: min(1 s, headers timeout / 4)). */
const CHECK_INTERVAL_MS = 1_000;
/** Timers run late on a loaded two-core machine; closing later than this would be a finding. */
const SLACK_MS = 2_500;

let backend: FakeBackend;
let h: NodeHarness;

beforeAll(async () => {
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  h = await startNode({ backendUrl: backend.url, maxConcurrent: 4 });
});

afterAll(async () => {
  await h?.stop();
  await backend?.close();
});

function lifetimes(probes: ConnProbe[], from: (p: ConnProbe) => number): { min: number; max: number; open: number } {
  const closed = probes.filter((p) => p.closedAt !== null);
  const spans = closed.map((p) => p.closedAt! - from(p));
  return { min: Math.min(...spans), max: Math.max(...spans), open: probes.length - closed.length };
}

function expect408(probes: ConnProbe[], label: string, message = 'Malformed or too slow HTTP request.'): void {
  for (const p of probes) {
    const res = p.responses();
    expect(
      res.map((r) => r.status),
      label,
    ).toEqual([408]);
    expect(JSON.parse(res[0]!.body.toString('utf8')), label).toEqual({ error: { code: 'request_timeout', message } });
  }
}

/** Loopback addresses other than 127.0.0.1 this host lets a client bind (Linux: all of 127/8), as many as asked. */
async function attackerAddresses(n: number): Promise<(string | undefined)[]> {
  const second = await secondLoopbackAddress(h.port);
  return second
    ? Array.from({ length: n }, (_, i) => `127.0.${10 + Math.floor(i / 200)}.${(i % 200) + 2}`)
    : [undefined];
}

/** `n` connections spread over `sources`, at most PER_SOURCE each (a distributed attacker). */
async function openSpread(n: number, sources: (string | undefined)[], next: { i: number }): Promise<ConnProbe[]> {
  const out: ConnProbe[] = [];
  while (out.length < n) {
    const take = Math.min(PER_SOURCE, n - out.length);
    out.push(...(await openMany(take, h.port, sources[next.i++ % sources.length])));
  }
  return out;
}

describe('connection abuse on the task port', () => {
  it('survives 500 idle, 200 slow-loris, 50 slow-body and 20 idle keep-alive connections at once, serving tasks meanwhile and closing each kind in time', async () => {
    const sources = await attackerAddresses(16);
    const attacker = sources.length > 1 ? `${sources.length} loopback addresses` : undefined;
    const next = { i: 0 };
    const all: ConnProbe[] = [];
    const timers: NodeJS.Timeout[] = [];
    try {
      // 500 connections that never send a byte.
      const idle = await openSpread(500, sources, next);
      all.push(...idle);

      // 200 slow-loris connections: a request head one byte at a time, never finished.
      const loris = await openSpread(200, sources, next);
      all.push(...loris);
      const lorisHead = Buffer.from(
        `POST /v1/task HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ${'a'.repeat(10_000)}`,
      );
      let lorisAt = 0;
      timers.push(
        setInterval(() => {
          for (const p of loris)
            if (p.closedAt === null && !p.socket.destroyed) p.socket.write(lorisHead.subarray(lorisAt, lorisAt + 1));
          lorisAt += 1;
        }, 200),
      );

      // 50 slow bodies: a complete head promising 100 000 bytes, then one byte a second.
      const slowBody = await openSpread(50, sources, next);
      all.push(...slowBody);
      for (const p of slowBody)
        p.socket.write(
          head([
            'POST /v1/task HTTP/1.1',
            'Host: 127.0.0.1',
            'Content-Type: application/json',
            'Content-Length: 100000',
          ]) + '{',
        );
      timers.push(
        setInterval(() => {
          for (const p of slowBody) if (p.closedAt === null && !p.socket.destroyed) p.socket.write(' ');
        }, 1_000),
      );

      // 20 keep-alive connections that ask once and then say nothing.
      const keepAlive = await openSpread(20, sources, next);
      all.push(...keepAlive);
      for (const p of keepAlive) p.socket.write(head(['GET /iicp/health HTTP/1.1', 'Host: 127.0.0.1']));
      expect(await waitFor(() => keepAlive.every((p) => p.responses().length === 1), 5_000)).toBe(true);

      // Normal tasks keep being served while all of that is held open.
      const served: { at: number; status: number; ms: number }[] = [];
      // Tasks the timer started are awaited before the slots are counted: one may still be on its way when it stops.
      const tasks: Promise<void>[] = [];
      const started = Date.now();
      const serveOne = async () => {
        const t = Date.now();
        const status = await http(`${h.base}/v1/task`, { body: chatTask(`during-${t}-${served.length}`) }).then(
          (r) => r.status,
          () => 0,
        );
        served.push({ at: t - started, status, ms: Date.now() - t });
      };
      await serveOne();
      timers.push(setInterval(() => tasks.push(serveOne()), 2_500));

      // Slow bodies: cut once they fall below the minimum pace, with a 408 the client can read, then closed after
      // the drain (they keep sending, so the drain runs its full 2 s).
      expect(await waitFor(() => slowBody.every((p) => p.closedAt !== null), BODY_CUT_MS + SLACK_MS)).toBe(true);
      const bodyLife = lifetimes(slowBody, (p) => p.openedAt);
      expect(bodyLife.min).toBeGreaterThanOrEqual(BODY_GRACE_MS - 100);
      expect(bodyLife.max).toBeLessThanOrEqual(BODY_CUT_MS + SLACK_MS);
      expect408(slowBody, 'slow body', 'The request body arrives too slowly.');

      // Headers timeout: idle and slow-loris connections get 408 and are closed after 10 s.
      expect(
        await waitFor(
          () => [...idle, ...loris].every((p) => p.closedAt !== null),
          HEADERS_TIMEOUT_MS + CHECK_INTERVAL_MS + SLACK_MS + 2_000,
        ),
      ).toBe(true);
      const idleLife = lifetimes(idle, (p) => p.openedAt);
      const lorisLife = lifetimes(loris, (p) => p.openedAt);
      const kaLife = lifetimes(keepAlive, (p) => p.firstDataAt!);
      expect(idleLife.min).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
      expect(idleLife.max).toBeLessThanOrEqual(HEADERS_TIMEOUT_MS + CHECK_INTERVAL_MS + SLACK_MS);
      expect(lorisLife.min).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
      expect(lorisLife.max).toBeLessThanOrEqual(HEADERS_TIMEOUT_MS + CHECK_INTERVAL_MS + SLACK_MS);
      expect408(idle, 'idle');
      expect408(loris, 'slow-loris');
      expect(lorisAt).toBeGreaterThan(40); // they really kept sending

      // Keep-alive: closed silently 5 s after their answer.
      expect(kaLife.open).toBe(0);
      expect(kaLife.min).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 100);
      expect(kaLife.max).toBeLessThanOrEqual(KEEP_ALIVE_TIMEOUT_MS + CHECK_INTERVAL_MS + SLACK_MS);
      for (const p of keepAlive) expect(p.responses().map((r) => r.status)).toEqual([200]);

      for (const t of timers) clearInterval(t);
      await Promise.all(tasks);
      console.log(
        `[security] connection abuse${attacker ? ` (from ${attacker})` : ''}: idle closed after ${idleLife.min}–${idleLife.max} ms, slow-loris ${lorisLife.min}–${lorisLife.max} ms ` +
          `(${lorisAt} bytes each), keep-alive ${kaLife.min}–${kaLife.max} ms after the answer, slow body ${bodyLife.min}–${bodyLife.max} ms; ` +
          `${served.length} tasks served meanwhile, slowest ${Math.max(...served.map((s) => s.ms))} ms`,
      );
      expect(served.length).toBeGreaterThanOrEqual(4);
      for (const s of served) {
        expect(s.status, `task at +${s.at} ms`).toBe(200);
        expect(s.ms, `task at +${s.at} ms`).toBeLessThan(3_000);
      }
      expect((await http(`${h.base}/iicp/health`)).status).toBe(200);
      expect(h.node.getSnapshot().capacity.activeJobs).toBe(0);
    } finally {
      for (const t of timers) clearInterval(t);
      for (const p of all) p.socket.destroy();
    }
  }, 60_000);

  it('keeps at most 64 connections of one source: past that its oldest idle ones make room, and other sources are not affected', async () => {
    const [attacker] = await attackerAddresses(1);
    if (!attacker) return; // a host that cannot bind a second loopback address cannot tell sources apart here
    const mine = await openMany(300, h.port, attacker);
    try {
      // Node accepts in batches: by the time the last batch is in, everything past the cap has been closed.
      expect(await waitFor(() => mine.filter((p) => p.closedAt === null).length <= PER_SOURCE, 5_000)).toBe(true);
      const open = mine.filter((p) => p.closedAt === null);
      expect(open.length).toBe(PER_SOURCE);
      // The survivors are the newest: each newcomer took the place of the oldest idle connection.
      expect(Math.min(...open.map((p) => p.openedAt))).toBeGreaterThanOrEqual(
        Math.max(...mine.filter((p) => p.closedAt !== null).map((p) => p.openedAt)) - 1_000,
      );
      // A busy connection of the source is never the one closed: it gets its answer.
      const busy = open[0]!;
      busy.socket.write(head(['GET /iicp/health HTTP/1.1', 'Host: 127.0.0.1']));
      expect(await waitFor(() => busy.responses().length === 1, 5_000)).toBe(true);
      // Another source (127.0.0.1, the test itself) is served meanwhile.
      expect((await http(`${h.base}/v1/task`, { body: chatTask('other-source-1') })).status).toBe(200);
    } finally {
      for (const p of mine) p.socket.destroy();
    }
  }, 30_000);
});
