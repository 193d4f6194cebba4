/**
 * The relay worker's pull pacing, counted on a fake clock: a relay that answers every long poll at once with 204 is
 * polled with back-off from a floor and then treated as failing, while a relay that holds its polls for its window
 * (the honest one) is polled back to back and never blamed. The relay and directory are a scripted `fetch`.
 */
import { english } from '@shared/i18n/say';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayClock } from '@engine/relay/relay-waits';
import { RelayWorker } from '@engine/relay/relay-worker';
import { stepWords } from '../../support/step-words';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const WINDOW_S = 25;

/** Timers on a clock the test moves; each step lets the worker's promises and the scripted fetch run. */
function fakeTimers() {
  let t = 1_000_000;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: RelayClock = {
    now: () => t,
    setTimer: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: t + Math.max(0, ms), fn });
      return id;
    },
    clearTimer: (h) => void timers.delete(h as number),
  };
  const settle = async () => {
    for (let i = 0; i < 8; i++) await new Promise<void>((r) => setImmediate(r));
  };
  return {
    clock,
    now: () => t,
    /** Moves time forward in steps of `stepMs`, firing what falls due. */
    async advance(ms: number, stepMs = 50) {
      const end = t + ms;
      while (t < end) {
        t = Math.min(end, t + stepMs);
        for (const [id, x] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
          if (x.at > t) continue;
          timers.delete(id);
          x.fn();
        }
        await settle();
      }
    },
  };
}

/** A directory that lists one public relay, and that relay: pulls answered 204 at once, or after the window. */
function scripted(timers: ReturnType<typeof fakeTimers>, pull: 'at_once' | 'after_window') {
  const pulls: number[] = [];
  const binds: number[] = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    // Answered on the next turn, as a socket would: never inside the caller's own microtask chain.
    await new Promise<void>((r) => setImmediate(r));
    if (url.pathname === '/v1/discover') {
      return json(200, {
        nodes: [
          {
            node_id: 'relay-1',
            endpoint: 'https://relay.iicp-net.org',
            relay_capable: true,
            load: 0.1,
            reputation_score: 0.9,
            probation: false,
          },
        ],
      });
    }
    if (url.pathname === '/v1/relay/bind') {
      binds.push(timers.now());
      return json(200, {
        session_token: 'tok',
        poll_timeout_s: WINDOW_S,
        worker_endpoint_path: '/v1/relay-for/worker-node-1',
      });
    }
    if (url.pathname === '/v1/relay/pull') {
      pulls.push(timers.now());
      if (pull === 'after_window') {
        await new Promise<void>((resolve) => {
          const h = timers.clock.setTimer(resolve, WINDOW_S * 1000);
          init?.signal?.addEventListener('abort', () => {
            timers.clock.clearTimer(h);
            resolve();
          });
        });
      }
      return new Response(null, { status: 204 });
    }
    if (url.pathname === '/v1/relay/unbind') return new Response(null, { status: 204 });
    return json(404, { error: { code: 'not_found', message: 'no' } });
  }) as typeof fetch;
  return { fetchImpl, pulls, binds };
}

const workers: RelayWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
});

function worker(timers: ReturnType<typeof fakeTimers>, fetchImpl: typeof fetch, lost: string[]): RelayWorker {
  const w = new RelayWorker({
    nodeId: 'worker-node-1',
    directoryUrl: () => 'https://directory.iicp-net.org',
    nodeToken: () => null,
    intent: () => CHAT,
    models: () => ['qwen2.5:7b'],
    forward: () => Promise.reject(new Error('no call is expected')),
    fetchImpl,
    clock: timers.clock,
    log: () => undefined,
    onChange: () => undefined,
    onBound: () => undefined,
    onLost: (why) => lost.push(english.said(why)),
  });
  workers.push(w);
  return w;
}

describe('pull pacing', () => {
  it('a relay answering every long poll at once is polled from a floor with back-off, then treated as failing', async () => {
    const timers = fakeTimers();
    const relay = scripted(timers, 'at_once');
    const lost: string[] = [];
    const w = worker(timers, relay.fetchImpl, lost);
    const connecting = w.connect();
    await timers.advance(100);
    expect(await connecting).not.toBeNull();
    const from = timers.now();
    await timers.advance(60_000);
    const seconds = (timers.now() - from) / 1000;
    const rate = relay.pulls.length / seconds;
    console.log(
      `early-204 relay: ${relay.pulls.length} pulls in ${seconds} s of fake time = ${rate.toFixed(2)} pulls/s`,
    );
    // Back-off 1, 2, 4, 8, 16 s between the first six pulls, then the relay counts as failing and is left.
    const gaps = relay.pulls.slice(1, 6).map((at, i) => at - relay.pulls[i]!);
    expect(gaps.every((g, i) => g >= 1_000 * 2 ** i)).toBe(true);
    expect(lost.some((x) => /keeps answering at once/.test(x))).toBe(true);
    expect(stepWords(w.status.steps).some((x) => /Lost the relay: it keeps answering at once/.test(x))).toBe(true);
    expect(rate).toBeLessThan(0.5);
  });

  it('a relay that holds each poll for its window is polled back to back and never blamed', async () => {
    const timers = fakeTimers();
    const relay = scripted(timers, 'after_window');
    const lost: string[] = [];
    const w = worker(timers, relay.fetchImpl, lost);
    const connecting = w.connect();
    await timers.advance(100);
    expect(await connecting).not.toBeNull();
    await timers.advance(10 * 60_000, 250);
    // One pull per 25 s window, one after the other: 24 in ten minutes.
    expect(relay.pulls.length).toBeGreaterThanOrEqual(23);
    expect(relay.pulls.length).toBeLessThanOrEqual(25);
    expect(lost).toEqual([]);
    expect(relay.binds).toHaveLength(1);
    expect(w.status.state).toBe('bound');
  });
});
