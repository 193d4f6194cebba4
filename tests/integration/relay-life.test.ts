/**
 * A node with no way in from the internet (no public address, no router mapping, no tunnel) serves the network
 * through a relay, on real sockets: it elects a relay the directory lists, binds,
 * registers `{relay}/v1/relay-for/{node_id}`, serves plain and IICP-CX tasks that consumers send to that endpoint,
 * survives the relay dying by electing another one and re-registering, and books every task it served.
 */
import { createPrivateKey, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { english } from '@shared/i18n/say';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { openResponse, sealRequest, unb64url } from '../support/cx-consumer';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { startTestRelay, type TestRelay } from '../support/relay';
import { chatTask, eventually, http, startNode, type NodeHarness } from '../support/node-harness';
import { stepWords } from '../support/step-words';
import type { Settings } from '@shared/contract';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const PROMPT = 'the secret plan is to bake bread';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

interface World {
  dir: TestDirectory;
  backend: FakeBackend;
  relays: TestRelay[];
}

async function world(o: { directory?: Parameters<typeof startTestDirectory>[0] } = {}): Promise<World> {
  // The directory dials the registered endpoint before it answers REGISTER: through the relay, that is the relay's
  // `/v1/relay-for/{id}/iicp/health`, which only answers while the node is bound.
  const dir = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: true,
    heartbeatIntervalMs: 500,
    activeProbeIntervalMs: null,
    ...o.directory,
  });
  cleanups.push(() => dir.close());
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  cleanups.push(() => backend.close());
  return { dir, backend, relays: [] };
}

async function relay(w: World, o: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay> {
  const r = await startTestRelay({ pollTimeoutMs: 1_000, ...o });
  cleanups.push(() => r.close());
  await r.registerWith(w.dir.url, { heartbeatIntervalMs: 500 });
  w.relays.push(r);
  return r;
}

async function node(w: World, settings: Partial<Settings> = {}): Promise<{ h: NodeHarness; nodeId: string }> {
  const h = await startNode(
    { backendUrl: w.backend.url, directoryUrl: w.dir.url, ...settings },
    {
      allowPrivateEndpoint: true,
      tuning: {
        directoryStartupRetryDelaysMs: [100, 200],
        directoryBackoffBaseMs: 100,
        relay: { retryBaseMs: 100, retryMaxMs: 1_000 },
        earnings: { retryBaseMs: 100, syncIntervalMs: 60_000, listingIntervalMs: 150 },
      },
    },
  );
  cleanups.push(() => h.stop());
  return { h, nodeId: h.node.getSnapshot().node.nodeId! };
}

/** What a consumer knows: the endpoint and CX key the directory lists for the node. */
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

async function cxTask(
  endpoint: string,
  cx: { key: string; key_id: string },
): Promise<{ status: number; json: Record<string, unknown>; opened: unknown }> {
  const taskId = randomUUID();
  const sealed = await sealRequest({
    nodePublicRaw: unb64url(cx.key),
    nodeKeyId: cx.key_id,
    taskId,
    intent: CHAT,
    payload: { messages: [{ role: 'user', content: PROMPT }] },
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

const chats = (b: FakeBackend) => b.calls.filter((c) => c.path === '/v1/chat/completions' || c.path === '/api/chat');

function bindOf(
  r: TestRelay,
  workerId: string,
  status?: number,
): Extract<TestRelay['log'][number], { kind: 'bind' }> | undefined {
  return r.log.find(
    (x): x is Extract<TestRelay['log'][number], { kind: 'bind' }> =>
      x.kind === 'bind' && x.workerId === workerId && (status === undefined || x.status === status),
  );
}

/** The directory's signing key as production configures it: 64-byte libsodium secret key = seed ‖ public key. */
function ed25519PublicFromSeed(seed: Buffer): Buffer {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }))
    .export({ format: 'der', type: 'spki' })
    .subarray(-32);
}

describe('a node behind carrier-grade NAT serves through a relay', () => {
  it('binds, registers the relay endpoint, serves CX tasks (plain ones only when allowed), survives the relay dying, and books every task', async () => {
    const w = await world();
    const a = await relay(w);
    const { h, nodeId } = await node(w);

    // 1. Elected, bound and registered with the relay's path for this node.
    const endpointA = `${a.url}/v1/relay-for/${nodeId}`;
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
    const reg = w.dir.state.registrations.filter((r) => r.status === 201).at(-1)!.body as Record<string, unknown>;
    expect(reg).toMatchObject({ endpoint: endpointA, transport_method: 'turn_relay', exposure_mode: 'relay_required' });
    // The relay carries whole tasks over HTTP: no native transport, so nothing streams this way.
    expect(reg).not.toHaveProperty('transport_endpoint');
    expect((reg.cx_public_key as { features: string[] }).features).not.toContain('sealed_stream_v2');
    expect(reg.transport_metadata).toMatchObject({ relay_for: nodeId, relay_host: '127.0.0.1', relay_port: a.port });
    const snap = h.node.getSnapshot().reachability;
    expect(snap).toMatchObject({ status: 'relayed', method: 'relay', endpoint: endpointA });
    expect(snap.relay).toMatchObject({ state: 'bound', relayNodeId: a.nodeId, relayHost: `127.0.0.1:${a.port}` });
    expect(english.said(snap.rungWords!)).toMatch(/relay cannot read them/);
    expect(a.sessions().map((s) => s.workerId)).toEqual([nodeId]);

    // 2. A consumer sends a sealed task to the listed endpoint: answered, and the relay saw only ciphertext.
    const { endpoint, cx } = await listed(w.dir, nodeId);
    expect(endpoint).toBe(endpointA);
    const first = await cxTask(endpoint, cx);
    expect(first.status).toBe(200);
    expect(first.json.status).toBe('encrypted');
    expect(first.opened).toMatchObject({
      status: 'success',
      result: { choices: [{ message: { role: 'assistant' } }] },
    });
    expect(JSON.stringify(a.log)).not.toContain(PROMPT);
    expect(chats(w.backend).at(-1)!.body).toMatchObject({ messages: [{ role: 'user', content: PROMPT }] });

    // 3. A plaintext task is refused by default (the relay could read it), with a code the consumer can act on.
    const plain = await http(`${endpoint}/v1/task`, { body: chatTask(randomUUID()) });
    expect(plain.status).toBe(200);
    expect(plain.json).toMatchObject({ status: 'error', error: { code: 'confidentiality_required' } });
    const calls = chats(w.backend).length;
    // ... and served once the person allows it.
    h.node.commands.updateSettings({ relayPlaintext: true });
    const allowed = await http(`${endpoint}/v1/task`, { body: chatTask(randomUUID()) });
    expect(allowed.json).toMatchObject({
      status: 'success',
      result: { choices: [{ message: { role: 'assistant' } }] },
    });
    expect(chats(w.backend).length).toBe(calls + 1);
    expect(h.node.getSnapshot().reachability.relay).toMatchObject({ refusedPlaintext: 1 });

    // 4. The relay dies. The node says "not available" at once, elects the other relay, and registers its path.
    const b = await relay(w);
    const beatsBefore = w.dir.state.heartbeats.length;
    await a.kill();
    await eventually(
      () =>
        expect(
          w.dir.state.heartbeats
            .slice(beatsBefore)
            .some((x) => x.nodeId === nodeId && (x.body as { available?: boolean }).available === false),
        ).toBe(true),
      15_000,
    );
    const endpointB = `${b.url}/v1/relay-for/${nodeId}`;
    await eventually(() => expect(w.dir.state.nodes[nodeId]!.endpoint).toBe(endpointB), 20_000);
    // The move was proven with the current token (E050), not by the old endpoint being dead.
    const moved = w.dir.state.registrations.filter((r) => r.status === 201).at(-1)!.body as Record<string, unknown>;
    expect(typeof moved.current_node_token).toBe('string');
    await eventually(
      () =>
        expect(h.node.getSnapshot().reachability).toMatchObject({
          status: 'relayed',
          endpoint: endpointB,
          relay: { state: 'bound', relayNodeId: b.nodeId },
        }),
      10_000,
    );
    await eventually(() => expect(w.dir.state.nodes[nodeId]!.available).toBe(true), 10_000);

    // 5. Back to serving through the new relay.
    const again = await listed(w.dir, nodeId);
    expect(again.endpoint).toBe(endpointB);
    const second = await cxTask(again.endpoint, again.cx);
    expect(second.opened).toMatchObject({ status: 'success' });

    // 6. Nothing lost: every task served is in the ledger (refused ones as rejected), none twice.
    await eventually(async () => {
      const rows = (await h.node.commandHandlers().listLedger({ limit: 50 })) as { outcome: string }[];
      expect(rows.filter((r) => r.outcome === 'ok')).toHaveLength(3);
    }, 10_000);
  });

  it('takes a directory bind ticket once registered, which a relay that requires tickets checks', async () => {
    const seed = randomBytes(32);
    const w = await world({
      directory: { genesisEd25519SecretKey: Buffer.concat([seed, ed25519PublicFromSeed(seed)]).toString('hex') },
    });
    const open = await relay(w);
    const { h, nodeId } = await node(w);
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
    // The first bind had no ticket: the node had no token yet.
    expect(bindOf(open, nodeId)!.body).not.toHaveProperty('bind_ticket');

    const strict = await relay(w, { requireBindTicket: true, directoryUrl: w.dir.url });
    await open.kill();
    await eventually(
      () =>
        expect(h.node.getSnapshot().reachability.relay).toMatchObject({ state: 'bound', relayNodeId: strict.nodeId }),
      20_000,
    );
    const bind = bindOf(strict, nodeId, 200)!;
    expect(typeof (bind.body as { bind_ticket?: unknown }).bind_ticket).toBe('string');
  });

  it('"Check my node" sends a real encrypted task through the relay and reads what the directory observed, booking nothing', async () => {
    const w = await world();
    const a = await relay(w);
    const { h, nodeId } = await node(w);
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
    const tasksBefore = chats(w.backend).length;
    const check = async () => {
      await h.node.commandHandlers().checkNode({});
      expect(h.node.getSnapshot().reachability.check.running).toBe(true);
      await eventually(() => expect(h.node.getSnapshot().reachability.check.running).toBe(false), 20_000);
      return h.node.getSnapshot().reachability.check.last!;
    };
    const first = await check();
    expect(first).toMatchObject({ endpoint: `${a.url}/v1/relay-for/${nodeId}`, method: 'relay', outcome: 'partial' });
    const byId = Object.fromEntries(first.items.map((x) => [x.id, x]));
    expect({ ...byId.health, words: english.said(byId.health!.words) }).toMatchObject({
      outcome: 'ok',
      words: expect.stringMatching(/through the relay/),
    });
    expect({ ...byId.task, words: english.said(byId.task!.words) }).toMatchObject({
      outcome: 'ok',
      words: expect.stringMatching(/encrypted test task went through the relay/),
    });
    // The directory has not probed yet (production probes every 5 minutes): not known, and not claimed.
    expect(byId.directory).toMatchObject({ outcome: 'unknown' });
    expect(english.said(first.summary)).toMatch(/works through the relay; the directory has not confirmed it yet/);
    // The task reached the model, sealed: the relay never saw the prompt.
    expect(chats(w.backend).length).toBe(tasksBefore + 1);
    expect(JSON.stringify(a.log)).not.toContain('Reply with the single word OK');

    await w.dir.probeNow();
    await eventually(() => expect(w.dir.state.nodes[nodeId]!.reachabilityObservation?.ok ?? null).toBe(true), 10_000);
    const second = await check();
    expect(second.outcome).toBe('ok');
    const reached = second.items.find((x) => x.id === 'directory')!;
    expect({ ...reached, words: english.said(reached.words) }).toMatchObject({
      outcome: 'ok',
      words: expect.stringMatching(/reached this node/),
    });
    // Checks are not work for the network: nothing in the ledger.
    const rows = (await h.node.commandHandlers().listLedger({ limit: 50 })) as unknown[];
    expect(rows).toHaveLength(0);
  });

  it('with no relay listed, the node says so in words and serves locally', async () => {
    const w = await world();
    const { h } = await node(w);
    await eventually(() => expect(h.node.getSnapshot().reachability.status).toBe('local_only'), 15_000);
    const r = h.node.getSnapshot().reachability;
    expect(stepWords(r.steps).join('\n')).toMatch(/lists no relay/);
    expect(h.node.getSnapshot().directory.link).not.toBe('registered');
  });
});
