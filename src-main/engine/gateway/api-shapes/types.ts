/**
 * What the API shapes hand the gateway and take back: an app's request read into one `GatewayAsk`, and the typed
 * refusals every shape function returns instead of throwing.
 */

import type { ThinkingAsk } from '../../backends';

/** The three dialects apps speak to the gateway. */
export type GatewayApi = 'openai' | 'ollama' | 'anthropic';

/** What the network is asked for: the IICP intent family. */
export type GatewayEndpoint = 'chat' | 'completion' | 'embedding';

/** The route an app called, which decides how the answer is worded (Ollama's /api/generate may ask a chat). */
export type GatewayRoute =
  | 'openai.chat'
  | 'openai.completion'
  | 'openai.embedding'
  | 'openai.responses'
  | 'ollama.chat'
  | 'ollama.generate'
  | 'ollama.embed'
  | 'ollama.embeddings'
  | 'anthropic.messages';

export const INTENT_FOR: Readonly<Record<GatewayEndpoint, string>> = Object.freeze({
  chat: 'urn:iicp:intent:llm:chat:v1',
  completion: 'urn:iicp:intent:llm:completion:v1',
  embedding: 'urn:iicp:intent:llm:embedding:v1',
});

/** What the answer must honour beyond the payload: asked by the app, never sent to the node. */
export interface ReplyHints {
  /** OpenAI `stream_options.include_usage`: a last chunk with the usage before `[DONE]`. */
  includeUsage: boolean;
  /** OpenAI embeddings as floats, or as base64 of little-endian float32 (the `openai` package's default). */
  embeddingFormat: 'float' | 'base64';
  /** How many vectors an embedding answer must carry (one per input); null for text answers. */
  inputCount: number | null;
  /**
   * At most one tool call in the answer (OpenAI `parallel_tool_calls: false`, Anthropic
   * `disable_parallel_tool_use`): a node whose model wrote more has the rest cut before the app sees them. Absent: no
   * such limit.
   */
  oneToolCall?: boolean;
}

/**
 * What a request needs of the model that answers it beyond plain text, read from the fields the app sent: only a
 * machine whose adverts say it can honour them is asked (task-route.ts, local-route.ts), else it is refused (400).
 */
export interface AskNeeds {
  /** The request carries `tools`: only a model advertised with `tool_calling`. */
  tools: boolean;
  /** A completion with a `suffix` (fill in the middle): only a model advertised with `fill_in_middle`. */
  fim: boolean;
  /** The context the app asked for (Ollama `options.num_ctx`), in tokens: only a model advertising at least that. */
  contextTokens: number | null;
  /**
   * The sampling settings beyond OpenAI's the request sets (`top_k`, …), named as the app wrote them (`options.top_k`
   * for Ollama): only a model advertised with each one's `sampling:` feature. Absent: none.
   */
  sampling?: readonly string[];
  /**
   * What the request asks of a reasoning model's thinking (Ollama `think`, OpenAI `reasoning_effort`, Responses
   * `reasoning.effort`, Anthropic `thinking`), the field named as the app wrote it: only a model advertised with the
   * control it needs (`thinking`, `thinking:off`, `thinking:effort`). Absent: nothing asked.
   */
  thinking?: { field: string; ask: ThinkingAsk };
}

export const NO_NEEDS: AskNeeds = Object.freeze({ tools: false, fim: false, contextTokens: null });

/** Whether `needs` asks anything of the model beyond plain text. */
export const needsAnything = (needs: AskNeeds): boolean =>
  needs.tools ||
  needs.fim ||
  needs.contextTokens !== null ||
  needs.sampling !== undefined ||
  needs.thinking !== undefined;

export interface GatewayAsk {
  api: GatewayApi;
  endpoint: GatewayEndpoint;
  /** urn:iicp:intent:llm:chat:v1 | …:completion:v1 | …:embedding:v1 */
  intent: string;
  /** Required; a request without one is refused (400). */
  model: string;
  /**
   * The IICP payload in the OpenAI dialect: model, messages|prompt|input, max_tokens, temperature, stop …; never
   * `stream`.
   */
  payload: Record<string, unknown>;
  /** What the app asked for (null = not said). */
  maxTokens: number | null;
  stream: boolean;
  /** From the request where the API carries one; none of the three does today, so null. */
  timeoutMs: number | null;
  route: GatewayRoute;
  reply: ReplyHints;
  /** What the answering model must be able to do; absent: nothing beyond plain text. */
  needs?: AskNeeds;
  /**
   * How many answers the app asked for (OpenAI `n`): each is its own task, so the payload never carries `n`. Absent:
   * one.
   */
  choices?: number;
}

/** A refusal the gateway sends in the app's own error shape (`errors.ts`). */
export interface ShapeRefusal {
  ok: false;
  status: number;
  code: string;
  message: string;
  /** The request field the refusal is about (OpenAI's `param`), when it is about one. */
  param?: string;
}

export type ShapeResult = { ok: true; ask: GatewayAsk } | ShapeRefusal;

/** A buffered answer: the JSON body to send with status 200. */
export type AnswerResult = { ok: true; body: Record<string, unknown> } | ShapeRefusal;

/** A streamed answer: the frames to write in order, under this content type. */
export type StreamResult = { ok: true; contentType: string; frames: string[] } | ShapeRefusal;

/**
 * What an answer is stamped with: the id apps see (the IICP task id fits: it ties the answer to the request list),
 * the clock, and how long the request took (Ollama reports durations).
 */
export interface AnswerStamp {
  id: string;
  nowMs: number;
  elapsedMs?: number;
  /** The most tokens the task could honestly use (claim-check.ts): usage above it is shown cut to it. */
  usageCap?: number;
  /** The token bound sent when the gateway lowered the app's to fit a limit: an answer that reached it was cut. */
  lowered?: number;
}

/** A model the network offers, for the model lists. */
export interface ListedModel {
  id: string;
  ownedBy: string;
  /** What a speech model does (`transcribe`, `speech`, `moderate`); absent: a text model, as before. */
  kind?: SpeechKind;
}

/** The model kinds of the speech intents (`ModelKind`'s, src-shared/contract/setup.ts). */
export type SpeechKind = 'transcribe' | 'speech' | 'moderate';

/** Codes of the shapes' own refusals; the gateway's other codes are in the design's table. */
export const SHAPE_CODES = Object.freeze({
  /** The app's request cannot be read (400). */
  invalidRequest: 'invalid_request',
  /** The node's result is not the answer the intent promises (502); another node may do better. */
  invalidNodeAnswer: 'invalid_node_answer',
  /** The node passed on its model server's failure as a result (502). */
  nodeBackendError: 'node_backend_error',
  /** A field the network cannot honour, or one the API does not define (400); the message names it. */
  unsupportedField: 'unsupported_field',
});
