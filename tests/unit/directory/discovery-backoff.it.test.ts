/**
 * A directory that fails or hangs is remembered, and left alone longer after each failure in a row (the answer window,
 * then twice, four times that, up to five minutes); one good answer ends it. `kept` never waits for the directory:
 * it gives the last answer at once and asks again behind the reader. A fake clock moves past the windows; the only
 * real time is the stand-in's hang, cut by a short ask timeout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DiscoveryClient, DISCOVERY_FRESH_MS } from '@engine/directory/discovery-client';
import { BACKOFF_CAP_MS, DiscoveryBackoff } from '@engine/directory/discovery-backoff';
import { fakeClock } from '../../support/fake-clock';
import { serveOnLoopback } from '../../support/http-server';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const NODE = {
  node_id: 'a0000000-0000-4000-8000-00000000000a',
  endpoint: 'https://a.example.net',
  cx_public_key: { key: 'key-of-a', key_id: 'kid-a' },
  models: ['qwen2.5:7b'],
  capabilities: [{ intent: CHAT, max_tokens: 4096 }],
};

type Mode = 'ok' | 'refuse' | 'hang';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A directory stand-in that answers, refuses (503) or accepts the request and never answers, as `mode` says. */
async function standIn() {
  const state = { mode: 'ok' as Mode, asks: 0 };
  const server = await serveOnLoopback((req, res) => {
    state.asks += 1;
    if (state.mode === 'hang') return;
    if (state.mode === 'refuse')
      return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"maintenance"}}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ nodes: [NODE] }));
  });
  closers.push(server.close);
  return { url: `http://127.0.0.1:${server.port}/api`, state };
}

describe('a failing directory is asked again only after growing waits', () => {
  it('a question never asked tells the failure another question met while the directory is waited out', async () => {
    const dir = await standIn();
    const clock = fakeClock();
    const discovery = new DiscoveryClient({ directoryUrl: () => dir.url, now: clock.now });
    dir.state.mode = 'refuse';
    await discovery.discover({ intent: CHAT, model: 'qwen2.5:7b' });
    // The page's question (no model) was never asked: the page tells the failure, not "nothing known".
    const before = dir.state.asks;
    expect(discovery.last({ intent: CHAT })).toMatchObject({ answer: null, failure: expect.anything() as unknown });
    expect(discovery.kept({ intent: CHAT })?.failure).toBeTruthy();
    expect(dir.state.asks).toBe(before);
    // Once the wait is out, nothing new was learnt of that question: no failure is made up.
    clock.advance(DISCOVERY_FRESH_MS);
    expect(discovery.last({ intent: CHAT })).toBeNull();
  });

  it('waits out 10 s, 20 s, 40 s after failures in a row; a good answer resets the wait to the window', async () => {
    const dir = await standIn();
    const clock = fakeClock();
    const discovery = new DiscoveryClient({ directoryUrl: () => dir.url, now: clock.now });
    dir.state.mode = 'refuse';
    const askedAfter = async (ms: number) => {
      clock.advance(ms);
      const before = dir.state.asks;
      await discovery.discover({ intent: CHAT });
      return dir.state.asks - before;
    };
    expect(await askedAfter(0)).toBe(1);
    for (const wait of [DISCOVERY_FRESH_MS, 2 * DISCOVERY_FRESH_MS, 4 * DISCOVERY_FRESH_MS]) {
      expect(await askedAfter(wait - 1)).toBe(0);
      expect(await askedAfter(1)).toBe(1);
    }
    // Back: the next good answer ends the trouble, and the one failure after it earns only the window again.
    dir.state.mode = 'ok';
    expect(await askedAfter(8 * DISCOVERY_FRESH_MS)).toBe(1);
    dir.state.mode = 'refuse';
    expect(await askedAfter(DISCOVERY_FRESH_MS)).toBe(1);
    expect(await askedAfter(DISCOVERY_FRESH_MS - 1)).toBe(0);
    expect(await askedAfter(1)).toBe(1);
  });

  it('the wait never grows past five minutes; asks failing together count once', () => {
    const backoff = new DiscoveryBackoff<string>(DISCOVERY_FRESH_MS);
    let t = 0;
    for (let i = 0; i < 40; i++) backoff.failed('d', 'down', ++t, ++t);
    expect(backoff.waiting('d', t + BACKOFF_CAP_MS - 1)).not.toBeNull();
    expect(backoff.waiting('d', t + BACKOFF_CAP_MS)).toBeNull();
    // Three questions asked together while the directory hung: one failure, the window's wait.
    const together = new DiscoveryBackoff<string>(DISCOVERY_FRESH_MS);
    for (let i = 0; i < 3; i++) together.failed('d', 'down', 100, 900 + i);
    expect(together.waiting('d', 900 + DISCOVERY_FRESH_MS - 1)).toMatchObject({ failures: 1 });
    expect(together.waiting('d', 900 + DISCOVERY_FRESH_MS)).toBeNull();
  });

  it('a hanging directory: `kept` answers at once with the last answer, the hang is remembered and waited out', async () => {
    const dir = await standIn();
    const clock = fakeClock();
    const discovery = new DiscoveryClient({ directoryUrl: () => dir.url, now: clock.now, timeoutMs: 200 });
    const good = await discovery.discover({ intent: CHAT });
    expect(good.failure).toBeNull();
    dir.state.mode = 'hang';
    for (let window = 1; window <= 3; window++) {
      clock.advance(DISCOVERY_FRESH_MS * window);
      // Due: asked behind the reader, who has the last answer without waiting for the hang.
      expect(discovery.kept({ intent: CHAT })?.answer).toBe(good.answer);
      const askedAt = clock.now();
      await expect
        .poll(() => discovery.kept({ intent: CHAT }))
        .toMatchObject({
          askedAt,
          failure: { kind: 'unreachable' },
        });
      expect(discovery.kept({ intent: CHAT })?.answer).toBe(good.answer);
      expect(dir.state.asks).toBe(1 + window);
    }
    // Any question to the failing directory, even one never asked, gets the failure at once, without an ask.
    expect(discovery.kept({ intent: CHAT, model: 'never-asked' })).toMatchObject({
      answer: null,
      failure: { kind: 'unreachable' },
    });
    expect(await discovery.discover({ intent: CHAT, model: 'never-asked' })).toMatchObject({ answer: null });
    expect(dir.state.asks).toBe(4);
  });
});
