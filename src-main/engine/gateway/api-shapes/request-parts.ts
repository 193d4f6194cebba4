/**
 * The pieces the three request readers share: the size limits, the zod schemas of fields every API has, the refusal
 * in plain words, and reading a body into a schema.
 *
 * Long lists are checked for length before their elements are parsed (`boundedList`): zod would otherwise parse
 * every element of a hostile million-item list, and collect an issue for each, before noticing the list is too long.
 */
import { z } from 'zod';
import { nestedDeeperThan } from '../../net';
import { checkFields, type FieldTable } from './field-rules';
import type { ThinkingAsk } from '../../backends';
import { SHAPE_CODES, type AskNeeds, type ShapeRefusal } from './types';

export const LIMITS = Object.freeze({
  /** One text (a message, a prompt, an image as a data URL); the server's body cap bounds the sum. */
  text: 4 * 1024 * 1024,
  /** A short name: a tool, a call id, a stop word. */
  name: 256,
  model: 255,
  messages: 4096,
  parts: 256,
  stop: 16,
  tools: 128,
  inputs: 2048,
  images: 16,
  /** As deep as the node's own payload check lets a payload be. */
  depth: 64,
  /** Choices per request: each one is a whole answer to pay for. */
  choices: 8,
});

/** A list whose length is checked before any element is parsed. */
export function boundedList<T extends z.ZodType>(
  element: T,
  max: number,
  min = 0,
): z.ZodPipe<z.ZodArray<z.ZodUnknown>, z.ZodArray<T>> {
  return z.array(z.unknown()).min(min).max(max).pipe(z.array(element));
}

/** A union whose refusal says what it takes ("must be a text or a list of texts"), or that it is missing. */
export function oneOf<const T extends readonly [z.ZodType, ...z.ZodType[]]>(options: T, takes: string): z.ZodUnion<T> {
  return z.union(options, { error: (issue) => (issue.input === undefined ? 'is required' : takes) });
}

export const Text = z.string().max(LIMITS.text);
export const ShortName = z.string().min(1).max(LIMITS.name);
/** A model name as apps write them (`llama3.1:8b`, `hf.co/org/repo:Q4_K_M`): printable, no spaces. */
export const ModelName = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.model)
  .regex(/^[^\s\p{Cc}]+$/u, { error: 'must be a model name without spaces or control characters' });
export const Temperature = z.number().min(0).max(2);
export const TopP = z.number().min(0).max(1);
export const MaxTokens = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);
export const Penalty = z.number().min(-2).max(2);
export const Seed = z.number().int();
export const StopList = boundedList(z.string().max(LIMITS.name), LIMITS.stop);
/** OpenAI takes one stop word or a list; the IICP payload always carries a list. */
export const Stop = oneOf([z.string().max(LIMITS.name), StopList], 'must be a text or a list of texts');

export function stopList(stop: string | string[] | null | undefined): string[] | undefined {
  if (stop === null || stop === undefined) return undefined;
  return typeof stop === 'string' ? [stop] : stop;
}

/**
 * The sampling settings OpenAI does not define and the local servers do, as llama.cpp names them (Ollama's
 * `options` use the same names): routed to the models whose servers take them, and carried top level in the task.
 */
export const ExtraSampling = {
  top_k: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .nullish(),
  min_p: z.number().min(0).max(1).nullish(),
  repeat_penalty: z.number().min(0).max(100).nullish(),
  typical_p: z.number().min(0).max(1).nullish(),
};
type ExtraSamplingFields = { [K in keyof typeof ExtraSampling]?: z.output<(typeof ExtraSampling)[K]> };

/**
 * The extra sampling settings a body sets: for the task's payload, and the fields they need of the model, named as
 * the app wrote them (`prefix`: `options.` for Ollama).
 */
export function extraSampling(
  body: ExtraSamplingFields,
  prefix = '',
): { payload: Record<string, unknown>; needs: string[] } {
  const payload = compact({
    top_k: body.top_k,
    min_p: body.min_p,
    repeat_penalty: body.repeat_penalty,
    typical_p: body.typical_p,
  });
  return { payload, needs: Object.keys(payload).map((k) => `${prefix}${k}`) };
}

/**
 * OpenAI's reasoning effort (chat's `reasoning_effort`, Responses' `reasoning.effort`) as the nodes take it: `none`
 * turns thinking off, the others set its effort. OpenAI's `minimal` and `xhigh` are efforts no local server has.
 */
export const ReasoningEffort = z.enum(['none', 'low', 'medium', 'high'], {
  error: 'must be "none", "low", "medium" or "high": the network’s models take no other effort',
});

/** An OpenAI reasoning effort as a thinking ask: `none` is thinking off. */
export const effortAsk = (effort: z.output<typeof ReasoningEffort>): ThinkingAsk =>
  effort === 'none' ? false : effort;

/**
 * A thinking ask as the task carries it (`think`, Ollama's spelling, top level) and as the request needs it, the
 * field named as the app wrote it; nothing when the app asked nothing.
 */
export function thinkingAsked(
  field: string,
  ask: ThinkingAsk | null | undefined,
): { payload: { think?: ThinkingAsk }; needs: Pick<AskNeeds, 'thinking'> } {
  if (ask === null || ask === undefined) return { payload: {}, needs: {} };
  return { payload: { think: ask }, needs: { thinking: { field, ask } } };
}

/** The fields that are set: the payload never carries a null the app sent for "not said". */
export function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

export function refuse(message: string): ShapeRefusal {
  return { ok: false, status: 400, code: SHAPE_CODES.invalidRequest, message };
}

/**
 * Reads a request body with a schema: an object, not nested deeper than the node accepts, each field one the API's
 * table takes (field-rules.ts), matching the schema. A refusal names the first field in plain words.
 */
export function readBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  fields?: FieldTable,
): { ok: true; data: z.output<T> } | ShapeRefusal {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return refuse('The request body must be a JSON object.');
  if (nestedDeeperThan(body, LIMITS.depth))
    return refuse(`The request body is nested deeper than ${LIMITS.depth} levels.`);
  const unsupported = fields === undefined ? null : checkFields(fields, body as Record<string, unknown>);
  if (unsupported !== null) return unsupported;
  const parsed = schema.safeParse(body, { error: wording });
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  const path = pathText(issue.path);
  const hint = path === 'model' && issue.code === 'invalid_type' ? ': name one of the models the gateway lists' : '';
  return refuse(`${path === '' ? 'The request body' : path} ${issue.message}${hint}.`);
}

const KIND: Readonly<Record<string, string>> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** zod's issues as predicates in plain words ("is required", "must be a text"); the field's path goes before. */
function wording(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${KIND[issue.expected] ?? issue.expected}`;
    case 'too_big':
      if (issue.origin === 'array') return `may have at most ${issue.maximum} items`;
      if (issue.origin === 'string') return `may be at most ${issue.maximum} characters long`;
      return `must be at most ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be at least ${issue.minimum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'discriminator' in issue && Array.isArray(issue.options)
        ? `must be one of ${issue.options.map(String).join(', ')}`
        : 'is not in a form this API takes';
    default:
      return undefined;
  }
}

/** `['messages', 0, 'content']` → `messages[0].content`. */
function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out;
}
