/**
 * Security suite, the task port: at least 10 000 generated malformed or hostile requests to `/v1/task` of a real node
 * (100 000 with IICP_LONG_TESTS=1), against a fake Ollama that records every path it is asked for.
 *
 * Afterwards: the node still runs and answers /iicp/health; every answer was JSON with a documented code
 * (or a served task); no 5xx; the backend saw only its three inference routes and the node's own health
 * probes, exactly once per served task, and never a consumer's header. The seed is printed; a run is
 * repeated with IICP_FUZZ_SEED=<seed>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { ephemeralFromPrivateRaw, sealRequest } from '../support/cx-consumer';
import { http, startNode, type NodeHarness } from '../support/node-harness';
import { BackendAudit } from './lib/backend-audit';
import { runFuzz, summary } from './lib/fuzz-driver';
import { fuzzSeed, LONG_TESTS, Prng } from './lib/prng';
import { CHAT, EMBED, TaskFuzzer, type SealedSample } from './lib/task-fuzz';

const TOTAL = LONG_TESTS ? 100_000 : 10_000;
const CONCURRENCY = 32;
const CHAT_MODEL = 'qwen2.5:7b';
const EMBED_MODEL = 'nomic-embed-text';

let backend: FakeBackend;
let h: NodeHarness;

beforeAll(async () => {
  backend = await startFakeBackend({ flavour: 'ollama', models: [CHAT_MODEL, EMBED_MODEL] });
  // The most tasks at once a node can be set to: capacity refusals (429) are not what this suite is about.
  h = await startNode({ backendUrl: backend.url, maxConcurrent: 64 });
}, 30_000);

afterAll(async () => {
  await h?.stop();
  await backend?.close();
});

async function sealedSamples(r: Prng, n: number): Promise<SealedSample[]> {
  const identity = h.node.runtime!.identity;
  const out: SealedSample[] = [];
  for (let i = 0; i < n; i++) {
    const chat = r.chance(0.8);
    const taskId = r.uuid();
    const intent = chat ? CHAT : EMBED;
    const payload = chat
      ? {
          messages: [{ role: 'user', content: `sealed question ${i}` }],
          ...(r.chance(0.5) ? { model: CHAT_MODEL } : {}),
        }
      : { input: `sealed ${i}`, model: EMBED_MODEL };
    const sealed = await sealRequest({
      nodePublicRaw: new Uint8Array(identity.cx.publicKeyRaw),
      nodeKeyId: identity.cx.keyId,
      taskId,
      intent,
      payload,
      ephemeral: await ephemeralFromPrivateRaw(new Uint8Array(r.bytes(32))),
      nonce: new Uint8Array(r.bytes(12)),
    });
    out.push({ taskId, intent, payload, envelope: sealed.envelope });
  }
  return out;
}

describe('task port under generated hostile requests', () => {
  it(
    `answers ${TOTAL.toLocaleString('en')} malformed or hostile requests in JSON, without 5xx, and lets nothing but inference reach the backend`,
    async () => {
      const seed = fuzzSeed();
      console.log(`[security] task-port fuzz: seed=${seed} (replay with IICP_FUZZ_SEED=${seed}), ${TOTAL} requests`);
      const r = new Prng(seed);
      const validCx = await sealedSamples(r, Math.ceil(TOTAL * 0.012) + 16);
      const badCx = await sealedSamples(r, 24);
      const fuzzer = new TaskFuzzer(r, {
        nodePort: h.port,
        backendPort: backend.port,
        chatModel: CHAT_MODEL,
        embedModel: EMBED_MODEL,
        keyId: h.node.runtime!.identity.cx.keyId,
        validCx,
        badCx,
      });
      const audit = new BackendAudit(backend, [CHAT_MODEL, EMBED_MODEL]);
      audit.drain(); // the node's start-up probes

      const tally = await runFuzz(TOTAL, CONCURRENCY, h.port, () => fuzzer.next(), {
        cases: 500,
        run: () => audit.drain(),
      });
      audit.drain();
      console.log(summary(seed, tally));
      console.log(
        `  backend calls: ${Object.entries(audit.byPath)
          .map(([k, v]) => `${k}:${v}`)
          .join(' ')}`,
      );

      // Still alive and serving.
      const health = await http(`${h.base}/iicp/health`);
      expect(health.status, `seed ${seed}`).toBe(200);
      expect(health.json).toMatchObject({ status: 'ok', models: [CHAT_MODEL, EMBED_MODEL] });
      expect(h.node.state).toBe('online');
      const after = await http(`${h.base}/v1/task`, {
        body: {
          task_id: `after-${seed}`,
          intent: CHAT,
          payload: { messages: [{ role: 'user', content: 'still there?' }] },
        },
      });
      expect(after.status, `seed ${seed}`).toBe(200);

      // Nothing a request carried polluted the process's prototypes.
      const probe: Record<string, unknown> = {};
      expect([probe.polluted, probe.isAdmin, probe.intents], `seed ${seed}`).toEqual([undefined, undefined, undefined]);

      // Every answer obeyed the rules (known engine bugs are tallied apart; see known-bugs.test.ts).
      expect(tally.problems, `seed ${seed}: ${tally.problems.length} problems (first ones above)`).toEqual([]);
      expect(tally.cases).toBe(TOTAL);
      expect(tally.controls.succeeded).toBe(tally.controls.sent);
      expect(tally.controls.sent).toBeGreaterThan(TOTAL * 0.02);

      // The backend saw only allowed calls, one inference call per served task, and no consumer header.
      audit.drain();
      expect(audit.violations, `seed ${seed}`).toEqual([]);
      expect(audit.inference, `seed ${seed}: backend inference calls vs served answers`).toBe(
        tally.served + 1 /* the "after" task */,
      );
    },
    LONG_TESTS ? 1_800_000 : 180_000,
  );
});
