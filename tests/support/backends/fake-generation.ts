/**
 * How long the fake models talk, per server: which request fields limit generation, what happens at the context,
 * and each server's own errors for limits it refuses. The answer is the echo (the last user message, or the
 * prompt); a model that talks longer than the echo repeats it word by word. Tokens are words (`fakeTokenCount`).
 *
 * llama.cpp b4748 (examples/server/server.cpp `params_from_json_cmpl`, utils.hpp `oaicompat_completion_params_parse`):
 *   `n_predict` is read first, then `max_tokens`; `max_completion_tokens` is not read; -1 (the default) is no limit;
 *   0 or another negative still decodes one token before the budget check stops it; `ignore_eos` suppresses the
 *   natural end; `n` ≠ 1 → 500 "Only one completion choice is allowed"; `/v1/completions` with `best_of`, `echo` or
 *   `suffix` → 500 "Unsupported param: …"; both are thrown outside the handler's try, so the exception handler
 *   answers them as `server_error`. A prompt of ≥ n_ctx tokens is truncated (context shift on, b4748's default) or,
 *   with `--no-context-shift`, refused with 400 "the request exceeds the available context size. try increasing the
 *   context size or enable context shift". Unlimited generation stops at n_ctx_train − prompt (context shift on) or
 *   at the context (off). An embedding input over the physical batch (512) or the slot's context → 500 (see
 *   `llamaCppEmbeddingLimit`).
 * vLLM 0.11 (serving_engine.py `_validate_input`, protocol.py, sampling_params.py): chat reads
 *   `max_completion_tokens or max_tokens`, completions `max_tokens` (default 16); no limit = max_model_len − prompt;
 *   `n` choices (the work is multiplied), `min_tokens` and `ignore_eos` honoured; `best_of` > 1 is refused by the V1
 *   engine; prompt ≥ max_model_len or prompt + max_tokens > max_model_len → 400.
 * Ollama 0.12 `/v1` (openai/openai.go `FromChatRequest`/`FromCompleteRequest`): only `max_tokens` (→ num_predict)
 *   is read; `options`, `max_completion_tokens`, `n`, `ignore_eos`, `min_tokens` are ignored (Go's decoder drops
 *   unknown fields); num_predict < 0 or > 10 × num_ctx becomes 10 × num_ctx (llm/server.go), 0 is no limit; a prompt
 *   over num_ctx is truncated, not refused.
 * LM Studio: `max_tokens`, -1 (or none) = no limit; generation stops at the loaded context (what it does with a
 *   longer prompt is not modelled).
 */
import { factsOf, reportedContext, servedContext } from './fake-facts';
import type { Flavour, State } from './fake-types';
import { type Json, isObject, numberField, words } from './fake-util';

export type Endpoint = 'chat' | 'completion';

export interface Generation {
  ok: true;
  /** The text of each choice. */
  text: string;
  choices: number;
  tokensPerChoice: number;
  /** All choices together: what usage.completion_tokens says and what msPerOutputToken is paid for. */
  generatedTokens: number;
  finish: 'stop' | 'length';
  /** Prompt tokens as processed (after a truncation). */
  promptTokens: number;
}

export interface Refusal {
  ok: false;
  status: number;
  body: Json;
}

/** No fake answer is longer than this many tokens per choice, whatever the limits allow (keeps strings small). */
export const MAX_FAKE_GENERATED = 100_000;

export function llamaCppError(status: number, message: string): Refusal {
  const type =
    {
      400: 'invalid_request_error',
      401: 'authentication_error',
      404: 'not_found_error',
      501: 'not_supported_error',
      503: 'unavailable_error',
    }[status] ?? 'server_error';
  return { ok: false, status, body: { error: { code: status, message, type } } };
}

/** vLLM 0.11's ErrorResponse (`{"error": {message, type, param, code}}`). */
export function vllmError(status: number, message: string, type = 'BadRequestError'): Refusal {
  return { ok: false, status, body: { error: { message, type, param: null, code: status } } };
}

/**
 * One request as the fake server plans its answer: the endpoint and body, the server's state, the model, the text to
 * echo.
 */
export interface GenerationAsk {
  endpoint: Endpoint;
  body: unknown;
  state: State;
  model: string;
  echo: string;
  promptTokens: number;
}

export function planGeneration(flavour: Flavour, ask: GenerationAsk): Generation | Refusal {
  const { body, state, model, echo, promptTokens } = ask;
  const natural = state.naturalTokens ?? words(echo).length;
  switch (flavour) {
    case 'llamacpp':
      return llamaCpp(ask, natural);
    case 'vllm':
      return vllm(ask, natural);
    case 'ollama': {
      const numCtx = servedContext(state, 'ollama', model);
      const requested = numberField(body, 'max_tokens');
      const numPredict = requested === null ? -1 : Math.trunc(requested);
      const limit = numPredict < 0 || numPredict > 10 * numCtx ? 10 * numCtx : numPredict === 0 ? null : numPredict;
      return generate(echo, natural, limit ?? 10 * numCtx, 1, Math.min(promptTokens, numCtx));
    }
    case 'lmstudio': {
      const ctx = servedContext(state, 'lmstudio', model);
      const requested = numberField(body, 'max_tokens');
      const limit = requested !== null && requested > 0 ? Math.trunc(requested) : null;
      return generate(echo, natural, Math.min(limit ?? Infinity, Math.max(0, ctx - promptTokens)), 1, promptTokens);
    }
  }
}

function llamaCpp(
  { endpoint, body, state, model, echo, promptTokens }: GenerationAsk,
  natural: number,
): Generation | Refusal {
  const b = isObject(body) ? body : {};
  if (endpoint === 'completion' && !('prompt' in b)) return llamaCppError(500, '"prompt" is required');
  const n = numberField(b, 'n');
  if (n !== null && Math.trunc(n) !== 1) return llamaCppError(500, 'Only one completion choice is allowed');
  if (endpoint === 'completion') {
    for (const param of ['best_of', 'echo', 'suffix'])
      if (param in b) return llamaCppError(500, `Unsupported param: ${param}`);
  }
  const nCtx = servedContext(state, 'llamacpp', model);
  const nCtxTrain = reportedContext(state, 'llamacpp', model);
  let prompt = promptTokens;
  if (prompt >= nCtx) {
    if (!state.contextShift) {
      return llamaCppError(
        400,
        'the request exceeds the available context size. try increasing the context size or enable context shift',
      );
    }
    // update_slots: n_keep = 0, drop whole blocks of n_ctx/2 from the front until the prompt fits.
    const block = Math.floor(nCtx / 2);
    prompt -= Math.floor((prompt - block) / block) * block;
  }
  const nPredict = Math.trunc(numberField(b, 'n_predict') ?? numberField(b, 'max_tokens') ?? -1);
  const ignoreEos = b.ignore_eos === true;
  const limit = nPredict === -1 ? Infinity : Math.max(1, nPredict);
  let cap = state.contextShift ? Infinity : Math.max(1, nCtx - prompt);
  if (nPredict < 1) cap = Math.min(cap, Math.max(1, nCtxTrain - prompt));
  return generate(echo, ignoreEos ? Infinity : natural, Math.min(limit, cap), 1, prompt);
}

function vllm(
  { endpoint, body, state, model, echo, promptTokens }: GenerationAsk,
  natural: number,
): Generation | Refusal {
  const b = isObject(body) ? body : {};
  const maxLen = servedContext(state, 'vllm', model);
  let requested: number | null;
  if (endpoint === 'chat') requested = numberField(b, 'max_completion_tokens') || numberField(b, 'max_tokens');
  else requested = 'max_tokens' in b ? numberField(b, 'max_tokens') : 16;
  if (promptTokens >= maxLen) {
    return vllmError(
      400,
      `This model's maximum context length is ${maxLen} tokens. However, your request has ${promptTokens} input tokens. Please reduce the length of the input messages.`,
    );
  }
  if (requested !== null && promptTokens + requested > maxLen) {
    return vllmError(
      400,
      `'max_tokens' or 'max_completion_tokens' is too large: ${requested}. This model's maximum context length is ${maxLen} tokens and your request has ${promptTokens} input tokens (${requested} > ${maxLen} - ${promptTokens}).`,
    );
  }
  const maxTokens = Math.min(maxLen - promptTokens, requested ?? Infinity);
  if (maxTokens < 1) return vllmError(400, `max_tokens must be at least 1, got ${maxTokens}.`);
  const n = numberField(b, 'n') ?? 1;
  if (n < 1) return vllmError(400, `n must be at least 1, got ${n}.`);
  const bestOf = numberField(b, 'best_of');
  if (endpoint === 'completion' && bestOf !== null && bestOf > 1)
    return vllmError(400, 'vLLM V1 does not yet support best_of.');
  const minTokens = numberField(b, 'min_tokens') ?? 0;
  if (minTokens < 0) return vllmError(400, `min_tokens must be greater than or equal to 0, got ${minTokens}.`);
  if (minTokens > maxTokens)
    return vllmError(400, `min_tokens must be less than or equal to max_tokens=${maxTokens}, got ${minTokens}.`);
  const target = b.ignore_eos === true ? Infinity : Math.max(natural, minTokens);
  return generate(echo, target, maxTokens, Math.trunc(n), promptTokens);
}

/** `target` tokens if nothing stops the model first (Infinity: it never ends on its own), at most `limit`. */
function generate(echo: string, target: number, limit: number, choices: number, promptTokens: number): Generation {
  const count = Math.max(0, Math.min(target, limit, MAX_FAKE_GENERATED));
  return {
    ok: true,
    text: talk(echo, count),
    choices,
    tokensPerChoice: count,
    generatedTokens: count * choices,
    finish: count >= target ? 'stop' : 'length',
    promptTokens,
  };
}

/** The echo cut or repeated to `count` words (the echo itself, untouched, when it is exactly that long). */
export function talk(echo: string, count: number): string {
  const w = words(echo);
  if (count === w.length) return echo;
  if (count < w.length) return w.slice(0, count).join(' ');
  const unit = w.length > 0 ? w : ['lorem'];
  const out: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = unit[i % unit.length]!;
  return out.join(' ');
}

/** Whether `model` may chat on this server, or the server's refusal (embedding-only models). */
export function chatRefusal(flavour: Flavour, endpoint: Endpoint, state: State, model: string): Refusal | null {
  if (flavour === 'llamacpp') {
    return state.embeddings
      ? llamaCppError(501, 'This server does not support completions. Start it without `--embeddings`')
      : null;
  }
  if (factsOf(state, flavour, model).kind !== 'embedding') return null;
  if (flavour === 'ollama') {
    // server/routes.go ChatHandler/GenerateHandler, rewritten by middleware/openai.go (type api_error, code null).
    const what = endpoint === 'chat' ? 'chat' : 'generate';
    return {
      ok: false,
      status: 400,
      body: { error: { message: `"${model}" does not support ${what}`, type: 'api_error', param: null, code: null } },
    };
  }
  if (flavour === 'lmstudio') return lmStudioWrongKind(model, 'llm');
  return vllmError(
    400,
    endpoint === 'chat'
      ? 'The model does not support Chat Completions API'
      : 'The model does not support Completions API',
  );
}

/** Whether `model` may embed on this server, or the server's refusal. */
export function embeddingRefusal(flavour: Flavour, state: State, model: string): Refusal | null {
  const kind = factsOf(state, flavour, model).kind;
  if (kind === 'embedding') return null;
  // A generative model has pooling type none (handle_embeddings_impl in server.cpp).
  if (flavour === 'llamacpp')
    return llamaCppError(400, "Pooling type 'none' is not OAI compatible. Please use a different pooling type");
  if (flavour === 'lmstudio') return lmStudioWrongKind(model, 'embedding');
  if (flavour === 'vllm') return vllmError(400, 'The model does not support Embeddings API');
  return null;
}

/** llama-server's physical batch (`-ub`, 512 by default): an embedding input must fit in one. */
export const LLAMACPP_UBATCH = 512;

/**
 * llama.cpp b4748 (server.cpp `update_slots`, non-causal slots): an embedding input over the physical batch or over
 * the slot's context is refused with ERROR_TYPE_SERVER, so 500, whatever the model was trained for.
 */
export function llamaCppEmbeddingLimit(state: State, model: string, tokens: readonly number[]): Refusal | null {
  const longest = Math.max(0, ...tokens);
  if (longest > LLAMACPP_UBATCH)
    return llamaCppError(500, 'input is too large to process. increase the physical batch size');
  if (longest > servedContext(state, 'llamacpp', model))
    return llamaCppError(500, 'input is larger than the max context size. skipping');
  return null;
}

/** LM Studio's answer when a model of the other kind is asked for (seen on LM Studio 0.3.x). */
function lmStudioWrongKind(model: string, wanted: 'llm' | 'embedding'): Refusal {
  return {
    ok: false,
    status: 404,
    body: {
      error: {
        message: `Failed to load model "${model}". Error: Model is not ${wanted}.`,
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
    },
  };
}
