/**
 * Fault suite, scenario 2: the directory answers, but badly — 500, 429 with and without a retry
 * hint (`Retry-After` header, `retry_after` in the body), and garbage (an HTML page, truncated JSON, a 3 MB body) —
 * on REGISTER (at start and on a re-registration), HEARTBEAT and the credits routes (receipts, books).
 *
 * A fault proxy between node and test directory injects each answer (the test directory's own `fail()` cannot
 * send headers). Every kind runs in its own world, all kinds at once, each in three phases:
 *   0. the node starts while REGISTER is faulted → it retries within bounds, says why, registers once it clears;
 *   1. HEARTBEAT and /v1/credits/* are faulted while tasks flow → tasks keep being served, heartbeats and receipt
 *      posts back off (or wait exactly what the hint asked), the books keep their last values with an error;
 *   2. a re-registration meets the faulted REGISTER → the node keeps heartbeating with its credentials meanwhile.
 * After each phase the node recovers by itself; at the end every receipt was awarded exactly once and every task
 * answered 200 is in the ledger.
 *
 * Counts are bounded the way the code guarantees them, whatever the load of the machine: a phase lasts until the
 * node has made the attempts it must make (however long a busy machine takes for them), and then no more attempts
 * may have been made than the back-off allows in the time that actually passed — timers fire late under load, never
 * early. A count in a fixed wall-clock window is not asserted from below: it measures the machine, not the node.
 */
import { inEnglish } from '../support/said-english';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import type { ProxyFault, ProxyLogEntry } from '../support/fault-proxy';
import {
  acceptedAwards,
  backoffAttemptBounds,
  eventually,
  figure,
  gaps,
  maxInWindow,
  serveOne,
  startWorld,
  traffic,
  type World,
} from './helpers';

let backend: FakeBackend;
beforeAll(async () => {
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
});
afterAll(async () => {
  await backend?.close();
});

const HTML =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';
const BASE = 100; // the node's directory back-off base and receipt retry base in this suite
/** How long a phase may wait for the attempts it needs: generous, as a loaded machine is slow, not wrong. */
const PHASE_LIMIT_MS = 20_000;

interface Kind {
  name: string;
  fault: Omit<ProxyFault, 'routes'>;
  /** The retry hint the answer carries, in ms. */
  hintMs?: number;
  /** What the link says while REGISTER fails this way. */
  registerMessage: RegExp;
}

const KINDS: Kind[] = [
  {
    name: '500 with a JSON error',
    fault: { status: 500, body: { error: { code: 'server_error', message: 'Server Error' } } },
    registerMessage: /problem right now.*retry by itself/,
  },
  {
    name: '502 with an HTML page (a proxy in front)',
    fault: { status: 502, raw: HTML, headers: { 'content-type': 'text/html' } },
    registerMessage: /problem right now.*retry by itself/,
  },
  {
    name: '429 with Retry-After: 1',
    fault: { status: 429, headers: { 'Retry-After': '1' }, body: { message: 'Too Many Attempts.' } },
    hintMs: 1000,
    registerMessage: /rate-limiting/,
  },
  {
    name: '429 with retry_after: 1 in the body',
    fault: { status: 429, body: { error: 'IICP-E034', message: 'TooManyRegistrationAttempts', retry_after: 1 } },
    hintMs: 1000,
    registerMessage: /rate-limiting/,
  },
  {
    name: '429 without a hint',
    fault: { status: 429, body: { message: 'Too Many Attempts.' } },
    registerMessage: /rate-limiting/,
  },
  {
    name: '200 with an HTML page',
    fault: { status: 200, raw: HTML, headers: { 'content-type': 'text/html' } },
    registerMessage: /^The directory's answer could not be read; retrying\.$/,
  },
  {
    name: '200 with truncated JSON',
    fault: { status: 200, raw: '{"node_id":"x","node_token":"abc' },
    registerMessage: /^The directory's answer could not be read; retrying\.$/,
  },
  {
    name: '200 with a 3 MB body',
    fault: { status: 200, raw: `{"pad":"${'x'.repeat(3 * 1024 * 1024)}"}` },
    registerMessage: /.+/,
  },
];

const taskOf = (e: ProxyLogEntry): string | null => {
  try {
    return (JSON.parse(e.body) as { task_id?: string }).task_id ?? null;
  } catch {
    return null;
  }
};

/** One kind's three phases in its own world; throws at the first expectation that does not hold. */
async function runKind(kind: Kind): Promise<void> {
  const w = await startWorld(backend, { proxyFault: { ...kind.fault, routes: ['register'] }, waitRegistered: false });
  const { h, proxy, directory } = w;
  const p = proxy!;
  const tr = traffic(h.base, 300);
  const figures: Record<string, unknown> = {};
  /** No tight loop: with a hint every gap is at least the hint; without one the gaps grow (checked per phase). */
  const expectPaced = (times: number[], label: string): void => {
    if (kind.hintMs)
      for (const g of gaps(times)) expect(g, `${label}: gap ${g} ms < hint`).toBeGreaterThanOrEqual(kind.hintMs - 60);
    expect(maxInWindow(times), `${label}: attempts in one second`).toBeLessThanOrEqual(kind.hintMs ? 2 : 5);
  };
  /** Waits until `count()` reaches `min` (a busy machine only makes that take longer), and says how long it took. */
  const attemptsMade = async (count: () => number, min: number, since: number, label: string): Promise<number> => {
    await eventually(() => expect(count(), `${label} attempts`).toBeGreaterThanOrEqual(min), PHASE_LIMIT_MS, 20);
    return Date.now() - since;
  };
  try {
    // Phase 0: REGISTER faulted from the start. Three startup attempts (200 ms, 400 ms apart, or the hint), then the
    // loop's back-off: it retries (at least 4 attempts, 2 with a 1 s hint), never faster than that allows.
    const t0 = Date.now();
    const elapsed0 = await attemptsMade(
      () => p.requests('register', t0).length,
      kind.hintMs ? 2 : 4,
      t0,
      'startup REGISTER',
    );
    // (While an attempt is on the wire the link says "Registering…"; the reason shows between attempts.)
    const snap0 = await eventually(
      () => {
        const s = h.node.getSnapshot();
        expect(s.directory.link).not.toBe('registered');
        expect(inEnglish(s.directory.message)).toMatch(kind.registerMessage);
        return s;
      },
      2000,
      10,
    );
    const reg0 = p.requests('register', t0).map((e) => e.at);
    const window0 = Math.max(elapsed0, Date.now() - t0);
    expectPaced(reg0, 'startup REGISTER');
    expect(reg0.length).toBeLessThanOrEqual(
      kind.hintMs ? Math.ceil(window0 / kind.hintMs) + 1 : 3 + backoffAttemptBounds(BASE * 4, window0).max,
    );
    p.fail(null);
    const cleared0 = Date.now();
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 10_000);
    figures.startup = {
      registerAttempts: reg0.length,
      gapsMs: gaps(reg0),
      message: inEnglish(snap0.directory.message),
      link: snap0.directory.link,
      registeredAfterMs: Date.now() - cleared0,
    };

    // Phase 1: HEARTBEAT and the credits routes faulted while tasks (with receipts) keep coming: registered tasks
    // with receipts first, and a heartbeat answered.
    await eventually(
      () => expect(p.requests('heartbeat', cleared0).some((e) => e.status === 200)).toBe(true),
      PHASE_LIMIT_MS,
      20,
    );
    // The books read the registration asked for is over before the fault (a read in flight would be shared).
    await h.node.commandHandlers().syncEarnings({});
    const t1 = Date.now();
    p.fail({ ...kind.fault, routes: ['heartbeat', 'credits'] });
    const sync = await h.node.commandHandlers().syncEarnings({});
    expect(sync.earnings.syncError).toMatch(/^Could not read your balance, earnings summary and transactions: /);
    // Heartbeats go on with back-off (a few of them, to see the gaps grow) and receipts are posted meanwhile.
    const elapsed1 = await attemptsMade(
      () =>
        p.requests('credits', t1).some((e) => e.route === '/v1/credits/award') ? p.requests('heartbeat', t1).length : 0,
      kind.hintMs ? 2 : 4,
      t1,
      'HEARTBEAT',
    );
    const snap1 = await eventually(
      () => {
        const s = h.node.getSnapshot();
        expect(s.directory.link).toBe('unreachable');
        return s;
      },
      5000,
      10,
    );
    expect(snap1.state).toBe('online');
    expect(inEnglish(snap1.directory.message)).toBeTruthy();
    const beats1 = p.requests('heartbeat', t1).map((e) => e.at);
    const window1 = Math.max(elapsed1, Date.now() - t1);
    expectPaced(beats1, 'HEARTBEAT');
    if (!kind.hintMs) expect(beats1.length).toBeLessThanOrEqual(backoffAttemptBounds(BASE, window1).max);
    else expect(beats1.length).toBeLessThanOrEqual(Math.ceil(window1 / kind.hintMs) + 1);
    // Receipt posts, per receipt: exponential from 100 ms (or the hint), never a burst.
    const posts = new Map<string, number[]>();
    for (const e of p.requests('credits', t1).filter((x) => x.route === '/v1/credits/award')) {
      const id = taskOf(e);
      if (id) posts.set(id, [...(posts.get(id) ?? []), e.at]);
    }
    expect(posts.size).toBeGreaterThan(0);
    for (const [, times] of posts) {
      if (kind.hintMs) for (const g of gaps(times)) expect(g).toBeGreaterThanOrEqual(kind.hintMs - 60);
      // Exponential from the base, with ±20 % jitter.
      else
        gaps(times).forEach((g, i) =>
          expect(g, JSON.stringify(gaps(times))).toBeGreaterThanOrEqual(BASE * 2 ** i * 0.8 - 60),
        );
    }
    p.fail(null);
    const cleared1 = Date.now();
    await eventually(() => expect(p.requests('heartbeat', cleared1).some((e) => e.status === 200)).toBe(true), 10_000);
    const beatAfter = p.requests('heartbeat', cleared1).find((e) => e.status === 200)!.at - cleared1;
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 10_000);
    figures.heartbeatAndCredits = {
      heartbeatAttempts: beats1.length,
      heartbeatGapsMs: gaps(beats1),
      maxHeartbeatsPerSecond: maxInWindow(beats1),
      receiptsPosted: posts.size,
      maxPostsOfOneReceipt: Math.max(...[...posts.values()].map((t) => t.length)),
      message: inEnglish(snap1.directory.message),
      heartbeatOkAfterMs: beatAfter,
    };

    // Phase 2: a re-registration (the model list changed, say) meets the faulted REGISTER. It is retried, and the held
    // credentials still work: heartbeats go on between the attempts.
    const t2 = Date.now();
    p.fail({ ...kind.fault, routes: ['register'] });
    h.node.runtime!.link.requestReregister('fault suite');
    await attemptsMade(
      () => (p.requests('heartbeat', t2).some((e) => e.status === 200) ? p.requests('register', t2).length : 0),
      2,
      t2,
      're-REGISTER',
    );
    const reg2 = p.requests('register', t2).map((e) => e.at);
    expectPaced(reg2, 're-REGISTER');
    expect(h.node.getSnapshot().state).toBe('online');
    p.fail(null);
    const cleared2 = Date.now();
    await eventually(() => expect(p.requests('register', cleared2).some((e) => e.status === 201)).toBe(true), 10_000);
    figures.reregister = {
      attempts: reg2.length,
      gapsMs: gaps(reg2),
      registeredAfterMs: p.requests('register', cleared2).find((e) => e.status === 201)!.at - cleared2,
    };

    // Nothing lost: every task answered, in the ledger, its receipt awarded exactly once.
    const served = await tr.stop();
    expect(served.filter((s) => s.status !== 200).map((s) => `${s.status} ${s.answer.text.slice(0, 80)}`)).toEqual([]);
    // Tasks served before the first registration carry no receipt (no HMAC key yet); all later ones do.
    const registeredAt = Math.min(
      ...h.node.commands
        .listEvents(1000)
        .filter((e) => e.event === 'register_ok')
        .map((e) => Date.parse(e.ts)),
    );
    let rows = new Map((await h.node.commandHandlers().listLedger({ limit: 500 })).map((r) => [r.taskId, r]));
    const withReceipt = served.filter((s) => rows.get(s.taskId)?.receipt !== 'none');
    for (const s of served.filter((x) => rows.get(x.taskId)?.receipt === 'none'))
      expect(s.at).toBeLessThan(registeredAt + 50);
    await eventually(
      () => expect(withReceipt.map((s) => acceptedAwards(directory, s.taskId))).toEqual(withReceipt.map(() => 1)),
      15_000,
      100,
    );
    rows = new Map((await h.node.commandHandlers().listLedger({ limit: 500 })).map((r) => [r.taskId, r]));
    for (const s of served) expect(rows.get(s.taskId)?.outcome, `ledger row of ${s.taskId}`).toBe('ok');
    for (const s of served) expect(acceptedAwards(directory, s.taskId)).toBeLessThanOrEqual(1);
    expect(h.node.commands.listEvents(1000).filter((e) => /directory_loop_crashed/.test(e.event))).toEqual([]);
    figure(`directory answers ${kind.name}`, figures);
  } finally {
    await tr.stop();
    await w.close();
  }
}

describe('the directory answers 500, 429 or garbage', () => {
  // All kinds run at once (each in its own world: mostly waiting), and each test reports its own kind.
  const runs = new Map<string, Promise<void>>();
  beforeAll(async () => {
    for (const kind of KINDS) runs.set(kind.name, runKind(kind));
    await Promise.allSettled(runs.values());
  }, 90_000);

  it.for(KINDS)(
    '$name: the node retries within bounds, honours hints, keeps serving and recovers by itself',
    async (kind) => {
      await runs.get(kind.name);
    },
  );
});

describe('an answer too large to read', () => {
  let w: World;
  let snap: NodeSnapshot;
  let attempts: number;
  let tasks: number[];
  beforeAll(async () => {
    w = await startWorld(backend, {
      proxyFault: { status: 200, raw: `{"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`, routes: ['register'] },
      waitRegistered: false,
    });
    await eventually(() => expect(w.proxy!.requests('register').length).toBeGreaterThanOrEqual(2), 10_000);
    // Between two attempts (while one is on the wire the link says "Registering…", whatever the last answer was).
    snap = await eventually(
      () => {
        const s = w.h.node.getSnapshot();
        expect(s.directory.link).not.toBe('connecting');
        return s;
      },
      10_000,
      10,
    );
    attempts = w.proxy!.requests('register').length;
    tasks = [(await serveOne(w.h.base)).status, (await serveOne(w.h.base)).status];
  });
  afterAll(async () => {
    await w?.close();
  });

  it('is retried while the node serves', () => {
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(snap.directory.link).not.toBe('registered');
    expect(tasks).toEqual([200, 200]);
  });

  // Was a known bug, found by the fault suite and fixed in the engine:
  // A 3 MB answer is cut off at the 1 MiB cap and thrown as a DirectoryNetworkError, so the link says "The IICP
  // directory cannot be reached" although it was reached and answered. The person is sent to check their network.
  it('is reported as an unreadable answer, not as "cannot be reached"', () => {
    expect(inEnglish(snap.directory.message)).not.toMatch(/cannot be reached/);
    expect(inEnglish(snap.directory.message)).toMatch(/too large|could not be read|unreadable|not understand/i);
  });
});
