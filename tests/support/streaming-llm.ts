/**
 * A stand-in LLM server that streams the way the real ones do (vLLM by default; Ollama's or llama-server's look on
 * request), and that holds part of its answer back, so a test proves streaming by the order things arrive in rather
 * than by a clock:
 *
 *   const llm = await startStreamingLlm({ first: ['Hello', ' there'], rest: [' and', ' goodbye'] });
 *   … point a node at llm.url, start a streamed task, see the app receive "Hello there" …
 *   llm.release();   // now the rest, the final chunk and `data: [DONE]`
 *
 * `POST /v1/chat/completions` and `/v1/completions` with `stream: true` answer server-sent events
 * (`chat.completion.chunk` / `text_completion`): a role chunk and the `first` tokens at once, then nothing until
 * `release()`, then the `rest`, any tool-call deltas, a chunk with `finish_reason` and, when the request asked with
 * `stream_options.include_usage`, a chunk with `usage` and no choices, then `data: [DONE]`. `max_tokens` is honoured
 * (the answer stops there with `finish_reason: "length"`). `stream: false` gets the whole answer in one body.
 *
 * `release()` lets go of every request that had arrived when it was called; a request that arrives later is held
 * again (each streamed request waits for a release after its own arrival). `hold: false` never holds.
 *
 * A hostile server's usage: `usageSays` (settable between requests) is written as the `usage` of every answer, whole
 * or in the usage chunk, exactly as given, whatever was generated (`9e15` tokens for three, `"NaN"`, `-5`, text).
 *
 * Counters: `held` (streamed requests waiting for a release now), `requests` (inference requests arrived), `bodies`
 * (their parsed JSON bodies, in order), `closedEarly`
 * (inference requests whose connection closed before their answer ended: a caller that went away or a node that
 * cut the request reached the server).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyUpTo, serveOnLoopback } from './http-server';

export interface StreamingLlm {
  url: string;
  port: number;
  requests: number;
  bodies: unknown[];
  closedEarly: number;
  /** Streamed requests waiting for a release now (beyond the contract: lets a test see the hold itself). */
  held: number;
  /** The tool call later requests stream (beyond the contract; starts as the option's): set it to change it. */
  toolCall: StreamingLlmOptions['toolCall'];
  /** The tokens later requests stream at once and after a release (beyond the contract; start as the options'). */
  first: string[];
  rest: string[];
  /** The usage later answers say, as written (beyond the contract; starts as the option's): set it to change it. */
  usageSays: unknown;
  release(): void;
  waitForRequest(n?: number): Promise<void>;
  waitClosedEarly(n?: number): Promise<void>;
  close(): Promise<void>;
}

export interface StreamingLlmOptions {
  model?: string;
  /** Tokens sent at once. */
  first: string[];
  /** Tokens held back until `release()`. */
  rest: string[];
  /** Default true. */
  hold?: boolean;
  /** A tool call streamed after the text: its name in the first delta, then one delta per `arguments` piece. */
  toolCall?: { name: string; arguments: string[] };
  /** What the usage chunk says; default: the prompt's words and one token per piece of `first` and `rest`. */
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** A usage written exactly as given instead (a hostile server's word); undefined: `usage` above. */
  usageSays?: unknown;
  /** Which server it looks like to the node's detection. Default 'vllm'. */
  flavour?: 'vllm' | 'ollama' | 'llamacpp';
  /**
   * A model's pace, for the bench (beyond the contract): the first token `firstMs` after the request (the prompt's
   * processing), each later one `everyMs` after the one before. A `stream: false` answer takes as long in all.
   */
  pace?: { firstMs: number; everyMs: number };
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const CREATED = 1_760_000_000;
const CONTEXT = 32768;

const HEADERS: Record<NonNullable<StreamingLlmOptions['flavour']>, Record<string, string>> = {
  vllm: { server: 'uvicorn' },
  ollama: {},
  llamacpp: { server: 'llama.cpp' },
};

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function promptWords(body: Json): number {
  const text = Array.isArray(body.messages)
    ? body.messages.map((m: unknown) => (isObject(m) && typeof m.content === 'string' ? m.content : '')).join(' ')
    : typeof body.prompt === 'string'
      ? body.prompt
      : '';
  const t = text.trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}

export async function startStreamingLlm(o: StreamingLlmOptions): Promise<StreamingLlm> {
  const model = o.model ?? 'stream-model-7b';
  const flavour = o.flavour ?? 'vllm';
  const hold = o.hold ?? true;
  let releases = 0;
  const releaseWaiters = new Set<() => void>();
  const watchers = new Set<() => void>();
  const notify = (): void => {
    for (const w of [...watchers]) w();
  };
  const waitUntil = (done: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!done()) return;
        watchers.delete(check);
        resolve();
      };
      watchers.add(check);
      check();
    });

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...HEADERS[flavour],
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  const info = (path: string, res: ServerResponse): boolean => {
    if (path === '/v1/models' || path === '/models') {
      json(res, 200, {
        object: 'list',
        data: [{ id: model, object: 'model', created: CREATED, owned_by: flavour, max_model_len: CONTEXT }],
      });
      return true;
    }
    if (flavour === 'vllm' && path === '/version') return (json(res, 200, { version: '0.11.0' }), true);
    if (flavour === 'llamacpp' && path === '/props') {
      json(res, 200, {
        default_generation_settings: { n_ctx: CONTEXT },
        model_path: model,
        build_info: 'b4748-stand-in',
        total_slots: 4,
      });
      return true;
    }
    if (flavour === 'ollama') {
      if (path === '/api/version') return (json(res, 200, { version: '0.12.0' }), true);
      if (path === '/api/tags')
        return (json(res, 200, { models: [{ name: model, model, digest: 'sha256-stand-in', size: 1 }] }), true);
      if (path === '/api/ps')
        return (json(res, 200, { models: [{ name: model, model, context_length: CONTEXT }] }), true);
    }
    return false;
  };

  const state: StreamingLlm = {
    url: '',
    port: 0,
    requests: 0,
    bodies: [],
    closedEarly: 0,
    toolCall: o.toolCall,
    first: o.first,
    rest: o.rest,
    usageSays: o.usageSays,
    get held() {
      return releaseWaiters.size;
    },
    release() {
      releases++;
      for (const r of [...releaseWaiters]) r();
    },
    waitForRequest: (n = 1) => waitUntil(() => state.requests >= n),
    waitClosedEarly: (n = 1) => waitUntil(() => state.closedEarly >= n),
    close: () => Promise.resolve(),
  };

  /** Resolves on a release after `since`, or when the caller went away (nothing more to send). */
  const released = (since: number, res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (releases <= since && !res.destroyed) return;
        releaseWaiters.delete(check);
        resolve();
      };
      releaseWaiters.add(check);
      check();
    });

  const infer = async (req: IncomingMessage, res: ServerResponse, chat: boolean): Promise<void> => {
    // Taken at arrival, so a release() the test calls once it saw the request arrive always lets this one go.
    const since = releases;
    let ended = false;
    res.on('close', () => {
      releaseWaiters.forEach((r) => r());
      if (ended) return;
      state.closedEarly++;
      notify();
    });
    const { bytes } = await readBodyUpTo(req, MAX_BODY_BYTES);
    const parsed = parseJson(bytes);
    const body: Json = isObject(parsed) ? parsed : {};
    state.bodies.push(parsed);
    state.requests++;
    notify();
    const finish = (): void => {
      ended = true;
      res.end();
    };

    const limit = typeof body.max_tokens === 'number' && body.max_tokens > 0 ? body.max_tokens : Infinity;
    const all = [...state.first, ...state.rest];
    const cut = all.length > limit;
    const first = state.first.slice(0, limit);
    const rest = state.rest.slice(0, Math.max(0, limit - state.first.length));
    const tool = cut ? undefined : state.toolCall;
    const finishReason = cut ? 'length' : tool ? 'tool_calls' : 'stop';
    const promptTokens = o.usage?.prompt_tokens ?? promptWords(body);
    const completionTokens = o.usage?.completion_tokens ?? first.length + rest.length;
    const usage =
      state.usageSays !== undefined
        ? state.usageSays
        : {
            prompt_tokens: promptTokens,
            completion_tokens: completionTokens,
            total_tokens: promptTokens + completionTokens,
          };
    const id = chat ? `chatcmpl-stand-in-${state.requests}` : `cmpl-stand-in-${state.requests}`;
    const head = { id, object: chat ? 'chat.completion.chunk' : 'text_completion', created: CREATED, model };
    const toolId = `call_stand_in_${state.requests}`;

    const pace = o.pace;
    if (body.stream !== true) {
      if (pace) await sleep(pace.firstMs + pace.everyMs * Math.max(0, first.length + rest.length - 1));
      if (res.destroyed) return;
      const text = [...first, ...rest].join('');
      const choice = chat
        ? {
            index: 0,
            message: {
              role: 'assistant',
              content: text,
              ...(tool
                ? {
                    tool_calls: [
                      {
                        id: toolId,
                        type: 'function',
                        function: { name: tool.name, arguments: tool.arguments.join('') },
                      },
                    ],
                  }
                : {}),
            },
            logprobs: null,
            finish_reason: finishReason,
          }
        : { index: 0, text, logprobs: null, finish_reason: finishReason };
      ended = true;
      json(res, 200, {
        id,
        object: chat ? 'chat.completion' : 'text_completion',
        created: CREATED,
        model,
        choices: [choice],
        usage,
      });
      return;
    }

    res.writeHead(200, { ...HEADERS[flavour], 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (chunk: unknown): void => {
      if (!res.destroyed) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    };
    const piece = (text: string): void =>
      send({
        ...head,
        choices: [
          chat
            ? { index: 0, delta: { content: text }, logprobs: null, finish_reason: null }
            : { index: 0, text, logprobs: null, finish_reason: null },
        ],
      });
    if (chat)
      send({
        ...head,
        choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
      });
    const paced = async (tokens: string[], firstWait: number): Promise<void> => {
      for (let i = 0; i < tokens.length && !res.destroyed; i++) {
        if (pace) await sleep(i === 0 ? firstWait : pace.everyMs);
        piece(tokens[i]!);
      }
    };
    await paced(first, pace?.firstMs ?? 0);
    if (hold && !cut) {
      await released(since, res);
    }
    await paced(rest, pace?.everyMs ?? 0);
    if (res.destroyed) return;
    if (tool && chat) {
      send({
        ...head,
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [{ index: 0, id: toolId, type: 'function', function: { name: tool.name, arguments: '' } }],
            },
            logprobs: null,
            finish_reason: null,
          },
        ],
      });
      for (const a of tool.arguments)
        send({
          ...head,
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index: 0, function: { arguments: a } }] },
              logprobs: null,
              finish_reason: null,
            },
          ],
        });
    }
    send({
      ...head,
      choices: [
        chat
          ? { index: 0, delta: {}, logprobs: null, finish_reason: finishReason }
          : { index: 0, text: '', logprobs: null, finish_reason: finishReason },
      ],
    });
    const options = body.stream_options;
    if (isObject(options) && options.include_usage === true) send({ ...head, choices: [], usage });
    if (!res.destroyed) res.write('data: [DONE]\n\n');
    finish();
  };

  const server = await serveOnLoopback((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/v1/completions')) {
      void infer(req, res, path === '/v1/chat/completions').catch(() => res.destroy());
      return;
    }
    if (req.method === 'GET' && info(path, res)) return;
    if (req.method === 'POST' && flavour === 'ollama' && path === '/api/show') {
      req.resume();
      json(res, 200, {
        capabilities: ['completion', 'tools'],
        details: { parameter_size: '7B' },
        model_info: { 'general.architecture': 'llama', 'llama.context_length': CONTEXT },
      });
      return;
    }
    req.resume();
    json(res, 404, { error: { message: `Not found: ${path}`, type: 'not_found_error', code: 404 } });
  });
  state.port = server.port;
  state.url = `http://127.0.0.1:${server.port}`;
  state.close = async () => {
    // Held requests end with the server rather than keep a test's cleanup waiting.
    releases++;
    for (const r of [...releaseWaiters]) r();
    await server.close();
  };
  return state;
}
