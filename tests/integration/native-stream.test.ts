/**
 * A whole node's native port, driven by the native client written from the spec (native/client.ts, which enforces
 * the SDKs' sequence and finality rules), against a streaming LLM stand-in that holds its last tokens back until the
 * test lets go: so streaming is proven by order, not by a clock. A streamed task sends its partials before the server
 * has finished, ends in one completed terminal with the server's token count, and is booked once; a retry with the
 * same key runs nothing, another key is a conflict, a caller that goes away closes the server's request and books
 * nothing (and its task, part of whose answer went out, is never run again), a buffered `call()` still answers whole,
 * and an encrypted request gets a stream sealed chunk by chunk.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { StreamOpener } from '@engine/cx';
import { NativeClient, type DecodedLifecycle } from '@engine/native';
import { sealRequest } from '../support/cx-consumer';
import { eventually, startNode, type NodeHarness } from '../support/node-harness';
import { startStreamingLlm, type StreamingLlm } from '../support/streaming-llm';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const USAGE = { prompt_tokens: 7, completion_tokens: 4 };
const ANSWER = 'Hello there and goodbye';

async function setup(): Promise<{ llm: StreamingLlm; h: NodeHarness }> {
  const llm = await startStreamingLlm({ first: ['Hello', ' there'], rest: [' and', ' goodbye'], usage: USAGE });
  cleanups.push(() => llm.close());
  const h = await startNode({ backendUrl: llm.url, maxConcurrent: 2 });
  cleanups.push(() => h.stop());
  await eventually(() => expect(h.node.getSnapshot().backend.status).toBe('healthy'));
  return { llm, h };
}

async function open(h: NodeHarness): Promise<NativeClient> {
  const c = await NativeClient.open({ host: '127.0.0.1', port: h.port });
  cleanups.push(() => c.destroy());
  return c;
}

const payload = (content = 'Say hello'): Uint8Array =>
  Buffer.from(JSON.stringify({ messages: [{ role: 'user', content }] }));

/** Reads a whole stream; `onPartial` sees each partial as it comes (the stand-in is released from there). */
async function readStream(
  it: AsyncIterable<DecodedLifecycle>,
  onPartial: (n: number) => void = () => {},
): Promise<DecodedLifecycle[]> {
  const events: DecodedLifecycle[] = [];
  for await (const e of it) {
    events.push(e);
    if (e.status === 'partial') onPartial(events.length);
  }
  return events;
}

const textOf = (events: DecodedLifecycle[]): string =>
  events
    .filter((e) => e.status === 'partial')
    .map((e) => (typeof e.result === 'string' ? e.result : ''))
    .join('');

async function ledgerRowsFor(h: NodeHarness, taskId: string) {
  const rows = await h.node.commandHandlers().listLedger({ limit: 100 });
  return rows.filter((r) => r.taskId === taskId);
}

describe('the native port of a whole node', () => {
  it('streams a task: partials before the LLM server finished, the whole text, one completed terminal with its tokens, one ledger row', async () => {
    const { llm, h } = await setup();
    const c = await open(h);
    expect(c.peerNodeId).toBe(h.node.getSnapshot().node.nodeId);
    const taskId = randomUUID();
    let heldAtSecondPartial: number | null = null;
    const events = await readStream(
      c.stream({ intent: CHAT, payload: payload(), taskId, idempotencyKey: 'k1' }),
      (n) => {
        if (n === 2) {
          // Two partials have come while the server still holds the rest of the answer back.
          heldAtSecondPartial = llm.held;
          llm.release();
        }
      },
    );
    expect(heldAtSecondPartial).toBe(1);
    const partials = events.filter((e) => e.status === 'partial');
    expect(partials.length).toBeGreaterThanOrEqual(2);
    // Each partial says the tokens written so far: counted up as they come, never more than the terminal's.
    const counts = partials.map((e) => e.tokensUsed as number);
    expect(counts.every((n, i) => Number.isInteger(n) && n >= 1 && (i === 0 || n >= counts[i - 1]!))).toBe(true);
    expect(counts.at(-1)).toBeLessThanOrEqual(USAGE.completion_tokens);
    expect(textOf(events)).toBe(ANSWER);
    const terminal = events.at(-1)!;
    expect(terminal).toMatchObject({
      status: 'success',
      isFinal: true,
      lifecycle: { taskId, event: 'completed', isFinal: true },
    });
    expect(terminal.tokensUsed).toBe(USAGE.prompt_tokens + USAGE.completion_tokens);
    expect(events.map((e) => e.lifecycle.sequence)).toEqual(events.map((_, i) => i));
    expect(llm.bodies[0]).toMatchObject({ stream: true });
    await eventually(async () =>
      expect((await ledgerRowsFor(h, taskId)).map((r) => [r.outcome, r.tokens])).toEqual([['ok', 11]]),
    );
    // The feed heard of it once, as served.
    const requests = h.node.getSnapshot().requests;
    expect([requests.served, requests.refused, requests.failed]).toEqual([1, 0, 0]);
    expect(requests.recent[0]).toMatchObject({ taskId, delivery: 'streamed' });
  });

  it('answers a retry with the same task id and key without running it, and another key with a conflict before any work', async () => {
    const { llm, h } = await setup();
    const taskId = randomUUID();
    const first = await open(h);
    await readStream(
      first.stream({ intent: CHAT, payload: payload(), taskId, idempotencyKey: 'k1' }),
      (n) => n === 1 && llm.release(),
    );
    expect(llm.requests).toBe(1);

    // (Were it run again, its partial would let the LLM server finish it.)
    const again = await readStream(
      (await open(h)).stream({ intent: CHAT, payload: payload(), taskId, idempotencyKey: 'k1' }),
      () => llm.release(),
    );
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ status: 'success', lifecycle: { event: 'completed', sequence: 0 } });
    expect((again[0]!.result as { content?: unknown }).content).toBe(ANSWER);
    expect(again[0]!.tokensUsed).toBe(11);

    const otherKey = await readStream(
      (await open(h)).stream({ intent: CHAT, payload: payload(), taskId, idempotencyKey: 'k2' }),
    );
    expect(otherKey).toHaveLength(1);
    expect(otherKey[0]).toMatchObject({ status: 'error', error: { code: 'conflict' } });
    const otherPayload = await readStream(
      (await open(h)).stream({ intent: CHAT, payload: payload('Something else'), taskId, idempotencyKey: 'k1' }),
    );
    expect(otherPayload[0]).toMatchObject({ status: 'error', error: { code: 'conflict' } });

    expect(llm.requests).toBe(1);
    expect(await ledgerRowsFor(h, taskId)).toHaveLength(1);
    // The feed counts the task served once; the repeat and the conflicts are not served again.
    expect(h.node.getSnapshot().requests.served).toBe(1);
  });

  it('closes the LLM server request when the caller goes away mid-stream, books nothing for it, and never runs it again', async () => {
    const { llm, h } = await setup();
    const c = await open(h);
    const taskId = randomUUID();
    const it = c.stream({ intent: CHAT, payload: payload(), taskId, idempotencyKey: 'k1' })[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toMatchObject({ status: 'partial', error: null });
    c.destroy();
    await llm.waitClosedEarly(1);
    await eventually(() => expect(h.node.runtime!.admission.activeJobs).toBe(0));
    // Part of its answer went out: the same task id and key again is a terminal error, not a second answer.
    // (Were it run again, its partial would let the LLM server finish it.)
    const again = await readStream(
      (await open(h)).stream({ intent: CHAT, payload: payload(), taskId, idempotencyKey: 'k1' }),
      () => llm.release(),
    );
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ status: 'error', error: { code: 'conflict' } });
    expect(llm.requests).toBe(1);
    // A later task is booked; the cut one never is.
    const later = randomUUID();
    await readStream(
      (await open(h)).stream({ intent: CHAT, payload: payload(), taskId: later }),
      (n) => n === 1 && llm.release(),
    );
    await eventually(async () => expect(await ledgerRowsFor(h, later)).toHaveLength(1));
    expect(await ledgerRowsFor(h, taskId)).toHaveLength(0);
  });

  it("ends a stream at once when the owner takes the GPU back: provider_preempted, the server's request closed, nothing booked", async () => {
    const { llm, h } = await setup();
    const c = await open(h);
    const taskId = randomUUID();
    const events = await readStream(c.stream({ intent: CHAT, payload: payload(), taskId }), (n) => {
      if (n === 1) expect(h.node.runtime!.cutForOwner()).toBe(1);
    });
    const terminal = events.at(-1)!;
    expect(terminal).toMatchObject({
      status: 'error',
      isFinal: true,
      error: { code: 'provider_preempted' },
      lifecycle: { event: 'failed' },
    });
    expect(terminal.result).toBeUndefined();
    await llm.waitClosedEarly(1);
    expect(await ledgerRowsFor(h, taskId)).toHaveLength(0);
    const requests = h.node.getSnapshot().requests;
    expect(requests.served).toBe(0);
    expect(requests.reasons.map((r) => ({ code: r.code, words: english.said(r.words) }))).toContainEqual({
      code: 'provider_preempted',
      words: "Stopped part-way because the computer's owner needed the GPU",
    });
  });

  it('still answers a buffered call() (no task id) with the whole answer in one RESPONSE', async () => {
    const { llm, h } = await setup();
    const c = await open(h);
    const answer = await c.call({ intent: CHAT, payload: payload() });
    expect(answer.error).toBeNull();
    const result = answer.result as { status?: unknown; result?: { choices?: { message?: { content?: unknown } }[] } };
    expect(result.status).toBe('success');
    expect(result.result?.choices?.[0]?.message?.content).toBe(ANSWER);
    expect(llm.bodies[0]).not.toMatchObject({ stream: true });
  });

  it('seals every chunk of the stream of an encrypted request, the end marked, opened in order with the shared secret', async () => {
    const { llm, h } = await setup();
    const identity = h.node.runtime!.identity;
    const taskId = randomUUID();
    const sealed = await sealRequest({
      nodePublicRaw: new Uint8Array(identity.cx.publicKeyRaw),
      nodeKeyId: identity.cx.keyId,
      taskId,
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'secret question' }] },
    });
    const body = Buffer.from(JSON.stringify({ iicp_conf: sealed.envelope, cx_response_encryption: 'required' }));
    const c = await open(h);
    const events = await readStream(c.stream({ intent: CHAT, payload: body, taskId }), (n) => n === 2 && llm.release());
    const opener = new StreamOpener(Buffer.from(sealed.shared), taskId);
    const opened = events.map((e) => opener.open(e.result));
    opener.finish();
    expect(opened.at(-1)!.end).toBe(true);
    const text = opened
      .slice(0, -1)
      .map((o) => JSON.parse(o.plaintext.toString()) as string)
      .join('');
    expect(text).toBe(ANSWER);
    expect(JSON.parse(opened.at(-1)!.plaintext.toString())).toMatchObject({
      finish_reason: 'stop',
      model: expect.any(String),
    });
    expect(JSON.stringify(events.map((e) => e.result))).not.toContain('Hello');
    expect(llm.bodies[0]).toMatchObject({ messages: [{ content: 'secret question' }] });

    // The same sealed CALL again, after its stream was answered whole: one terminal error, never the kept text in the
    // clear and never a second run (a sealed answer is never sent twice, ADR 0018).
    const again = await readStream((await open(h)).stream({ intent: CHAT, payload: body, taskId }));
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ status: 'error', error: { code: 'conflict' } });
    expect(JSON.stringify(again)).not.toContain('Hello');
    expect(llm.requests).toBe(1);
  });
});
