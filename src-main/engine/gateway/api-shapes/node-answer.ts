/**
 * A node's result read into what the answers are built from. The result is someone else's JSON: only the fields an
 * answer needs are taken, each checked, and a result that is not what the intent promises is a typed refusal (502)
 * the gateway can count as the node's failure, never a throw. Every answer the app gets is built afresh from this,
 * so nothing else a node put in its result reaches the app.
 */
import { z } from 'zod';
import { estimateTokens, thoughtIn } from '../../backends';
import { endAtBound } from './bound-cut';
import { boundedList, LIMITS } from './request-parts';
import { NO_USAGE, usageOf, type TokenUsage } from './tokens';
import { SHAPE_CODES, type GatewayAsk, type ShapeRefusal } from './types';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as OpenAI carries a call's arguments. */
  arguments: string;
}

export interface TextChoice {
  text: string;
  /** What a reasoning model thought before its text; '' when none. */
  reasoning: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
}

export interface TextAnswer {
  kind: 'text';
  choices: TextChoice[];
  usage: TokenUsage;
  /** False when the node said nothing readable about tokens (the usage is then zeros). */
  usageKnown: boolean;
}

export interface EmbeddingAnswer {
  kind: 'embedding';
  /** One per input, in the inputs' order. */
  vectors: number[][];
  usage: TokenUsage;
  usageKnown: boolean;
}

export type NodeAnswer = TextAnswer | EmbeddingAnswer;

/** The longest embedding believed; real models stay far below. */
const MAX_DIMENSIONS = 65_536;

const NodeToolCall = z.looseObject({
  id: z.string().max(LIMITS.name).optional(),
  function: z.looseObject({
    name: z.string().min(1).max(LIMITS.name),
    // Some servers send the arguments as an object rather than as JSON text.
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  }),
});

const TextPart = z.looseObject({ type: z.string(), text: z.string().optional() });

/** Servers name a reasoning model's thinking either way: llama.cpp and older vLLM the first, newer ones the second. */
const Reasoning = z.string().max(LIMITS.text).nullish().catch(null);

const ChatChoice = z.looseObject({
  message: z.looseObject({
    content: z.union([z.string(), boundedList(TextPart, LIMITS.parts)]).nullish(),
    reasoning_content: Reasoning,
    reasoning: Reasoning,
    tool_calls: boundedList(NodeToolCall, LIMITS.tools).nullish(),
  }),
  finish_reason: z.unknown().optional(),
});

const CompletionChoice = z.looseObject({ text: z.string(), finish_reason: z.unknown().optional() });

const EmbeddingItem = z.looseObject({
  embedding: boundedList(z.number(), MAX_DIMENSIONS, 1),
  index: z.number().int().min(0).optional(),
});

// Built once: making a zod schema costs more than checking a short answer with it, and this runs on every answer.
const ChoiceList = boundedList(z.unknown(), LIMITS.choices * 4, 1);
const EmbeddingList = boundedList(EmbeddingItem, LIMITS.inputs, 1);

const WHAT: Readonly<Record<GatewayAsk['endpoint'], string>> = {
  chat: 'a chat completion',
  completion: 'a text completion',
  embedding: 'a list of embeddings',
};

/**
 * Reads the node's result for the ask's endpoint; a refusal says what was wrong without quoting the node. `lowered` is
 * the token bound the gateway sent when it lowered the app's to fit a limit: an answer that reached it ends `length`
 * (bound-cut.ts).
 */
export function readNodeAnswer(
  ask: GatewayAsk,
  result: unknown,
  lowered?: number,
): { ok: true; answer: NodeAnswer } | ShapeRefusal {
  if (typeof result !== 'object' || result === null || Array.isArray(result))
    return invalid(ask, 'it is not a JSON object');
  const backendStatus = backendFailure(result as Record<string, unknown>);
  if (backendStatus !== undefined) {
    const status = backendStatus === null ? '' : ` (status ${backendStatus})`;
    return {
      ok: false,
      status: 502,
      code: SHAPE_CODES.nodeBackendError,
      message: `The node's model server could not answer${status}.`,
    };
  }
  const usage = usageOf(result);
  const known = { usage: usage ?? { ...NO_USAGE }, usageKnown: usage !== null };
  const record = result as Record<string, unknown>;
  if (ask.endpoint === 'embedding') {
    const vectors = readVectors(record.data, ask.reply.inputCount);
    return typeof vectors === 'string'
      ? invalid(ask, vectors)
      : { ok: true, answer: { kind: 'embedding', vectors, ...known } };
  }
  const choices = readChoices(ask, record.choices);
  if (typeof choices === 'string') return invalid(ask, choices);
  const completion = usage?.completion ?? null;
  const ended = choices.map((c) => ({ ...c, finishReason: endAtBound(c.finishReason, completion, lowered) }));
  return { ok: true, answer: { kind: 'text', choices: ended, ...known, usage: withReasoning(known.usage, choices) } };
}

/**
 * The usage with its reasoning tokens when the model thought aloud: the server's figure where it gave one, else the
 * node's own estimate of the thinking's bytes (`estimateTokens`, as the node counts what a model wrote).
 */
function withReasoning(usage: TokenUsage, choices: readonly TextChoice[]): TokenUsage {
  const thought = choices.reduce((n, c) => n + Buffer.byteLength(c.reasoning, 'utf8'), 0);
  if (thought === 0 || usage.reasoning !== undefined) return usage;
  return { ...usage, reasoning: estimateTokens(thought) };
}

function invalid(ask: GatewayAsk, why: string): ShapeRefusal {
  return {
    ok: false,
    status: 502,
    code: SHAPE_CODES.invalidNodeAnswer,
    message: `The node's answer was not ${WHAT[ask.endpoint]}: ${why}.`,
  };
}

/**
 * A model server's failure passed on as a result: the reference node's `{error_code, error_message}` envelope, or
 * an OpenAI-style `{error: {…}}`. undefined when the result is not one; its status (or null) when it is.
 */
function backendFailure(result: Record<string, unknown>): number | null | undefined {
  if ('choices' in result || 'data' in result) return undefined;
  if (!('error_code' in result) && !('error' in result)) return undefined;
  const code = result.error_code;
  return typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599 ? code : null;
}

/**
 * The choices the app asked for, read in order. With `reply.oneToolCall` (the app said its calls must not run side
 * by side) a model that wrote several calls keeps only its first, for every API's answer alike.
 */
function readChoices(ask: GatewayAsk, raw: unknown): TextChoice[] | string {
  const asked = ask.choices ?? 1;
  const list = ChoiceList.safeParse(raw);
  if (!list.success) return 'it has no choices';
  const choices: TextChoice[] = [];
  for (const item of list.data.slice(0, asked)) {
    const choice = ask.endpoint === 'chat' ? chatChoice(item) : completionChoice(item);
    if (choice === null) return `choice ${choices.length} is not ${ask.endpoint === 'chat' ? 'a message' : 'a text'}`;
    choices.push(ask.reply.oneToolCall === true ? { ...choice, toolCalls: choice.toolCalls.slice(0, 1) } : choice);
  }
  return choices;
}

function chatChoice(raw: unknown): TextChoice | null {
  const parsed = ChatChoice.safeParse(raw);
  if (!parsed.success) return null;
  const { content, tool_calls: calls } = parsed.data.message;
  const text =
    typeof content === 'string'
      ? content
      : (content ?? []).map((p) => (p.type === 'text' ? (p.text ?? '') : '')).join('');
  const toolCalls = (calls ?? []).map((c, i) => ({
    id: c.id !== undefined && c.id !== '' ? c.id : `call_${i}`,
    name: c.function.name,
    arguments:
      typeof c.function.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function.arguments ?? {}),
  }));
  const thought = thoughtIn(parsed.data.message);
  const reasoning = typeof thought === 'string' ? thought : '';
  return { text, reasoning, toolCalls, finishReason: finishReason(parsed.data.finish_reason, toolCalls.length > 0) };
}

/**
 * A call's arguments as the object Ollama's and Anthropic's answers carry, or null when the JSON text is not an
 * object (a model can write broken JSON; the app then gets a well-formed error, not a broken answer). No arguments
 * at all read as none: `{}`.
 */
export function argumentsObject(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The refusal (502) of an answer whose tool call's arguments are not a JSON object: the model's fault, not the app's.
 */
export function badArguments(): ShapeRefusal {
  return {
    ok: false,
    status: 502,
    code: SHAPE_CODES.invalidNodeAnswer,
    message: "The node's answer called a tool with arguments that are not a JSON object.",
  };
}

function completionChoice(raw: unknown): TextChoice | null {
  const parsed = CompletionChoice.safeParse(raw);
  return parsed.success
    ? {
        text: parsed.data.text,
        reasoning: '',
        toolCalls: [],
        finishReason: finishReason(parsed.data.finish_reason, false),
      }
    : null;
}

const FINISH_REASONS = new Set<string>(['stop', 'length', 'tool_calls', 'content_filter']);

/** The node's reason when it is one OpenAI defines; a finished answer otherwise ("stop", or the calls it made). */
function finishReason(raw: unknown, calledTools: boolean): FinishReason {
  if (typeof raw === 'string' && FINISH_REASONS.has(raw)) return raw as FinishReason;
  if (raw === 'function_call') return 'tool_calls';
  return calledTools ? 'tool_calls' : 'stop';
}

/** The vectors in the inputs' order: by `index` when every item has a distinct one, else as listed. */
function readVectors(raw: unknown, inputCount: number | null): number[][] | string {
  const list = EmbeddingList.safeParse(raw);
  if (!list.success) return 'its data is not a list of number vectors';
  const items = list.data;
  if (inputCount !== null && items.length !== inputCount)
    return `it has ${items.length} vectors for ${inputCount} inputs`;
  const byIndex: number[][] = [];
  for (const item of items)
    if (item.index !== undefined && item.index < items.length) byIndex[item.index] = item.embedding;
  // Array.from turns holes into undefined, which `every` on the sparse array would skip.
  const complete = byIndex.length === items.length && Array.from(byIndex).every((v) => v !== undefined);
  return complete ? byIndex : items.map((item) => item.embedding);
}
