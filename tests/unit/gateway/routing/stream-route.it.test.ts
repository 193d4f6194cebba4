import { createCipheriv, hkdfSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { connect as netConnect, createServer, type AddressInfo, type Socket } from 'node:net';
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@shared/contract';
import { Budget } from '@engine/gateway/spending/budget';
import type { NetworkOffer, OfferedNode } from '@engine/gateway/routing/network-offer';
import { NodeBreaker } from '@engine/gateway/routing/node-breaker';
import { routeTask } from '@engine/gateway/routing/task-route';
import type { NetworkAsk } from '@engine/gateway/routing/network-ask';
import { streamTries } from '@engine/gateway/routing/stream-route';
import type { StreamSink } from '@engine/gateway/listener/stream-sink';
import type { StreamAsk } from '@engine/gateway/api-shapes/stream-writer';
import { fakeClock } from '../../../support/fake-clock';
import { fakeNode, nodesFetch } from '../fake-cx-node';
import { conditionWaits, END_RESULT, scriptNode, type ScriptCtx, type ScriptNode } from '../native-script-node';
import { readSse } from '../api-shapes/sse-reader';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const CAUSE = { intent: CHAT, model: 'm1' };
const PAYLOAD = JSON.stringify({ model: 'm1', messages: [{ role: 'user', content: 'hello' }] });
const APP: StreamAsk = {
  api: 'openai',
  endpoint: 'chat',
  route: 'openai.chat',
  model: 'm1',
  reply: { includeUsage: true },
};

const nodes: ScriptNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.close()));
});

async function node(
  id: string,
  script: (c: ScriptCtx) => Promise<void> | void,
  o?: { multiplier?: number },
): Promise<ScriptNode> {
  const n = await scriptNode(id, script, o);
  nodes.push(n);
  return n;
}

/** What the app receives: the headers once, then every write, and a way to wait for a write. */
function appSink() {
  const writes: string[] = [];
  const begun: { contentType: string; ids: unknown }[] = [];
  const { poke, until } = conditionWaits();
  const sink: StreamSink = {
    begin: (contentType, ids) => void begun.push({ contentType, ids }),
    write: async (text) => {
      writes.push(text);
      poke();
    },
  };
  return {
    sink,
    writes,
    begun,
    until,
    events: () =>
      readSse(writes.join('')).map((e) =>
        e.data === '[DONE]' ? '[DONE]' : (JSON.parse(e.data) as Record<string, unknown>),
      ),
  };
}

/** The route's world: the list as given, the breaker, a budget, the real native connect to loopback. */
function rig(list: OfferedNode[], o: { settings?: Partial<GatewaySettings>; own?: string[] } = {}) {
  const clock = fakeClock();
  const settings = {
    ...DEFAULT_GATEWAY_SETTINGS,
    dailyCap: null,
    monthlyCap: null,
    perRequestMax: null,
    keepBalance: null,
    ...o.settings,
  } as GatewaySettings;
  const offer = { nodes: async () => ({ nodes: list, at: clock.now(), problem: null }) } as unknown as NetworkOffer;
  const breaker = new NodeBreaker(clock.now);
  const budget = new Budget({
    settings: () => settings,
    spentSince: () => 0,
    balance: () => 100,
    now: clock.now,
    timeZone: 'UTC',
  });
  const buffered = nodesFetch([]);
  const app = appSink();
  const connections: string[] = [];
  const connect = (host: string, port: number) =>
    new Promise<Socket>((resolve, reject) => {
      connections.push(`${host}:${port}`);
      const s = netConnect({ host, port });
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
  const own = new Set(o.own ?? []);
  const route = (a: Partial<NetworkAsk> = {}, fetchImpl: typeof fetch = buffered.fetch) => {
    const tries = streamTries({
      ask: { ...APP, payloadJson: PAYLOAD },
      sink: app.sink,
      connect,
      nodeFetch: fetchImpl,
      now: clock.now,
    });
    const ask: NetworkAsk = {
      intent: CHAT,
      model: 'm1',
      payloadJson: PAYLOAD,
      maxTokens: null,
      timeoutMs: 10_000,
      ...a,
    };
    const deps = {
      offer,
      breaker,
      budget,
      settings: () => settings,
      selfNodeId: () => 'self',
      isOwn: (n: OfferedNode) => own.has(n.nodeId),
      payingNodeId: () => 'self',
      nodeFetch: fetchImpl,
      now: clock.now,
      call: tries.call,
    };
    return { tries, done: routeTask(ask, deps) };
  };
  return { route, app, breaker, budget, connections };
}

/**
 * A chunk of the old form (`sealed_stream_v1`: no salt, ADR 0018's first Decision), as the last release's node sealed
 * it.
 */
function oldFormChunk(c: ScriptCtx, seq: number, text: string): { iicp_conf_chunk: Record<string, unknown> } {
  const taskId = c.call.taskId!;
  const key = Buffer.from(
    hkdfSync('sha256', c.shared, Buffer.alloc(0), Buffer.from(`IICP-CX-STREAM-v1${taskId}`, 'utf8'), 32),
  );
  const nonce = Buffer.alloc(12);
  nonce.writeUInt32BE(seq, 8);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(`${taskId}|${seq}|more`, 'utf8'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { iicp_conf_chunk: { version: 1, seq, end: false, encrypted_body: body.toString('base64url') } };
}

const texts = (events: unknown[]) =>
  events
    .map((e) => (e as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content ?? '')
    .join('');

describe('a streamed request to a node that streams sealed', () => {
  it('writes each piece to the app as it is opened, before the node has finished, then the end, the usage and [DONE]', async () => {
    const a = await node('a', async (c) => {
      c.partial('Hel', 3);
      await c.released();
      c.partial('lo', 5);
      c.end();
    });
    const r = rig([a.node]);
    const { tries, done } = r.route();
    // The node holds the rest back until the app has its first piece: streaming is proven by order.
    await r.app.until(() => texts(r.app.events()) === 'Hel');
    expect(r.app.begun).toEqual([
      { contentType: 'text/event-stream; charset=utf-8', ids: { taskId: expect.any(String), nodeId: 'a', own: false } },
    ]);
    a.release();
    const end = await done;
    expect(end.outcome).toEqual({
      ok: true,
      plaintext: Buffer.alloc(0),
      alreadyWritten: { tokens: 6, answerTokens: 2 },
    });
    expect(tries.written).toBe(true);
    const events = r.app.events();
    expect(texts(events)).toBe('Hello');
    expect(events.at(-1)).toBe('[DONE]');
    expect(events.at(-2)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
    });
    // The CALL: task id (24) as the route's, an idempotency key (16), the sealed task body in key 5.
    expect(a.calls[0]).toMatchObject({ intent: CHAT, taskId: end.taskId, idempotencyKey: expect.any(String) });
    expect(Object.keys(a.calls.length ? JSON.parse(Buffer.from(a.calls[0]!.payload).toString()) : {}).sort()).toEqual([
      'constraints',
      'cx_response_encryption',
      'iicp_conf',
      'nonce',
      'source_node_id',
    ]);
    expect(r.budget.held).toBeGreaterThan(0);
    end.release();
    expect(r.budget.held).toBe(0);
  });

  it('a node that fails before its first piece is replaced by the next under the same task id; it is skipped after', async () => {
    const a = await node('a', (c) => c.error('capacity_exceeded'));
    const b = await node('b', (c) => c.drop());
    const good = await node('c', (c) => {
      c.partial('ok');
      c.end();
    });
    const r = rig([a.node, b.node, good.node]);
    const end = await r.route().done;
    expect(end).toMatchObject({ attempts: 3, node: { nodeId: 'c' }, outcome: { ok: true } });
    expect([a, b, good].map((n) => n.calls[0]?.taskId)).toEqual([end.taskId, end.taskId, end.taskId]);
    expect(r.app.begun).toHaveLength(1);
    expect(texts(r.app.events())).toBe('ok');
    expect([r.breaker.open('a', CAUSE), r.breaker.open('b', CAUSE), r.breaker.open('c', CAUSE)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('after the first piece a failure is one error event and the end: no other node is tried, nothing answered twice', async () => {
    const a = await node('a', async (c) => {
      c.partial('Hel');
      await c.released();
      c.drop();
    });
    const b = await node('b', (c) => c.end());
    const r = rig([a.node, b.node]);
    const { done } = r.route();
    await r.app.until(() => r.app.writes.length > 0);
    a.release();
    const end = await done;
    expect(end).toMatchObject({
      attempts: 1,
      outcome: { ok: false, final: true, code: 'stream_missing_terminal_response' },
    });
    expect(b.calls).toHaveLength(0);
    const events = r.app.events();
    expect(events.at(-1)).toMatchObject({ error: { code: 'stream_missing_terminal_response', type: 'server_error' } });
    expect(events).not.toContain('[DONE]');
    expect(r.breaker.open('a', CAUSE)).toBe(true);
  });

  it.each([
    ['gap', (c: ScriptCtx) => (c.skip(), c.partial('lo'))],
    [
      'replay',
      (c: ScriptCtx) =>
        c.raw({ iicp_conf_chunk: { version: 1, seq: 0, end: false, encrypted_body: 'AAAAAAAAAAAAAAAAAAAAAA' } }),
    ],
    ['unsealed', (c: ScriptCtx) => c.raw('lo')],
    ['no_end', (c: ScriptCtx) => c.sealedAs(END_RESULT, false, 'success')],
    ['old_version', (c: ScriptCtx) => c.raw(oldFormChunk(c, 1, '"lo"'))],
  ])(
    'a %s after the first piece is refused: one error event, nothing booked, the node skipped and its session dropped',
    async (what, broken) => {
      const a = await node('a', async (c) => {
        c.partial('Hel');
        await c.released();
        broken(c);
        await c.released();
      });
      const r = rig([a.node]);
      const { done } = r.route();
      await r.app.until(() => r.app.writes.length > 0);
      a.release();
      const end = await done;
      expect(end.outcome).toMatchObject({ ok: false, final: true, blame: 'node' });
      const code = (end.outcome as { code: string }).code;
      expect(code).toBe(`stream_${what}`);
      expect(r.app.events().at(-1)).toMatchObject({ error: { code } });
      expect(texts(r.app.events())).toBe('Hel');
      expect(r.breaker.open('a', CAUSE)).toBe(true);
      // A stream the node itself ended is closed with CLOSE; one still open is dropped, which the node sees.
      if (what !== 'no_end') await a.waitPeerClosed(1);
    },
  );

  it('an unsealed first chunk counts as the node failing before its first piece: the next node answers', async () => {
    const a = await node('a', (c) => c.raw('Hello in the clear'));
    const b = await node('b', (c) => {
      c.partial('sealed');
      c.end();
    });
    const r = rig([a.node, b.node]);
    const end = await r.route().done;
    expect(end).toMatchObject({ node: { nodeId: 'b' }, outcome: { ok: true } });
    expect(texts(r.app.events())).toBe('sealed');
    expect(r.app.writes.join('')).not.toContain('in the clear');
  });

  it('a node that streams in the old form (version 1, no salt) is refused before its first piece: the next node answers', async () => {
    const a = await node('a', (c) => c.raw(oldFormChunk(c, 0, '"in the old form"')));
    const alone = rig([a.node]);
    const refused = await alone.route().done;
    expect(refused.outcome).toMatchObject({
      ok: false,
      code: 'all_nodes_failed',
      message: expect.stringContaining('in the old form without a salt'),
    });
    expect(alone.app.writes.join('')).not.toContain('old form');
    expect(alone.breaker.open('a', CAUSE)).toBe(true);

    const b = await node('b', (c) => {
      c.partial('sealed');
      c.end();
    });
    const r = rig([a.node, b.node]);
    const end = await r.route().done;
    expect(end).toMatchObject({ node: { nodeId: 'b' }, outcome: { ok: true } });
    expect(texts(r.app.events())).toBe('sealed');
    expect(r.app.writes.join('')).not.toContain('old form');
    expect(r.breaker.open('a', CAUSE)).toBe(true);
  });

  it('a node that sends more than the try may cost is cut with an error event and its session dropped', async () => {
    const a = await node(
      'a',
      async (c) => {
        c.partial('Hel', 10);
        c.partial('lo', 100_000);
        await c.released();
      },
      { multiplier: 1 },
    );
    const r = rig([a.node], { settings: { perRequestMax: 10 } });
    const end = await r.route({ maxTokens: 50 }).done;
    expect(end.outcome).toMatchObject({ ok: false, final: true, code: 'insufficient_quota' });
    expect(r.app.events().at(-1)).toMatchObject({ error: { code: 'insufficient_quota', type: 'insufficient_quota' } });
    expect(texts(r.app.events())).toBe('Hel');
    await a.waitPeerClosed(1);
  });

  it('the app leaving mid-stream drops the session (the node cancels) and writes nothing more', async () => {
    const a = await node('a', async (c) => {
      c.partial('Hel');
      await c.released();
    });
    const r = rig([a.node]);
    const app = new AbortController();
    const { done } = r.route({ signal: app.signal });
    await r.app.until(() => r.app.writes.length > 0);
    const writes = r.app.writes.length;
    app.abort();
    const end = await done;
    expect(end.outcome).toMatchObject({ ok: false, code: 'cancelled' });
    await a.waitPeerClosed(1);
    expect(r.app.writes).toHaveLength(writes);
  });

  it('a node whose native way in does not speak IICP never saw the task: the same node answers buffered', async () => {
    const front = createServer((s) => s.on('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    nodes.push({ close: () => new Promise<void>((resolve) => front.close(() => resolve())) } as ScriptNode);
    const plain = fakeNode('p', {
      nativeTransport: { host: '127.0.0.1', port: (front.address() as AddressInfo).port },
    });
    const net = nodesFetch([plain]);
    const r = rig([plain.node]);
    const { tries, done } = r.route({}, net.fetch);
    const end = await done;
    expect(end).toMatchObject({ attempts: 1, node: { nodeId: 'p' }, outcome: { ok: true } });
    expect(r.connections).toHaveLength(1);
    expect(net.calls.map((c) => c.nodeId)).toEqual(['p']);
    expect(tries.written).toBe(false);
    expect(r.breaker.open('p', CAUSE)).toBe(false);
  });

  it('a node that cannot stream gets the buffered sealed call, and nothing is written by the stream route', async () => {
    const plain = fakeNode('p');
    const net = nodesFetch([plain]);
    const r = rig([plain.node]);
    const { tries, done } = r.route({}, net.fetch);
    const end = await done;
    expect(end).toMatchObject({ node: { nodeId: 'p' }, outcome: { ok: true } });
    expect((end.outcome as { streamed?: unknown }).streamed).toBeUndefined();
    expect(tries.written).toBe(false);
    expect(r.app.begun).toHaveLength(0);
    expect(r.connections).toHaveLength(0);
    expect(END_RESULT.model).toBe('m1');
  });
});
