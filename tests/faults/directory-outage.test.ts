/**
 * Fault suite, scenario 1: the directory is unreachable for a long stretch.
 *
 * - Real sockets, short knobs: a running node whose directory goes away keeps serving every task, backs off
 *   (exponential, jittered, bounded — checked attempt by attempt from the node's own event log), never crashes,
 *   heartbeats again by itself when the directory is back, and the receipts it made meanwhile are awarded, once.
 * - Accelerated clock, production knobs: the engine's DirectoryLink and ReceiptPoster (wired as NodeServices wires
 *   them, default timings: 5 s doubling to 5 min, ±20 % jitter, 30 s heartbeats, 1 h receipts) live through a whole
 *   day without the directory in a fraction of a second: the attempt count stays within the back-off's bounds, the
 *   link says what is wrong, a receipt older than its expiry is recorded as expired (not lost), and a directory that
 *   forgot the node meanwhile gets a re-registration and the fresh receipts.
 */
import { inEnglish } from '../support/said-english';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cxPublicKeyAdvert, generateCxKeyPair } from '@engine/cx';
import { DirectoryLink } from '@engine/directory/directory-link';
import { MetricsBatcher } from '@engine/directory/metrics-batch';
import { ReceiptPoster } from '@engine/earnings/receipt-poster';
import { MemorySecretStore } from '@engine/identity/secret-store';
import { buildReceipt } from '@engine/pricing/receipt';
import { Store } from '@engine/store';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import {
  acceptedAwards,
  backoffAttemptBounds,
  eventually,
  expectBackoffGaps,
  figure,
  gaps,
  LONG,
  maxInWindow,
  sleep,
  startWorld,
  traffic,
} from './helpers';

let backend: FakeBackend;

beforeAll(async () => {
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
});
afterAll(async () => {
  await backend?.close();
});

describe('the directory goes away for a stretch (real sockets, short back-off)', () => {
  const OUTAGE_MS = LONG ? 30_000 : 6_000;
  const BASE_MS = 100;

  it(
    'keeps serving, backs off with jitter and a bound, heartbeats again by itself, and awards the receipts made meanwhile',
    async () => {
      const w = await startWorld(backend);
      try {
        const { h, directory } = w;
        const tr = traffic(h.base, 250);
        await eventually(() => expect(tr.served.filter((s) => s.status === 200).length).toBeGreaterThanOrEqual(2));

        await directory.close();
        const down = Date.now();
        await sleep(OUTAGE_MS);
        const during = tr.served.filter((s) => s.at >= down);
        const snap = h.node.getSnapshot();
        // What the person sees: the node works, the link says what is wrong and that it retries by itself.
        expect(snap.state).toBe('online');
        expect(snap.directory.link).toBe('unreachable');
        expect(inEnglish(snap.directory.message)).toMatch(/cannot be reached.*keeps serving.*retries/);
        // Receipts made meanwhile wait in the outbox, each retried with its own bounded back-off.
        // Read through the node's own connection.
        const outbox = h.node.database!.prepare('SELECT task_id, attempts FROM receipt_outbox').all() as {
          task_id: string;
          attempts: number;
        }[];
        const receiptBound = backoffAttemptBounds(BASE_MS, OUTAGE_MS + 500).max + 1;
        expect(outbox.length).toBeGreaterThan(0);
        for (const r of outbox) expect(r.attempts).toBeLessThanOrEqual(receiptBound);

        await directory.restart();
        const back = Date.now();
        // The next attempt is one grown back-off away. The last one before the return came after at least
        // 0.8·base·(2^n − 1) ms of failures and the next waits at most 1.2·base·2^n ms: at most ~1.5 × the outage (plus
        // a base) after the return, for heartbeats and for every receipt alike. Waited for, not slept: it ends when it
        // holds.
        const RETURN_MS = 2 * OUTAGE_MS + 10_000;
        await eventually(
          () =>
            expect((h.node.getSnapshot().directory.lastHeartbeatAt ?? '') >= new Date(back).toISOString()).toBe(true),
          RETURN_MS,
        );
        const beatAgainMs = Date.now() - back;
        expect(h.node.getSnapshot().directory.link).toBe('registered');
        const awarded = during.filter((s) => s.status === 200);
        await eventually(
          () => expect(awarded.map((s) => acceptedAwards(directory, s.taskId))).toEqual(awarded.map(() => 1)),
          RETURN_MS,
          100,
        );
        const receiptsAgainMs = Date.now() - back;
        const served = await tr.stop();

        // Every task was answered, before, during and after the outage, and nothing was claimed twice.
        expect(served.map((s) => s.status).filter((s) => s !== 200)).toEqual([]);
        for (const s of served) expect(acceptedAwards(directory, s.taskId)).toBeLessThanOrEqual(1);
        expect(during.length).toBeGreaterThanOrEqual(OUTAGE_MS / 400);
        // Every receipt ends up awarded in the ledger, not only those made during the outage: the tasks answered just
        // before the directory went away had their first post refused too, so their back-off grew through the whole
        // outage and may end after the others'; the last tasks' receipts go out a moment after their answer; and the
        // directory's answers of a round are recorded together once the round is done. Each is a condition to wait
        // for (a fixed pause here was the flake: a pre-outage receipt still "claimed", waiting out its back-off).
        await eventually(
          async () => {
            const rows = await h.node.commandHandlers().listLedger({ limit: 500 });
            const byId = new Map(rows.map((r) => [r.taskId, r]));
            for (const s of served)
              expect(byId.get(s.taskId), `ledger row of ${s.taskId}`).toMatchObject({
                outcome: 'ok',
                receipt: 'awarded',
              });
            expect(h.node.getSnapshot().earnings.outbox).toBe(0);
          },
          RETURN_MS,
          100,
        );
        const allSettledMs = Date.now() - back;
        for (const s of served) expect(acceptedAwards(directory, s.taskId), `awards of ${s.taskId}`).toBe(1);

        // The attempts, from the node's own event log: exponential with jitter, never a tight loop, never a crash.
        const events = h.node.commands.listEvents(1000);
        expect(events.filter((e) => /directory_loop_crashed|directory_turn_failed/.test(e.event))).toEqual([]);
        const attempts = events
          .filter((e) => e.event === 'heartbeat_fail' && Date.parse(e.ts) >= down && Date.parse(e.ts) <= back)
          .map((e) => Date.parse(e.ts))
          .sort((a, b) => a - b);
        const window = back - attempts[0]!;
        const bounds = backoffAttemptBounds(BASE_MS, window);
        expect(attempts.length).toBeGreaterThanOrEqual(bounds.min - 1); // a busy machine may delay one
        expect(attempts.length).toBeLessThanOrEqual(bounds.max);
        const ratios = expectBackoffGaps(attempts, BASE_MS, { below: 60, above: 500 });
        // Jittered: the gaps are not all the same multiple of their nominal delay.
        expect(Math.max(...ratios) - Math.min(...ratios)).toBeGreaterThan(0.02);
        figure('outage (real time)', {
          outageMs: OUTAGE_MS,
          heartbeatAttempts: attempts.length,
          bounds,
          gapsMs: gaps(attempts),
          jitterRatios: ratios,
          maxAttemptsPerSecond: maxInWindow(attempts),
          tasksServedDuringOutage: during.length,
          receiptsMadeDuringOutage: awarded.length,
          maxReceiptAttempts: Math.max(...outbox.map((r) => r.attempts)),
          // Receipts of tasks answered just before the outage had been refused the most often: the last to go out.
          receiptAttemptsAtReturn: {
            answeredBefore: outbox.filter((r) => !during.some((s) => s.taskId === r.task_id)).map((r) => r.attempts),
            answeredDuring: Math.max(
              0,
              ...outbox.filter((r) => during.some((s) => s.taskId === r.task_id)).map((r) => r.attempts),
            ),
          },
          heartbeatBackAfterMs: beatAgainMs,
          allReceiptsAwardedAfterMs: receiptsAgainMs,
          everyReceiptSettledAfterMs: allSettledMs,
        });
      } finally {
        await w.close();
      }
    },
    3 * OUTAGE_MS + 40_000,
  );
});

describe.skipIf(!LONG)('the directory black-holes every request for a stretch (IICP_LONG_TESTS=1)', () => {
  const HOLE_MS = 20_000;

  it('tasks are served at their usual speed while heartbeats and receipt posts time out, and all heals afterwards', async () => {
    const w = await startWorld(backend, { proxy: true });
    try {
      const { h, directory } = w;
      const p = w.proxy!;
      const tr = traffic(h.base, 250);
      await eventually(() => expect(tr.served.filter((s) => s.status === 200).length).toBeGreaterThanOrEqual(2));
      p.fail({ mode: 'hang' });
      const down = Date.now();
      await sleep(HOLE_MS);
      const snap = h.node.getSnapshot();
      p.fail(null);
      const back = Date.now();
      await eventually(() => expect(p.requests('heartbeat', back).some((e) => e.status === 200)).toBe(true), 20_000);
      await sleep(500);
      const served = await tr.stop();
      const during = served.filter((s) => s.at >= down && s.at < back);
      expect(served.filter((s) => s.status !== 200)).toEqual([]);
      const latencies = during.map((s) => s.answer.json.metrics.latency_ms as number).sort((a, b) => a - b);
      expect(latencies.at(-1)!).toBeLessThan(1000); // nothing waits for the directory
      expect(snap.state).toBe('online');
      expect(snap.directory.link).toBe('unreachable');
      // A request that never answers is given up after 7 s: at most one attempt in flight, a handful in all.
      const beats = p.requests('heartbeat', down).filter((e) => e.at < back).length;
      expect(beats).toBeLessThanOrEqual(Math.ceil(HOLE_MS / 7000) + 1);
      const withReceipt = during;
      await eventually(
        () => expect(withReceipt.map((s) => acceptedAwards(directory, s.taskId))).toEqual(withReceipt.map(() => 1)),
        60_000,
        200,
      );
      figure('black-holed directory', {
        holeMs: HOLE_MS,
        heartbeatAttempts: beats,
        tasksServed: during.length,
        maxLatencyMs: latencies.at(-1),
        message: inEnglish(snap.directory.message),
      });
    } finally {
      await w.close();
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Accelerated clock: the link and the receipt outbox with production timings, in memory.

/** A directory in memory (microtasks only, so a faked clock can run a day in a moment). */
function memoryDirectory() {
  const d = {
    up: true,
    /** The node's current token; `forget()` drops it (a directory restored from an old backup). */
    token: null as string | null,
    registrations: 0,
    calls: [] as { at: number; route: string; ok: boolean }[],
    accepted: new Map<string, number>(),
    nonces: new Set<string>(),
    forget() {
      d.token = null;
    },
    fetch: (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url);
      const route = url.pathname.replace(/^\/api/, '');
      const at = Date.now();
      if (!d.up) {
        d.calls.push({ at, route, ok: false });
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
      }
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
      const auth = new Headers(init?.headers).get('authorization');
      const reply = (status: number, json: unknown) => {
        d.calls.push({ at, route, ok: status < 300 });
        return new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
      };
      if (route === '/v1/register') {
        d.registrations += 1;
        d.token = `token-${d.registrations}`;
        return reply(201, { node_id: body.node_id, node_token: d.token, node_hmac_key: body.node_hmac_key });
      }
      if (auth !== `Bearer ${d.token}` || d.token === null)
        return reply(401, { error: { code: 'unauthorized', message: 'Invalid credentials' } });
      if (route === '/v1/heartbeat') return reply(200, { ok: true, next_heartbeat_ms: 30_000 });
      if (route === '/v1/credits/award') {
        const nonce = String(body.nonce);
        if (d.nonces.has(nonce))
          return reply(422, {
            error: { code: 'IICP-E027', message: 'CIPWorkerReceipt nonce already used (replay rejected)' },
          });
        d.nonces.add(nonce);
        d.accepted.set(String(body.task_id), (d.accepted.get(String(body.task_id)) ?? 0) + 1);
        return reply(200, { awarded: body.amount });
      }
      return reply(404, { error: { code: 'not_found', message: route } });
    }) as typeof fetch,
  };
  return d;
}

describe('a day without the directory (accelerated clock, production timings)', () => {
  it('the link backs off to one attempt per ~5 min (jittered), says why, never crashes, and heals; receipts expire or are awarded, never lost', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      now: new Date('2026-03-02T08:00:00Z'),
    });
    const store = Store.open(':memory:');
    const dir = memoryDirectory();
    const secrets = new MemorySecretStore();
    const nodeId = randomUUID();
    const logs: { event: string; details: string }[] = [];
    const log = (_level: string, event: string, details: string) => logs.push({ event, details });
    const base = () => 'http://directory.invalid/api';
    const poster = new ReceiptPoster({
      ledger: store.ledger,
      nodeId,
      baseUrl: base,
      token: () => secrets.get('node_token'),
      log,
      onChange: () => undefined,
      fetchImpl: dir.fetch,
    });
    const link = new DirectoryLink({
      baseUrl: base,
      nodeId,
      secrets,
      registration: () => ({
        ok: true,
        input: {
          nodeId,
          endpoint: 'https://node.example:9484',
          region: 'eu',
          capabilities: [
            {
              intent: 'urn:iicp:intent:llm:chat:v1',
              models: ['qwen2.5:7b'],
              max_tokens: 8192,
              input_modalities: ['text'],
            },
          ],
          maxConcurrent: 2,
          tokensPerMin: 10_000,
          transportMethod: 'direct',
          exposureMode: 'ipv4_public_direct',
          cxPublicKey: cxPublicKeyAdvert(generateCxKeyPair()),
          backend: 'ollama',
          appVersion: '0.1.0-test',
        },
      }),
      heartbeatState: () => ({ load: 0, activeJobs: 0, available: true }),
      metrics: new MetricsBatcher(),
      log,
      onChange: () => undefined,
      onRegistered: () => poster.kick(),
      fetchImpl: dir.fetch,
    });
    const receipt = (taskId: string) => {
      const now = Date.now();
      const body = buildReceipt({
        nodeId,
        taskId,
        tokensUsed: 1200,
        amount: 1.2,
        result: { ok: taskId },
        hmacKey: secrets.get('node_hmac_key')!,
        now,
        ttlMs: 3600_000,
      });
      store.ledger.insertWithReceipt(
        {
          taskId,
          ts: now,
          intent: 'urn:iicp:intent:llm:chat:v1',
          model: 'qwen2.5:7b',
          outcome: 'ok',
          tokens: 1200,
          latencyMs: 50,
        },
        { body, amount: 1.2, expiresAt: now + 3600_000 },
      );
      poster.kick();
    };
    const HOUR = 3600_000;
    const DAY = 24 * HOUR;
    try {
      link.start();
      await vi.advanceTimersByTimeAsync(2 * 60_000);
      expect(link.status.link).toBe('registered');
      const beatsBefore = dir.calls.filter((c) => c.route === '/v1/heartbeat' && c.ok).length;
      expect(beatsBefore).toBeGreaterThanOrEqual(4); // every 30 s

      dir.up = false;
      const down = Date.now();
      await vi.advanceTimersByTimeAsync(60_000);
      const early = 'early-receipt';
      receipt(early); // will be older than its 1 h expiry when the directory returns
      await vi.advanceTimersByTimeAsync(DAY - 31 * 60_000);
      const late = 'late-receipt';
      receipt(late); // made 30 min before the directory returns
      await vi.advanceTimersByTimeAsync(30 * 60_000 - 60_000);
      expect(link.status.link).toBe('unreachable');
      expect(inEnglish(link.status.message)).toMatch(/cannot be reached/);

      dir.forget(); // the directory comes back without this node's token (restored from an old backup)
      dir.up = true;
      const back = Date.now();
      await vi.advanceTimersByTimeAsync(15 * 60_000);

      const beats = dir.calls
        .filter((c) => c.route === '/v1/heartbeat' && !c.ok && c.at >= down && c.at < back)
        .map((c) => c.at);
      const bounds = backoffAttemptBounds(5000, back - beats[0]!);
      expect(beats.length).toBeGreaterThanOrEqual(bounds.min);
      expect(beats.length).toBeLessThanOrEqual(bounds.max);
      const g = gaps(beats);
      // Exponential to the cap (5, 10, 20, 40, 80, 160 s ± 20 %), then 300 s ± 20 %, never closer.
      expectBackoffGaps(beats.slice(0, 7), 5000, { below: 1, above: 1 });
      const capped = g.slice(6);
      for (const x of capped) {
        expect(x).toBeGreaterThanOrEqual(240_000);
        expect(x).toBeLessThanOrEqual(360_000);
      }
      const mean = capped.reduce((a, b) => a + b, 0) / capped.length;
      expect(mean).toBeGreaterThan(285_000);
      expect(mean).toBeLessThan(315_000);
      expect(Math.max(...capped) - Math.min(...capped)).toBeGreaterThan(60_000); // jittered, not in lockstep
      expect(logs.filter((l) => /directory_loop_crashed|directory_turn_failed/.test(l.event))).toEqual([]);

      // Back: 401 with the old token → re-registration with it as proof → heartbeats → the fresh receipt is awarded.
      const firstOk = dir.calls.find((c) => c.route === '/v1/heartbeat' && c.ok && c.at >= back);
      expect(firstOk).toBeDefined();
      expect(firstOk!.at - back).toBeLessThanOrEqual(360_000);
      expect(link.status.link).toBe('registered');
      expect(dir.registrations).toBe(2);
      expect(dir.accepted.get(late)).toBe(1);
      expect(dir.accepted.get(early)).toBeUndefined();
      const rows = new Map(store.ledger.list({}, 10).map((r) => [r.taskId, r]));
      expect(rows.get(late)).toMatchObject({ receipt: 'awarded' });
      expect(rows.get(early)).toMatchObject({ receipt: 'expired', note: expect.stringMatching(/expired/) });
      expect(store.ledger.outboxSize()).toBe(0);
      const earlyPosts = dir.calls.filter((c) => c.route === '/v1/credits/award' && c.at < down + HOUR + 60_000).length;
      // 5 s doubling to 5 min over the receipt's hour: ~15 posts, not thousands.
      expect(earlyPosts).toBeLessThanOrEqual(backoffAttemptBounds(5000, HOUR, 300_000).max + 1);
      const awardedAt = dir.calls.find((c) => c.route === '/v1/credits/award' && c.ok)!.at;
      figure('outage (accelerated, 24 h, production timings)', {
        heartbeatAttempts: beats.length,
        bounds,
        meanGapAtCapS: Math.round(mean / 100) / 10,
        minGapAtCapS: Math.min(...capped) / 1000,
        maxGapAtCapS: Math.max(...capped) / 1000,
        maxAttemptsPerMinute: maxInWindow(beats, 60_000),
        heartbeatOkAfterReturnS: (firstOk!.at - back) / 1000,
        receiptAwardedAfterReturnS: (awardedAt - back) / 1000,
        expiredReceiptPosts: earlyPosts,
      });
    } finally {
      await link.stop();
      await poster.stop();
      store.close();
      vi.useRealTimers();
    }
  });
});
