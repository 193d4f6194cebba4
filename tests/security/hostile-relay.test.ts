/**
 * A hostile relay against a real node that reaches the network only through relays (tests/support/relay with a
 * `tamper`): each test performs one attack and prints its figures.
 *
 * - it strips `cx_response_encryption` from a sealed task (or slips a plaintext payload beside the ciphertext): the
 *   answer must still be sealed, or the task refused — never plaintext the relay can read;
 * - it hands over 8 MiB calls of four million nested arrays under `iicp_conf`, pull after pull: `/iicp/health` p99
 *   ≤ 50 ms, RSS growth ≤ 256 MiB, the node process still the same (a node in a child process, measured from outside);
 * - it answers every long poll at once with 204: the worker backs off instead of pulling thousands of times a second,
 *   and leaves a relay that keeps doing it;
 * - the directory lists "relays" at a loopback admin URL with a `?`-smuggled path, a dashboard with `#` and the node's
 *   own port: the node sends nothing to them and does not bind.
 *
 * And the honest relay still works end to end: a sealed task goes through it and the consumer reads the answer.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { stepWords } from '../support/step-words';
import { rssMB } from '../bench/lib/proc-rss';
import { startChild } from '../bench/lib/server-child';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { openResponse, sealRequest, unb64url } from '../support/cx-consumer';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { eventually, http, startNode, type NodeHarness } from '../support/node-harness';
import { startTestRelay, type TestRelay } from '../support/relay';
import { register, registerBody, startHeartbeats } from '../support/relay/directory-client';
import type { RelayNodeInfo } from '../support/relay/relay-node-child';
import type { ProviderNodeOptions } from '@engine/node/provider-node';
import {
  baselineOf,
  excessP99,
  healthFigures,
  healthP99Bound,
  healthVerdict,
  probeHealthFor,
  verdictOf,
} from './lib/health-bound';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
/** The fake LLM server answers with the prompt: wherever the prompt shows up, the answer did too. */
const PROMPT = 'the relay must never read this answer';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

interface World {
  dir: TestDirectory;
  backend: FakeBackend;
}

async function world(o: { livenessProbe?: boolean } = {}): Promise<World> {
  const dir = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: o.livenessProbe ?? true,
    heartbeatIntervalMs: 500,
    activeProbeIntervalMs: null,
  });
  cleanups.push(() => dir.close());
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  cleanups.push(() => backend.close());
  return { dir, backend };
}

async function relay(w: World, o: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay> {
  const r = await startTestRelay({ pollTimeoutMs: 1_000, ...o });
  cleanups.push(() => r.close());
  await r.registerWith(w.dir.url, { heartbeatIntervalMs: 500 });
  return r;
}

async function node(
  w: World,
  settings: Partial<Settings> = {},
  options: Partial<ProviderNodeOptions> = {},
): Promise<{ h: NodeHarness; nodeId: string }> {
  const h = await startNode(
    { backendUrl: w.backend.url, directoryUrl: w.dir.url, ...settings },
    {
      allowPrivateEndpoint: true,
      ...options,
      tuning: {
        directoryStartupRetryDelaysMs: [100, 200],
        directoryBackoffBaseMs: 100,
        relay: { retryBaseMs: 100, retryMaxMs: 1_000 },
        ...options.tuning,
      },
    },
  );
  cleanups.push(() => h.stop());
  return { h, nodeId: h.node.getSnapshot().node.nodeId! };
}

/** The endpoint and CX key the directory lists for the node: what a consumer knows. */
async function listed(
  dir: TestDirectory,
  nodeId: string,
): Promise<{ endpoint: string; cx: { key: string; key_id: string } }> {
  const r = (await http(`${dir.url}/v1/discover?intent=${encodeURIComponent(CHAT)}&limit=50`)).json as {
    nodes: { node_id: string; endpoint: string; cx_public_key: { key: string; key_id: string } }[];
  };
  const n = r.nodes.find((x) => x.node_id === nodeId);
  if (!n) throw new Error('the directory does not list the node');
  return { endpoint: n.endpoint, cx: n.cx_public_key };
}

/** A consumer's sealed task through the relay endpoint, asking for a sealed answer; the answer opened if it is one. */
async function sealedTask(endpoint: string, cx: { key: string; key_id: string }, prompt = PROMPT) {
  const taskId = randomUUID();
  const sealed = await sealRequest({
    nodePublicRaw: unb64url(cx.key),
    nodeKeyId: cx.key_id,
    taskId,
    intent: CHAT,
    payload: { messages: [{ role: 'user', content: prompt }] },
  });
  const r = await http(`${endpoint}/v1/task`, {
    body: {
      task_id: taskId,
      intent: CHAT,
      iicp_conf: sealed.envelope,
      cx_response_encryption: 'required',
      nonce: randomUUID(),
    },
  });
  const json = r.json as Record<string, unknown>;
  const opened = json.iicp_conf_resp
    ? await openResponse(sealed.shared, taskId, json.iicp_conf_resp as { nonce: string; encrypted_body: string })
    : null;
  return { status: r.status, json, opened };
}

async function boundNode(w: World, r: TestRelay, options: Partial<ProviderNodeOptions> = {}) {
  const n = await node(w, {}, options);
  await eventually(
    () => expect(w.dir.state.nodes[n.nodeId]?.endpoint).toBe(`${r.url}/v1/relay-for/${n.nodeId}`),
    20_000,
  );
  await eventually(() => expect(n.h.node.getSnapshot().reachability.relay?.state).toBe('bound'), 10_000);
  return n;
}

const chats = (b: FakeBackend) =>
  b.calls.filter((c) => c.path === '/v1/chat/completions' || c.path === '/api/chat').length;

describe('a hostile relay costs the node nothing and learns nothing', () => {
  it('an honest relay still carries a sealed task end to end, and the consumer reads the answer', async () => {
    const w = await world();
    const r = await relay(w);
    const { nodeId } = await boundNode(w, r);
    const { endpoint, cx } = await listed(w.dir, nodeId);
    const answer = await sealedTask(endpoint, cx);
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('encrypted');
    expect(answer.opened).toMatchObject({ status: 'success', result: { choices: [{ message: { content: PROMPT } }] } });
    expect(JSON.stringify(r.log)).not.toContain(PROMPT);
  });

  it('a relay that strips cx_response_encryption, or slips a plaintext payload beside the ciphertext, never gets a plaintext answer', async () => {
    const w = await world();
    const r = await relay(w);
    const { h, nodeId } = await boundNode(w, r);
    const { endpoint, cx } = await listed(w.dir, nodeId);

    // 1. Stripped: the node seals the answer anyway; the consumer who sealed the request opens it.
    r.setTamper({
      task: (t) => {
        const { cx_response_encryption: _dropped, ...rest } = t;
        return rest;
      },
    });
    const stripped = await sealedTask(endpoint, cx);
    const forwarded = r.log.filter((x) => x.kind === 'pull' && x.call && x.call !== 'tampered').at(-1) as
      { call: { task: Record<string, unknown> } } | undefined;
    expect(forwarded?.call.task).not.toHaveProperty('cx_response_encryption');
    const leaked = JSON.stringify(r.log).split(PROMPT).length - 1;
    console.log(
      `stripped cx_response_encryption: answer status=${String(stripped.json.status)}; plaintext answers the relay saw: ${leaked}`,
    );
    expect(leaked).toBe(0);
    expect(stripped.json.status).toBe('encrypted');
    expect(stripped.opened).toMatchObject({
      status: 'success',
      result: { choices: [{ message: { content: PROMPT } }] },
    });

    // 2. The relay's own plaintext payload beside the consumer's ciphertext: judged as the plaintext task it is.
    r.setTamper({
      task: (t) => ({ ...t, payload: { messages: [{ role: 'user', content: 'relay asks: answer me in the clear' }] } }),
    });
    const chatsBefore = chats(w.backend);
    const smuggled = await sealedTask(endpoint, cx, 'a second secret');
    console.log(`plaintext payload beside iicp_conf: answer ${JSON.stringify(smuggled.json).slice(0, 160)}`);
    expect(smuggled.json).toMatchObject({
      status: 'error',
      error: { code: 'confidentiality_required' },
      http_status: 403,
    });
    expect(chats(w.backend)).toBe(chatsBefore);
    expect(h.node.getSnapshot().reachability.relay).toMatchObject({ refusedPlaintext: 1 });
  });

  it('8 MiB calls of four million nested arrays under iicp_conf, pull after pull: health stays fast, memory flat, the node up', async () => {
    const w = await world();
    const r = await relay(w);
    const child = await startChild<RelayNodeInfo>(
      'relay-node',
      'tests/support/relay/relay-node-child.ts',
      [w.dir.url, w.backend.url],
      { timeoutMs: 30_000 },
    );
    cleanups.push(() => child.stop());
    await eventually(
      async () =>
        expect(await child.call<{ relay: string | null; link: string }>('state')).toMatchObject({
          relay: 'bound',
          link: 'registered',
        }),
      20_000,
    );

    const depth = 4_000_000;
    const bomb = Buffer.from(
      `{"call_id":"hostile-call","task":{"task_id":"${randomUUID()}","intent":"${CHAT}","cx_response_encryption":"required","iicp_conf":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
    );
    let handed = 0;
    const ATTACK_MS = 12_000;
    // A baseline after the node settled and its health path warmed up: the same probes for as long, no attack.
    await probeHealthFor(child.info.port, 1_000, { minProbes: 0, pid: child.pid });
    const quiet = await probeHealthFor(child.info.port, ATTACK_MS, { pid: child.pid });
    const baseline = baselineOf(quiet);
    const rssBefore = rssMB(child.pid)!;
    await child.call('loop');
    r.setTamper({
      pull: ({ res }) => {
        handed++;
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bomb.length });
        res.end(bomb);
        return true;
      },
    });
    let rssMax = rssBefore;
    const sampler = setInterval(() => {
      const v = rssMB(child.pid);
      if (v !== null) rssMax = Math.max(rssMax, v);
    }, 100);
    const health = await probeHealthFor(child.info.port, ATTACK_MS, { pid: child.pid }).finally(() =>
      clearInterval(sampler),
    );
    const loop = await child.call<{ p99: number; max: number }>('loop');
    const state = await child.call<{ relay: string | null }>('state');
    r.setTamper(null);
    console.log(
      `nested-array calls handed over: ${handed} (${(bomb.length / 1048576).toFixed(1)} MiB each) in ${ATTACK_MS / 1000} s`,
    );
    console.log(`/iicp/health without the attack ${healthFigures(quiet)}; with it ${healthFigures(health)}`);
    console.log(healthVerdict('nested-array calls', verdictOf(health), baseline));
    console.log(`node event loop: p99 ${loop.p99.toFixed(1)} ms, worst ${loop.max.toFixed(1)} ms`);
    console.log(
      `node RSS: ${rssBefore.toFixed(0)} -> max ${rssMax.toFixed(0)} MiB (growth ${(rssMax - rssBefore).toFixed(0)} MiB); node process alive: ${rssMB(child.pid) !== null}; relay worker: ${state.relay}`,
    );
    expect(handed).toBeGreaterThan(0);
    expect(health.failed).toBe(0);
    expect(excessP99(health)).toBeLessThanOrEqual(healthP99Bound(baseline));
    expect(rssMax - rssBefore).toBeLessThanOrEqual(256);
    expect(rssMB(child.pid)).not.toBeNull();
  }, 90_000);

  it('a relay that answers every long poll at once with 204 is polled with back-off, and left when it keeps doing it', async () => {
    const w = await world();
    const r = await relay(w);
    const { h } = await boundNode(w, r, {
      tuning: { relay: { retryBaseMs: 100, retryMaxMs: 1_000, earlyPullsBeforeFailing: 4 } },
    });
    let pulls = 0;
    r.setTamper({
      pull: ({ res }) => {
        pulls++;
        res.writeHead(204);
        res.end();
        return true;
      },
    });
    const WINDOW_MS = 9_000;
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    await new Promise((res) => setTimeout(res, WINDOW_MS));
    const wall = Date.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const rate = pulls / (wall / 1000);
    console.log(`early-204 relay: ${pulls} pulls in ${(wall / 1000).toFixed(1)} s = ${rate.toFixed(2)} pulls/s`);
    console.log(
      `CPU of the test process (node and relay) meanwhile: ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)} % of a core`,
    );
    expect(rate).toBeLessThanOrEqual(2);
    await eventually(
      () =>
        expect(
          h.node.getSnapshot().reachability.steps.some((x) => /keeps answering at once/.test(english.said(x.words))),
        ).toBe(true),
      15_000,
    );
  }, 60_000);

  it('relays listed at a loopback admin URL with "?", a dashboard with "#" and the node\'s own port get nothing, and the node does not bind to them', async () => {
    const w = await world({ livenessProbe: false });
    const hits: { server: string; method: string; url: string }[] = [];
    const listen = async (name: string): Promise<Server> => {
      const s = createServer((req: IncomingMessage, res: ServerResponse) => {
        hits.push({ server: name, method: req.method ?? '', url: req.url ?? '' });
        req.resume();
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ session_token: `${name}-token`, poll_timeout_s: 25 }));
      });
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise((resolve) => s.close(resolve)));
      return s;
    };
    const admin = await listen('admin');
    const dashboard = await listen('dashboard');
    const port = (s: Server) => (s.address() as AddressInfo).port;
    const ownPort = await freePort();
    const hostile = [
      { id: 'relay-admin', endpoint: `http://127.0.0.1:${port(admin)}?/admin/shutdown` },
      { id: 'relay-dashboard', endpoint: `http://127.0.0.1:${port(dashboard)}/#` },
      { id: 'relay-self', endpoint: `http://127.0.0.1:${ownPort}` },
    ];
    for (const x of hostile) {
      const body = registerBody({ nodeId: x.id, endpoint: x.endpoint }, {});
      const beats = startHeartbeats(await register(w.dir.url, body), body, 200, () => undefined);
      cleanups.push(async () => beats.stop());
    }
    await eventually(async () => {
      const listing = (
        await http(`${w.dir.url}/v1/discover?intent=${encodeURIComponent(CHAT)}&relay_capable=true&limit=50`)
      ).json as { nodes: { node_id: string }[] };
      expect(listing.nodes.map((n) => n.node_id).sort()).toEqual(hostile.map((x) => x.id).sort());
    }, 10_000);

    const called: string[] = [];
    const recording: typeof fetch = (input, init) => {
      called.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return fetch(input, init);
    };
    const toHostile = () =>
      called.filter((u) => hostile.some((x) => u.startsWith(x.endpoint.replace(/[?#].*$/, '').replace(/\/$/, ''))));
    const report = (h: NodeHarness, label: string) => {
      const relayState = h.node.getSnapshot().reachability.relay;
      const skipped = h.node
        .getSnapshot()
        .recentEvents.filter((e) => e.event === 'relay_bind_failed' && /skipped=/.test(e.details ?? ''));
      console.log(
        `${label}: requests to the hostile "relays": admin ${hits.filter((x) => x.server === 'admin').length}, dashboard ${hits.filter((x) => x.server === 'dashboard').length}, ` +
          `node's own port ${toHostile().filter((u) => u.includes(`:${ownPort}`)).length}; relay worker ${relayState?.state ?? 'none'}${relayState?.relayNodeId ? ` at ${relayState.relayNodeId}` : ''}; ` +
          `skipped: ${skipped.map((e) => e.details).join(' | ') || 'none'}`,
      );
      return skipped.length;
    };

    // 1. Only the hostile ones are listed: the node looks, calls none of them, and stays unbound.
    const first = await node(w, {}, { taskPort: ownPort, fetchImpl: recording });
    // Done looking: bound to something, or the ladder says it will look for a relay again later.
    const settled = () => {
      const r = first.h.node.getSnapshot().reachability;
      return r.relay?.state === 'bound' || stepWords(r.steps).some((x) => /Looking again later/.test(x));
    };
    await eventually(() => expect(settled()).toBe(true), 20_000);
    const skippedFirst = report(first.h, 'hostile relays only');
    expect(hits).toEqual([]);
    expect(toHostile()).toEqual([]);
    expect(first.h.node.getSnapshot().reachability.relay?.state).not.toBe('bound');
    expect(skippedFirst).toBeGreaterThan(0);
    expect(stepWords(first.h.node.getSnapshot().reachability.steps).join('\n')).toMatch(/skipped for their address/);
    await first.h.stop();

    // 2. An honest relay listed beside them is the one a node binds to; the hostile ones still get nothing.
    const honest = await relay(w);
    const second = await node(w, {}, { taskPort: ownPort, fetchImpl: recording });
    await eventually(() => expect(second.h.node.getSnapshot().reachability.relay?.state).toBe('bound'), 30_000);
    report(second.h, 'beside an honest relay');
    expect(second.h.node.getSnapshot().reachability.relay?.relayNodeId).toBe(honest.nodeId);
    expect(hits).toEqual([]);
    expect(toHostile()).toEqual([]);
  }, 60_000);
});
