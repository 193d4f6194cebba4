/**
 * The link heals itself (the e050 fixture: "directory loss is not runtime death"): network errors, 5xx and
 * garbage back off with jitter while the loop keeps running; heartbeats resume once the fault clears; a
 * directory that comes up late is still found; retry hints are honoured; the loop is never stuck.
 */
import { said } from '@shared/i18n/said';
import { inEnglish } from '../../support/said-english';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../support/free-port';
import { startTestDirectory } from '../../support/directory';
import {
  beatOk,
  eventually,
  flush,
  onCleanup,
  registered,
  SCRIPTED_BASE,
  ScriptedDirectory,
  startLink,
  testDirectory,
  type ScriptedAnswer,
} from './harness';

const okBeats = (beats: { status: number; injected?: boolean }[]) =>
  beats.filter((b) => b.status === 200 && !b.injected).length;

/** The index of the first occurrence of `b` after the first occurrence of `a`, or -1. */
function followedBy<T>(list: T[], a: T, b: T): boolean {
  const i = list.indexOf(a);
  return i >= 0 && list.indexOf(b, i + 1) > i;
}

describe('faults at a running directory', () => {
  it.each<[string, { status: number; raw: string }]>([
    ['HTML 500s', { status: 500, raw: '<html><body>500 Internal Server Error</body></html>' }],
    ['garbage 200s', { status: 200, raw: 'this is not json' }],
    ['truncated JSON 502s', { status: 502, raw: '{"error":{"code":' }],
  ])(
    '%s: the link backs off, shows "unreachable", keeps its token, and heartbeats resume when the fault clears',
    async (_label, fault) => {
      const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
      const h = startLink({ baseUrl: directory.url, random: Math.random });
      await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(0));
      const token = h.secrets.get('node_token');

      directory.fail({ ...fault, routes: ['heartbeat'] });
      await eventually(() => expect(h.link.status.link).toBe('unreachable'));
      await eventually(() =>
        expect(directory.state.heartbeats.filter((b) => b.injected).length).toBeGreaterThanOrEqual(3),
      );
      expect(h.link.status.consecutiveFailures).toBeGreaterThanOrEqual(2);
      expect(h.secrets.get('node_token')).toBe(token);

      const before = okBeats(directory.state.heartbeats);
      directory.fail(null);
      await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(before + 1));
      expect(h.link.status.link).toBe('registered');
      expect(h.link.status.consecutiveFailures).toBe(0);
      expect(followedBy(h.linkStates, 'unreachable', 'registered')).toBe(true);
      expect(directory.state.registrations).toHaveLength(1); // nothing to re-register: the credentials still hold
      expect(h.events('directory_loop_crashed')).toHaveLength(0);
    },
  );

  it('while it waits to try again, the status says when (the dashboard counts down to it); a wake-up tries at once', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(0));
    expect(h.link.status.registeredAt).not.toBeNull();
    const failedAt = Date.now();
    directory.fail({ status: 503, raw: '<html>', routes: ['heartbeat'] });
    await eventually(() => expect(h.link.status.link).toBe('unreachable'));
    await eventually(() => expect(h.link.status.nextAttemptAt).not.toBeNull());
    const next = h.link.status.nextAttemptAt!;
    // Set when the wait began, after the failure, and within the (shortened) back-off of it.
    expect(next).toBeGreaterThanOrEqual(failedAt);
    expect(next - Date.now()).toBeLessThanOrEqual(60_000);

    directory.fail(null);
    const tries = directory.state.heartbeats.length;
    h.link.heartbeatNow();
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    expect(directory.state.heartbeats.length).toBeGreaterThan(tries);
  });

  it('"Try now" wakes the loop at most once per 10 s, and not while the directory asked the node to wait', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(0));
    const now = Date.now();
    expect(h.link.tryNow(now)).toBe(true);
    expect(h.link.tryNow(now + 5_000)).toBe(false);

    // Rate-limited with a 60 s Retry-After: clicks do not shorten the wait the directory asked for.
    directory.fail({
      status: 429,
      body: { error: { code: 'IICP-E034', message: 'slow down', retry_after: 60 } },
      routes: ['heartbeat'],
    });
    await eventually(() => expect(h.link.status.nextAttemptAt ?? 0).toBeGreaterThan(Date.now() + 30_000));
    const beats = directory.state.heartbeats.length;
    expect(h.link.tryNow(Date.now() + 20_000)).toBe(false);
    expect(directory.state.heartbeats.length).toBe(beats);
  });

  it('one failed beat is not worth an alarm: the link still says "registered" until failures repeat', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(0));
    directory.fail({ status: 500, raw: '<html>', routes: ['heartbeat'], times: 1 });
    const before = okBeats(directory.state.heartbeats);
    await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(before));
    expect(h.events('heartbeat_fail')).toHaveLength(1);
    expect(h.linkStates).not.toContain('unreachable');
  });

  it('a closed directory port is a network error; the same credentials work once it listens again', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(0));

    await directory.close();
    await eventually(() => expect(h.link.status.link).toBe('unreachable'));
    expect(h.events('heartbeat_fail').at(-1)?.details).toMatch(/ECONNREFUSED|failed/);

    const before = okBeats(directory.state.heartbeats);
    await directory.restart();
    await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(before));
    await eventually(() => expect(h.link.status.link).toBe('registered'));
    expect(directory.state.registrations).toHaveLength(1);
  });

  it('a directory that lost its state answers 401; the node registers again by itself and keeps heartbeating', async () => {
    const directory = await testDirectory({ heartbeatIntervalMs: 1000 });
    const h = startLink({ baseUrl: directory.url });
    await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(0));
    const oldToken = h.secrets.get('node_token');

    await directory.restart({ keepState: false });
    await eventually(() => expect(directory.state.nodes[h.nodeId]).toBeDefined());
    await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(0));
    expect(directory.state.registrations[0]!.status).toBe(201);
    expect(h.secrets.get('node_token')).not.toBe(oldToken);
    expect(h.link.status.link).toBe('registered');
  });
});

describe('starting up', () => {
  it('tries three times, keeps trying after that, and registers when the directory comes up late on its port', async () => {
    const port = await freePort();
    const h = startLink({
      baseUrl: `http://127.0.0.1:${port}/api`,
      startupRetryDelaysMs: [50, 100],
      backoffBaseMs: 50,
    });
    await eventually(() => expect(h.events('register_fail').length).toBeGreaterThanOrEqual(3));
    expect(h.link.status.link).toBe('unreachable');
    expect(h.secrets.get('node_token')).toBeNull();

    const directory = await startTestDirectory({
      port,
      routabilityCheck: false,
      livenessProbe: false,
      heartbeatIntervalMs: 1000,
    });
    onCleanup(() => directory.close());
    await eventually(() => expect(h.link.status.link).toBe('registered'), 20_000);
    await eventually(() => expect(okBeats(directory.state.heartbeats)).toBeGreaterThan(0));
    expect(h.secrets.get('node_token')).toBe(directory.state.nodes[h.nodeId]!.token);
  });

  it('does not register while the engine says it cannot, and says why', async () => {
    const dir = new ScriptedDirectory();
    const h = startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      registration: () => ({
        ok: false,
        reason: said('network.link.notRegistered', { why: said('network.link.why.noModels') }),
      }),
    });
    await eventually(() => expect(h.link.status.link).toBe('not_configured'));
    expect(inEnglish(h.link.status.message)).toBe('Not registered: the local LLM server offers no models right now.');
    expect(dir.sent).toHaveLength(0);
  });
});

describe('the loop is never stuck', () => {
  it('stop() during an in-flight startup registration ends the loop at once, without waiting out the startup delay', async () => {
    const dir = new ScriptedDirectory();
    dir.register = () => ({ hang: true });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, startupRetryDelaysMs: [60_000, 60_000] });
    await eventually(() => expect(dir.registrations()).toHaveLength(1));
    const outcome = await Promise.race([
      h.stop().then(() => 'stopped'),
      new Promise((r) => setTimeout(() => r('still waiting after 5 s'), 5000).unref()),
    ]);
    expect(outcome).toBe('stopped');
    expect(dir.registrations()).toHaveLength(1);
  });

  it('a re-registration requested while a heartbeat is in flight happens right after it, not an interval later', async () => {
    const dir = new ScriptedDirectory();
    let release: (() => void) | null = null;
    dir.heartbeat = async (req, n) => {
      if (n === 2) await new Promise<void>((r) => (release = r));
      return beatOk(req, { next_heartbeat_ms: 300_000 });
    };
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.events('heartbeat_ok')).toHaveLength(1));
    h.link.heartbeatNow();
    await eventually(() => expect(release).not.toBeNull());

    h.link.requestReregister('models changed'); // arrives while beat 2 waits for its answer
    release!();
    await eventually(() => expect(dir.registrations()).toHaveLength(2));
    expect(dir.registrations()[1]!.body?.current_node_token).toBe('token-1');
  });

  it('heartbeatNow() during an in-flight request is not lost', async () => {
    const dir = new ScriptedDirectory();
    let release: (() => void) | null = null;
    dir.heartbeat = async (req, n) => {
      if (n === 1) await new Promise<void>((r) => (release = r));
      return beatOk(req, { next_heartbeat_ms: 300_000 });
    };
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(release).not.toBeNull());
    h.link.heartbeatNow(); // e.g. the computer woke up while the first beat was on its way
    release!();
    await eventually(() => expect(dir.heartbeats()).toHaveLength(2));
  });

  it('survives every kind of answer without an exception escaping the loop', async () => {
    const dir = new ScriptedDirectory();
    const chaos: ScriptedAnswer[] = [
      { status: 200, raw: '' },
      { status: 200, raw: '[]' },
      { status: 500, raw: '<html>' },
      { networkError: 'ECONNRESET' },
      { status: 418, raw: '\u0000\u0001binary' },
      {
        status: 200,
        json: { ok: true, next_heartbeat_ms: 'NaN', challenge: { nested: true }, reputation_score: 'high' },
      },
    ];
    dir.register = (req, n) => (n <= 3 ? chaos[n - 1]! : registered(req, `token-${n}`));
    dir.heartbeat = (req, n) => chaos[n - 1] ?? beatOk(req, { next_heartbeat_ms: 300_000 });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(h.events('heartbeat_ok')).toHaveLength(1));
    expect(dir.heartbeats()).toHaveLength(chaos.length);
    expect(h.link.status.link).toBe('registered');
    expect(h.link.status.heartbeatIntervalMs).toBe(30_000); // "NaN" is no interval: the default applies
    expect(h.link.status.reputationScore).toBeNull();
    expect(h.events('directory_loop_crashed')).toHaveLength(0);
  });
});

describe('waiting between attempts (controlled clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Moves the fake clock forward and lets the loop react. */
  async function advance(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    await flush();
  }

  it('the three startup attempts wait the configured delays, then the loop backs off before the fourth', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = new ScriptedDirectory();
    dir.register = () => ({ status: 503, json: { error: { code: 'server_error', message: 'down' } } });
    // backoff(n) = base · 2^(n−1) · (0.8 + 0.4·random): random 0.5 → exactly 1000 · 4 = 4000 ms after 3 failures.
    startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      startupRetryDelaysMs: [2000, 4000],
      backoffBaseMs: 1000,
      random: () => 0.5,
    });
    await flush();
    expect(dir.registrations()).toHaveLength(1);
    await advance(1999);
    expect(dir.registrations()).toHaveLength(1);
    await advance(1);
    expect(dir.registrations()).toHaveLength(2);
    await advance(3999);
    expect(dir.registrations()).toHaveLength(2);
    await advance(1);
    expect(dir.registrations()).toHaveLength(3);
    await advance(3999);
    expect(dir.registrations()).toHaveLength(3);
    await advance(1);
    expect(dir.registrations()).toHaveLength(4);
    await advance(7999); // 5th failure-free wait: 1000 · 8
    expect(dir.registrations()).toHaveLength(4);
    await advance(1);
    expect(dir.registrations()).toHaveLength(5);
  });

  it('jitters the back-off within ±20 %', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (const [random, wait] of [
      [0, 800],
      [0.999999, 1200],
    ] as const) {
      const dir = new ScriptedDirectory();
      dir.register = () => ({ status: 503, raw: '' });
      const h = startLink({
        baseUrl: SCRIPTED_BASE,
        fetchImpl: dir.fetch,
        startupRetryDelaysMs: [],
        backoffBaseMs: 1000,
        random: () => random,
      });
      await flush();
      expect(dir.registrations()).toHaveLength(1);
      await advance(wait - 1);
      expect(dir.registrations()).toHaveLength(1);
      await advance(1);
      expect(dir.registrations()).toHaveLength(2);
      await h.stop();
    }
  });

  it('a rate-limited registration (IICP-E034, retry_after 60) waits the 60 s the directory asked for', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = new ScriptedDirectory();
    dir.register = (req, n) =>
      n === 1
        ? { status: 429, json: { error: 'IICP-E034', message: 'TooManyRegistrationAttempts', retry_after: 60 } }
        : registered(req, 'token-1');
    const h = startLink({
      baseUrl: SCRIPTED_BASE,
      fetchImpl: dir.fetch,
      startupRetryDelaysMs: [2000, 4000],
      backoffBaseMs: 1000,
    });
    await flush();
    expect(h.events('register_fail')[0]?.details).toContain('retry_after_ms=60000');
    await advance(59_999);
    expect(dir.registrations()).toHaveLength(1);
    await advance(1);
    expect(dir.registrations()).toHaveLength(2);
    await flush();
    expect(h.link.status.link).toBe('registered');
  });

  it('a heartbeat answered 429 with Retry-After waits that long; a Retry-After of 0 still waits at least 1 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = new ScriptedDirectory();
    const limited = (seconds: string): ScriptedAnswer => ({
      status: 429,
      json: { error: { code: 'rate_limited', message: 'Too Many Attempts.' } },
      headers: { 'retry-after': seconds },
    });
    dir.heartbeat = (req, n) => (n === 1 ? limited('30') : n === 2 ? limited('0') : beatOk(req));
    startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch, backoffBaseMs: 1000 });
    await flush();
    expect(dir.heartbeats()).toHaveLength(1);
    await advance(29_999);
    expect(dir.heartbeats()).toHaveLength(1);
    await advance(1);
    expect(dir.heartbeats()).toHaveLength(2);
    await advance(999);
    expect(dir.heartbeats()).toHaveLength(2);
    await advance(1);
    expect(dir.heartbeats()).toHaveLength(3);
  });

  it('a retry hint far in the future is capped at 5 minutes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = new ScriptedDirectory();
    dir.heartbeat = (req, n) =>
      n === 1 ? { status: 503, json: { error: 'maintenance', message: 'later', retry_after: 1e9 } } : beatOk(req);
    startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await flush();
    expect(dir.heartbeats()).toHaveLength(1);
    await advance(299_999);
    expect(dir.heartbeats()).toHaveLength(1);
    await advance(1);
    expect(dir.heartbeats()).toHaveLength(2);
  });
});
