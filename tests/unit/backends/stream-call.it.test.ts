/**
 * Streaming from the LLM server: small servers written here answer as Ollama's /v1, LM Studio, vLLM and llama-server
 * do when asked with `stream: true`, and as broken or hostile ones do. Streaming is proven by order (a server holds
 * its rest back until the test has seen the first piece), and a closed request by the server seeing its connection go.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  buildBackendRequest,
  Cancellation,
  estimateTokens,
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  OpenAiCompatBackend,
  type BackendRequest,
  type StreamPiece,
} from '@engine/backends';
import { type BackendFlavour } from '@engine/backends/probe';
import { type StreamOptions, type StreamOutcome } from '@engine/backends/stream-call';
import { useUrlCredentials } from '@engine/net';
import { cleanupAfterEach } from '../../support/cleanup';
import { readBodyUpTo, serveOnLoopback } from '../../support/http-server';

const MODEL = 'qwen2.5:7b';
const after = cleanupAfterEach();

interface Seen {
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  remotePort: number;
  /** Settles when the connection closed before the answer ended (the node closed the request). */
  closedEarly: Promise<void>;
}
type Script = (res: ServerResponse, seen: Seen) => unknown;

async function llm(script: Script): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await serveOnLoopback((req, res) => {
    void (async () => {
      const { bytes } = await readBodyUpTo(req, 1 << 20);
      let closed!: () => void;
      const closedEarly = new Promise<void>((resolve) => (closed = resolve));
      res.on('close', () => {
        if (!res.writableFinished) closed();
      });
      const entry: Seen = {
        body: JSON.parse(bytes.toString('utf8')) as Record<string, unknown>,
        headers: req.headers,
        remotePort: req.socket.remotePort ?? 0,
        closedEarly,
      };
      seen.push(entry);
      await script(res, entry);
    })();
  });
  after.close(server);
  return { url: `http://127.0.0.1:${server.port}`, seen };
}

/** Resolves when `p` does, or fails the test after `ms` (the 1 s the node has to close a request). */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

function backend(
  url: string,
  o: { flavour?: BackendFlavour | null; maxResponseBytes?: number; maxTokens?: number } = {},
): OpenAiCompatBackend {
  return new OpenAiCompatBackend({
    url,
    maxResponseBytes: o.maxResponseBytes,
    build: () => ({
      defaultModel: MODEL,
      flavour: o.flavour ?? null,
      models: { [MODEL]: { id: '/models/qwen.gguf', maxTokens: o.maxTokens ?? 8192, tools: true } },
    }),
  });
}

function request(
  b: OpenAiCompatBackend,
  intent = INTENT_CHAT,
  payload: Record<string, unknown> = { messages: [{ role: 'user', content: 'hi' }] },
): BackendRequest {
  const built = buildBackendRequest(intent, payload, b.buildOptions(), { stream: true });
  if (!built.ok) throw new Error(built.error.message);
  return built.request;
}

/** The node's own estimate of the prompt of `request(b)`: what a claim without the server's usage counts for it. */
const promptEstimate = (b: OpenAiCompatBackend): number => estimateTokens(request(b).bound.promptBytes);

/** Streams, collecting the pieces; `onPiece` sees each as it comes. */
async function stream(
  b: OpenAiCompatBackend,
  o: Partial<StreamOptions> & { req?: BackendRequest } = {},
): Promise<{ outcome: StreamOutcome; pieces: StreamPiece[] }> {
  const pieces: StreamPiece[] = [];
  const { req, onPiece, ...rest } = o;
  const outcome = await b.stream(req ?? request(b), {
    timeoutMs: 5000,
    maxTokens: 8192,
    ...rest,
    onPiece: (p) => {
      pieces.push(p);
      onPiece?.(p);
    },
  });
  return { outcome, pieces };
}

const text = (pieces: StreamPiece[]): string => pieces.map((p) => p.text).join('');

function sse(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
}
const data = (v: unknown): string => `data: ${JSON.stringify(v)}\n\n`;
const chatChunk = (
  delta: Record<string, unknown>,
  finish: string | null = null,
  extra: Record<string, unknown> = {},
): string =>
  data({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });

/** A gate the server waits at until the test opens it. */
function gate(): { open: () => void; passed: Promise<void> } {
  let open!: () => void;
  const passed = new Promise<void>((resolve) => (open = resolve));
  return { open, passed };
}

function failed(outcome: StreamOutcome): Extract<StreamOutcome, { ok: false }> {
  if (outcome.ok) throw new Error('expected a failure');
  return outcome;
}
function ended(outcome: StreamOutcome): Extract<StreamOutcome, { ok: true }>['end'] {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.kind}: ${outcome.error.message}`);
  return outcome.end;
}

describe('the streamed request', () => {
  it('asks for stream: true and the usage in a last chunk; llama.cpp gets n_predict as well; embeddings do not stream', () => {
    const b = backend('http://127.0.0.1:1', { flavour: 'llamacpp', maxTokens: 64 });
    const body = JSON.parse(String(request(b).body)) as Record<string, unknown>;
    expect(body).toMatchObject({
      model: '/models/qwen.gguf',
      max_tokens: 64,
      n_predict: 64,
      stream: true,
      stream_options: { include_usage: true },
    });
    const plain = buildBackendRequest(INTENT_CHAT, { messages: [] }, b.buildOptions());
    expect(plain.ok && JSON.parse(String(plain.request.body))).toMatchObject({ stream: false });
    expect(plain.ok && JSON.parse(String(plain.request.body))).not.toHaveProperty('stream_options');
    const embed = buildBackendRequest(INTENT_EMBEDDING, { input: 'x' }, b.buildOptions(), { stream: true });
    expect(embed).toMatchObject({ ok: false, error: { kind: 'unsupported_intent' } });
  });
});

describe('streaming as each server does', () => {
  it("Ollama /v1: the first pieces arrive before the server has sent the rest; the server's usage gives the tokens", async () => {
    const rest = gate();
    const server = await llm(async (res) => {
      sse(res);
      res.write(chatChunk({ role: 'assistant', content: 'Hello' }));
      res.write(chatChunk({ role: 'assistant', content: ' there' }));
      await rest.passed;
      res.write(chatChunk({ role: 'assistant', content: ', friend' }));
      res.write(chatChunk({ role: 'assistant', content: '' }, 'stop'));
      res.write(
        data({
          id: 'chatcmpl-1',
          object: 'chat.completion.chunk',
          choices: [],
          usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
        }),
      );
      res.end('data: [DONE]\n\n');
    });
    const b = backend(server.url, { flavour: 'ollama' });
    const { outcome, pieces } = await stream(b, { onPiece: () => rest.open() });
    expect(pieces[0]!.text).toBe('Hello');
    expect(text(pieces)).toBe('Hello there, friend');
    expect(ended(outcome)).toEqual({
      finishReason: 'stop',
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
      tokensUsed: 15,
      completionTokens: 3,
      model: MODEL,
      note: null,
    });
    expect(server.seen[0]!.headers.accept).toBe('text/event-stream');
    expect(server.seen[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('vLLM: the last token and the finish reason in one delta, the usage chunk, data: [DONE]; the connection is kept for the next call', async () => {
    const server = await llm((res) => {
      sse(res);
      res.write(chatChunk({ role: 'assistant', content: '' }));
      res.write(chatChunk({ content: 'Yes' }));
      res.write(chatChunk({ content: '.' }, 'stop'));
      res.write(
        data({
          id: 'x',
          object: 'chat.completion.chunk',
          choices: [],
          usage: { prompt_tokens: 5, total_tokens: 7, completion_tokens: 2 },
        }),
      );
      res.end('data: [DONE]\n\n');
    });
    const b = backend(server.url, { flavour: 'vllm' });
    const first = await stream(b);
    expect(text(first.pieces)).toBe('Yes.');
    expect(ended(first.outcome)).toMatchObject({ finishReason: 'stop', tokensUsed: 7, completionTokens: 2 });
    await stream(b);
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1]!.remotePort).toBe(server.seen[0]!.remotePort);
  });

  it('llama-server: a connection used once (Connection: close), the final chunk with usage and timings; without usage the timings and count give the tokens', async () => {
    const server = await llm((res, seen) => {
      sse(res, { server: 'llama.cpp' });
      res.write(chatChunk({ role: 'assistant', content: null }));
      res.write(chatChunk({ content: 'Hi' }));
      res.write(chatChunk({ content: '!' }));
      const usage = seen.body.stream_options
        ? { usage: { completion_tokens: 2, prompt_tokens: 9, total_tokens: 11 } }
        : {};
      res.write(
        chatChunk({}, 'stop', { ...usage, timings: { prompt_n: 9, prompt_ms: 10, predicted_n: 2, predicted_ms: 3 } }),
      );
      res.end('data: [DONE]\n\n');
    });
    const b = backend(server.url, { flavour: 'llamacpp' });
    const { outcome, pieces } = await stream(b);
    expect(text(pieces)).toBe('Hi!');
    expect(ended(outcome)).toMatchObject({ tokensUsed: 11, completionTokens: 2 });
    expect(server.seen[0]!.headers.connection).toBe('close');
    expect(server.seen[0]!.body).toMatchObject({ n_predict: 8192, stream: true });
    // An older build that ignores stream_options: the tokens counted and the prompt from its timings.
    const older = request(b);
    const body = JSON.parse(String(older.body)) as Record<string, unknown>;
    delete body.stream_options;
    const again = await stream(b, { req: { ...older, body: JSON.stringify(body) } });
    expect(ended(again.outcome)).toMatchObject({ usage: null, tokensUsed: 11, completionTokens: 2 });
    expect(server.seen[1]!.remotePort).not.toBe(server.seen[0]!.remotePort);
  });

  it('LM Studio /v1/completions: the text of each chunk', async () => {
    const server = await llm((res) => {
      sse(res);
      for (const t of ['Once', ' upon', ' a time'])
        res.write(
          data({
            id: 'cmpl-1',
            object: 'text_completion',
            choices: [{ index: 0, text: t, logprobs: null, finish_reason: null }],
          }),
        );
      res.write(
        data({
          id: 'cmpl-1',
          object: 'text_completion',
          choices: [{ index: 0, text: '', finish_reason: 'stop' }],
          usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 },
        }),
      );
      res.end('data: [DONE]\n\n');
    });
    const b = backend(server.url, { flavour: 'lmstudio' });
    const { outcome, pieces } = await stream(b, {
      req: request(b, INTENT_COMPLETION, { prompt: 'Tell me' }),
      flushMs: 0,
    });
    expect(pieces.map((p) => p.text)).toEqual(['Once', ' upon', ' a time']);
    expect(ended(outcome)).toMatchObject({ finishReason: 'stop', tokensUsed: 5 });
  });

  it('NDJSON, when a server answers so', async () => {
    const server = await llm((res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(`${JSON.stringify({ choices: [{ index: 0, delta: { content: 'a' } }] })}\n`);
      res.end(`${JSON.stringify({ choices: [{ index: 0, delta: { content: 'b' }, finish_reason: 'stop' }] })}\n`);
    });
    const b = backend(server.url);
    const { outcome, pieces } = await stream(b);
    expect(text(pieces)).toBe('ab');
    // No usage: the node's own count, the prompt's estimate and the two pieces.
    expect(ended(outcome)).toMatchObject({
      finishReason: 'stop',
      tokensUsed: promptEstimate(b) + 2,
      completionTokens: 2,
      usage: null,
      note: null,
    });
  });

  it('a whole answer from a server that ignored stream: true is passed on as one piece', async () => {
    const server = await llm((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          choices: [{ index: 0, message: { role: 'assistant', content: 'all of it' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
        }),
      );
    });
    const { outcome, pieces } = await stream(backend(server.url));
    expect(pieces).toEqual([{ text: 'all of it', tokens: 1 }]);
    expect(ended(outcome)).toMatchObject({ tokensUsed: 4 });
  });

  it('tool-call deltas pass through in order, fragments of one call joined, with the finish reason kept', async () => {
    const server = await llm((res) => {
      sse(res);
      res.write(chatChunk({ role: 'assistant', content: 'Checking.' }));
      res.write(
        chatChunk({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }],
        }),
      );
      res.write(chatChunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }));
      res.write(chatChunk({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }));
      res.write(chatChunk({}, 'tool_calls'));
      res.end('data: [DONE]\n\n');
    });
    const b = backend(server.url);
    const { outcome, pieces } = await stream(b);
    expect(pieces[0]).toEqual({ text: 'Checking.', tokens: 1 });
    expect(pieces.flatMap((p) => p.toolCalls ?? [])).toEqual([
      { index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
    ]);
    // Four pieces, but 31 bytes written (the text, the call's name and arguments): the node counts the answer at 8.
    expect(ended(outcome)).toMatchObject({
      finishReason: 'tool_calls',
      tokensUsed: promptEstimate(b) + 8,
      completionTokens: 8,
    });
  });

  it("carries the URL's kept-apart credentials to the server, as every other call does", async () => {
    const server = await llm((res) => {
      sse(res);
      res.write(chatChunk({ content: 'ok' }, 'stop'));
      res.end('data: [DONE]\n\n');
    });
    const release = useUrlCredentials([{ url: server.url, userinfo: 'me:secret', query: null }]);
    after.defer(release);
    ended((await stream(backend(server.url))).outcome);
    expect(server.seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('me:secret').toString('base64')}`);
  });
});

describe('the generation limit, counted as tokens come', () => {
  it('closes the request of a server that goes past max_tokens and ends with finish reason length', async () => {
    const server = await llm((res, seen) => {
      sse(res);
      let i = 0;
      const more = (): void => {
        if (res.destroyed) return;
        res.write(chatChunk({ content: `t${i++} ` }));
        setImmediate(more);
      };
      more();
      return seen.closedEarly;
    });
    const b = backend(server.url);
    const { outcome, pieces } = await stream(b, { maxTokens: 5 });
    expect(text(pieces)).toBe('t0 t1 t2 t3 t4 ');
    expect(ended(outcome)).toEqual({
      finishReason: 'length',
      usage: null,
      tokensUsed: promptEstimate(b) + 5,
      completionTokens: 5,
      model: MODEL,
      note: null,
    });
    await within(server.seen[0]!.closedEarly, 1000, 'the server seeing its request closed');
  });

  it("counts against the task's own max_tokens when the caller passes a looser limit", async () => {
    const server = await llm((res, seen) => {
      sse(res);
      for (let i = 0; i < 10; i++) res.write(chatChunk({ content: `w${i} ` }));
      return seen.closedEarly;
    });
    const b = backend(server.url);
    const req = request(b, INTENT_CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 });
    expect(req.maxTokens).toBe(3);
    const { outcome, pieces } = await stream(b, { req, maxTokens: 1_000_000 });
    expect(text(pieces)).toBe('w0 w1 w2 ');
    expect(ended(outcome)).toMatchObject({ finishReason: 'length', completionTokens: 3 });
    await within(server.seen[0]!.closedEarly, 1000, 'the server seeing its request closed');
  });

  it('closes the request of a server that stops at the limit but never ends its answer', async () => {
    const server = await llm((res) => {
      sse(res);
      res.write(chatChunk({ content: 'a' }));
      res.write(chatChunk({ content: 'b' }));
    });
    const b = backend(server.url);
    const { outcome, pieces } = await stream(b, { maxTokens: 2 });
    expect(text(pieces)).toBe('ab');
    expect(ended(outcome)).toMatchObject({
      finishReason: 'length',
      tokensUsed: promptEstimate(b) + 2,
      completionTokens: 2,
    });
    await within(server.seen[0]!.closedEarly, 1000, 'the server seeing its request closed');
  });

  it('an honest server that stops at the limit keeps its own finish reason and usage', async () => {
    const server = await llm((res) => {
      sse(res);
      res.write(chatChunk({ content: 'a' }));
      res.write(chatChunk({ content: 'b' }, 'length'));
      res.write(data({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } }));
      res.end('data: [DONE]\n\n');
    });
    const { outcome } = await stream(backend(server.url), { maxTokens: 2 });
    expect(ended(outcome)).toMatchObject({ finishReason: 'length', tokensUsed: 6 });
  });
});

describe("the tokens claimed: the server's count held to the node's own and to the request", () => {
  const threeThen = (usage: unknown) =>
    llm((res) => {
      sse(res);
      for (const t of ['a', 'b', 'c']) res.write(chatChunk({ content: t }));
      res.write(chatChunk({}, 'stop'));
      res.write(data({ choices: [], usage }));
      res.end('data: [DONE]\n\n');
    });
  const asked = (b: OpenAiCompatBackend) =>
    request(b, INTENT_CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 50 });

  it("three tokens then total_tokens 9e15: the claim is the prompt's bound and max_tokens at most, and says so", async () => {
    const server = await threeThen({ total_tokens: 9e15 });
    const b = backend(server.url);
    const req = asked(b);
    const end = ended((await stream(b, { req })).outcome);
    // The prompt: one token per byte of the request and a template's 1024; the answer: at most max_tokens.
    expect(end.tokensUsed).toBe(req.bound.promptBytes + 1024 + 50);
    expect(end.note).toEqual({ kind: 'bounded', server: 9e15, claimed: end.tokensUsed });
    expect(end.usage?.total_tokens).toBe(end.tokensUsed);
  });

  it('believable parts and a total of 9e15: the parts decide', async () => {
    const server = await threeThen({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 9e15 });
    const b = backend(server.url);
    expect(ended((await stream(b, { req: asked(b) })).outcome)).toMatchObject({
      tokensUsed: 12,
      completionTokens: 3,
      usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 },
      note: { kind: 'bounded' },
    });
  });

  it('a usage that is no count is not read: the node claims its own count and says the usage could not be read', async () => {
    const server = await threeThen({ prompt_tokens: -5, completion_tokens: 'NaN', total_tokens: null });
    const b = backend(server.url);
    const req = asked(b);
    const end = ended((await stream(b, { req })).outcome);
    expect(end).toMatchObject({
      tokensUsed: estimateTokens(req.bound.promptBytes) + 3,
      completionTokens: 3,
      note: { kind: 'unreadable', server: null },
    });
  });

  it('an honest server that sends several tokens a chunk keeps its count', async () => {
    const server = await llm((res) => {
      sse(res);
      // Twelve tokens in one chunk of twelve bytes (a tokenizer that makes one token of each byte).
      res.write(chatChunk({ content: 'abcdefghijkl' }, 'stop'));
      res.write(data({ choices: [], usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 } }));
      res.end('data: [DONE]\n\n');
    });
    const b = backend(server.url);
    expect(ended((await stream(b, { req: asked(b) })).outcome)).toMatchObject({
      tokensUsed: 42,
      completionTokens: 12,
      usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 },
      note: null,
    });
  });
});

describe('cancel, stalls and failures', () => {
  it('a cancel mid-stream closes the server request within 1 s and says aborted, after pieces went', async () => {
    const server = await llm((res, seen) => {
      sse(res);
      res.write(chatChunk({ content: 'partial' }));
      return seen.closedEarly;
    });
    const cancel = new Cancellation();
    const { outcome, pieces } = await stream(backend(server.url), { cancel, onPiece: () => cancel.cancel() });
    expect(pieces).toEqual([{ text: 'partial', tokens: 1 }]);
    expect(failed(outcome)).toMatchObject({ error: { kind: 'aborted' }, sentAny: true });
    await within(server.seen[0]!.closedEarly, 1000, 'the server seeing its request closed');
  });

  it('a cancel before the server answered closes its request too, with nothing sent', async () => {
    const arrived = gate();
    const server = await llm((_res, seen) => {
      arrived.open();
      return seen.closedEarly;
    });
    const cancel = new Cancellation();
    const pending = stream(backend(server.url), { cancel });
    await arrived.passed;
    cancel.cancel();
    const { outcome, pieces } = await pending;
    expect(pieces).toEqual([]);
    expect(failed(outcome)).toMatchObject({ error: { kind: 'aborted' }, sentAny: false });
    await within(server.seen[0]!.closedEarly, 1000, 'the server seeing its request closed');
  });

  it('a server that stalls mid-stream gets a timeout and its request closed', async () => {
    const server = await llm((res, seen) => {
      sse(res);
      res.write(chatChunk({ content: 'slow' }));
      return seen.closedEarly;
    });
    const { outcome } = await stream(backend(server.url), { timeoutMs: 300 });
    expect(failed(outcome)).toMatchObject({ error: { kind: 'timeout' }, sentAny: true });
    await within(server.seen[0]!.closedEarly, 1000, 'the server seeing its request closed');
  });

  it('a refusal before streaming is the upstream error, with nothing sent', async () => {
    const server = await llm((res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { message: 'the prompt is longer than the context', type: 'invalid_request_error' } }),
      );
    });
    const { outcome } = await stream(backend(server.url));
    expect(failed(outcome)).toEqual({
      ok: false,
      sentAny: false,
      error: {
        kind: 'upstream_status',
        status: 400,
        consumerFault: true,
        message: 'the backend answered HTTP 400: the prompt is longer than the context',
        detail: 'the prompt is longer than the context',
      },
    });
  });

  it("an error the server writes mid-stream (llama-server's error: line) is its failure, in cleaned words", async () => {
    const server = await llm((res) => {
      sse(res);
      res.write(chatChunk({ content: 'x' }));
      res.end('error: {"code":500,"message":"failed to decode at /home/me/models/q.gguf","type":"server_error"}\n\n');
    });
    const { outcome } = await stream(backend(server.url), { flushMs: 0 });
    expect(failed(outcome)).toMatchObject({
      sentAny: true,
      error: {
        kind: 'upstream_status',
        status: 500,
        message: 'the backend answered HTTP 500: failed to decode at <path>',
      },
    });
  });

  it('garbage instead of events is a bad response', async () => {
    const server = await llm((res) => {
      sse(res);
      res.end('data: <html>oops</html>\n\n');
    });
    expect(failed((await stream(backend(server.url))).outcome)).toMatchObject({
      error: { kind: 'bad_response' },
      sentAny: false,
    });
  });

  it('a line that never ends is refused at 1 MiB, the request closed, nothing held beyond it', async () => {
    const server = await llm((res, seen) => {
      sse(res);
      res.write('data: {"choices":[{"index":0,"delta":{"content":"');
      const block = 'a'.repeat(64 * 1024);
      const more = (): void => {
        if (res.destroyed) return;
        if (res.write(block)) setImmediate(more);
        else res.once('drain', more);
      };
      more();
      return seen.closedEarly;
    });
    const { outcome } = await stream(backend(server.url));
    expect(failed(outcome)).toMatchObject({
      error: { kind: 'bad_response', message: 'the backend sent a line too long to read' },
    });
    await within(server.seen[0]!.closedEarly, 1000, 'the server seeing its request closed');
  });

  it('an answer past maxResponseBytes is refused and its request closed', async () => {
    const server = await llm((res, seen) => {
      sse(res);
      const more = (): void => {
        if (res.destroyed) return;
        if (res.write(chatChunk({ content: 'word ' }))) setImmediate(more);
        else res.once('drain', more);
      };
      more();
      return seen.closedEarly;
    });
    const { outcome } = await stream(backend(server.url, { maxResponseBytes: 16 * 1024 }), { maxTokens: 1_000_000 });
    expect(failed(outcome)).toMatchObject({
      error: { kind: 'bad_response', message: 'the backend response exceeded 16384 bytes' },
      sentAny: true,
    });
    await within(server.seen[0]!.closedEarly, 1000, 'the server seeing its request closed');
  });

  it('an answer that ends before any finish reason or [DONE] is a bad response; one that ends after a finish reason is fine', async () => {
    const cut = await llm((res) => {
      sse(res);
      res.end(chatChunk({ content: 'half' }));
    });
    expect(failed((await stream(backend(cut.url), { flushMs: 0 })).outcome)).toMatchObject({
      error: { kind: 'bad_response', message: 'the backend ended its answer before it finished' },
      sentAny: true,
    });
    const noDone = await llm((res) => {
      sse(res);
      res.end(chatChunk({ content: 'whole' }, 'stop'));
    });
    const b = backend(noDone.url);
    // One piece of five bytes: the node counts it at two tokens.
    expect(ended((await stream(b)).outcome)).toMatchObject({
      finishReason: 'stop',
      tokensUsed: promptEstimate(b) + 2,
      completionTokens: 2,
    });
  });

  it('a server that stalls after its finish reason is closed on, the answer kept', async () => {
    const server = await llm((res, seen) => {
      sse(res);
      res.write(chatChunk({ content: 'done' }, 'stop'));
      return seen.closedEarly;
    });
    const { outcome, pieces } = await stream(backend(server.url));
    expect(text(pieces)).toBe('done');
    expect(ended(outcome)).toMatchObject({ finishReason: 'stop' });
    await within(server.seen[0]!.closedEarly, 1000, 'the server seeing its request closed');
  });

  it('a connection that breaks mid-stream is a transport failure; an address nobody answers at too', async () => {
    const server = await llm((res) => {
      sse(res);
      res.write(chatChunk({ content: 'x' }));
      setImmediate(() => res.socket?.destroy());
    });
    expect(failed((await stream(backend(server.url), { flushMs: 0 })).outcome)).toMatchObject({
      error: { kind: 'transport' },
      sentAny: true,
    });
    expect(failed((await stream(backend('http://127.0.0.1:9'))).outcome)).toMatchObject({
      error: { kind: 'transport', code: 'ECONNREFUSED' },
      sentAny: false,
    });
  });

  it('sends once more on a new connection when a kept-alive one turns out closed before any answer', async () => {
    const served = new WeakSet<object>();
    const server = await llm((res) => {
      const socket = res.socket!;
      // The second request on a kept socket: the server had closed it (its keep-alive timeout), nothing answered.
      if (served.has(socket)) return void socket.destroy();
      served.add(socket);
      sse(res);
      res.write(chatChunk({ content: 'ok' }, 'stop'));
      res.end('data: [DONE]\n\n');
    });
    const b = backend(server.url);
    ended((await stream(b)).outcome);
    const again = await stream(b);
    expect(text(again.pieces)).toBe('ok');
    ended(again.outcome);
    expect(server.seen).toHaveLength(3);
  });

  it('a caller that cannot take a piece ends the stream as aborted rather than crashing', async () => {
    const server = await llm((res, seen) => {
      sse(res);
      res.write(chatChunk({ content: 'x' }));
      return seen.closedEarly;
    });
    const { outcome } = await stream(backend(server.url), {
      onPiece: () => {
        throw new Error('socket gone');
      },
    });
    expect(failed(outcome)).toMatchObject({ error: { kind: 'aborted' } });
    await within(server.seen[0]!.closedEarly, 1000, 'the server seeing its request closed');
  });

  it('refuses a non-positive timeout or limit (a caller bug)', () => {
    const b = backend('http://127.0.0.1:1');
    expect(() => b.stream(request(b), { timeoutMs: 0, maxTokens: 1, onPiece: () => undefined })).toThrow(RangeError);
    expect(() => b.stream(request(b), { timeoutMs: 10, maxTokens: 0, onPiece: () => undefined })).toThrow(RangeError);
  });
});

describe('a reasoning model: its thinking is counted with its text', () => {
  /** 300 tokens of thinking, one a chunk as llama.cpp and vLLM stream them, then 10 of text; no usage. */
  const thinker = () =>
    llm((res) => {
      sse(res);
      for (let i = 0; i < 300; i++) res.write(chatChunk({ content: null, reasoning_content: 'hmm ' }));
      for (let i = 0; i < 10; i++) res.write(chatChunk({ content: 'ok ' }));
      res.write(chatChunk({}, 'stop'));
      res.end('data: [DONE]\n\n');
    });

  it('a server that gives no count: the claim is the tokens of both, 310', async () => {
    const server = await thinker();
    const b = backend(server.url);
    const req = request(b, INTENT_CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 1000 });
    const end = ended((await stream(b, { req })).outcome);
    expect(end.completionTokens).toBe(310);
    expect(end.tokensUsed).toBe(promptEstimate(b) + 310);
  });

  it('a limit that admits 10 tokens closes the request within the thinking, and the answer ends with length', async () => {
    const server = await thinker();
    const b = backend(server.url);
    const req = request(b, INTENT_CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 });
    const { outcome, pieces } = await stream(b, { req });
    const end = ended(outcome);
    expect(end.finishReason).toBe('length');
    expect(end.completionTokens).toBe(10);
    // No text reached the caller: the ten tokens were all thinking.
    expect(text(pieces)).toBe('');
  });
});
