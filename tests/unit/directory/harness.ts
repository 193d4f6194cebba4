/**
 * Shared scaffolding for the directory-client tests: a `DirectoryLink` wired to an in-memory secret store and
 * a log collector, a scripted stand-in for `fetch` (exact control of every directory answer), a recording
 * wrapper around the real `fetch`, and small waiting helpers. Everything started here is stopped after
 * each test.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import type { DirectoryLink as LinkState, EventLevel } from '@shared/contract';
import type { Capability } from '@engine/backends';
import { cxPublicKeyAdvert, generateCxKeyPair, type CxPublicKeyAdvert } from '@engine/cx';
import { DirectoryLink } from '@engine/directory/directory-link';
import type { HeartbeatState, RegistrationSource } from '@engine/directory/link-options';
import type { OperatorLinkHooks } from '@engine/identity/operator-delegation';
import { MetricsBatcher } from '@engine/directory/metrics-batch';
import { MemorySecretStore } from '@engine/identity/secret-store';
import { startTestDirectory, type TestDirectory, type TestDirectoryOptions } from '../../support/directory';
import { eventually as retry } from '../../support/eventually';

export const CHAT = 'urn:iicp:intent:llm:chat:v1';
export const EMBED = 'urn:iicp:intent:llm:embedding:v1';

// ---------------------------------------------------------------------------------------------------
// Cleanup and waiting

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
export const onCleanup = (fn: () => Promise<void> | void): void => {
  cleanups.push(fn);
};

/** The shared retry helper, polling a little faster: these tests watch a loop that ticks in tens of ms. */
export const eventually = <T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> =>
  retry(check, timeoutMs, 25);

/** Lets pending promise chains run without touching (possibly faked) timers. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A test directory on loopback (routability rule and liveness probe off), closed after the test. */
export async function testDirectory(opts: TestDirectoryOptions = {}): Promise<TestDirectory> {
  const dir = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 1000,
    ...opts,
  });
  onCleanup(() => dir.close());
  return dir;
}

export const asRecord = (v: unknown): Record<string, unknown> => {
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`expected a JSON object, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
};

// ---------------------------------------------------------------------------------------------------
// Scripted directory (a fetch stand-in)

export interface SentRequest {
  method: string;
  url: string;
  /** Path after the base URL's `/api`, e.g. `/v1/register`. */
  route: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  rawBody: string | null;
  body: Record<string, unknown> | null;
  redirect: string | undefined;
}

export type ScriptedAnswer =
  | { status: number; json?: unknown; raw?: string; headers?: Record<string, string> }
  | { networkError: string }
  /** Never answers; the request ends only when the client aborts it. */
  | { hang: true };

export type ScriptedHandler = (req: SentRequest, nth: number) => ScriptedAnswer | Promise<ScriptedAnswer>;

export const SCRIPTED_BASE = 'https://directory.test/api';

/** A REGISTER answer like the production directory's 201. */
export function registered(req: SentRequest, token: string, extra: Record<string, unknown> = {}): ScriptedAnswer {
  return {
    status: 201,
    json: {
      node_id: req.body?.node_id,
      node_token: token,
      node_hmac_key: req.body?.node_hmac_key,
      expires_at: null,
      ...extra,
    },
  };
}

/** A HEARTBEAT answer like the production directory's 200 (echoes the batch id, hands out a challenge). */
export function beatOk(req: SentRequest, extra: Record<string, unknown> = {}): ScriptedAnswer {
  return {
    status: 200,
    json: {
      ok: true,
      next_heartbeat_ms: 300_000,
      reputation_score: 0.5,
      metrics_batch_accepted: req.body?.metrics_batch_id ?? null,
      challenge: randomBytes(16).toString('hex'),
      ...extra,
    },
  };
}

/**
 * Answers every directory call from per-route handlers and records what was sent. Defaults behave like a
 * healthy production directory: REGISTER → 201 with `token-<n>`, HEARTBEAT → 200 asking for the next beat
 * in 5 minutes (tests trigger beats with `heartbeatNow()`), DELETE → 200.
 */
export class ScriptedDirectory {
  readonly sent: SentRequest[] = [];
  register: ScriptedHandler = (req, n) => registered(req, `token-${n}`);
  heartbeat: ScriptedHandler = (req) => beatOk(req);
  deregister: ScriptedHandler = () => ({ status: 200, json: { deregistered: true } });

  readonly fetch: typeof fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const rawBody = typeof init?.body === 'string' ? init.body : null;
    let body: Record<string, unknown> | null = null;
    if (rawBody !== null) body = asRecord(JSON.parse(rawBody));
    const method = init?.method ?? 'GET';
    const route = new URL(url).pathname.replace(/^\/api/, '');
    const req: SentRequest = { method, url, route, headers, rawBody, body, redirect: init?.redirect };
    this.sent.push(req);
    const handler =
      route === '/v1/heartbeat'
        ? this.heartbeat
        : route === '/v1/register' && method === 'DELETE'
          ? this.deregister
          : this.register;
    const nth = this.sent.filter((r) => r.route === route && r.method === method).length;
    const answer = await handler(req, nth);
    const signal = init?.signal ?? null;
    if ('hang' in answer) {
      return new Promise<Response>((_resolve, reject) => {
        const abort = () => reject(new DOMException('This operation was aborted', 'AbortError'));
        if (signal?.aborted) abort();
        signal?.addEventListener('abort', abort);
      });
    }
    if (signal?.aborted) throw new DOMException('This operation was aborted', 'AbortError');
    if ('networkError' in answer) throw new TypeError('fetch failed', { cause: new Error(answer.networkError) });
    const text = answer.raw ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
    return new Response(text, {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  }) as typeof fetch;

  registrations(): SentRequest[] {
    return this.sent.filter((r) => r.route === '/v1/register' && r.method === 'POST');
  }
  heartbeats(): SentRequest[] {
    return this.sent.filter((r) => r.route === '/v1/heartbeat');
  }
  deregistrations(): SentRequest[] {
    return this.sent.filter((r) => r.method === 'DELETE');
  }
}

/** Records every request/response pair that goes through the real `fetch` to a test directory. */
export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export function recordingFetch(sink: Recorded[], inner: typeof fetch = fetch): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    sink.push({ method: init?.method ?? 'GET', url, headers, body: typeof init?.body === 'string' ? init.body : null });
    return inner(input, init);
  }) as typeof fetch;
}

// ---------------------------------------------------------------------------------------------------
// The link under test

export interface LogEntry {
  level: EventLevel;
  event: string;
  details: string;
  persist: boolean | undefined;
}

const CX: CxPublicKeyAdvert = cxPublicKeyAdvert(generateCxKeyPair());

export interface LinkOptions {
  baseUrl: string | (() => string);
  fetchImpl?: typeof fetch;
  secrets?: MemorySecretStore;
  nodeId?: string;
  endpoint?: string;
  models?: string[];
  heartbeat?: HeartbeatState;
  heartbeatState?: () => HeartbeatState | Promise<HeartbeatState>;
  /** Replaces the default source (always registrable with the fields above). */
  registration?: RegistrationSource;
  metrics?: MetricsBatcher;
  startupRetryDelaysMs?: number[];
  backoffBaseMs?: number;
  random?: () => number;
  start?: boolean;
  /** A trust-domain membership credential (`X-IICP-Membership`); read on every request, so a test may change it. */
  membership?: () => string | null;
  /** The person's operator identity, and the clock its delegations count from. */
  operator?: OperatorLinkHooks;
  now?: () => number;
}

/** A `DirectoryLink` with everything observable: its log, every link-state change, its secrets. */
export class LinkHarness {
  readonly link: DirectoryLink;
  readonly secrets: MemorySecretStore;
  readonly metrics: MetricsBatcher;
  readonly nodeId: string;
  readonly logs: LogEntry[] = [];
  /** `link.status.link` after every change notification, in order. */
  readonly linkStates: LinkState[] = [];
  endpoint: string;
  models: string[];
  heartbeat: HeartbeatState;
  readonly cx = CX;

  constructor(o: LinkOptions) {
    this.secrets = o.secrets ?? new MemorySecretStore();
    this.metrics = o.metrics ?? new MetricsBatcher();
    this.nodeId = o.nodeId ?? randomUUID();
    this.endpoint = o.endpoint ?? 'http://127.0.0.1:9000';
    this.models = o.models ?? ['qwen2.5:7b'];
    this.heartbeat = o.heartbeat ?? { load: 0.25, activeJobs: 1, available: true };
    const baseUrl = o.baseUrl;
    const registration: RegistrationSource = o.registration ?? (() => ({ ok: true, input: this.registrationInput() }));
    this.link = new DirectoryLink({
      baseUrl: typeof baseUrl === 'string' ? () => baseUrl : baseUrl,
      nodeId: this.nodeId,
      secrets: this.secrets,
      registration,
      membership: o.membership,
      operator: o.operator,
      now: o.now,
      heartbeatState: o.heartbeatState ?? (() => ({ ...this.heartbeat })),
      metrics: this.metrics,
      log: (level, event, details, persist) => this.logs.push({ level, event, details, persist }),
      onChange: () => this.linkStates.push(this.link.status.link),
      fetchImpl: o.fetchImpl,
      startupRetryDelaysMs: o.startupRetryDelaysMs ?? [50, 100],
      backoffBaseMs: o.backoffBaseMs ?? 50,
      random: o.random ?? (() => 0.5),
    });
    onCleanup(() => this.link.stop());
    if (o.start !== false) this.link.start();
  }

  /** What the engine would hand to `buildRegisterPayload` (minus the HMAC key and token the link adds). */
  registrationInput() {
    const capabilities: Capability[] = [
      { intent: CHAT, models: [...this.models], max_tokens: 8192, input_modalities: ['text'] },
    ];
    return {
      nodeId: this.nodeId,
      endpoint: this.endpoint,
      region: 'eu-test',
      capabilities,
      maxConcurrent: 2,
      tokensPerMin: 10_000,
      transportMethod: 'direct' as const,
      exposureMode: 'ipv4_public_direct' as const,
      cxPublicKey: this.cx,
      backend: 'ollama' as const,
      appVersion: '1.2.3',
    };
  }

  events(name: string | RegExp): LogEntry[] {
    return this.logs.filter((l) => (typeof name === 'string' ? l.event === name : name.test(l.event)));
  }

  stop(): Promise<void> {
    return this.link.stop();
  }
}

export function startLink(o: LinkOptions): LinkHarness {
  return new LinkHarness(o);
}
