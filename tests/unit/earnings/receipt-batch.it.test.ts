/**
 * Receipts posted in batches (src-main/engine/earnings/receipt-poster.ts): a batch goes out a few posts at a time over
 * keep-alive, byte for byte as stored, and its answers are recorded in one commit; a directory that asks for a pause
 * (429 with Retry-After) or cannot be reached is not sent the rest of the batch, nor anything else before the pause
 * ends. Against the test directory where its rules matter, against a local server where the test must hold or
 * count the posts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BACKLOG_BATCH,
  BACKLOG_IN_FLIGHT,
  BATCH,
  IN_FLIGHT,
  LINGER_MS,
  ReceiptPoster,
} from '@engine/earnings/receipt-poster';
import { buildReceipt } from '@engine/pricing/receipt';
import type { Store } from '@engine/store';
import { eventually } from '../../support/eventually';
import { fakeClock } from '../../support/fake-clock';
import { onCleanup } from '../../support/json-call';
import { tempStore } from '../../support/tmp';
import { directory, LOOPBACK, register, registerBody } from '../support/directory/helpers';

const KEY = 'k'.repeat(64);
const HOUR = 3_600_000;

afterEach(() => vi.restoreAllMocks());

interface World {
  store: Store;
  poster: ReceiptPoster;
  clock: ReturnType<typeof fakeClock>;
  logged: { level: string; event: string; details: string }[];
  /** Stores `n` receipts due now; returns their task ids. */
  receipts: (n: number, ttlMs?: number) => string[];
  round: () => Promise<void>;
}

function world(o: {
  baseUrl: string;
  nodeId?: string;
  token?: string;
  hmacKey?: string;
  clock?: ReturnType<typeof fakeClock>;
}): World {
  const t = tempStore();
  onCleanup(t.cleanup);
  const clock = o.clock ?? fakeClock();
  const logged: World['logged'] = [];
  const nodeId = o.nodeId ?? 'node-1';
  const hmacKey = o.hmacKey ?? KEY;
  const poster = new ReceiptPoster({
    ledger: t.store.ledger,
    nodeId,
    baseUrl: () => o.baseUrl,
    token: () => o.token ?? 'token',
    hmacKey: () => hmacKey,
    log: (level, event, details) => logged.push({ level, event, details }),
    onChange: () => undefined,
    now: clock.now,
  });
  onCleanup(() => poster.stop());
  let seq = 0;
  const receipts = (n: number, ttlMs = HOUR) =>
    Array.from({ length: n }, () => {
      const now = clock.now();
      const row = {
        taskId: `task-${++seq}`,
        ts: now,
        intent: 'urn:iicp:intent:llm:chat:v1',
        model: 'llama3.1:8b',
        outcome: 'ok' as const,
        tokens: 1000,
        latencyMs: 5,
      };
      const body = buildReceipt({
        nodeId,
        taskId: row.taskId,
        tokensUsed: 1000,
        amount: 0.01,
        result: { ok: seq },
        hmacKey,
        now,
        ttlMs,
      });
      t.store.ledger.insertWithReceipt(row, { body, amount: 0.01, expiresAt: now + ttlMs });
      return row.taskId;
    });
  const round = async () => {
    poster.kick();
    await (poster as unknown as { running: Promise<void> | null }).running;
  };
  return { store: t.store, poster, clock, logged, receipts, round };
}

/** A local stand-in for the award route: holds or answers each post as the test says, and counts what is in flight. */
async function awardServer() {
  const posts: { url: string; auth: string | undefined; raw: Buffer; at: number }[] = [];
  const held: ServerResponse[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let answer: (n: number) => { status: number; body: unknown; headers?: Record<string, string> } | 'hold' = () => ({
    status: 200,
    body: { awarded: 0.01 },
  });
  const reply = (res: ServerResponse, a: { status: number; body: unknown; headers?: Record<string, string> }) => {
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end(JSON.stringify(a.body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('finish', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ url: req.url ?? '', auth: req.headers.authorization, raw: Buffer.concat(chunks), at: Date.now() });
      const a = answer(posts.length);
      if (a === 'hold') held.push(res);
      else reply(res, a);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    posts,
    held,
    maxInFlight: () => maxInFlight,
    answer: (f: typeof answer) => (answer = f),
    release: () => {
      for (const res of held.splice(0)) reply(res, { status: 200, body: { awarded: 0.01 } });
    },
  };
}

const nextAttempts = (store: Store) =>
  (store.db.prepare('SELECT next_attempt_at AS at FROM receipt_outbox').all() as { at: number }[]).map((r) => r.at);

describe('receipts posted in batches', () => {
  it('posts a batch to the test directory concurrently and records all its answers in one commit', async () => {
    const clock = fakeClock(Date.now());
    const { dir, api } = await directory({ ...LOOPBACK, now: clock.now });
    const node = await register(api, registerBody('http://127.0.0.1:9'));
    const w = world({ baseUrl: dir.url, nodeId: node.nodeId, token: node.token, hmacKey: node.hmacKey, clock });
    const tasks = w.receipts(50);
    const record = vi.spyOn(w.store.ledger, 'recordPosts');
    await w.round();

    expect(dir.state.awards.filter((a) => a.outcome === 'accepted')).toHaveLength(50);
    expect(record).toHaveBeenCalledTimes(1);
    expect(record.mock.calls[0]![0]).toHaveLength(50);
    expect(record.mock.calls[0]![1]).toEqual([]);
    expect(w.store.ledger.outboxSize()).toBe(0);
    const rows = w.store.ledger.list({}, 100);
    expect(rows.map((r) => r.taskId).sort()).toEqual([...tasks].sort());
    for (const r of rows)
      expect(r).toMatchObject({ receipt: 'awarded', awarded: 0.01, note: expect.stringMatching(/^attribution: /) });
    const rollups = w.store.ledger.rollups(0, 8.64e15);
    expect(rollups.reduce((a, r) => a + r.awardedU, 0)).toBe(50 * 10_000);
    expect(rollups.reduce((a, r) => a + r.pending, 0)).toBeCloseTo(0, 12);
    // One line for the batch, not one per award.
    expect(w.logged).toEqual([{ level: 'info', event: 'receipt_awarded', details: 'tasks=50 awarded=0.5' }]);
  });

  it(`a backlog goes in batches of ${BACKLOG_BATCH} with ${BACKLOG_IN_FLIGHT} in flight after a first full batch of ${BATCH}`, async () => {
    const s = await awardServer();
    s.answer(() => 'hold');
    const w = world({ baseUrl: s.url });
    const record = vi.spyOn(w.store.ledger, 'recordPosts');
    const total = BATCH + BACKLOG_BATCH + 30;
    w.receipts(total);
    const round = w.round();
    // The first batch: IN_FLIGHT at a time, held until all of them arrived.
    for (let posted = 0; posted < BATCH; posted += IN_FLIGHT) {
      await eventually(() => expect(s.held).toHaveLength(Math.min(IN_FLIGHT, BATCH - posted)));
      s.release();
    }
    // Then the backlog: BACKLOG_IN_FLIGHT at a time.
    for (let posted = BATCH; posted < total;) {
      const wave = Math.min(
        BACKLOG_IN_FLIGHT,
        posted < BATCH + BACKLOG_BATCH ? BATCH + BACKLOG_BATCH - posted : total - posted,
      );
      await eventually(() => expect(s.held).toHaveLength(wave));
      s.release();
      posted += wave;
    }
    await round;
    expect(s.posts).toHaveLength(total);
    expect(record.mock.calls.map((c) => c[0].length)).toEqual([BATCH, BACKLOG_BATCH, 30]);
    expect(s.maxInFlight()).toBe(BACKLOG_IN_FLIGHT);
    expect(w.store.ledger.outboxSize()).toBe(0);
  });

  it(`never has more than ${IN_FLIGHT} posts in flight, and sends the stored bytes as they are to one URL`, async () => {
    const s = await awardServer();
    s.answer(() => 'hold');
    const w = world({ baseUrl: s.url });
    w.receipts(30);
    const stored = new Map(w.store.ledger.dueReceipts(Number.MAX_SAFE_INTEGER, 100).map((e) => [e.taskId, e.body]));
    const round = w.round();
    // Held until IN_FLIGHT arrived, then answered: the next wave follows.
    for (let left = 30; left > 0; left -= Math.min(IN_FLIGHT, left)) {
      await eventually(() => expect(s.held).toHaveLength(Math.min(IN_FLIGHT, left)));
      s.release();
    }
    await round;
    expect(s.maxInFlight()).toBe(IN_FLIGHT);
    expect(s.posts).toHaveLength(30);
    for (const p of s.posts) {
      const taskId = (JSON.parse(p.raw.toString('utf8')) as { task_id: string }).task_id;
      expect(p.raw.equals(Buffer.from(stored.get(taskId)!, 'utf8')), taskId).toBe(true);
    }
    expect(new Set(s.posts.map((p) => p.url))).toEqual(new Set(['/api/v1/credits/award?node_id=node-1']));
    expect(new Set(s.posts.map((p) => p.auth))).toEqual(new Set(['Bearer token']));
    expect(w.store.ledger.outboxSize()).toBe(0);
  });

  it('a part batch ends the round: receipts stored while it was posted wait for the next one', async () => {
    const s = await awardServer();
    s.answer(() => 'hold');
    const w = world({ baseUrl: s.url });
    w.receipts(3);
    const round = w.round();
    await eventually(() => expect(s.held).toHaveLength(3));
    // A trickle of tasks finishing meanwhile: not a round of their own right behind this one.
    w.receipts(2);
    s.release();
    await round;
    expect(s.posts).toHaveLength(3);
    expect(w.store.ledger.outboxSize()).toBe(2);
  });

  it('a full batch is followed at once by the next, within the same round', async () => {
    const s = await awardServer();
    const w = world({ baseUrl: s.url });
    w.receipts(BATCH + 5);
    const record = vi.spyOn(w.store.ledger, 'recordPosts');
    await w.round();
    expect(s.posts).toHaveLength(BATCH + 5);
    expect(record.mock.calls.map((c) => c[0].length)).toEqual([BATCH, 5]);
    expect(w.store.ledger.outboxSize()).toBe(0);
  });

  it('new receipts announced one by one wait for each other, then go out together in one batch', async () => {
    const s = await awardServer();
    const w = world({ baseUrl: s.url });
    const due = vi.spyOn(w.store.ledger, 'dueReceipts');
    const record = vi.spyOn(w.store.ledger, 'recordPosts');
    // Only the wait is faked: the posts themselves go over real sockets once it is over.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      for (let i = 0; i < 5; i++) {
        w.receipts(1);
        w.poster.soon();
        await new Promise((resolve) => setImmediate(resolve));
      }
      vi.advanceTimersByTime(LINGER_MS - 1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(due).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
    } finally {
      vi.useRealTimers();
    }
    await eventually(() => expect(w.store.ledger.outboxSize()).toBe(0));
    expect(record.mock.calls.map((c) => c[0].length)).toEqual([5]);
    expect(s.posts).toHaveLength(5);
  });

  it('a 429 in the middle of a batch stops it: nothing more is sent until its Retry-After has passed', async () => {
    const s = await awardServer();
    const limited = () => ({ status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'Retry-After': '30' } });
    s.answer((n) => (n <= 10 ? { status: 200, body: { awarded: 0.01 } } : limited()));
    const w = world({ baseUrl: s.url });
    w.receipts(50);
    const start = w.clock.now();
    await w.round();
    // The first 10 were awarded; the 11th was refused, and only the posts already in flight went after it.
    expect(s.posts.length).toBeGreaterThanOrEqual(11);
    expect(s.posts.length).toBeLessThanOrEqual(10 + IN_FLIGHT);
    expect(w.store.ledger.list({ receipt: 'awarded' }, 100)).toHaveLength(10);
    expect(w.store.ledger.outboxSize()).toBe(40);
    expect(Math.min(...nextAttempts(w.store))).toBeGreaterThanOrEqual(start + 30_000);
    // Asked again 20 s later (a new receipt was stored, say): nothing goes out, and the new receipt waits too.
    const sent = s.posts.length;
    w.clock.advance(20_000);
    w.receipts(1);
    await w.round();
    expect(s.posts).toHaveLength(sent);
    expect(Math.min(...nextAttempts(w.store))).toBeGreaterThanOrEqual(start + 30_000);
    // After the pause everything is posted and awarded.
    s.answer(() => ({ status: 200, body: { awarded: 0.01 } }));
    w.clock.advance(11_000);
    await w.round();
    expect(w.store.ledger.outboxSize()).toBe(0);
    expect(w.store.ledger.list({ receipt: 'awarded' }, 100)).toHaveLength(51);
  });

  it('the test directory throttling every post: at most one wave is sent, and every receipt waits for its Retry-After', async () => {
    const clock = fakeClock(Date.now());
    const { dir, api } = await directory({ ...LOOPBACK, now: clock.now });
    const node = await register(api, registerBody('http://127.0.0.1:9'));
    dir.fail({
      status: 429,
      body: { message: 'Too Many Attempts.' },
      headers: { 'Retry-After': '60' },
      routes: ['credits'],
    });
    const w = world({ baseUrl: dir.url, nodeId: node.nodeId, token: node.token, hmacKey: node.hmacKey, clock });
    w.receipts(50);
    await w.round();
    expect(dir.state.awards.length).toBeGreaterThan(0);
    expect(dir.state.awards.length).toBeLessThanOrEqual(IN_FLIGHT);
    expect(Math.min(...nextAttempts(w.store))).toBeGreaterThanOrEqual(clock.now() + 60_000);
    // The directory answers again (a heartbeat got through): what waited goes at once.
    dir.fail(null);
    w.store.ledger.makeAllDue(clock.now());
    w.poster.resume();
    await w.round();
    expect(dir.state.awards.filter((a) => a.outcome === 'accepted')).toHaveLength(50);
    expect(w.store.ledger.outboxSize()).toBe(0);
  });

  it('a directory that cannot be reached: one wave of attempts, the rest put off without counting an attempt', async () => {
    // A port nothing listens on any more: connection refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const w = world({ baseUrl: `http://127.0.0.1:${port}/api` });
    w.receipts(30);
    await w.round();
    const rows = w.store.db
      .prepare('SELECT attempts, next_attempt_at AS at, last_error AS error FROM receipt_outbox')
      .all() as { attempts: number; at: number; error: string | null }[];
    const tried = rows.filter((r) => r.attempts === 1);
    expect(tried.length).toBeGreaterThan(0);
    expect(tried.length).toBeLessThanOrEqual(IN_FLIGHT);
    for (const r of tried) expect(r.error).toMatch(/directory request POST \/v1\/credits\/award/);
    expect(rows.filter((r) => r.attempts === 0)).toHaveLength(30 - tried.length);
    // Nothing is due before the first retry of the receipts that were tried.
    expect(Math.min(...rows.map((r) => r.at))).toBeGreaterThanOrEqual(Math.min(...tried.map((r) => r.at)));
    expect(Math.min(...rows.map((r) => r.at))).toBeGreaterThan(w.clock.now());
  });

  it('during a pause a receipt still gets its last chance before it expires', async () => {
    const s = await awardServer();
    s.answer(() => ({ status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'Retry-After': '300' } }));
    const w = world({ baseUrl: s.url });
    w.receipts(1); // posted, refused: retried after the pause (5 min)
    await w.round();
    const [short] = w.receipts(1, 2 * 60_000); // expires in 2 min, inside the pause
    await w.round();
    const at = w.store.db.prepare('SELECT next_attempt_at AS at FROM receipt_outbox WHERE task_id = ?').get(short) as {
      at: number;
    };
    expect(at.at).toBe(w.clock.now() + 2 * 60_000 - 30_000);
    s.answer(() => ({ status: 200, body: { awarded: 0.01 } }));
    w.clock.advance(90_000);
    await w.round();
    expect(w.store.ledger.list({}, 10).find((r) => r.taskId === short)).toMatchObject({ receipt: 'awarded' });
    expect(w.store.ledger.outboxSize()).toBe(1); // the first one still waits for the pause to end
  });
});
