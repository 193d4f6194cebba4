/**
 * This computer's own LLM servers as the gateway sees them: the models they run for each intent, and one call or one
 * stream to the server that runs a model — the backends room's own client, not the node's task port, so the owner's
 * request earns nothing, seals nothing and books no receipt. While a call runs it counts as the owner using the GPU.
 */
import type { Settings } from '@shared/contract';
import type { ModelFacts } from './ask-needs';
import type { LocalRequest } from '../listener';
import {
  buildBackendRequest,
  buildCapabilities,
  buildModelOf,
  Cancellation,
  samplingTaken,
  thinkingControls,
  type BackendError,
  type BuildModel,
  type BuildOptions,
  type CombinedObservation,
  type ServerRoute,
  type SpeechIntent,
  speechAnswer,
  type StreamEnd,
  type StreamPiece,
} from '../../backends';

/**
 * Why a call to this computer's server gave no answer: `node` the server failed (the network is tried next), `request`
 * the request itself.
 */
export type LocalFailure = { ok: false; blame: 'node' | 'request'; status: number; code: string; message: string };

export type LocalCall = { ok: true; body: Buffer } | LocalFailure;
export type LocalStream = { ok: true; end: StreamEnd } | (LocalFailure & { sentAny: boolean });

/** What the gateway needs of this computer's servers (the node centre fills it in; tests give their own). */
export interface LocalServer {
  /** The models this computer's servers run now for an intent, by public name. */
  models(intent: string): readonly string[];
  /** What the app's request is built against: the models the servers run, as the node builds a task's request. */
  buildOptions(): BuildOptions;
  /** The context one request may use on the model, in tokens, as its server reports it; null when it does not say. */
  contextOf?(model: string): number | null;
  /** The voices this computer's speech servers list for the speech models offered (speaches, Kokoro), each once. */
  voices?(): readonly string[];
  /**
   * One buffered call of a request built against `buildOptions()`: the server's JSON answer as it sent it, or why there
   * is none.
   */
  call(built: LocalRequest, o: { timeoutMs: number; signal?: AbortSignal }): Promise<LocalCall>;
  /**
   * One task of a speech intent (transcribe, speech, moderate) answered by this computer's speech server: the IICP
   * result the node would send for it (`{text…}`, `{audio, content_type, format}`, `{results}`), or why there is none.
   */
  serveSpeech?(
    intent: SpeechIntent,
    payload: Readonly<Record<string, unknown>>,
    o: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<{ ok: true; result: Record<string, unknown> } | LocalFailure>;
  /** One streamed call: each piece passed on as the server writes it. */
  stream(
    built: LocalRequest,
    o: { timeoutMs: number; signal?: AbortSignal; onPiece: (p: StreamPiece) => void },
  ): Promise<LocalStream>;
}

/**
 * What this computer's server is known to do with a model, for routing (local-route.ts) and Ollama's `/api/show`
 * (model-details.ts): tools as the backends room read them, fill in the middle only when the model is marked so, and
 * the context its server reports (a server that does not say is not assumed to take a larger context than the app's
 * default). Undefined when its servers do not run the model.
 */
export function localModelFacts(local: LocalServer, model: string): ModelFacts | undefined {
  const { models } = local.buildOptions();
  const m = Object.hasOwn(models, model) ? models[model] : undefined;
  if (!m) return undefined;
  return {
    tools: m.tools,
    fim: m.fim === true,
    contextTokens: local.contextOf?.(model) ?? null,
    sampling: samplingTaken(m.flavour !== undefined ? m.flavour : local.buildOptions().flavour),
    thinking: thinkingControls(m.thinking),
  };
}

export interface LocalServerSources {
  settings: () => Settings;
  /** The node's servers together (`ServingOffer.observation`). */
  observation: () => Readonly<CombinedObservation>;
  /** The way to a server that runs a model (`ServingOffer.route`). */
  route: (model: BuildModel) => ServerRoute | null;
  /** The owner uses the GPU from now until the returned function is called. */
  ownerUse?: () => () => void;
}

const fault = (code: string, message: string, status = 502): LocalFailure => ({
  ok: false,
  blame: 'node',
  status,
  code,
  message,
});
/** A failure that is the request's own: the network is not tried with it. */
const byRequest = (status: number, code: string, message: string): LocalFailure => ({
  ok: false,
  blame: 'request',
  status,
  code,
  message,
});
/** What the app is told the failing server is. */
type ServerNoun = 'LLM server' | 'speech server';

const unavailable = (server: ServerNoun): LocalFailure =>
  fault('local_unavailable', `This computer’s ${server} does not serve this model now.`, 503);

/**
 * A backend error as the gateway words it: cancelled and refused requests are the request's, the rest the server's,
 * named for what it is to the app (an LLM server, a speech server).
 */
function failureOf(e: BackendError, route: ServerRoute | null, server: ServerNoun = 'LLM server'): LocalFailure {
  switch (e.kind) {
    case 'aborted':
      return byRequest(499, 'cancelled', 'The app closed the request.');
    case 'too_large':
      return byRequest(413, 'payload_too_large', `This computer’s ${server} cannot take the request: ${e.message}.`);
    case 'invalid_payload':
    case 'unsupported_intent':
      return byRequest(400, 'invalid_request', `This computer’s ${server} cannot take the request: ${e.message}.`);
    case 'timeout':
      return fault('local_timeout', `This computer’s ${server} did not answer in time.`, 504);
    case 'upstream_status':
      if (e.consumerFault)
        return byRequest(400, 'invalid_request', `This computer’s ${server} refused the request: ${e.message}.`);
      route?.refused(e.status ?? 502);
      return fault(`local_http_${e.status ?? 502}`, `This computer’s ${server} answered with HTTP ${e.status ?? 502}.`);
    case 'transport':
      route?.failed(e.code ?? null);
      return fault('local_unreachable', `This computer’s ${server} could not be reached.`);
    default:
      return fault('local_failed', `This computer’s ${server} gave no usable answer.`);
  }
}

/** Why the request could not be built: a model the servers do not run now, JSON that does not read, a busy thread. */
function refusalOf(e: Exclude<LocalRequest, { ok: true }>['error'], server: ServerNoun): LocalFailure {
  if (isGatewayOwn(e))
    return e.kind === 'busy' ? fault('busy', e.message, 503) : byRequest(400, 'invalid_json', e.message);
  if (e.kind === 'model_not_advertised' || e.kind === 'no_model') return unavailable(server);
  return failureOf(e, null, server);
}

/**
 * The gateway's own reasons (the JSON, the thread), apart from the server builder's: BackendError's kinds are not a
 * tagged union.
 */
const isGatewayOwn = (
  e: Exclude<LocalRequest, { ok: true }>['error'],
): e is { kind: 'invalid_json' | 'busy'; message: string } => e.kind === 'invalid_json' || e.kind === 'busy';

/**
 * Every model the servers run, whether or not the person offers it to the network: their own apps may use all of them.
 * Rebuilt only when the servers' looks or the settings change.
 */
export function localServer(x: LocalServerSources): LocalServer {
  let cache: {
    obs: CombinedObservation;
    settings: Settings;
    build: BuildOptions;
    byIntent: Map<string, string[]>;
    contexts: Map<string, number | null>;
    voices: string[];
  } | null = null;
  const now = () => {
    const obs = x.observation() as CombinedObservation;
    const s = x.settings();
    if (cache && cache.obs === obs && cache.settings === s) return cache;
    const built = buildCapabilities({
      facts: obs.facts,
      defaultModel: null,
      excludedModels: [],
      maxTokens: s.maxTokens,
      offerCompletion: true,
    });
    const models: Record<string, BuildModel> = Object.create(null) as Record<string, BuildModel>;
    const contexts = new Map<string, number | null>();
    for (const [name, m] of built.offered) {
      const holders = (obs.holders.get(name) ?? []).filter((h) =>
        h.observation.facts.some((f) => f.name === name && f.id === m.id),
      );
      if (holders.length === 0) continue;
      models[name] = buildModelOf(
        m,
        holders[0]!.observation.flavour,
        holders.map((h) => h.id),
      );
      contexts.set(name, m.contextLength ?? null);
    }
    const byIntent = new Map<string, string[]>();
    for (const cap of built.capabilities)
      byIntent.set(cap.intent, [...(byIntent.get(cap.intent) ?? []), ...cap.models.filter((n) => n in models)]);
    const voices = new Set(obs.facts.flatMap((f) => (f.name in models ? (f.voices ?? []) : [])));
    const build = { defaultModel: null, models, flavour: obs.flavour };
    cache = { obs, settings: s, build, byIntent, contexts, voices: [...voices] };
    return cache;
  };
  /** The route to the server for the request built, and the owner's use begun; or why not. */
  const open = (built: LocalRequest, server: ServerNoun = 'LLM server') => {
    if (!built.ok) return refusalOf(built.error, server);
    const { build } = now();
    const model = build.models[built.request.model];
    // The servers changed between the build and the call: the model may have gone.
    if (!model) return unavailable(server);
    const route = x.route(model);
    if (!route) return unavailable(server);
    const endUse = x.ownerUse?.() ?? (() => undefined);
    return { request: built.request, model, route, end: () => (route.done(), endUse()) };
  };
  const cancelOf = (signal?: AbortSignal): Cancellation => {
    const c = new Cancellation();
    if (signal?.aborted) c.cancel();
    else signal?.addEventListener('abort', () => c.cancel(), { once: true });
    return c;
  };
  return {
    models: (intent) => now().byIntent.get(intent) ?? [],
    buildOptions: () => now().build,
    contextOf: (model) => now().contexts.get(model) ?? null,
    voices: () => now().voices,
    async call(built, o) {
      const t = open(built);
      if ('ok' in t) return t;
      try {
        const sent = await t.route.backend.send(t.request, { timeoutMs: o.timeoutMs, cancel: cancelOf(o.signal) });
        if (!sent.ok) return failureOf(sent.error, t.route);
        if (sent.status < 200 || sent.status > 299)
          return failureOf(t.route.backend.upstreamError(sent.status, sent.body), t.route);
        t.route.answered();
        return { ok: true, body: sent.body };
      } finally {
        t.end();
      }
    },
    // The task's own builder and answer (backends/speech-*.ts), free and unsealed; owner use while it runs.
    async serveSpeech(intent, payload, o) {
      const t = open(buildBackendRequest(intent, payload, now().build), 'speech server');
      if ('ok' in t) return t;
      try {
        const sent = await t.route.backend.send(t.request, { timeoutMs: o.timeoutMs, cancel: cancelOf(o.signal) });
        if (!sent.ok) return failureOf(sent.error, t.route, 'speech server');
        if (sent.status < 200 || sent.status > 299)
          return failureOf(t.route.backend.upstreamError(sent.status, sent.body), t.route, 'speech server');
        const a = speechAnswer(sent.body, sent.contentType, t.request.speech!);
        if (!a.ok) return fault('local_failed', 'This computer’s speech server gave no usable answer.');
        t.route.answered();
        return { ok: true, result: a.result };
      } finally {
        t.end();
      }
    },
    async stream(built, o) {
      const t = open(built);
      if ('ok' in t) return { ...t, sentAny: false };
      try {
        const got = await t.route.backend.stream(t.request, {
          timeoutMs: o.timeoutMs,
          cancel: cancelOf(o.signal),
          maxTokens: t.model.maxTokens,
          onPiece: o.onPiece,
        });
        if (!got.ok) return { ...failureOf(got.error, t.route), sentAny: got.sentAny };
        t.route.answered();
        return got;
      } finally {
        t.end();
      }
    },
  };
}
