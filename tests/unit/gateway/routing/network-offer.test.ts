import { describe, expect, it, vi } from 'vitest';
import { english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import { readDiscoverAnswer } from '@engine/directory/discover-answer';
import { DiscoveryClient, type DiscoveryClientOptions } from '@engine/directory/discovery-client';
import { NetworkOffer, offeredNodes as offeredOf } from '@engine/gateway/routing/network-offer';
import { fakeClock } from '../../../support/fake-clock';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const EMBED = 'urn:iicp:intent:llm:embedding:v1';

/** A discovery answer's body as the one discovery client reads it, then the gateway's view of it. */
const offeredNodes = (body: unknown, intent: string) => offeredOf(readDiscoverAnswer(body)?.nodes ?? [], intent);

/** The gateway's offer over a discovery client of its own (in the node, the one every page shares). */
const networkOffer = (
  o: Omit<DiscoveryClientOptions, 'directoryUrl'> & { directoryUrl: () => string },
  pause: (ms: number) => Promise<void> = () => new Promise(() => undefined),
) => new NetworkOffer(new DiscoveryClient(o), { now: o.now ?? Date.now, pause });

/** A node as `GET /v1/discover` lists it. */
const listed = (id: string, extra: Record<string, unknown> = {}) => ({
  node_id: id,
  endpoint: `https://${id}.example.net`,
  cx_public_key: {
    algorithm: 'X25519',
    encoding: 'base64url',
    key: `key-of-${id}`,
    key_id: `kid-${id}`,
    features: ['response_encryption_v1'],
  },
  models: ['m1'],
  capabilities: [{ intent: CHAT, max_tokens: 4096 }],
  pricing: { credit_cost_multiplier: 1.5 },
  ...extra,
});

describe('offeredNodes: a discovery answer read defensively', () => {
  it('keeps what a sealed task needs, in the directory’s order', () => {
    const nodes = offeredNodes({ nodes: [listed('b', { operator_fingerprint: '0123456789ab' }), listed('a')] }, CHAT);
    expect(nodes).toEqual([
      {
        nodeId: 'b',
        endpoint: 'https://b.example.net',
        cx: { key: 'key-of-b', keyId: 'kid-b' },
        models: ['m1'],
        multiplier: 1.5,
        maxTokens: 4096,
        operator: '0123456789ab',
        nativeTransport: null,
        facts: expect.any(Map),
      },
      {
        nodeId: 'a',
        endpoint: 'https://a.example.net',
        cx: { key: 'key-of-a', keyId: 'kid-a' },
        models: ['m1'],
        multiplier: 1.5,
        maxTokens: 4096,
        operator: null,
        nativeTransport: null,
        facts: expect.any(Map),
      },
    ]);
  });

  it('leaves out a node without an IICP-CX key: a prompt is never sent in the clear', () => {
    const nodes = offeredNodes(
      {
        nodes: [
          listed('no-key', { cx_public_key: undefined }),
          listed('null-key', { cx_public_key: null }),
          listed('empty-key', { cx_public_key: { key: '', key_id: 'k' } }),
          listed('no-key-id', { cx_public_key: { key: 'k' } }),
          listed('long-key', { cx_public_key: { key: 'k'.repeat(129), key_id: 'k' } }),
          listed('ok'),
        ],
      },
      CHAT,
    );
    expect(nodes.map((n) => n.nodeId)).toEqual(['ok']);
  });

  it('leaves out endpoints that are not http(s) URLs, and cuts trailing slashes', () => {
    const bad = [
      'ftp://x.example',
      'javascript:alert(1)',
      'x.example:8080',
      '//x.example',
      '',
      `https://${'a'.repeat(2050)}.example`,
      42,
      null,
    ];
    const nodes = offeredNodes(
      {
        nodes: [
          ...bad.map((endpoint, i) => listed(`bad${i}`, { endpoint })),
          listed('ok', { endpoint: 'HTTP://ok.example:8080/relay/n1///' }),
        ],
      },
      CHAT,
    );
    expect(nodes.map((n) => [n.nodeId, n.endpoint])).toEqual([['ok', 'HTTP://ok.example:8080/relay/n1']]);
  });

  it('a node listed twice counts once (the first), and a node without an id or with a foreign shape is left out', () => {
    const nodes = offeredNodes(
      {
        nodes: [
          listed('a', { models: ['first'] }),
          listed('a', { models: ['second'] }),
          listed(''),
          { ...listed('x'), node_id: 7 },
          'a node',
          null,
          [],
          listed('b'),
        ],
      },
      CHAT,
    );
    expect(nodes.map((n) => [n.nodeId, n.models])).toEqual([
      ['a', ['first']],
      ['b', ['m1']],
    ]);
  });

  it('a node id counts only in the form a node has: no control or bidi characters, no spaces, at most 36 characters', () => {
    const bad = ['evil\u202enode', 'line\nbreak', 'two words', 'x'.repeat(37), '-starts-with-dash'];
    const nodes = offeredNodes(
      {
        nodes: [
          ...bad.map((id) => listed(id, { endpoint: 'https://bad.example.net' })),
          listed('2f1e3d4c-8a9b-4c5d-9e0f-112233445566'),
        ],
      },
      CHAT,
    );
    expect(nodes.map((n) => n.nodeId)).toEqual(['2f1e3d4c-8a9b-4c5d-9e0f-112233445566']);
  });

  it('an operator fingerprint counts only as 12 lower-case hex characters', () => {
    const fps = [
      '0123456789ab',
      '0123456789AB',
      '0123456789a',
      '0123456789abc',
      '0123456789ag',
      ' 0123456789a',
      123456789012,
      undefined,
    ];
    const nodes = offeredNodes({ nodes: fps.map((fp, i) => listed(`n${i}`, { operator_fingerprint: fp })) }, CHAT);
    // A number where a text belongs makes the whole node unreadable.
    expect(nodes.map((n) => [n.nodeId, n.operator])).toEqual([
      ['n0', '0123456789ab'],
      ['n1', null],
      ['n2', null],
      ['n3', null],
      ['n4', null],
      ['n5', null],
      ['n7', null],
    ]);
  });

  it('models: only texts of 1–255 characters; prices: the multiplier or 1; answer length: the largest for the intent', () => {
    const [n] = offeredNodes(
      {
        nodes: [
          listed('a', {
            models: ['m1', '', 7, null, 'x'.repeat(256), 'm2', { name: 'm3' }],
            pricing: undefined,
            capabilities: [
              { intent: CHAT, max_tokens: 2048 },
              { intent: EMBED, max_tokens: 99_999 },
              { max_tokens: 8192 },
              { intent: CHAT, max_tokens: 1.5 },
              { intent: CHAT, max_tokens: -1 },
              null,
              'chat',
            ],
          }),
        ],
      },
      CHAT,
    );
    expect(n).toMatchObject({ models: ['m1', 'm2'], multiplier: 1, maxTokens: 8192 });
    const [free] = offeredNodes(
      { nodes: [listed('f', { pricing: { credit_cost_multiplier: 0 }, capabilities: [] })] },
      CHAT,
    );
    expect(free).toMatchObject({ multiplier: 0, maxTokens: null });
    // A negative or absurd price is no price to trust: the node is left out.
    expect(
      offeredNodes(
        {
          nodes: [
            listed('neg', { pricing: { credit_cost_multiplier: -1 } }),
            listed('huge', { pricing: { credit_cost_multiplier: 1e9 } }),
          ],
        },
        CHAT,
      ),
    ).toEqual([]);
  });

  it('streams only from a node that advertises its native transport, the lifecycle profile on this intent and sealed streams', () => {
    const LIFECYCLE = 'urn:iicp:profile:service-lifecycle:v1';
    const cx = (features: unknown) => ({ key: 'k', key_id: 'kid', features });
    const can = {
      transport_endpoint: 'iicp://node.example.net:8443',
      capabilities: [{ intent: CHAT, max_tokens: 4096, supported_profiles: [LIFECYCLE] }, { intent: EMBED }],
      cx_public_key: cx(['response_encryption_v1', 'sealed_stream_v2']),
    };
    const streamOf = (extra: Record<string, unknown>, intent = CHAT) =>
      offeredNodes({ nodes: [listed('n', { ...can, ...extra })] }, intent)[0]?.nativeTransport;
    expect(streamOf({})).toEqual({ host: 'node.example.net', port: 8443 });
    expect(streamOf({ transport_endpoint: 'iicp://[2001:db8::1]:9000' })).toEqual({ host: '2001:db8::1', port: 9000 });
    // Each of the three missing, or written wrong, means the buffered call.
    expect(streamOf({}, EMBED)).toBeNull();
    expect(streamOf({ transport_endpoint: undefined })).toBeNull();
    expect(streamOf({ transport_endpoint: 'https://node.example.net:8443' })).toBeNull();
    expect(streamOf({ transport_endpoint: 'iicp://node.example.net:70000' })).toBeNull();
    expect(streamOf({ transport_endpoint: 'iicp://user@node.example.net:1/x' })).toBeNull();
    expect(streamOf({ transport_endpoint: 7 })).toBeNull();
    expect(streamOf({ cx_public_key: cx(['response_encryption_v1']) })).toBeNull();
    expect(streamOf({ cx_public_key: cx('sealed_stream_v2') })).toBeNull();
    expect(streamOf({ cx_public_key: cx(Array.from({ length: 33 }, () => 'sealed_stream_v2')) })).toBeNull();
    // The old form (no salt: a second run of one request sealed under the first run's key) is never asked for.
    expect(streamOf({ cx_public_key: cx(['response_encryption_v1', 'sealed_stream_v1']) })).toBeNull();
    expect(streamOf({ capabilities: [{ intent: CHAT, supported_profiles: [] }] })).toBeNull();
    expect(streamOf({ capabilities: [{ intent: CHAT, supported_profiles: LIFECYCLE }] })).toBeNull();
    expect(
      streamOf({ capabilities: [{ intent: EMBED, supported_profiles: [LIFECYCLE] }, { intent: CHAT }] }),
    ).toBeNull();
    // The features never reach the key a task is sealed to.
    expect(offeredNodes({ nodes: [listed('n', can)] }, CHAT)[0]?.cx).toEqual({ key: 'k', keyId: 'kid' });
  });

  it('no list, a list of something else, or an overlong list: at most 100 nodes, never a throw', () => {
    expect(offeredNodes({}, CHAT)).toEqual([]);
    expect(offeredNodes({ nodes: 'all of them' }, CHAT)).toEqual([]);
    expect(offeredNodes({ nodes: { 0: listed('a') } }, CHAT)).toEqual([]);
    const many = offeredNodes({ nodes: Array.from({ length: 500 }, (_, i) => listed(`n${i}`)) }, CHAT);
    expect(many).toHaveLength(100);
    expect(many.at(-1)!.nodeId).toBe('n99');
    expect(
      offeredNodes({ nodes: [listed('a', { models: Array.from({ length: 5000 }, (_, i) => `m${i}`) })] }, CHAT),
    ).toEqual([]);
  });
});

/** A directory behind a `fetch`: answers discovery from `answer`, counting the calls and the queries. */
function directory(answer: (url: URL) => Response | Promise<Response> | 'unreachable') {
  const calls: URL[] = [];
  const impl = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    calls.push(url);
    const a = await answer(url);
    if (a === 'unreachable') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    return a;
  };
  return { fetch: impl as typeof fetch, calls };
}

const discoverAnswer = (...ids: string[]) =>
  new Response(JSON.stringify({ nodes: ids.map((id) => listed(id)) }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });

describe('NetworkOffer: discovery asked per intent and model, kept for a few seconds', () => {
  it('asks GET /v1/discover with the intent, the model and a limit', async () => {
    const dir = directory(() => discoverAnswer('a'));
    const offer = networkOffer({
      directoryUrl: () => 'https://dir.example',
      fetchImpl: dir.fetch,
      now: fakeClock().now,
    });
    const list = await offer.nodes(CHAT, 'm1');
    expect(list).toEqual({ nodes: [expect.objectContaining({ nodeId: 'a' })], at: fakeClock().now(), problem: null });
    expect(dir.calls).toHaveLength(1);
    expect(dir.calls[0]!.pathname).toBe('/v1/discover');
    expect(Object.fromEntries(dir.calls[0]!.searchParams)).toEqual({ intent: CHAT, limit: '50', model: 'm1' });
    await offer.nodes(CHAT, null);
    expect(Object.fromEntries(dir.calls[1]!.searchParams)).toEqual({ intent: CHAT, limit: '50' });
  });

  it('uses an answer for freshMs, per intent and model, then asks again behind the request', async () => {
    const clock = fakeClock();
    let n = 0;
    const dir = directory(() => discoverAnswer(`v${++n}`));
    const offer = networkOffer({
      directoryUrl: () => 'https://dir.example',
      fetchImpl: dir.fetch,
      now: clock.now,
      freshMs: 10_000,
    });
    expect((await offer.nodes(CHAT, 'm1')).nodes[0]!.nodeId).toBe('v1');
    clock.advance(9_999);
    expect((await offer.nodes(CHAT, 'm1')).nodes[0]!.nodeId).toBe('v1');
    expect((await offer.nodes(CHAT, 'm2')).nodes[0]!.nodeId).toBe('v2');
    expect((await offer.nodes(EMBED, 'm1')).nodes[0]!.nodeId).toBe('v3');
    clock.advance(1);
    // Past the window the request is served the last answer at once; the new one is asked behind it, for the next.
    expect((await offer.nodes(CHAT, 'm1')).nodes[0]!.nodeId).toBe('v1');
    await expect.poll(async () => (await offer.nodes(CHAT, 'm1')).nodes[0]!.nodeId).toBe('v4');
    expect(dir.calls).toHaveLength(4);
  });

  it('requests arriving together share one call', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const dir = directory(async () => {
      await gate;
      return discoverAnswer('a');
    });
    const offer = networkOffer({
      directoryUrl: () => 'https://dir.example',
      fetchImpl: dir.fetch,
      now: fakeClock().now,
    });
    const all = Array.from({ length: 20 }, () => offer.nodes(CHAT, 'm1'));
    release();
    const lists = await Promise.all(all);
    expect(dir.calls).toHaveLength(1);
    expect(new Set(lists.map((l) => l.nodes[0]!.nodeId))).toEqual(new Set(['a']));
  });

  it('a refresh that fails keeps the last good list, with the problem in words', async () => {
    const clock = fakeClock();
    let mode: 'ok' | 'refuse' | 'down' = 'ok';
    const dir = directory(() =>
      mode === 'ok'
        ? discoverAnswer('a', 'b')
        : mode === 'refuse'
          ? new Response('{"error":{"code":"server_error"}}', { status: 500 })
          : 'unreachable',
    );
    const offer = networkOffer({
      directoryUrl: () => 'https://dir.example',
      fetchImpl: dir.fetch,
      now: clock.now,
      freshMs: 10_000,
    });
    const good = await offer.nodes(CHAT, null);
    expect(good.problem).toBeNull();
    mode = 'refuse';
    clock.advance(10_000);
    // The refresh is asked behind the request: the request has the last list at once, the next one the failure.
    expect(await offer.nodes(CHAT, null)).toEqual(good);
    await expect.poll(async () => (await offer.nodes(CHAT, null)).problem).not.toBeNull();
    const refused = await offer.nodes(CHAT, null);
    expect(refused.nodes.map((n) => n.nodeId)).toEqual(['a', 'b']);
    expect(refused.at).toBe(good.at);
    expect(english.said(refused.problem!)).toBe('The directory refused the search for nodes (HTTP 500).');
    expect(offer.lastSeen(CHAT)).toEqual(refused);
    mode = 'down';
    clock.advance(10_000);
    const problemWords = async () => english.said((await offer.nodes(CHAT, null)).problem!);
    await expect.poll(problemWords).toBe('The directory cannot be reached to find nodes.');
    const down = await offer.nodes(CHAT, null);
    expect(down.nodes.map((n) => n.nodeId)).toEqual(['a', 'b']);
    // Back (after the second failure's longer wait): the new answer replaces the old, without a problem.
    mode = 'ok';
    clock.advance(20_000);
    await expect.poll(() => offer.nodes(CHAT, null)).toEqual({ nodes: good.nodes, at: clock.now(), problem: null });
  });

  it('while the directory is down it is asked at most once per freshMs, not once per request', async () => {
    const clock = fakeClock();
    let down = false;
    const dir = directory(() => (down ? 'unreachable' : discoverAnswer('a')));
    const offer = networkOffer({
      directoryUrl: () => 'https://dir.example',
      fetchImpl: dir.fetch,
      now: clock.now,
      freshMs: 10_000,
    });
    await offer.nodes(CHAT, 'm1');
    down = true;
    clock.advance(10_000);
    await expect.poll(async () => (await offer.nodes(CHAT, 'm1')).problem).not.toBeNull();
    for (let i = 0; i < 50; i++) {
      const list = await offer.nodes(CHAT, 'm1');
      expect(list.nodes.map((n) => n.nodeId)).toEqual(['a']);
      expect(list.problem).not.toBeNull();
      clock.advance(100);
    }
    // 5 s of requests after the failed refresh: the failure is remembered like an answer.
    expect(dir.calls).toHaveLength(2);
    clock.advance(5_000);
    await offer.nodes(CHAT, 'm1');
    await expect.poll(() => dir.calls).toHaveLength(3);
  });

  it('without any answer yet, a failure is an empty list with the problem, for every intent; `forget` drops everything', async () => {
    const clock = fakeClock();
    const dir = directory(() => 'unreachable');
    const offer = networkOffer({ directoryUrl: () => 'https://dir.example', fetchImpl: dir.fetch, now: clock.now });
    expect(await offer.nodes(CHAT, null)).toEqual({
      nodes: [],
      at: clock.now(),
      problem: said('gateway.offer.problem', { kind: 'unreachable', noneKnown: 'no' }),
    });
    expect(offer.lastSeen(CHAT)).toMatchObject({
      nodes: [],
      problem: expect.objectContaining({ id: 'gateway.offer.problem' }),
    });
    // An intent never asked tells the same directory's failure while it is waited out, not "nothing known".
    expect(offer.lastSeen(EMBED)).toMatchObject({
      nodes: [],
      problem: said('gateway.offer.problem', { kind: 'unreachable', noneKnown: 'no' }),
    });
    offer.forget();
    expect(offer.lastSeen(CHAT)).toBeNull();
    expect(offer.lastSeen(EMBED)).toBeNull();
  });

  it('the page sees the last list asked without a model, never a model’s own list', async () => {
    const dir = directory(() => discoverAnswer('a'));
    const offer = networkOffer({
      directoryUrl: () => 'https://dir.example',
      fetchImpl: dir.fetch,
      now: fakeClock().now,
    });
    await offer.nodes(CHAT, 'm1');
    expect(offer.lastSeen(CHAT)).toBeNull();
    await offer.nodes(CHAT, null);
    expect(offer.lastSeen(CHAT)?.nodes).toHaveLength(1);
  });

  it('keeps at most 256 answers (the oldest asked go first)', async () => {
    const dir = directory(() => discoverAnswer('a'));
    const offer = networkOffer({
      directoryUrl: () => 'https://dir.example',
      fetchImpl: dir.fetch,
      now: fakeClock().now,
    });
    for (let i = 0; i < 300; i++) await offer.nodes(CHAT, `m${i}`);
    expect(dir.calls).toHaveLength(300);
    await offer.nodes(CHAT, 'm299');
    expect(dir.calls).toHaveLength(300);
    await offer.nodes(CHAT, 'm0');
    expect(dir.calls).toHaveLength(301);
  });
});

/** A pause the test ends: each is kept until `go` ends the oldest, or `end` ends them all. */
function manualPauses() {
  const waiting: { ms: number; go: () => void }[] = [];
  return {
    pause: (ms: number) => new Promise<void>((resolve) => waiting.push({ ms, go: resolve })),
    waiting,
    end: () => waiting.splice(0).forEach((w) => w.go()),
  };
}

describe('the model list: the directory’s first answer since the gateway started', () => {
  it('a model added at the directory after a list was kept is asked for again at once, not after the window', async () => {
    const clock = fakeClock();
    let ids = ['a'];
    const dir = directory(
      () =>
        new Response(JSON.stringify({ nodes: ids.map((id) => listed(id, id === 'b' ? { models: ['m2'] } : {})) }), {
          status: 200,
        }),
    );
    const offer = networkOffer({
      directoryUrl: () => 'https://dir.example',
      fetchImpl: dir.fetch,
      now: clock.now,
      freshMs: 10_000,
    });
    expect((await offer.nodes(CHAT, 'm2')).nodes.some((n) => n.models.includes('m2'))).toBe(false);
    ids = ['a', 'b'];
    clock.advance(1_500);
    expect((await offer.nodes(CHAT, 'm2')).nodes.map((n) => n.nodeId)).toEqual(['a', 'b']);
    expect(dir.calls).toHaveLength(2);
    // Asked within the last second: not asked again (an app naming a wrong model in a loop).
    await offer.nodes(CHAT, 'm9');
    await offer.nodes(CHAT, 'm9');
    expect(dir.calls).toHaveLength(3);
  });

  it('a list kept from before the gateway started is asked again, and the new answer is what the list shows', async () => {
    const clock = fakeClock();
    let ids: string[] = [];
    const dir = directory(() => discoverAnswer(...ids));
    const offer = networkOffer({
      directoryUrl: () => 'https://dir.example',
      fetchImpl: dir.fetch,
      now: clock.now,
      freshMs: 10_000,
    });
    // Another page asked before the machines came up: an empty answer, kept for ten seconds.
    expect((await offer.nodes(CHAT, null)).nodes).toEqual([]);
    ids = ['a'];
    clock.advance(1_000);
    const started = clock.now();
    expect((await offer.listed(CHAT, started)).nodes.map((n) => n.nodeId)).toEqual(['a']);
    // Once answered since the start, the kept answer serves the next lists.
    await offer.listed(CHAT, started);
    expect(dir.calls).toHaveLength(2);
  });

  it('a directory not answering yet is asked again until it answers, within the wait', async () => {
    const clock = fakeClock();
    let up = false;
    const dir = directory(() => (up ? discoverAnswer('a') : 'unreachable'));
    const p = manualPauses();
    const offer = networkOffer(
      { directoryUrl: () => 'https://dir.example', fetchImpl: dir.fetch, now: clock.now },
      p.pause,
    );
    const list = offer.listed(CHAT, clock.now());
    await vi.waitFor(() => expect(p.waiting.map((w) => w.ms)).toEqual([5_000, 250]));
    up = true;
    p.waiting.splice(1, 1)[0]!.go();
    expect((await list).nodes.map((n) => n.nodeId)).toEqual(['a']);
    expect(dir.calls).toHaveLength(2);
  });

  it('the wait is bounded: at its end the list says what is known, with the directory’s problem', async () => {
    const clock = fakeClock();
    const dir = directory(() => 'unreachable');
    const p = manualPauses();
    const offer = networkOffer(
      { directoryUrl: () => 'https://dir.example', fetchImpl: dir.fetch, now: clock.now },
      p.pause,
    );
    const list = offer.listed(CHAT, clock.now());
    await vi.waitFor(() => expect(p.waiting.map((w) => w.ms)).toEqual([5_000, 250]));
    clock.advance(5_000);
    p.end();
    expect(await list).toMatchObject({
      nodes: [],
      problem: said('gateway.offer.problem', { kind: 'unreachable', noneKnown: 'no' }),
    });
    // Waited out once: the next list answers at once with what is known, and asks no more than the failure window lets.
    const calls = dir.calls.length;
    expect(await offer.listed(CHAT, clock.now() - 5_000)).toMatchObject({
      nodes: [],
      problem: said('gateway.offer.problem', { kind: 'unreachable', noneKnown: 'no' }),
    });
    expect(p.waiting).toEqual([]);
    expect(dir.calls).toHaveLength(calls);
  });
});

describe('a request before the directory’s first answer', () => {
  it('waits for it at most a second, then goes on without it; the ask goes on and its answer serves the next', async () => {
    const clock = fakeClock();
    let answer: (() => void) | null = null;
    const dir = directory(() => discoverAnswer('a'));
    // The directory holds the first ask until the test lets it answer.
    const held: typeof dir.fetch = (url, init) =>
      new Promise((resolve) => (answer = () => resolve(dir.fetch(url, init))));
    const p = manualPauses();
    const offer = networkOffer({ directoryUrl: () => 'https://dir.example', fetchImpl: held, now: clock.now }, p.pause);
    const first = offer.nodes(CHAT, 'm1');
    await vi.waitFor(() => expect(p.waiting.map((w) => w.ms)).toEqual([1_000]));
    p.end();
    expect(await first).toEqual({
      nodes: [],
      at: clock.now(),
      problem: said('gateway.offer.problem', { kind: 'notYet', noneKnown: 'no' }),
    });
    answer!();
    await vi.waitFor(async () => expect((await offer.nodes(CHAT, 'm1')).nodes.map((n) => n.nodeId)).toEqual(['a']));
  });
});
