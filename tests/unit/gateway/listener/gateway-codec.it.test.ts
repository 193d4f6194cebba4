/**
 * The gateway's costly steps — reading an app's request, rewriting a node's answer, joining several — run on the codec
 * thread for large inputs and give the same result as inline; the event loop stays free meanwhile.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayCodec, INLINE_BYTES } from '@engine/gateway/listener/gateway-codec';
import { renderAnswer } from '@engine/gateway/listener/answer-render';
import { joinChoices } from '@engine/gateway/listener/choices-join';
import { shapeRequest, payloadWith, type WireAsk } from '@engine/gateway/listener/request-shape';
import { buildLocalRequest } from '@engine/gateway/listener/local-request';
import type { BuildOptions } from '@engine/backends';

/** This computer's server as a request for it is built: one model, by its public name. */
const LOCAL: BuildOptions = {
  defaultModel: null,
  models: { 'm:7b': { id: 'm-7b.gguf', maxTokens: 2048, tools: false } },
  flavour: 'ollama',
};

const codecs: GatewayCodec[] = [];
afterEach(async () => {
  for (const c of codecs.splice(0)) await c.close();
});

const chatBody = (content: string) =>
  Buffer.from(
    JSON.stringify({ model: 'm:7b', messages: [{ role: 'user', content }], max_tokens: 32, temperature: 0.2 }),
  );
const answerOf = (content: string) =>
  Buffer.from(
    JSON.stringify({
      task_id: 't',
      status: 'success',
      result: {
        id: 'x',
        object: 'chat.completion',
        created: 1,
        model: 'm:7b',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
      },
    }),
  );

describe('GatewayCodec', () => {
  it('reads a large request on its thread, as inline would, with max_tokens left for each try to set', async () => {
    const codec = new GatewayCodec();
    codecs.push(codec);
    const big = 'word '.repeat(40_000);
    const bytes = chatBody(big);
    expect(bytes.length).toBeGreaterThan(INLINE_BYTES);
    const inline = shapeRequest('openai.chat', Buffer.from(bytes));
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    const shaped = await codec.shape('openai.chat', bytes);
    clearInterval(timer);
    expect(codec.threads).toBe(1);
    expect(shaped).toEqual(inline);
    if (!shaped.ok) throw new Error('refused');
    expect(shaped.ask.maxTokens).toBe(32);
    expect(JSON.parse(shaped.ask.payloadJson)).not.toHaveProperty('max_tokens');
    expect(JSON.parse(payloadWith(shaped.ask.payloadJson, 16))).toMatchObject({ max_tokens: 16, temperature: 0.2 });
    expect(ticks).toBeGreaterThan(0);
  });

  it('builds a large request for this computer’s own server on its thread, as inline would; a small one stays inline', async () => {
    const codec = new GatewayCodec();
    codecs.push(codec);
    const small = JSON.stringify({ model: 'm:7b', messages: [{ role: 'user', content: 'hi' }], max_tokens: 16 });
    expect(await codec.local('urn:iicp:intent:llm:chat:v1', small, LOCAL, false)).toEqual(
      buildLocalRequest('urn:iicp:intent:llm:chat:v1', small, LOCAL, false),
    );
    expect(codec.threads).toBe(0);
    const big = JSON.stringify({
      model: 'm:7b',
      messages: [{ role: 'user', content: 'word '.repeat(40_000) }],
      max_tokens: 16,
    });
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    const built = await codec.local('urn:iicp:intent:llm:chat:v1', big, LOCAL, true);
    clearInterval(timer);
    expect(codec.threads).toBe(1);
    expect(built).toEqual(buildLocalRequest('urn:iicp:intent:llm:chat:v1', big, LOCAL, true));
    if (!built.ok) throw new Error(built.error.message);
    // The server's own name for the model, the answer's bound, and a stream asked of it.
    expect(built.request).toMatchObject({ model: 'm:7b', maxTokens: 16 });
    expect(JSON.parse(built.request.body.toString())).toMatchObject({ model: 'm-7b.gguf', stream: true });
    expect(ticks).toBeGreaterThan(0);
    // Text that is not JSON, and a model the server does not run, are said as such.
    expect(await codec.local('urn:iicp:intent:llm:chat:v1', `{${'x'.repeat(70_000)}`, LOCAL, false)).toMatchObject({
      ok: false,
      error: { kind: 'invalid_json' },
    });
    expect(
      buildLocalRequest('urn:iicp:intent:llm:chat:v1', JSON.stringify({ model: 'other', messages: [] }), LOCAL, false),
    ).toMatchObject({ ok: false });
  });

  it('renders a large answer on its thread, as inline would; a small one stays inline', async () => {
    const codec = new GatewayCodec();
    codecs.push(codec);
    const shaped = shapeRequest('openai.chat', chatBody('hi'));
    if (!shaped.ok) throw new Error('refused');
    const ask: WireAsk = shaped.ask;
    const stamp = { id: 'task-1', nowMs: 1_700_000_000_000 };
    expect(await codec.render(ask, answerOf('short'), stamp)).toMatchObject({ ok: true, tokens: 12 });
    expect(codec.threads).toBe(0);
    const long = 'answer '.repeat(20_000);
    const rendered = await codec.render(ask, answerOf(long), stamp);
    expect(codec.threads).toBe(1);
    expect(rendered).toEqual(renderAnswer(ask, answerOf(long), stamp));
    if (!rendered.ok) throw new Error('refused');
    expect(JSON.parse(rendered.chunks.join('')).choices[0].message.content).toBe(long);
  });

  it('joins several large answers (n choices) on its thread, as inline would; small ones stay inline', async () => {
    const codec = new GatewayCodec();
    codecs.push(codec);
    const body = (content: string) =>
      JSON.stringify({
        id: 'a',
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content } }],
        usage: { total_tokens: 3 },
      });
    const small = [body('one'), body('two')];
    expect(await codec.join(small)).toBe(joinChoices(small));
    expect(codec.threads).toBe(0);
    const large = [body('x'.repeat(INLINE_BYTES)), body('y'.repeat(INLINE_BYTES))];
    const joined = await codec.join(large);
    expect(codec.threads).toBe(1);
    expect(joined).toBe(joinChoices(large));
    expect(JSON.parse(joined!).choices.map((c: { index: number }) => c.index)).toEqual([0, 1]);
    expect(await codec.join(['not json', body('z'.repeat(INLINE_BYTES))])).toBeNull();
  });

  it('refuses what is not JSON and an answer that is not a success, in the same words either way', async () => {
    const codec = new GatewayCodec(0);
    codecs.push(codec);
    expect(await codec.shape('openai.chat', Buffer.from('{not json'))).toMatchObject({
      ok: false,
      status: 400,
      code: 'invalid_json',
    });
    const shaped = shapeRequest('openai.chat', chatBody('hi'));
    if (!shaped.ok) throw new Error('refused');
    expect(
      await codec.render(shaped.ask, Buffer.from(JSON.stringify({ status: 'error' })), { id: 't', nowMs: 0 }),
    ).toMatchObject({ ok: false, status: 502, code: 'node_error' });
  });
});
