/**
 * A relay repeats what its worker said in the bind on `{relay}/v1/relay-for/{node_id}/iicp/health`, and the official
 * SDK's trust auditor compares that list with what the node declares. So the node binds only once it knows what its
 * LLM server offers, and binds again when that changes — checked against the reference relay stand-in on real sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { startTestRelay, type TestRelay } from '../support/relay';
import { eventually, http, startNode, type NodeHarness } from '../support/node-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

type BindEntry = Extract<TestRelay['log'][number], { kind: 'bind' }>;
const binds = (r: TestRelay, workerId: string): BindEntry[] =>
  r.log.filter((x): x is BindEntry => x.kind === 'bind' && x.workerId === workerId && x.status === 200);
const modelsOf = (b: BindEntry): unknown => (b.body as { models?: unknown }).models;

async function world(
  backend: FakeBackend,
): Promise<{ dir: TestDirectory; relay: TestRelay; h: NodeHarness; nodeId: string }> {
  const dir = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: true,
    heartbeatIntervalMs: 500,
    activeProbeIntervalMs: null,
  });
  cleanups.push(() => dir.close());
  const relay = await startTestRelay({ pollTimeoutMs: 1_000 });
  cleanups.push(() => relay.close());
  await relay.registerWith(dir.url, { heartbeatIntervalMs: 500 });
  const h = await startNode(
    { backendUrl: backend.url, directoryUrl: dir.url },
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
  return { dir, relay, h, nodeId: h.node.getSnapshot().node.nodeId! };
}

describe('a node behind a relay declares its models there', () => {
  it('binds with the offered models from the first bind, and binds again when they change', async () => {
    // The LLM server takes a moment to describe itself (well within the first look's 3 s): a node that bound at once
    // would bind with nothing to offer.
    const backend = await startFakeBackend({
      flavour: 'vllm',
      models: ['Qwen/Qwen2.5-7B-Instruct'],
      answerDelayMs: 400,
    });
    cleanups.push(() => backend.close());
    const { relay, h, nodeId } = await world(backend);

    await eventually(() => expect(binds(relay, nodeId).length).toBeGreaterThanOrEqual(1), 20_000);
    expect(modelsOf(binds(relay, nodeId)[0]!)).toEqual(['Qwen/Qwen2.5-7B-Instruct']);
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
    const health = await http(`${relay.url}/v1/relay-for/${nodeId}/iicp/health`);
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ via_relay: true, models: ['Qwen/Qwen2.5-7B-Instruct'] });
    expect(binds(relay, nodeId)).toHaveLength(1);

    // Another model served: the node re-registers with it, and the relay hears of it through a new bind.
    backend.set({ answerDelayMs: 0, models: ['Qwen/Qwen2.5-14B-Instruct'] });
    await h.node.commandHandlers().checkAgain({});
    await eventually(async () => {
      const again = await http(`${relay.url}/v1/relay-for/${nodeId}/iicp/health`);
      expect(again.json).toMatchObject({ via_relay: true, models: ['Qwen/Qwen2.5-14B-Instruct'] });
    }, 20_000);
    expect(binds(relay, nodeId).map(modelsOf).at(-1)).toEqual(['Qwen/Qwen2.5-14B-Instruct']);
    // Unbound before binding again: the relay keeps one session per worker.
    expect(relay.sessions().filter((s) => s.workerId === nodeId)).toHaveLength(1);
    expect(h.node.getSnapshot().reachability.relay).toMatchObject({ state: 'bound', relayNodeId: relay.nodeId });
  });
});
