/**
 * The task route tells the requests feed of every answer it gives — served, refused (the cheap refusals before the body
 * included) and failed — exactly once, with the status and code the client saw. A real TaskHandler behind a real
 * TaskServer on 127.0.0.1, with a fake Ollama; each path is provoked the way a client would provoke it.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiCompatBackend, type BuildOptions } from '@engine/backends';
import { loadOrCreateCxKey } from '@engine/identity/node-identity';
import { MemorySecretStore } from '@engine/identity/secret-store';
import { Admission } from '@engine/server/admission';
import { CodecPool } from '@engine/server/codec-pool';
import { NodeMetrics } from '@engine/server/node-metrics';
import { TaskHandler } from '@engine/server/task-handler';
import type {
  AnsweredRequest,
  FinishedTask,
  Stability,
  TaskPipelineDeps,
  TaskObservers,
} from '@engine/server/task-pipeline-types';
import { TaskServer } from '@engine/server/task-server';
import { startFakeBackend, type FakeBackend } from '../../support/backends';
import { sealRequest } from '../../support/cx-consumer';
import { eventually } from '../../support/eventually';
import { http, type HttpAnswer } from '../../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'qwen2.5:7b';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Rig {
  base: string;
  port: number;
  cx: ReturnType<typeof loadOrCreateCxKey>;
  answers: AnsweredRequest[];
  backend: FakeBackend;
  /** Knobs the deps read on every request. */
  state: {
    ready: boolean;
    down: string | null;
    stability: Stability;
    capacity: number;
    finished: (t: FinishedTask) => void | Promise<void>;
  };
}

/** What a test may change of the handler's deps: the clock, its limits, and who hears of the answers. */
type RigOver = Pick<TaskPipelineDeps, 'now' | 'limits'> & Pick<TaskObservers, 'onAnswered'>;

async function rig(
  over: RigOver = {},
  backendOpts: Parameters<typeof startFakeBackend>[0] = { flavour: 'ollama', models: [MODEL] },
): Promise<Rig> {
  const backend = await startFakeBackend(backendOpts);
  cleanups.push(() => backend.close());
  const state: Rig['state'] = {
    ready: true,
    down: null,
    stability: { backend_state: 'ok', reason_class: 'ok' },
    capacity: 2,
    finished: () => undefined,
  };
  const build: BuildOptions = {
    defaultModel: MODEL,
    models: { [MODEL]: { id: MODEL, maxTokens: 256, tools: false } },
    flavour: 'ollama',
  };
  const llm = new OpenAiCompatBackend({ url: backend.url, apiKey: null, build: () => build });
  const cx = loadOrCreateCxKey(new MemorySecretStore());
  const codec = new CodecPool(cx);
  cleanups.push(() => codec.close());
  const answers: AnsweredRequest[] = [];
  const seen = new Set<string>();
  const nonces = new Set<string>();
  const handler = new TaskHandler({
    nodeId: () => 'node-under-test',
    backend: {
      ready: () => state.ready,
      advertised: () => ({ intents: new Set([CHAT]), models: [MODEL], maxTokens: 256 }),
      build: () => build,
      route: () => ({
        backend: llm,
        answered: () => undefined,
        failed: () => undefined,
        refused: () => undefined,
        done: () => undefined,
      }),
      stability: () => state.stability,
      down: () => state.down,
    },
    books: {
      records: {
        hasTask: (id) => seen.has(id),
        hasNonce: (nonce) => nonces.has(nonce),
        noteCut: (id, nonce) => {
          seen.add(id);
          if (nonce) nonces.add(nonce);
        },
      },
      onFinished: (t) => {
        seen.add(t.taskId);
        if (t.nonce) nonces.add(t.nonce);
        return state.finished(t);
      },
    },
    observers: {
      metrics: new NodeMetrics(() => new Set([CHAT])),
      onAnswered: over.onAnswered ?? ((a) => answers.push(a)),
    },
    admission: new Admission(() => state.capacity, undefined, { overShareGraceMs: 100 }),
    codec,
    limits: over.limits,
    now: over.now,
  });
  const server = new TaskServer({
    host: '127.0.0.1',
    handler,
    health: () => ({}),
    metrics: { render: async () => ({ contentType: 'text/plain', body: '' }) },
  });
  const port = await server.listen(0);
  cleanups.push(() => server.close(0));
  return { base: `http://127.0.0.1:${port}`, port, cx, answers, backend, state };
}

const chat = (extra: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) => ({
  task_id: randomUUID(),
  intent: CHAT,
  payload: { messages: [{ role: 'user', content: 'hello there' }], ...payload },
  ...extra,
});

/** Posts, then checks that exactly one answer was reported for it, matching what the client saw. */
async function post(
  r: Rig,
  body: unknown,
  opts: { headers?: Record<string, string>; raw?: string } = {},
): Promise<{ res: HttpAnswer; answer: AnsweredRequest }> {
  const before = r.answers.length;
  const res = await http(`${r.base}/v1/task`, {
    ...(opts.raw !== undefined ? { raw: opts.raw } : { body }),
    headers: { 'Content-Type': 'application/json', ...opts.headers },
  });
  const mine = r.answers.slice(before);
  expect(mine).toHaveLength(1);
  const answer = mine[0]!;
  expect(answer.status).toBe(res.status);
  if (res.status === 200 && res.headers['x-iicp-replayed'] === undefined) expect(answer.code).toBe('ok');
  else if (res.json?.error?.code) expect(answer.code).toBe(res.json.error.code);
  return { res, answer };
}

let r: Rig;
beforeEach(async () => {
  r = await rig();
});

describe('served and failed', () => {
  it('a served task: 200, its task id, model, tokens and how long it took', async () => {
    const body = chat();
    const { res, answer } = await post(r, body);
    expect(res.status).toBe(200);
    expect(answer).toMatchObject({
      outcome: 'served',
      code: 'ok',
      variant: '',
      intent: CHAT,
      qos: 'best_effort',
      model: MODEL,
      taskId: body.task_id,
      delivery: null,
    });
    expect(answer.tokens).toBe(res.json.metrics.tokens_used);
    expect(answer.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('one "took" for one task: the feed keeps the time the ledger row keeps, and the tokens the model wrote', async () => {
    // The clock moves only when told: the ledger's commit "takes" 250 ms between the answer and the feed's report.
    let clock = 1_000_000;
    const finished: FinishedTask[] = [];
    const timed = await rig({ now: () => clock });
    timed.state.finished = (t) => {
      finished.push(t);
      clock += 250;
    };
    const body = chat();
    const { res, answer } = await post(timed, body);
    expect(res.status).toBe(200);
    expect(finished).toHaveLength(1);
    expect(answer.durationMs).toBe(finished[0]!.latencyMs);
    expect(answer.durationMs).toBe(res.json.metrics.latency_ms);
    expect(answer.completionTokens).toBeGreaterThan(0);
    expect(answer.completionTokens).toBeLessThan(answer.tokens!);
  });

  it('a task finishing while no other runs is booked as alone; one finishing beside another is not', async () => {
    const finished: FinishedTask[] = [];
    r.state.finished = (t) => void finished.push(t);
    expect((await post(r, chat())).res.status).toBe(200);
    expect(finished.map((t) => t.alone)).toEqual([true]);
    // Two tasks (of two consumers: one alone holds at most one of the two slots) held at the backend together: the
    // first to finish still has the other beside it.
    r.backend.set({ answerDelayMs: 60_000 });
    const send = (from: string) =>
      http(`${r.base}/v1/task`, { body: chat(), headers: { 'Content-Type': 'application/json' }, localAddress: from });
    const both = Promise.all([send('127.0.0.2'), send('127.0.0.3')]);
    await eventually(() => expect(r.backend.inFlight).toBe(2));
    r.backend.set({ answerDelayMs: 0 });
    for (const res of await both) expect(res.status).toBe(200);
    expect(finished).toHaveLength(3);
    expect(finished[1]!.alone).toBe(false);
  });

  it('a feed that throws changes no answer: the served task is still 200, a refusal still its own code', async () => {
    const broken = await rig({
      onAnswered: () => {
        throw new Error('disk gone');
      },
    });
    const ok = await http(`${broken.base}/v1/task`, { body: chat(), headers: { 'Content-Type': 'application/json' } });
    expect(ok.status).toBe(200);
    broken.state.ready = false;
    const refused = await http(`${broken.base}/v1/task`, {
      body: chat(),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(refused.status).toBe(503);
    expect(refused.json?.error?.code).toBe('node_starting');
  });

  it('the LLM server failing (HTTP 500): failed, 502 backend_error', async () => {
    r.backend.set({ failStatus: 500 });
    const body = chat();
    const { answer } = await post(r, body);
    // The id is handed on once the body was read (the node leaves its own checks out by it); the feed keeps it only for
    // served tasks.
    expect(answer).toMatchObject({
      outcome: 'failed',
      status: 502,
      code: 'backend_error',
      model: MODEL,
      taskId: body.task_id,
    });
  });

  it('the LLM server gone: failed, 502 backend_error, cause "unreachable"', async () => {
    await r.backend.close();
    const { answer } = await post(r, chat());
    expect(answer).toMatchObject({ outcome: 'failed', status: 502, code: 'backend_error', variant: 'unreachable' });
  });

  it('no answer within the task’s own timeout: failed, 504 task_timeout', async () => {
    r.backend.set({ latencyMs: 2_000 });
    const { answer } = await post(r, chat({ constraints: { timeout_ms: 150 } }));
    expect(answer).toMatchObject({ outcome: 'failed', status: 504, code: 'task_timeout' });
  });

  it('the LLM server refusing the request itself (HTTP 400): refused, 422 validation_error, cause "backend"', async () => {
    r.backend.set({ failStatus: 400 });
    const { answer } = await post(r, chat());
    expect(answer).toMatchObject({
      outcome: 'refused',
      status: 422,
      code: 'validation_error',
      variant: 'backend',
      model: MODEL,
    });
  });

  it('a bug on the way (the ledger write throws): failed, 500 internal_error, reported once', async () => {
    r.state.finished = () => Promise.reject(new Error('disk on fire'));
    const { answer } = await post(r, chat());
    expect(answer).toMatchObject({ outcome: 'failed', status: 500, code: 'internal_error' });
  });
});

describe('refused before the body is read', () => {
  it('while the node starts: 503 node_starting', async () => {
    r.state.ready = false;
    expect((await post(r, chat())).answer).toMatchObject({
      outcome: 'refused',
      status: 503,
      code: 'node_starting',
      intent: null,
      model: null,
      taskId: null,
    });
  });

  it('a website over its rate: 429 IICP-E023', async () => {
    const limited = await rig({ limits: { originRateLimit: 1 } });
    await post(limited, chat(), { headers: { Origin: 'https://example.test' } });
    expect((await post(limited, chat(), { headers: { Origin: 'https://example.test' } })).answer).toMatchObject({
      outcome: 'refused',
      status: 429,
      code: 'IICP-E023',
    });
  });

  it('the LLM server not answering: 503 backend_unavailable', async () => {
    r.state.down = 'The local LLM server is not responding.';
    expect((await post(r, chat())).answer).toMatchObject({
      outcome: 'refused',
      status: 503,
      code: 'backend_unavailable',
    });
  });

  it('the LLM server draining: 503 IICP-E024 with its reason as the cause', async () => {
    r.state.stability = { backend_state: 'draining', reason_class: 'loading', retry_after_s: 2 };
    expect((await post(r, chat())).answer).toMatchObject({
      outcome: 'refused',
      status: 503,
      code: 'IICP-E024',
      variant: 'loading',
    });
  });

  it('a declared length over the cap: 413 payload_too_large', async () => {
    const small = await rig({ limits: { maxBodyBytes: 1024 } });
    const { answer } = await post(small, chat({}, { messages: [{ role: 'user', content: 'x'.repeat(4096) }] }));
    expect(answer).toMatchObject({ outcome: 'refused', status: 413, code: 'payload_too_large' });
  });

  it('no slot (capacity 0): 429 IICP-E021', async () => {
    r.state.capacity = 0;
    expect((await post(r, chat())).answer).toMatchObject({
      outcome: 'refused',
      status: 429,
      code: 'IICP-E021',
      variant: '',
    });
  });
});

describe('refused once the body is read', () => {
  it('not JSON: 400 invalid_json', async () => {
    expect((await post(r, null, { raw: '{"task_id": nope' })).answer).toMatchObject({
      outcome: 'refused',
      status: 400,
      code: 'invalid_json',
    });
  });

  it('too deep: 422 validation_error from the shape limits', async () => {
    const raw = `{"task_id":"t","intent":"${CHAT}","payload":${'['.repeat(70)}${']'.repeat(70)}}`;
    expect((await post(r, null, { raw })).answer).toMatchObject({
      outcome: 'refused',
      status: 422,
      code: 'validation_error',
      variant: '',
    });
  });

  it('an intent the node does not offer: 422 intent_not_advertised, with the intent', async () => {
    const intent = 'urn:iicp:intent:llm:completion:v1';
    expect((await post(r, chat({ intent }))).answer).toMatchObject({
      outcome: 'refused',
      status: 422,
      code: 'intent_not_advertised',
      intent,
    });
  });

  it('a tool intent: 403 tool_execution_denied', async () => {
    expect((await post(r, chat({ intent: 'urn:iicp:intent:tool:shell:v1' }))).answer).toMatchObject({
      outcome: 'refused',
      status: 403,
      code: 'tool_execution_denied',
    });
  });

  it('a model the node does not offer: 404 IICP-E029, naming the model asked for', async () => {
    expect((await post(r, chat({}, { model: 'llama3:70b' }))).answer).toMatchObject({
      outcome: 'refused',
      status: 404,
      code: 'IICP-E029',
      model: 'llama3:70b',
    });
  });

  it('an encrypted answer asked for without encryption: 400 IICP-CX-03', async () => {
    expect((await post(r, chat({ cx_response_encryption: 'required' }))).answer).toMatchObject({
      outcome: 'refused',
      status: 400,
      code: 'IICP-CX-03',
    });
  });

  it('the same task again: the kept answer replayed, a reused id 409 IICP-E010, a reused nonce 409 IICP-E011', async () => {
    const body = chat();
    await post(r, body);
    const again = await post(r, body);
    expect(again.res.headers['x-iicp-replayed']).toBe('1');
    expect(again.answer).toMatchObject({ outcome: 'refused', status: 200, code: 'replayed', taskId: body.task_id });
    expect(
      (await post(r, { ...body, payload: { messages: [{ role: 'user', content: 'other' }] } })).answer,
    ).toMatchObject({ status: 409, code: 'IICP-E010' });
    const nonce = randomUUID();
    await post(r, chat({ nonce }));
    expect((await post(r, chat({ nonce }))).answer).toMatchObject({ status: 409, code: 'IICP-E011' });
  });

  it('a batch task while every slot is busy: 429 IICP-E021 after the shape scan, with its QoS class', async () => {
    r.state.capacity = 1;
    r.backend.set({ latencyMs: 1_000 });
    const running = http(`${r.base}/v1/task`, { body: chat() });
    await expect.poll(() => r.backend.inFlight).toBe(1);
    const { answer } = await post(r, chat({ constraints: { qos: 'batch' } }));
    expect(answer).toMatchObject({ outcome: 'refused', status: 429, code: 'IICP-E021', qos: 'batch' });
    expect((await running).status).toBe(200);
  });
});

describe('refused while reading or waiting', () => {
  it('a body that trickles in: 408 request_timeout', async () => {
    const slow = await rig({ limits: { bodyGraceMs: 100 } });
    const socket = connect(slow.port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.write(
      `POST /v1/task HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"task_id":`,
    );
    await expect.poll(() => text, { timeout: 5_000 }).toContain('request_timeout');
    expect(text.startsWith('HTTP/1.1 408')).toBe(true);
    expect(slow.answers).toEqual([
      expect.objectContaining({ outcome: 'refused', status: 408, code: 'request_timeout' }),
    ]);
  });

  it('no room in the shared body budget: 429 IICP-E021, cause "busy_reading_other_requests"', async () => {
    const tight = await rig({ limits: { bodyBudgetBytes: 512 } });
    const { answer } = await post(tight, chat({}, { messages: [{ role: 'user', content: 'x'.repeat(2048) }] }));
    expect(answer).toMatchObject({
      outcome: 'refused',
      status: 429,
      code: 'IICP-E021',
      variant: 'busy_reading_other_requests',
    });
  });

  it('an interactive task that waited 2 s for a slot in vain: 429 IICP-E021', async () => {
    r.state.capacity = 1;
    r.backend.set({ latencyMs: 3_000 });
    const running = http(`${r.base}/v1/task`, { body: chat() });
    await expect.poll(() => r.backend.inFlight).toBe(1);
    const { answer } = await post(r, chat({ constraints: { qos: 'interactive' } }));
    expect(answer).toMatchObject({
      outcome: 'refused',
      status: 429,
      code: 'IICP-E021',
      qos: 'interactive',
      model: MODEL,
    });
    expect((await running).status).toBe(200);
  });

  it('a task cut after its grace while another consumer waited: 429 IICP-E021, cause "fair_share", once', async () => {
    // Three slots: the hog holds two (its cap), a steady consumer the third; a third consumer's share is one each.
    r.state.capacity = 3;
    r.backend.set({ latencyMs: 4_000 });
    const hog = [
      http(`${r.base}/v1/task`, { body: chat(), localAddress: '127.0.0.2' }),
      http(`${r.base}/v1/task`, { body: chat(), localAddress: '127.0.0.2' }),
    ];
    await expect.poll(() => r.backend.inFlight).toBe(2);
    const steady = http(`${r.base}/v1/task`, { body: chat(), localAddress: '127.0.0.4' });
    await expect.poll(() => r.backend.inFlight).toBe(3);
    r.backend.set({ latencyMs: 10 });
    const other = await http(`${r.base}/v1/task`, {
      body: chat({ constraints: { qos: 'interactive' } }),
      localAddress: '127.0.0.3',
    });
    expect(other.status).toBe(200);
    const answers = await Promise.all(hog);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 429]);
    expect((await steady).status).toBe(200);
    const cut = r.answers.filter((a) => a.variant === 'fair_share');
    expect(cut).toEqual([
      expect.objectContaining({ outcome: 'refused', status: 429, code: 'IICP-E021', model: MODEL }),
    ]);
    expect(r.answers).toHaveLength(4);
  });

  it('an envelope that does not open: 400 IICP-CX-02; a payload that is not a chat: 422 validation_error', async () => {
    const sealed = await sealRequest({
      nodePublicRaw: new Uint8Array(r.cx.publicKeyRaw),
      nodeKeyId: r.cx.keyId,
      taskId: 'a',
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'x' }] },
    });
    expect((await post(r, { task_id: 'b', intent: CHAT, iicp_conf: sealed.envelope })).answer).toMatchObject({
      outcome: 'refused',
      status: 400,
      code: 'IICP-CX-02',
    });
    expect(
      (await post(r, { task_id: randomUUID(), intent: CHAT, payload: { messages: 'not a list' } })).answer,
    ).toMatchObject({ outcome: 'refused', status: 422, code: 'validation_error' });
  });
});

describe('what is never reported', () => {
  it('holds no prompt, no answer and no address', async () => {
    await post(r, chat({}, { messages: [{ role: 'user', content: 'my secret prompt' }] }));
    const text = JSON.stringify(r.answers);
    expect(text).not.toContain('my secret prompt');
    expect(text).not.toContain('127.0.0.1');
    expect(Object.keys(r.answers[0]!).sort()).toEqual([
      'code',
      'completionTokens',
      'delivery',
      'durationMs',
      'intent',
      'model',
      'outcome',
      'qos',
      'status',
      'taskId',
      'tokens',
      'variant',
    ]);
  });
});
