/**
 * The task codec off the event loop (src-main/engine/server/codec-pool.ts): a large body or answer is processed on a
 * worker thread with exactly the code that runs inline for small ones, the event loop stays free meanwhile, and a
 * worker that dies fails only the task it was running.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCxKeyPair } from '@engine/cx';
import { CodecPool } from '@engine/server/codec-pool';
import { responseHash } from '@engine/pricing/receipt';
import { decodeTask, encodeAnswer, type DecodeContext } from '@engine/server/task-codec';
import { openResponse, sealRequest } from '../../support/cx-consumer';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const EMBED = 'urn:iicp:intent:llm:embedding:v1';
const cx = generateCxKeyPair();

const ctx: DecodeContext = {
  intents: new Set([CHAT, EMBED]),
  build: {
    defaultModel: 'qwen2.5:7b',
    flavour: null,
    models: {
      'qwen2.5:7b': { id: 'qwen2.5:7b', maxTokens: 512, tools: false },
      'nomic-embed-text': { id: 'nomic-embed-text', maxTokens: 512, tools: false },
    },
  },
  shape: { maxDepth: 66, maxValues: 100_000 },
  intentCaps: { [CHAT]: 8 * 1024 * 1024, [EMBED]: 4 * 1024 * 1024 },
  defaultCap: 64 * 1024,
  defaultTimeoutMs: 60_000,
  timeoutCapMs: 120_000,
};

const pools: CodecPool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});
function pool(o: ConstructorParameters<typeof CodecPool>[1] = {}): CodecPool {
  const p = new CodecPool(cx, o);
  pools.push(p);
  return p;
}

const bigChat = (chars: number, extra: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      task_id: randomUUID(),
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'x'.repeat(chars) }], max_tokens: 100_000 },
      ...extra,
    }),
  );

describe('decode', () => {
  // First in the file: the loop's busy time counts every pause on it, and a collection of the megabytes an earlier test
  // decoded inline would be counted as if the hand-over had held the loop.
  it('keeps the event loop free while a worker decodes 8 MiB', async () => {
    const p = pool();
    await p.decode(bigChat(70 * 1024), ctx); // the worker is up
    const raw = bigChat(8 * 1024 * 1024 - 200);
    // The pool hands the body's memory to the worker (the buffer is empty afterwards), so the yardstick gets a copy.
    const yardstick = Buffer.from(raw);
    // What the loop itself ran while the worker decoded. Its utilisation counts only time spent running code, so a
    // busy machine that keeps this idle process waiting for a CPU (which a timer's lateness would count) does not.
    const start = performance.eventLoopUtilization();
    const got = await p.decode(raw, ctx);
    const loop = performance.eventLoopUtilization(start);
    expect(got.ok).toBe(true);
    // Inline, the same work holds the loop for its whole length (parse, validate and re-encode 8 MiB): measured here,
    // under the same load, it is the yardstick. On the worker the loop runs only the hand-over.
    const t0 = performance.now();
    const inline = decodeTask(yardstick, ctx, cx);
    const inlineMs = performance.now() - t0;
    expect(inline.ok).toBe(true);
    console.log(
      `[codec] loop busy ${loop.active.toFixed(1)} ms of ${(loop.active + loop.idle).toFixed(1)} ms while a worker decoded 8 MiB; inline ${inlineMs.toFixed(1)} ms`,
    );
    expect(loop.active).toBeLessThan(Math.max(25, inlineMs / 2));
  });

  it('a large body goes to a worker and comes back exactly as the inline decode makes it', async () => {
    const p = pool();
    const raw = bigChat(2 * 1024 * 1024, { nonce: 'n-1', constraints: { qos: 'interactive', timeout_ms: 5_000 } });
    const expected = decodeTask(Buffer.from(raw), ctx, cx);
    const got = await p.decode(raw, ctx);
    expect(p.workers).toBe(1);
    expect(got.ok && expected.ok).toBe(true);
    if (!got.ok || !expected.ok) return;
    expect(got.meta).toEqual(expected.meta);
    expect(got.print).toEqual(expected.print);
    expect(Buffer.isBuffer(got.request.body)).toBe(true);
    expect(got.request.body.toString()).toBe(expected.request.body.toString());
    expect(JSON.parse(got.request.body.toString())).toMatchObject({
      model: 'qwen2.5:7b',
      max_tokens: 512,
      stream: false,
    });
  });

  it('a small body is decoded inline: no worker is started for it', async () => {
    const p = pool();
    const got = await p.decode(bigChat(100), ctx);
    expect(got.ok).toBe(true);
    expect(p.workers).toBe(0);
  });

  it('decrypts a large IICP-CX request on the worker, and refuses a decrypted payload of hostile shape', async () => {
    const p = pool();
    const taskId = randomUUID();
    const sealed = await sealRequest({
      nodePublicRaw: cx.publicKeyRaw,
      nodeKeyId: cx.keyId,
      taskId,
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'y'.repeat(300_000) }] },
    });
    const ok = await p.decode(
      Buffer.from(
        JSON.stringify({
          task_id: taskId,
          intent: CHAT,
          iicp_conf: sealed.envelope,
          cx_response_encryption: 'required',
        }),
      ),
      ctx,
    );
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(Buffer.from(ok.shared!).equals(Buffer.from(sealed.shared))).toBe(true);

    const hostileId = randomUUID();
    const plaintext = new TextEncoder().encode(`{"messages":[${Array(200_000).fill('{}').join(',')}]}`);
    const hostile = await sealRequest({
      nodePublicRaw: cx.publicKeyRaw,
      nodeKeyId: cx.keyId,
      taskId: hostileId,
      intent: CHAT,
      plaintext,
    });
    const refused = await p.decode(
      Buffer.from(JSON.stringify({ task_id: hostileId, intent: CHAT, iicp_conf: hostile.envelope })),
      ctx,
    );
    expect(refused).toMatchObject({
      ok: false,
      refusal: { status: 422, code: 'validation_error', message: 'The request holds too many values.' },
    });
  });

  it('a worker that dies fails only the job it was running; queued jobs go to a new worker', async () => {
    const p = pool({ maxWorkers: 1 });
    await p.decode(bigChat(70 * 1024), ctx); // the worker is up
    const running = p.decode(bigChat(6 * 1024 * 1024), ctx);
    const queued = p.decode(bigChat(80 * 1024), ctx);
    // Killed from outside while it works (as an abort of that thread would).
    const slot = (p as unknown as { pool: { slots: { worker: { terminate(): Promise<number> } }[] } }).pool.slots[0]!;
    void slot.worker.terminate();
    expect(await running).toMatchObject({ ok: false, refusal: { status: 413, code: 'payload_too_large' } });
    expect((await queued).ok).toBe(true);
    expect(p.workers).toBe(1);
  }, 30_000);
});

describe('encode', () => {
  it('a large backend answer is parsed, hashed and (asked) encrypted on a worker, as inline', async () => {
    const p = pool();
    const data = Array.from({ length: 600 }, (_, i) => ({
      object: 'embedding',
      index: i,
      embedding: Array.from({ length: 256 }, (_, j) => (i * j) / 1e4),
    }));
    const body = Buffer.from(
      JSON.stringify({ object: 'list', data, model: 'nomic-embed-text', usage: { prompt_tokens: 7, total_tokens: 7 } }),
    );
    const taskId = randomUUID();
    const plainCtx = {
      taskId,
      nodeId: 'node-1',
      modelUsed: 'nomic-embed-text',
      latencyMs: 12,
      shared: null,
      bound: { promptBytes: 64, answerTokens: 0 },
    };
    const inline = encodeAnswer(Buffer.from(body), plainCtx);
    const viaWorker = await p.encode(Buffer.from(body), plainCtx); // a copy: the pool takes the memory it is given
    expect(p.workers).toBe(1);
    expect(viaWorker).toMatchObject({ ok: true, tokensUsed: 7 });
    if (!viaWorker.ok || !inline.ok) throw new Error('not encoded');
    expect(viaWorker.responseHash).toBe(inline.responseHash);
    expect(viaWorker.answer.toString()).toBe(inline.answer.toString());
    expect(JSON.parse(viaWorker.answer.toString())).toMatchObject({
      task_id: taskId,
      status: 'success',
      result: { object: 'list' },
      metrics: { tokens_used: 7, node_id: 'node-1' },
    });

    const shared = Buffer.alloc(32, 7);
    const sealed = await p.encode(Buffer.from(body), { ...plainCtx, shared });
    if (!sealed.ok) throw new Error('not sealed');
    const envelope = JSON.parse(sealed.answer.toString()) as {
      status: string;
      iicp_conf_resp: { nonce: string; encrypted_body: string };
    };
    expect(envelope.status).toBe('encrypted');
    expect(await openResponse(shared, taskId, envelope.iicp_conf_resp)).toEqual(JSON.parse(inline.answer.toString()));
  });

  it('the result is hashed for a receipt only when one can be claimed; the answer is the same either way', () => {
    const body = Buffer.from(
      JSON.stringify({
        choices: [{ message: { role: 'assistant', content: 'hi' } }],
        model: 'm',
        usage: { total_tokens: 3 },
      }),
    );
    const c = {
      taskId: 't-1',
      nodeId: 'node-1',
      modelUsed: 'm',
      latencyMs: 5,
      shared: null,
      bound: { promptBytes: 64, answerTokens: 16 },
    };
    const claimed = encodeAnswer(body, c);
    const unclaimed = encodeAnswer(body, { ...c, hashResult: false });
    if (!claimed.ok || !unclaimed.ok) throw new Error('not encoded');
    expect(claimed.responseHash).toBe(responseHash(JSON.parse(body.toString())));
    expect(unclaimed.responseHash).toBeNull();
    expect(unclaimed.answer).toEqual(claimed.answer);
  });

  it('an answer that is not JSON is a bad response, on the worker as inline', async () => {
    const p = pool();
    const junk = Buffer.alloc(200 * 1024, '<');
    expect(
      await p.encode(junk, {
        taskId: 't',
        nodeId: 'n',
        modelUsed: 'm',
        latencyMs: 1,
        shared: null,
        bound: { promptBytes: 64, answerTokens: 16 },
      }),
    ).toMatchObject({ ok: false, kind: 'bad_response' });
  });
});
