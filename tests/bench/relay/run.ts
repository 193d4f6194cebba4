/**
 * Relay bench: what does reaching the node through a relay add to a task, compared with reaching it
 * directly? One process holds the test directory, the fake backend (a fixed generation time), the relay stand-in
 * (HTTP long-poll, as the reference relay) and the node, which has no way in but the relay. Each task is sent
 * twice, interleaved so other work on the machine hits both alike:
 * - direct: `POST {node}/v1/task` on loopback, as a consumer with a route to the node;
 * - relay: `POST {relay}/v1/relay-for/{node_id}/v1/task`, the endpoint the node registered.
 * Both as IICP-CX tasks (what a consumer sends by default) and as plain tasks. It prints p50/p95 per path and the
 * added latency (relay − direct) and ratio. The relay adds two extra hops on loopback (consumer → relay, the
 * worker's pull answer, its result post): the figure is the transport's own cost; on the internet add the round
 * trips to the relay.
 *
 * Env: BENCH_RELAY_TASKS per cell [200], BENCH_RELAY_LATENCY_MS generation [20]. Writes
 * test-artifacts/bench/relay.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeBackend } from '../../support/backends';
import { sealRequest, unb64url } from '../../support/cx-consumer';
import { startTestDirectory } from '../../support/directory';
import { eventually } from '../../support/eventually';
import { startNode } from '../../support/node-harness';
import { startTestRelay } from '../../support/relay';
import { cxPublicKeyAdvert } from '@engine/cx';
import { knob } from '../lib/knob';
import { untilModelAdvertised } from '../lib/node-ready';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(resolve(HERE, '../../..'), 'test-artifacts/bench');
const TASKS = Math.floor(knob('BENCH_RELAY_TASKS', 200, 10, 10));
const LATENCY_MS = knob('BENCH_RELAY_LATENCY_MS', 20);
const CHAT = 'urn:iicp:intent:llm:chat:v1';

async function main(): Promise<void> {
  const dir = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: true,
    heartbeatIntervalMs: 1_000,
    activeProbeIntervalMs: null,
    rateLimitPerMinute: 100_000,
  });
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'], latencyMs: LATENCY_MS });
  const relay = await startTestRelay({});
  await relay.registerWith(dir.url, { heartbeatIntervalMs: 1_000 });
  const h = await startNode(
    { backendUrl: backend.url, directoryUrl: dir.url, relayPlaintext: true, maxConcurrent: 4 },
    {
      allowPrivateEndpoint: true,
      tuning: {
        directoryStartupRetryDelaysMs: [100, 200],
        directoryBackoffBaseMs: 100,
        earnings: { syncIntervalMs: 600_000 },
      },
    },
  );
  const nodeId = h.node.getSnapshot().node.nodeId!;
  const relayed = `${relay.url}/v1/relay-for/${nodeId}`;
  await eventually(() => {
    if (h.node.getSnapshot().reachability.endpoint !== relayed) throw new Error('not bound yet');
  }, 30_000);
  await untilModelAdvertised(h.base, 15_000);
  const cx = cxPublicKeyAdvert(h.node.runtime!.identity.cx);

  const plainTask = () => ({
    task_id: randomUUID(),
    intent: CHAT,
    payload: { messages: [{ role: 'user', content: 'hello' }] },
  });
  const cxTask = async () => {
    const taskId = randomUUID();
    const sealed = await sealRequest({
      nodePublicRaw: unb64url(cx.key),
      nodeKeyId: cx.key_id,
      taskId,
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'hello' }] },
    });
    return {
      task_id: taskId,
      intent: CHAT,
      iicp_conf: sealed.envelope,
      cx_response_encryption: 'required',
      nonce: randomUUID(),
    };
  };
  const time = async (url: string, body: unknown): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${url}/v1/task`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { status?: string };
    const ms = performance.now() - t0;
    if (res.status !== 200 || (json.status !== 'success' && json.status !== 'encrypted'))
      throw new Error(`task failed: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
    return ms;
  };

  const cells: Record<string, { direct: number[]; relay: number[] }> = {
    plain: { direct: [], relay: [] },
    cx: { direct: [], relay: [] },
  };
  // Warm both paths (connections, JIT) before measuring.
  for (let i = 0; i < 20; i++) {
    await time(h.base, plainTask());
    await time(relayed, plainTask());
  }
  for (let i = 0; i < TASKS; i++) {
    for (const kind of ['plain', 'cx'] as const) {
      const make = kind === 'plain' ? async () => plainTask() : cxTask;
      // Alternate which path goes first so neither always runs on a warmer machine.
      if (i % 2 === 0) {
        cells[kind]!.direct.push(await time(h.base, await make()));
        cells[kind]!.relay.push(await time(relayed, await make()));
      } else {
        cells[kind]!.relay.push(await time(relayed, await make()));
        cells[kind]!.direct.push(await time(h.base, await make()));
      }
    }
  }
  const q = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const report: Record<string, unknown> = { tasks: TASKS, generationMs: LATENCY_MS };
  console.log(`relay bench: ${TASKS} tasks per cell, backend generation ${LATENCY_MS} ms, everything on loopback`);
  for (const [kind, c] of Object.entries(cells)) {
    const row = {
      directP50: q(c.direct, 0.5),
      relayP50: q(c.relay, 0.5),
      directP95: q(c.direct, 0.95),
      relayP95: q(c.relay, 0.95),
    };
    const added = row.relayP50 - row.directP50;
    report[kind] = { ...row, addedP50: added, ratioP50: row.relayP50 / row.directP50 };
    console.log(
      `${kind.padEnd(5)} direct p50 ${row.directP50.toFixed(1)} ms p95 ${row.directP95.toFixed(1)} ms | relay p50 ${row.relayP50.toFixed(1)} ms p95 ${row.relayP95.toFixed(1)} ms | added p50 ${added.toFixed(1)} ms, ratio ${(row.relayP50 / row.directP50).toFixed(2)}`,
    );
  }
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'relay.json'), JSON.stringify(report, null, 2));
  await h.stop();
  await relay.close();
  await backend.close();
  await dir.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
