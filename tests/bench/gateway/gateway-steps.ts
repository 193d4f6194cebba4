/**
 * Diagnostic companion of the gateway bench (not run by `npm run bench`): what each step of a gateway request costs
 * on its own, so a miss in run.ts can be pinned to code. It times the synchronous steps (shaping the app's request,
 * sealing, the task body, opening the answer, the app's answer, the budget, the spent book's row in a real SQLite
 * store) in hot loops, then the call to the node — the gateway's own client (the pinned undici `fetch` with the
 * deadline signals and capped read `callNode` uses), the engine's own `httpCall` (the node's backend client) and
 * `http.request` on a keep-alive Agent — against the
 * null backend in a child process, one at a time and 16 at once, in alternating rounds.
 *
 *   node --import tsx tests/bench/gateway/gateway-steps.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cxPublicKeyAdvert, generateCxKeyPair } from '@engine/cx';
import { decryptRequest } from '@engine/cx/request';
import { encryptResponse } from '@engine/cx/response';
import { sealRequest } from '@engine/cx/seal-request';
import { answerFor, askFromOpenAI, usageOf } from '@engine/gateway/api-shapes';
import { Budget, claimCeiling } from '@engine/gateway/spending/budget';
import { httpCall } from '@engine/net/http-client';
import { createPinnedFetch } from '@engine/net/pinned-fetch';
import { readBodyCapped } from '@engine/net/read-body';
import { Store } from '@engine/store';
import { DEFAULT_GATEWAY_SETTINGS } from '@shared/contract';
import { startChild } from '../lib/server-child';
import type { BackendInfo } from './server-process';

const INTENT = 'urn:iicp:intent:llm:chat:v1';
const here = fileURLToPath(new URL('.', import.meta.url));

function timeSync(name: string, n: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(1000, n); i++) fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
  console.log(`${us.toFixed(2).padStart(8)} µs  ${name}`);
  return us;
}

interface Timed {
  wallUs: number;
  cpuUs: number;
}

async function timeAsync(calls: number, concurrency: number, fn: () => Promise<unknown>): Promise<Timed> {
  for (let i = 0; i < 200; i++) await fn();
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
  return { wallUs: (wall * 1000) / calls, cpuUs: (cpu.user + cpu.system) / calls };
}

const backend = await startChild<BackendInfo>('backend', join(here, 'server-process.ts'), ['backend']);
const dir = mkdtempSync(join(tmpdir(), 'iicp-gw-steps-'));
const store = Store.open(join(dir, 'iicp.db'));
try {
  const model = backend.info.model;
  const appBody = Buffer.from(JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 64 }));
  const shaped = askFromOpenAI('chat', JSON.parse(appBody.toString('utf8')));
  if (!shaped.ok) throw new Error(shaped.message);
  const ask = shaped.ask;
  const kp = generateCxKeyPair();
  const advert = cxPublicKeyAdvert(kp);
  const cx = { key: advert.key, keyId: advert.key_id };
  const completion = {
    id: 'x',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
  // One sealed request and its sealed answer, as the provider makes it, for the opening steps.
  const taskId = randomUUID();
  const sealed = sealRequest(cx, taskId, INTENT, ask.payload);
  const shared = decryptRequest(kp, sealed.envelope).shared;
  const answerText = JSON.stringify({
    task_id: taskId,
    status: 'success',
    iicp_conf_resp: encryptResponse(shared, taskId, {
      task_id: taskId,
      status: 'success',
      result: completion,
      model_used: model,
    }),
  });

  console.log('\nsynchronous steps of one gateway request (per call):');
  let total = 0;
  total += timeSync('JSON.parse(app body) + askFromOpenAI (zod)', 20_000, () =>
    askFromOpenAI('chat', JSON.parse(appBody.toString('utf8'))),
  );
  const settings = {
    ...DEFAULT_GATEWAY_SETTINGS,
    enabled: true,
    dailyCap: null,
    monthlyCap: null,
    perRequestMax: null,
    keepBalance: null,
  };
  const budget = new Budget({
    settings: () => settings,
    spentSince: (f) => store.spend.spentBetween(f, Date.now() + 1) * 1e6,
    balance: () => 100,
    now: Date.now,
    timeZone: 'UTC',
  });
  total += timeSync('budget allowance + hold + release (no limits set)', 50_000, () => {
    budget.allowance();
    const h = budget.hold({ expected: 0.001, worstCase: 0.01 });
    if (h.ok) h.release();
  });
  total += timeSync('sealRequest (x25519 key pair, DH, HKDF, AES-GCM)', 2000, (i) =>
    sealRequest(cx, `t-${i}`, INTENT, ask.payload),
  );
  total += timeSync('task body: 2 randomUUID + JSON.stringify', 20_000, () =>
    JSON.stringify({
      task_id: randomUUID(),
      intent: INTENT,
      iicp_conf: sealed.envelope,
      cx_response_encryption: 'required',
      nonce: randomUUID(),
      constraints: { timeout_ms: 120_000, model, qos: 'interactive', max_tokens: 64 },
      source_node_id: 'x',
    }),
  );
  total += timeSync('JSON.parse(node answer) + openResponse (HKDF, AES-GCM, JSON.parse)', 5000, () =>
    sealed.openResponse((JSON.parse(answerText) as { iicp_conf_resp: unknown }).iicp_conf_resp),
  );
  total += timeSync('usageOf + claimCeiling', 50_000, () => claimCeiling(usageOf(completion)?.total ?? 0, 1));
  total += timeSync('answerFor (node-answer zod read) + JSON.stringify', 20_000, () => {
    const a = answerFor(ask, completion, { id: taskId, nowMs: Date.now(), elapsedMs: 1 });
    return a.ok ? JSON.stringify(a.body) : null;
  });
  const row = (i: number) => ({
    taskId: `${taskId}-${i}`,
    atMs: Date.now(),
    api: 'openai',
    intent: INTENT,
    model,
    nodeId: 'n',
    own: false,
    outcome: 'answered' as const,
    code: 'ok',
    tokens: 2,
    creditsU: 1100,
    latencyMs: 3,
    attempts: 1,
  });
  total += timeSync('spend book insert (INSERT OR REPLACE, its own commit, WAL, synchronous=NORMAL)', 5000, (i) =>
    store.spend.record(row(i)),
  );
  console.log(`${total.toFixed(2).padStart(8)} µs  sum of the synchronous steps`);
  // Not on the path with no limits set; with a daily or monthly cap it runs per request (allowance and hold), and the
  // node's snapshot shows it too. Its cost grows with the day's rows: here the 6000 the loop above wrote.
  timeSync('spentToday: sum over the spent book, 6000 rows today (per request only with a cap set)', 2000, () =>
    budget.spentToday(),
  );

  console.log(
    "\nthe call to the node: the gateway's client (callNode's pinned undici fetch) vs the engine's httpCall and http.request",
  );
  console.log("(null backend in a child process; CPU is this process's user+system time; median of the rounds):");
  const url = `${backend.info.url}/v1/chat/completions`;
  const body = JSON.stringify(ask.payload);
  const pinned = createPinnedFetch({ allowPrivate: true });
  const viaFetch = async () => {
    const timeout = AbortSignal.timeout(120_000);
    const signal = AbortSignal.any([new AbortController().signal, timeout]);
    const res = await pinned.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-IICP-Require-E2E': '1' },
      body,
      signal,
      redirect: 'manual',
    });
    JSON.parse((await readBodyCapped(res, 16 << 20)).toString('utf8'));
  };
  const viaFetchNoSignal = async () => {
    const res = await pinned.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-IICP-Require-E2E': '1' },
      body,
      redirect: 'manual',
    });
    JSON.parse((await readBodyCapped(res, 16 << 20)).toString('utf8'));
  };
  const callHeaders = Object.freeze({ 'content-type': 'application/json', 'x-iicp-require-e2e': '1' });
  const viaHttpCall = async () => {
    const r = await httpCall(url, callHeaders, body, {
      timeoutMs: 120_000,
      maxBytes: 16 << 20,
      maxErrorBytes: 1 << 16,
      connection: 'keep-alive',
    });
    JSON.parse(r.body.toString('utf8'));
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const u = new URL(backend.info.url);
  const plain = () =>
    new Promise<void>((resolve, reject) => {
      const out = Buffer.from(body);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: '/v1/chat/completions',
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': out.length },
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
      req.end(out);
    });
  const ROUNDS = 5;
  for (const c of [1, 16]) {
    const got = new Map<string, Timed[]>();
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, fn] of [
        ['pinned undici fetch + AbortSignal.any/timeout + readBodyCapped (callNode)', viaFetch],
        ['the same without the deadline signals', viaFetchNoSignal],
        ["the engine's httpCall keep-alive (undici Pool; the node's backend client)", viaHttpCall],
        ['http.request + keep-alive Agent', plain],
      ] as const) {
        const t = await timeAsync(3000, c, fn);
        got.set(name, [...(got.get(name) ?? []), t]);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const [name, ts] of got) {
      console.log(
        `${med(ts.map((t) => t.wallUs))
          .toFixed(1)
          .padStart(8)} µs wall/call  ${med(ts.map((t) => t.cpuUs))
          .toFixed(1)
          .padStart(6)} µs cpu/call  ${name} (c=${c})`,
      );
    }
  }
  agent.destroy();
  await pinned.close();
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
  await backend.stop();
}
