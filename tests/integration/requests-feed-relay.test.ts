/**
 * Tasks that reach a node through a relay pass its own task port on loopback: the requests feed lists each of them
 * once, like a direct one. A node without a way in, the test directory and a relay stand-in, on real sockets.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { sealRequest } from '../support/cx-consumer';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { startTestRelay, type TestRelay } from '../support/relay';
import { eventually, http, startNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';

let dir: TestDirectory;
let backend: FakeBackend;
let relay: TestRelay;
let h: NodeHarness;
let nodeId: string;

beforeAll(async () => {
  dir = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: true,
    heartbeatIntervalMs: 500,
    activeProbeIntervalMs: null,
  });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  relay = await startTestRelay({ pollTimeoutMs: 1_000 });
  await relay.registerWith(dir.url, { heartbeatIntervalMs: 500 });
  h = await startNode(
    { backendUrl: backend.url, directoryUrl: dir.url },
    {
      allowPrivateEndpoint: true,
      tuning: {
        directoryStartupRetryDelaysMs: [100, 200],
        directoryBackoffBaseMs: 100,
        relay: { retryBaseMs: 100, retryMaxMs: 1_000 },
      },
    },
  );
  nodeId = h.node.getSnapshot().node.nodeId!;
  await eventually(
    () => expect(h.node.getSnapshot().reachability).toMatchObject({ status: 'relayed', relay: { state: 'bound' } }),
    20_000,
  );
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await relay?.close();
  await backend?.close();
  await dir?.close();
});

describe('the requests feed of a node served through a relay', () => {
  it('lists each relayed task once, as served, with its task id, and says its answer went whole through the relay', async () => {
    const before = h.node.getSnapshot().requests.served;
    const endpoint = `${relay.url}/v1/relay-for/${nodeId}`;
    const cx = h.node.runtime!.identity.cx;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const taskId = randomUUID();
      ids.push(taskId);
      const sealed = await sealRequest({
        nodePublicRaw: new Uint8Array(cx.publicKeyRaw),
        nodeKeyId: cx.keyId,
        taskId,
        intent: CHAT,
        payload: { messages: [{ role: 'user', content: 'hi' }] },
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
      expect([r.status, r.json.status]).toEqual([200, 'encrypted']);
    }
    expect(h.node.getSnapshot().requests.served).toBe(before + 2);
    const rows = (await h.node.commandHandlers().listRequests({ limit: 50 })).rows;
    for (const id of ids)
      expect(rows.filter((r) => r.taskId === id)).toEqual([
        expect.objectContaining({ outcome: 'served', status: 200, code: 'ok', delivery: 'relayed' }),
      ]);
  });
});
