/**
 * Every request field the three APIs define, and what the gateway does with it: HONOURED (carried to the node that
 * answers), ROUTED (only a machine whose adverts say it can is asked), NO EFFECT (taken, but it labels, bills or tunes
 * a local runtime and cannot change the answer's text) or REFUSED (a 400 before anything is sent, unless it is set to
 * the value that asks for nothing). A field not in a table is refused too: an app that sent it expects something the
 * gateway would otherwise drop without a word. The gateway's README shows these tables; the tests walk every row.
 */
import { cleanForeignText } from '@shared/text/foreign-text';
import { SHAPE_CODES, type ShapeRefusal } from './types';

export type FieldVerdict = 'honoured' | 'routed' | 'no_effect' | 'refused';

export interface FieldRule {
  verdict: FieldVerdict;
  /** For a refused field: why, as the second half of "<field>: <why>; send the request without it." */
  why?: string;
  /** For a refused field: the values that ask for nothing and are taken (null and absence always are). */
  idle?: (value: unknown) => boolean;
  /** For a refused field: what to do instead, when it is not "send the request without it". */
  instead?: string;
}

export type FieldTable = Readonly<Record<string, FieldRule>>;

const HONOURED: FieldRule = { verdict: 'honoured' };
const ROUTED: FieldRule = { verdict: 'routed' };
const NO_EFFECT: FieldRule = { verdict: 'no_effect' };

const isFalse = (v: unknown): boolean => v === false;
const isZero = (v: unknown): boolean => v === 0;
const isEmptyObject = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
const isEmptyList = (v: unknown): boolean => Array.isArray(v) && v.length === 0;

function refused(why: string, idle?: (value: unknown) => boolean, instead?: string): FieldRule {
  return {
    verdict: 'refused',
    why,
    ...(idle === undefined ? {} : { idle }),
    ...(instead === undefined ? {} : { instead }),
  };
}

function honouredAll(...names: string[]): Record<string, FieldRule> {
  return Object.fromEntries(names.map((n) => [n, HONOURED]));
}

const LOGPROBS = "the network's nodes do not return log probabilities";

const OPENAI_SAMPLING = honouredAll(
  'model',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'stream',
  'stream_options',
);
/** The sampling settings beyond OpenAI's that the local servers take: only a model whose server takes each. */
const EXTRA_SAMPLING = ['top_k', 'min_p', 'repeat_penalty', 'typical_p'];
const routedAll = (names: string[]): Record<string, FieldRule> => Object.fromEntries(names.map((n) => [n, ROUTED]));

export const OPENAI_CHAT_FIELDS: FieldTable = Object.freeze({
  ...OPENAI_SAMPLING,
  ...routedAll(EXTRA_SAMPLING),
  messages: HONOURED,
  response_format: HONOURED,
  parallel_tool_calls: HONOURED,
  tools: ROUTED,
  tool_choice: ROUTED,
  user: NO_EFFECT,
  metadata: NO_EFFECT,
  service_tier: NO_EFFECT,
  logprobs: refused(LOGPROBS, isFalse),
  top_logprobs: refused(LOGPROBS, isZero),
  logit_bias: refused('nodes take no token biases', isEmptyObject),
  audio: refused('nodes answer in text only'),
  modalities: refused('nodes answer in text only', (v) => Array.isArray(v) && v.length === 1 && v[0] === 'text'),
  prediction: refused('nodes take no predicted output'),
  web_search_options: refused('nodes do not search the web'),
  reasoning_effort: ROUTED,
  functions: refused('it is the older form of tools: send tools instead'),
  function_call: refused('it is the older form of tool_choice: send tool_choice instead'),
  store: refused('the gateway stores no answers for later', isFalse),
});

export const OPENAI_COMPLETION_FIELDS: FieldTable = Object.freeze({
  ...OPENAI_SAMPLING,
  ...routedAll(EXTRA_SAMPLING),
  prompt: HONOURED,
  suffix: ROUTED,
  user: NO_EFFECT,
  logprobs: refused(LOGPROBS, isZero),
  echo: refused('nodes do not repeat the prompt in the answer', isFalse),
  best_of: refused('nodes write one answer per task: ask for n instead', (v) => v === 1),
  logit_bias: refused('nodes take no token biases', isEmptyObject),
});

export const OPENAI_EMBEDDING_FIELDS: FieldTable = Object.freeze({
  ...honouredAll('model', 'input', 'dimensions', 'encoding_format'),
  user: NO_EFFECT,
});

const isFalseOrZero = (v: unknown): boolean => v === false || v === 0;
const WHOLE_CONVERSATION = 'send the whole conversation in input instead';

/**
 * `/v1/responses` (api-shapes/openai-responses.ts). What Codex CLI sends beside the conversation labels it or hints
 * at caching, and changes no text. `reasoning` (its effort routed, its summary taken), `tools` (functions only) and
 * `truncation` (`disabled` only) are judged by their values in that reader.
 */
export const OPENAI_RESPONSES_FIELDS: FieldTable = Object.freeze({
  ...honouredAll(
    'model',
    'input',
    'instructions',
    'parallel_tool_calls',
    'max_output_tokens',
    'temperature',
    'top_p',
    'text',
    'stream',
  ),
  tools: ROUTED,
  tool_choice: ROUTED,
  ...Object.fromEntries(
    [
      'stream_options',
      'store',
      'include',
      'metadata',
      'client_metadata',
      'user',
      'safety_identifier',
      'prompt_cache_key',
      'service_tier',
      'truncation',
    ].map((n) => [n, NO_EFFECT]),
  ),
  reasoning: ROUTED,
  previous_response_id: refused('the gateway stores no responses', isFalseOrZero, WHOLE_CONVERSATION),
  conversation: refused('the gateway stores no conversations', isFalseOrZero, WHOLE_CONVERSATION),
  prompt: refused('the gateway stores no prompt templates', isFalseOrZero, 'send the instructions and input instead'),
  background: refused('the gateway answers while the request is open', isFalseOrZero),
  top_logprobs: refused(LOGPROBS, isFalseOrZero),
  max_tool_calls: refused("the network's nodes run no built-in tools", isFalseOrZero),
});

/** Ollama's `think`: only a model advertised with what it asks (`thinking`, `thinking:off`, `thinking:effort`). */
const THINK = ROUTED;

export const OLLAMA_CHAT_FIELDS: FieldTable = Object.freeze({
  ...honouredAll('model', 'messages', 'format', 'options', 'stream'),
  tools: ROUTED,
  keep_alive: NO_EFFECT,
  think: THINK,
});

export const OLLAMA_GENERATE_FIELDS: FieldTable = Object.freeze({
  ...honouredAll('model', 'prompt', 'system', 'images', 'format', 'options', 'stream', 'raw'),
  suffix: ROUTED,
  keep_alive: NO_EFFECT,
  think: THINK,
  template: refused("nodes apply the model's own template", (v) => v === ''),
  context: refused('nodes keep no context from an earlier answer: send the history as messages', isEmptyList),
});

export const OLLAMA_EMBED_FIELDS: FieldTable = Object.freeze({
  ...honouredAll('model', 'input', 'dimensions', 'options'),
  keep_alive: NO_EFFECT,
  truncate: refused('nodes do not cut an input to fit the model', isFalse),
});

export const OLLAMA_EMBEDDINGS_FIELDS: FieldTable = Object.freeze({
  ...honouredAll('model', 'prompt', 'options'),
  keep_alive: NO_EFFECT,
});

/** The options that only tune the runtime on the machine that answers: the node chooses these for itself. */
const RUNTIME_OPTIONS = [
  'num_gpu',
  'main_gpu',
  'num_thread',
  'num_batch',
  'use_mmap',
  'use_mlock',
  'numa',
  'low_vram',
  'vocab_only',
  'num_keep',
];
const SAMPLING_OPTIONS = [
  'num_predict',
  'temperature',
  'top_p',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
];
const UNTAKEN_SAMPLING = "nodes take only OpenAI's sampling settings and top_k, min_p, repeat_penalty, typical_p";

/** `options` of /api/chat and /api/generate. */
export const OLLAMA_OPTIONS: FieldTable = Object.freeze({
  ...honouredAll(...SAMPLING_OPTIONS),
  num_ctx: ROUTED,
  ...Object.fromEntries(RUNTIME_OPTIONS.map((n) => [n, NO_EFFECT])),
  ...routedAll(EXTRA_SAMPLING),
  repeat_last_n: refused(UNTAKEN_SAMPLING),
  tfs_z: refused(UNTAKEN_SAMPLING),
  mirostat: refused(UNTAKEN_SAMPLING, isZero),
  mirostat_eta: refused(UNTAKEN_SAMPLING),
  mirostat_tau: refused(UNTAKEN_SAMPLING),
  penalize_newline: refused(UNTAKEN_SAMPLING),
});

/** `options` of the embedding routes: nothing samples a vector, so all but `num_ctx` leave the answer as it is. */
export const OLLAMA_EMBED_OPTIONS: FieldTable = Object.freeze(
  Object.fromEntries(Object.keys(OLLAMA_OPTIONS).map((n) => [n, n === 'num_ctx' ? ROUTED : NO_EFFECT])),
);

export const ANTHROPIC_MESSAGES_FIELDS: FieldTable = Object.freeze({
  ...honouredAll(
    'model',
    'messages',
    'system',
    'max_tokens',
    'temperature',
    'top_p',
    'stop_sequences',
    'stream',
    'tool_choice',
  ),
  tools: ROUTED,
  metadata: NO_EFFECT,
  service_tier: NO_EFFECT,
  top_k: ROUTED,
  thinking: ROUTED,
  container: refused('containers run only at Anthropic'),
  mcp_servers: refused('MCP servers are reached only from Anthropic'),
});

/** A field's name as it is shown back: the app's own text, cleaned and kept short. */
export const FIELD_NAME_CHARS = 64;

export function unsupportedField(field: string, message: string): ShapeRefusal {
  return { ok: false, status: 400, code: SHAPE_CODES.unsupportedField, message, param: field };
}

/**
 * The first field of `body` the table refuses or does not know, as a refusal naming it; null when every field is
 * taken. `prefix` names the object the body sits in (`options.`).
 */
export function checkFields(table: FieldTable, body: Record<string, unknown>, prefix = ''): ShapeRefusal | null {
  for (const [name, value] of Object.entries(body)) {
    const rule = Object.hasOwn(table, name) ? table[name] : undefined;
    if (rule === undefined) {
      const shown = `${prefix}${cleanForeignText(name, FIELD_NAME_CHARS)}`;
      // OpenAI's own words for a field it does not know.
      return unsupportedField(shown, `Unrecognized request argument supplied: ${shown}`);
    }
    if (rule.verdict !== 'refused' || value === null || value === undefined || rule.idle?.(value) === true) continue;
    return unsupportedField(
      `${prefix}${name}`,
      `${prefix}${name}: ${rule.why ?? 'the network cannot honour it'}; ${rule.instead ?? 'send the request without it'}.`,
    );
  }
  return null;
}

/** A plain object, or undefined: the schema reports what else it is. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
