/**
 * The backend request for a task payload: one of the three constant paths, the model advertised, only the fields
 * each intent allows (of the right type), the output length clamped, and the token bound the answer is held to. Pure
 * (no I/O, plain data in and out), so the task codec can run it on a worker thread.
 */
import { backendFail as fail, type BackendError } from './backend-error';
import type { ModelFacts } from './model-facts';
import { isPlainObject } from './http';
import type { ModelKind } from '@shared/contract';
import {
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  isSpeechIntent,
  pathForIntent,
  type LlmIntent,
} from './intents';
import type { BackendFlavour } from './probe';
import { SAMPLING_OPTIONS, samplingTaken, serverSpelling } from './sampling-options';
import { buildSpeechRequest, type SpeechAsk } from './speech-request';
import { thinkingAsk, thinkingFields, type ThinkingKind } from './thinking-controls';
import type { TokenBound } from './token-claim';
import { unhonouredField } from './unhonoured-fields';

export interface BuildOptions {
  /** The public name used when a payload names no model. */
  defaultModel: string | null;
  /** The advertised models by public name: the backend's id for each, and its output limit. */
  models: Readonly<Record<string, BuildModel>>;
  /** Decides the engine's own limit field (llama.cpp reads `n_predict` before `max_tokens`) and the connections. */
  flavour: BackendFlavour | null;
}

export interface BuildModel {
  /** What the backend calls it (it may be a file path: sent to the backend, never shown). */
  id: string;
  /** Every chat and completion call asks for at most this many tokens. */
  maxTokens: number;
  /** The model takes `tools` / `tool_choice` / `parallel_tool_calls`. */
  tools: boolean;
  /**
   * The model fills in the middle: a completion's `suffix` is sent on (absent: it does not, and `suffix` is refused).
   */
  fim?: boolean;
  /** How the model thinks, as its server showed (`thinking-controls.ts`); absent: not shown. */
  thinking?: ThinkingKind;
  /** The flavour of the server(s) that run it, where it differs from `BuildOptions.flavour`. */
  flavour?: BackendFlavour | null;
  /** The LLM servers (their ids) that run it as `id`, in the node's order: a task may go to any of them. */
  servers?: readonly string[];
  /** What the model does (a speech task takes only a model of its intent's kind); absent: a chat or embedding one. */
  kind?: ModelKind;
  /**
   * The path from the server's root its intent is served at when not the usual one (whisper-server without
   * `--inference-path` answers at `/inference`); absent: the usual path under `/v1`.
   */
  path?: string;
}

/**
 * What a task needs of an offered model to build its request: what it is called on its server(s), its limit, and what
 * the server showed it can do. The one place an offered model becomes a `BuildModel`, for tasks and this computer's
 * gateway alike.
 */
export function buildModelOf(
  m: Pick<ModelFacts, 'id' | 'tools' | 'fim' | 'thinking' | 'path'> & { maxTokens: number; kind?: ModelKind },
  flavour: BackendFlavour | null,
  servers: readonly string[],
): BuildModel {
  return {
    id: m.id,
    maxTokens: m.maxTokens,
    tools: m.tools,
    fim: m.fim,
    ...(m.thinking ? { thinking: m.thinking } : {}),
    flavour,
    servers,
    ...(m.kind ? { kind: m.kind } : {}),
    ...(m.path ? { path: m.path } : {}),
  };
}

/** A request ready for the backend: one of the three constant paths, the JSON body, and the model it names. */
export interface BackendRequest {
  path: string;
  body: string | Buffer;
  /** The public name (answers, the ledger and the dashboard). */
  model: string;
  /** A streamed request: the output limit it asks for, which `stream()` counts the tokens against. */
  maxTokens?: number;
  /** What the request lets its answer cost: the tokens claimed for it are held to this (token-claim.ts). */
  bound: TokenBound;
  /** Headers of its own (a multipart upload's boundary, speech's `Accept`); absent: JSON in, JSON out. */
  headers?: Readonly<Record<string, string>>;
  /** A speech task's: how its answer becomes the IICP result and what it counts (speech-answer.ts). */
  speech?: SpeechAsk;
  /** A path from the server's root that replaces `path` (the model's own, `BuildModel.path`). */
  rootPath?: string;
}

type FieldCheck = (v: unknown) => boolean;
const isNumber: FieldCheck = (v) => typeof v === 'number' && Number.isFinite(v);
const isInteger: FieldCheck = (v) => Number.isSafeInteger(v);
const isString: FieldCheck = (v) => typeof v === 'string';
const isStop: FieldCheck = (v) =>
  typeof v === 'string' || (Array.isArray(v) && v.length <= 16 && v.every((s) => typeof s === 'string'));
const isObject: FieldCheck = (v) => isPlainObject(v);
const isToolChoice: FieldCheck = (v) => typeof v === 'string' || isPlainObject(v);
const isTools: FieldCheck = (v) => Array.isArray(v) && v.length <= 128 && v.every(isPlainObject);
const isBoolean: FieldCheck = (v) => typeof v === 'boolean';
const isEncoding: FieldCheck = (v) => v === 'float' || v === 'base64';

const SAMPLING: Readonly<Record<string, FieldCheck>> = {
  temperature: isNumber,
  top_p: isNumber,
  presence_penalty: isNumber,
  frequency_penalty: isNumber,
  seed: isInteger,
  stop: isStop,
};

/**
 * The only payload fields that reach the backend, per intent (OpenAI's names, which every flavour reads). Fields the
 * server cannot honour for the model (tools, a suffix, n, log probabilities, …) are refused (unhonoured-fields.ts).
 * Everything else is dropped: engine fields (`n_predict`, `options.num_predict`, `ignore_eos`, `min_tokens`, `n`,
 * `best_of`,
 * `keep_alive`, `ttl`, `id_slot`, `lora`, `grammar`, …) let a consumer generate without limit, multiply the work,
 * pin memory or pick the server's internals.
 */
const ALLOWED: Readonly<Record<LlmIntent, Readonly<Record<string, FieldCheck>>>> = {
  [INTENT_CHAT]: { messages: (v) => Array.isArray(v), ...SAMPLING, response_format: isObject },
  [INTENT_COMPLETION]: { prompt: isString, ...SAMPLING },
  [INTENT_EMBEDDING]: {
    input: (v) => typeof v === 'string' || Array.isArray(v),
    encoding_format: isEncoding,
    dimensions: isInteger,
  },
};
const TOOL_FIELDS: Readonly<Record<string, FieldCheck>> = {
  tools: isTools,
  tool_choice: isToolChoice,
  parallel_tool_calls: isBoolean,
};
const FIM_FIELDS: Readonly<Record<string, FieldCheck>> = { suffix: isString };

/**
 * The backend request for a task payload, or why there is none. Pure (no I/O, plain data in and out), so the task
 * codec can run it on a worker thread for large payloads. `stream`: the answer is asked for as server-sent events,
 * with the usage in a last chunk (chat and completion only). `payloadBytes`: the bytes the consumer's payload took,
 * which bound the prompt's tokens; the backend body's own bytes when not given.
 */
export function buildBackendRequest(
  intent: string,
  payload: unknown,
  o: BuildOptions,
  mode: { stream?: boolean; payloadBytes?: number } = {},
): { ok: true; request: BackendRequest } | { ok: false; error: BackendError } {
  if (isSpeechIntent(intent)) {
    if (mode.stream === true) return fail('unsupported_intent', 'this intent is answered whole, never streamed');
    return buildSpeechRequest(intent, payload, o);
  }
  const path = pathForIntent(intent);
  if (path === null) return fail('unsupported_intent', 'this node does not serve the requested intent');
  const stream = mode.stream === true;
  if (stream && intent === INTENT_EMBEDDING) return fail('unsupported_intent', 'embeddings are not streamed');
  if (!isPlainObject(payload)) return fail('invalid_payload', 'the task payload must be a JSON object');
  const requested = payload.model;
  if (requested !== undefined && requested !== null && typeof requested !== 'string')
    return fail('invalid_payload', 'model must be a string');
  const model = requested ? requested : o.defaultModel;
  if (!model) return fail('no_model', 'the payload names no model and the node has no default model');
  const offered = Object.hasOwn(o.models, model) ? o.models[model] : undefined;
  if (!offered) return fail('model_not_advertised', 'the requested model is not offered by this node');

  const flavour = offered.flavour !== undefined ? offered.flavour : o.flavour;
  const unhonoured = unhonouredField(intent, payload, { ...offered, sampling: samplingTaken(flavour) });
  if (unhonoured !== null) return fail('invalid_payload', unhonoured);

  const body: Record<string, unknown> = { model: offered.id };
  let maxTokens: number | undefined;
  // Embeddings write nothing; chat and completion at most their limit, for one choice (`n` is never sent on).
  let answerTokens = 0;
  const wrong =
    copyAllowed(payload, ALLOWED[intent as LlmIntent], body) ??
    (intent === INTENT_CHAT && offered.tools ? copyAllowed(payload, TOOL_FIELDS, body) : null) ??
    (intent === INTENT_COMPLETION && offered.fim === true && payload.suffix !== ''
      ? copyAllowed(payload, FIM_FIELDS, body)
      : null);
  const wrongSampling = wrong ?? (intent === INTENT_EMBEDDING ? null : copySampling(payload, flavour, body));
  if (wrongSampling !== null) return fail('invalid_payload', `${wrongSampling} has the wrong type`);
  // Judged by `unhonouredField` above: only a chat, and only what the model can do.
  const think = thinkingAsk(payload.think);
  if (think !== null) Object.assign(body, thinkingFields(flavour, offered.thinking, think));
  if (intent !== INTENT_EMBEDDING) {
    const limit = outputLimit(payload, offered.maxTokens);
    if (typeof limit === 'string') return fail('invalid_payload', limit);
    body.max_tokens = limit;
    answerTokens = limit;
    // llama-server reads n_predict first and treats a missing limit as none at all.
    if (flavour === 'llamacpp') body.n_predict = limit;
    body.stream = stream;
    if (stream) {
      body.stream_options = { include_usage: true };
      maxTokens = limit;
    }
  }
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    // Too deep to serialise (a hostile payload): the consumer's fault, not an unreachable backend.
    return fail('invalid_payload', 'the payload cannot be forwarded (nested too deeply)');
  }
  const bound: TokenBound = { promptBytes: mode.payloadBytes ?? Buffer.byteLength(text, 'utf8'), answerTokens };
  return {
    ok: true,
    request:
      maxTokens === undefined ? { path, body: text, model, bound } : { path, body: text, model, maxTokens, bound },
  };
}

/** Copies the fields of `allowed` that the payload has into `body`; the first of the wrong type stops it (its name). */
function copyAllowed(
  payload: Record<string, unknown>,
  allowed: Readonly<Record<string, FieldCheck>>,
  body: Record<string, unknown>,
): string | null {
  for (const [field, check] of Object.entries(allowed)) {
    const value = payload[field];
    if (value === undefined || value === null) continue;
    if (!check(value)) return field;
    body[field] = value;
  }
  return null;
}

/**
 * Writes the sampling settings beyond OpenAI's (already judged takeable by `unhonouredField`) under the server's own
 * names (vLLM's `repetition_penalty`); the first of the wrong type stops it (its name).
 */
function copySampling(
  payload: Record<string, unknown>,
  flavour: BackendFlavour | null,
  body: Record<string, unknown>,
): string | null {
  for (const option of SAMPLING_OPTIONS) {
    const value = payload[option];
    const spelled = serverSpelling(flavour, option);
    if (value === undefined || value === null || spelled === null) continue;
    if (!(option === 'top_k' ? isInteger(value) : isNumber(value))) return option;
    body[spelled] = value;
  }
  return null;
}

/**
 * min(requested, advertised): `max_tokens`, else `max_completion_tokens`, else the advertised limit. A string is
 * refused rather than read: Python servers coerce "999999" and a clamp that skipped it would be no clamp.
 */
function outputLimit(payload: Record<string, unknown>, advertised: number): number | string {
  for (const field of ['max_tokens', 'max_completion_tokens'] as const) {
    const value = payload[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) return `${field} must be a number`;
    if (value < 1) return `${field} must be at least 1`;
    return Math.min(Math.floor(value), advertised);
  }
  return advertised;
}
