/**
 * Diagnostic companion of the proxy bench (not run by `npm run bench`): what each step of the node's task
 * pipeline costs in isolation, so a miss in run.ts can be pinned to code. It times the synchronous steps
 * of TaskHandler in a hot loop, then compares the node's backend call — its HTTP client alone
 * (net/http-client.ts `httpCall` over the keep-alive pool) and the whole `OpenAiCompatBackend.invoke` (request
 * built, `httpCall` with the `auto` policy, answer parsed) — with the minimal proxy's `http.request` on a
 * keep-alive Agent, against the null backend running in a child process, one at a time and 64 at once, in
 * alternating rounds so other work on the machine hits each alike.
 *
 *   node --import tsx tests/bench/proxy/pipeline-steps.ts
 */
import { createHash, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildCapabilities, OpenAiCompatBackend } from '@engine/backends';
import { factsFromIds } from '@engine/backends/capabilities';
import { Cancellation } from '@engine/net/call-cancellation';
import { httpCall } from '@engine/net/http-client';
import { JsonShapeScanner, shapeFields } from '@engine/net/json-shape';
import { NodeMetrics } from '@engine/server/node-metrics';
import { payloadProblem } from '@engine/server/payload-schemas';
import { ReplayGuard } from '@engine/server/replay-guard';
import { TaskRequestSchema } from '@engine/server/task-request';
import { startChild } from '../lib/server-child';
import type { BackendInfo } from './server-process';

const INTENT = 'urn:iicp:intent:llm:chat:v1';
const here = fileURLToPath(new URL('.', import.meta.url));

function timeSync(name: string, n: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(2000, n); i++) fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
  console.log(`${us.toFixed(2).padStart(8)} µs  ${name}`);
  return us;
}

interface Timed {
  wallUs: number;
  cpuUs: number;
  perS: number;
}

/** `calls` calls of `fn`, `concurrency` at a time, after a warm-up: wall and CPU time per call. */
async function timeAsync(calls: number, concurrency: number, fn: () => Promise<unknown>): Promise<Timed> {
  for (let i = 0; i < 300; i++) await fn();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let left = calls;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await fn();
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallUs: (wall * 1000) / calls, cpuUs: (cpu.user + cpu.system) / calls, perS: (calls / wall) * 1000 };
}

const backend = await startChild<BackendInfo>('backend', join(here, 'server-process.ts'), ['backend']);
try {
  const model = backend.info.model;
  const payload = { model, messages: [{ role: 'user', content: 'hi' }] };
  const raw = Buffer.from(JSON.stringify({ task_id: randomUUID(), nonce: randomUUID(), intent: INTENT, payload }));
  const task = TaskRequestSchema.parse(JSON.parse(raw.toString('utf8')));
  const completion = {
    id: 'x',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };

  console.log('\nsynchronous steps of TaskHandler.handle/admitted (per call):');
  let total = 0;
  total += timeSync('JSON.parse(body)', 50_000, () => JSON.parse(raw.toString('utf8')));
  total += timeSync('TaskRequestSchema.safeParse (zod)', 50_000, () =>
    TaskRequestSchema.safeParse(JSON.parse(raw.toString('utf8'))),
  );
  const adv = () => {
    const built = buildCapabilities({
      facts: factsFromIds([model]),
      defaultModel: null,
      excludedModels: [],
      maxTokens: 8192,
    });
    return new Set(
      built.capabilities.filter((c) => c.models.some((m) => built.models.includes(m))).map((c) => c.intent),
    );
  };
  total +=
    3 *
    timeSync(
      'advertised() ≈ buildCapabilities + Set (runs 3× per task: handle, prepareBody, metrics.task)',
      50_000,
      adv,
    );
  const guard = new ReplayGuard({ hasTask: () => false, hasNonce: () => false, noteCut: () => undefined });
  total += timeSync(
    'replay guard admit + answered (durable lookups stubbed; the ledger index adds a few µs each)',
    50_000,
    (i) => {
      const meta = { taskId: `t${i}`, intent: INTENT, qos: 'best_effort', nonce: `n${i}`, timeoutMs: 60_000 };
      guard.admit(meta, 'body');
      guard.answered(meta, 200, '{}');
    },
  );
  total += timeSync('shape scan of the body (streaming scanner)', 50_000, () =>
    new JsonShapeScanner({ maxDepth: 66, maxValues: 100_000 }, shapeFields(['intent', 'constraints.qos'])).push(raw),
  );
  total += timeSync('sha256(raw) hex (idempotency hash)', 50_000, () => createHash('sha256').update(raw).digest('hex'));
  total += timeSync('payloadProblem(chat) (zod)', 50_000, () => payloadProblem(INTENT, task.payload));
  total += timeSync("new Cancellation() (the task's, watched by its backend call)", 50_000, () =>
    new Cancellation().watch(null),
  );
  const metrics = new NodeMetrics(() => adv());
  total += timeSync('metrics.task (prom-client counter + histogram; calls advertised())', 50_000, () =>
    metrics.task('success', INTENT, 'best_effort', 1, 2),
  );
  total += timeSync('JSON.stringify(response)', 50_000, () =>
    JSON.stringify({
      task_id: task.task_id,
      status: 'success',
      result: completion,
      generated_by_ai: true,
      model_used: model,
      metrics: { latency_ms: 1, tokens_used: 2, node_id: 'x' },
    }),
  );
  console.log(`${total.toFixed(2).padStart(8)} µs  sum of the synchronous steps`);
  console.log(
    "\nthe backend call: the node's HTTP client (net/http-client.ts httpCall) vs the minimal proxy's http.request on a keep-alive Agent",
  );
  console.log(
    "(null backend in a child process; CPU is this process's user+system time, kernel included; median of the rounds):",
  );
  const build = {
    defaultModel: model,
    flavour: null,
    models: { [model]: { id: model, maxTokens: 8192, tools: false } },
  };
  const oc = new OpenAiCompatBackend({ url: backend.info.url, build: () => build });
  const invoke = async () => {
    const r = await oc.invoke(INTENT, payload, { timeoutMs: 60_000, cancel: new Cancellation() });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  };
  const chatUrl = `${backend.info.url}/v1/chat/completions`;
  const chatBody = JSON.stringify(payload);
  // What OpenAiCompatBackend hands the client: one frozen headers object for every call.
  const nodeHeaders = Object.freeze({ 'content-type': 'application/json', accept: 'application/json' });
  const client = async () => {
    const r = await httpCall(chatUrl, nodeHeaders, chatBody, {
      timeoutMs: 60_000,
      cancel: new Cancellation(),
      maxBytes: 1 << 20,
      maxErrorBytes: 1 << 16,
      connection: 'keep-alive',
    });
    JSON.parse(r.body.toString('utf8'));
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const u = new URL(backend.info.url);
  const plain = () =>
    new Promise<void>((resolve, reject) => {
      const body = Buffer.from(chatBody);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: '/v1/chat/completions',
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString('utf8'));
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const ROUNDS = 5;
  for (const c of [1, 64]) {
    const got = new Map<string, Timed[]>();
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, fn] of [
        ["httpCall keep-alive (the node's client)", client],
        ['OpenAiCompatBackend.invoke (request built, httpCall auto, answer parsed)', invoke],
        ['http.request + Agent (minimal proxy)', plain],
      ] as const) {
        const t = await timeAsync(4000, c, fn);
        got.set(name, [...(got.get(name) ?? []), t]);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const floor = med(got.get('http.request + Agent (minimal proxy)')!.map((t) => t.cpuUs));
    for (const [name, ts] of got) {
      const cpu = med(ts.map((t) => t.cpuUs));
      console.log(
        `${med(ts.map((t) => t.wallUs))
          .toFixed(1)
          .padStart(
            8,
          )} µs wall/call  ${cpu.toFixed(1).padStart(6)} µs cpu/call (${(cpu / floor).toFixed(2)}× the proxy's)  ${Math.round(
          med(ts.map((t) => t.perS)),
        )
          .toString()
          .padStart(6)} calls/s  ${name} (c=${c})`,
      );
    }
  }

  // What stays reachable after a call returns: measured with forced full GCs.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const retained = async (name: string, n: number, fn: () => Promise<unknown>) => {
    for (let i = 0; i < 300; i++) await fn();
    gc();
    gc();
    const h0 = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) await fn();
    gc();
    gc();
    console.log(
      `${((process.memoryUsage().heapUsed - h0) / n).toFixed(0).padStart(8)} B/call still on the heap after ${n} calls  ${name}`,
    );
  };
  console.log('\nheap retained per call once it has returned (each call has a 60 s deadline):');
  await retained('httpCall keep-alive', 5000, client);
  await retained('OpenAiCompatBackend.invoke', 5000, invoke);
  await retained('http.request + Agent (minimal proxy)', 5000, plain);
  agent.destroy();
} finally {
  await backend.stop();
}
