/**
 * The streaming faults and attacks share this: a gateway node G (its own operator, generous limits, a clock the test
 * can move so the node breaker forgets between cases) at the PHP-faithful test directory, paid provider nodes added
 * to it, and an app's streamed request read as it arrives in the API the app spoke (OpenAI SSE, Ollama NDJSON, the
 * Anthropic events), with the rules one such stream must keep when it fails: exactly one well-formed error, nothing
 * after it, no success glued to it.
 */
import { expect } from 'vitest';
import type { GatewayRequestRow, Settings } from '@shared/contract';
import type { ProviderNodeOptions } from '@engine/node/provider-node';
import { startFakeBackend, type FakeBackend } from './backends';
import { startTestDirectory, type TestDirectory } from './directory';
import { freePort } from './free-port';
import { openGateway, taskBooks } from './gateway-setup';
import { eventually, startNode, startPublicNode, type NodeHarness } from './node-harness';

export type AppApi = 'openai' | 'ollama' | 'anthropic';

/** The gateway node skips a failed node for a minute; `forget()` moves its clock past that. */
const BREAKER = { firstMs: 60_000, longestMs: 60_000 };
const TUNING = { directoryStartupRetryDelaysMs: [200, 400], directoryBackoffBaseMs: 200 };

export interface GatewayWorld {
  directory: TestDirectory;
  g: NodeHarness;
  gatewayPort: number;
  key: string;
  /** Moves the gateway's clock on past the breaker, so a node that failed is tried again. */
  forget(): void;
  /** A provider node of no operator of G's (paid), registered; `publicEndpoint` gets the task port it will have. */
  addProvider(
    backendUrl: string,
    o?: {
      publicEndpoint?: (port: number) => string;
      settings?: Partial<Settings>;
      options?: Partial<ProviderNodeOptions>;
    },
  ): Promise<NodeHarness>;
  /** Resolves once the gateway lists `model` (the directory and G's discovery have the provider). */
  waitModel(model: string): Promise<void>;
  row(taskId: string): Promise<GatewayRequestRow | undefined>;
  held(): Promise<number>;
  /** The directory's debits of G for a task (what the books charged). */
  debits(taskId: string): unknown[];
  awards(taskId: string): unknown[];
  close(): Promise<void>;
}

export async function startGatewayWorld(): Promise<GatewayWorld> {
  const directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 1000,
  });
  const backends: FakeBackend[] = [await startFakeBackend({ flavour: 'ollama', models: ['g-own:1b'] })];
  const providers: NodeHarness[] = [];
  let skew = 0;
  const g = await startPublicNode(
    { directory: directory.url, backend: backends[0]!.url },
    {},
    {
      gatewayPort: 0,
      tuning: {
        ...TUNING,
        gatewayBreaker: BREAKER,
        earnings: { retryBaseMs: 200, syncIntervalMs: 60_000, now: () => Date.now() + skew },
      },
    },
  );
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  await g.node.commandHandlers().createOperator({ displayName: 'Ada Rigs' });
  await eventually(() => expect(g.node.getSnapshot().operator).toMatchObject({ directory: 'bound' }), 20_000);
  const { baseUrl, key } = await openGateway(g, 'stream test app');
  const gatewayPort = Number(new URL(baseUrl).port);
  const books = taskBooks(directory);

  return {
    directory,
    g,
    gatewayPort,
    key,
    forget: () => (skew += BREAKER.longestMs + 1_000),
    async addProvider(backendUrl, o = {}) {
      const port = await freePort();
      const h = await startNode(
        {
          backendUrl,
          directoryUrl: directory.url,
          publicEndpoint: o.publicEndpoint?.(port) ?? `http://127.0.0.1:${port}`,
          ...o.settings,
        },
        {
          taskPort: port,
          allowPrivateEndpoint: true,
          ...o.options,
          tuning: { ...TUNING, earnings: { retryBaseMs: 200, syncIntervalMs: 60_000 }, ...o.options?.tuning },
        },
      );
      providers.push(h);
      await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
      return h;
    },
    async waitModel(model) {
      await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${gatewayPort}/v1/models`, {
          headers: { Authorization: `Bearer ${key}` },
        });
        const list = (await res.json()) as { data?: { id: string }[] };
        expect(list.data?.map((m) => m.id)).toContain(model);
      }, 20_000);
    },
    async row(taskId) {
      return (await g.node.commandHandlers().getGateway({})).recent.find((r) => r.taskId === taskId);
    },
    async held() {
      return (await g.node.commandHandlers().getGateway({})).budget.held;
    },
    debits: books.debits,
    awards: books.awards,
    async close() {
      for (const h of providers.reverse()) await h.stop().catch(() => undefined);
      await g.stop().catch(() => undefined);
      for (const b of backends) await b.close();
      await directory.close();
    },
  };
}

/** One thing an app read from its stream. */
export type AppEvent =
  | { kind: 'text'; text: string }
  | { kind: 'error'; body: unknown }
  | { kind: 'done' }
  | { kind: 'other'; body: unknown };

export interface AppStream {
  status: number;
  taskId: string | null;
  nodeId: string | null;
  events: AppEvent[];
  text(): string;
  /** Resolves once the app has read at least one piece of text. */
  firstText: Promise<void>;
  /** Resolves when the gateway ended the answer (or the app aborted). */
  ended: Promise<void>;
  /** The app goes away mid-answer (closes its connection). */
  abort(): void;
}

const PATHS: Record<AppApi, string> = {
  openai: '/v1/chat/completions',
  ollama: '/api/chat',
  anthropic: '/v1/messages',
};

function bodyFor(api: AppApi, model: string, prompt: string): unknown {
  const messages = [{ role: 'user', content: prompt }];
  if (api === 'ollama') return { model, messages, stream: true, options: { num_predict: 32 } };
  if (api === 'anthropic') return { model, messages, stream: true, max_tokens: 32 };
  return { model, messages, stream: true, max_tokens: 32, stream_options: { include_usage: true } };
}

const parse = (s: string): unknown => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return { unparsable: s };
  }
};
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What one unit of the stream (an SSE block, an NDJSON line) says, in the API's own terms. */
function read(api: AppApi, unit: string): AppEvent | null {
  if (api === 'ollama') {
    const j = parse(unit) as Json;
    if (typeof j !== 'object' || j === null) return { kind: 'other', body: j };
    if ('error' in j) return { kind: 'error', body: j };
    if (j.done === true) return { kind: 'done' };
    return typeof j.message?.content === 'string' && j.message.content !== ''
      ? { kind: 'text', text: j.message.content as string }
      : { kind: 'other', body: j };
  }
  const lines = unit.split('\n');
  const event =
    lines
      .find((l) => l.startsWith('event:'))
      ?.slice(6)
      .trim() ?? null;
  const data = lines
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trimStart())
    .join('\n');
  if (api === 'openai') {
    if (data === '[DONE]') return { kind: 'other', body: '[DONE]' };
    const j = parse(data) as Json;
    if (j && typeof j === 'object' && 'error' in j) return { kind: 'error', body: j };
    const choice = j?.choices?.[0];
    if (typeof choice?.delta?.content === 'string' && choice.delta.content !== '')
      return { kind: 'text', text: choice.delta.content as string };
    if (typeof choice?.finish_reason === 'string') return { kind: 'done' };
    return { kind: 'other', body: j };
  }
  const j = parse(data) as Json;
  if (event === 'error') return { kind: 'error', body: j };
  if (event === 'message_stop') return { kind: 'done' };
  if (event === 'content_block_delta' && typeof j?.delta?.text === 'string')
    return { kind: 'text', text: j.delta.text as string };
  return event === null && data === '' ? null : { kind: 'other', body: j };
}

/** Sends one streamed chat request to the gateway as `api`'s client would, and reads it as it arrives. */
export async function openAppStream(
  w: Pick<GatewayWorld, 'gatewayPort' | 'key'>,
  api: AppApi,
  model: string,
  prompt = 'Say hello.',
): Promise<AppStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (api === 'anthropic') Object.assign(headers, { 'x-api-key': w.key, 'anthropic-version': '2023-06-01' });
  else headers.Authorization = `Bearer ${w.key}`;
  const res = await fetch(`http://127.0.0.1:${w.gatewayPort}${PATHS[api]}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(bodyFor(api, model, prompt)),
    signal: controller.signal,
  });
  const events: AppEvent[] = [];
  let sawText: () => void = () => undefined;
  const firstText = new Promise<void>((resolve) => (sawText = resolve));
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    const sep = api === 'ollama' ? '\n' : '\n\n';
    const take = (unit: string): void => {
      const e = unit.trim() === '' ? null : read(api, unit.replace(/\r/g, ''));
      if (!e) return;
      events.push(e);
      if (e.kind === 'text') sawText();
    };
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        for (let i = buf.indexOf(sep); i >= 0; i = buf.indexOf(sep)) {
          take(buf.slice(0, i));
          buf = buf.slice(i + sep.length);
        }
      }
      take(buf);
    } catch {
      // The app aborted, or the gateway cut the connection: what was read is in `events`.
    }
  })();
  return {
    status: res.status,
    taskId: res.headers.get('x-iicp-task-id'),
    nodeId: res.headers.get('x-iicp-node-id'),
    events,
    text: () => events.map((e) => (e.kind === 'text' ? e.text : '')).join(''),
    firstText,
    ended,
    abort: () => controller.abort(),
  };
}

/**
 * A stream that failed after its first chunk, as each API's own server writes one: exactly one error, well formed in
 * that API, nothing but an OpenAI `[DONE]` after it, and no success marker anywhere (no second answer glued on).
 */
export function expectOneError(api: AppApi, s: AppStream): void {
  const errors = s.events.filter((e) => e.kind === 'error');
  expect(errors, JSON.stringify(s.events)).toHaveLength(1);
  expect(
    s.events.some((e) => e.kind === 'done'),
    JSON.stringify(s.events),
  ).toBe(false);
  const at = s.events.findIndex((e) => e.kind === 'error');
  const after = s.events.slice(at + 1);
  expect(
    after.every((e) => e.kind === 'other' && e.body === '[DONE]' && api === 'openai'),
    JSON.stringify(after),
  ).toBe(true);
  const body = (errors[0] as { body: Json }).body;
  if (api === 'openai') expect(body.error).toMatchObject({ message: expect.any(String) });
  else if (api === 'ollama') expect(body).toMatchObject({ error: expect.any(String) });
  else expect(body).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
}

/**
 * `done`, or a failure naming `what` once `ms` have passed without it (a deadline, so a missing event fails clearly).
 */
export async function within<T>(done: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not within ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}
