import { z } from 'zod';
import { INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING, isSpeechIntent } from '../backends';
import { nestedDeeperThan } from '../net';

/**
 * Input schemas of the three LLM intents, mirroring the IICP registry schemas
 * (`llm-{chat,completion,embedding}-v1-input.json`): required fields and ranges are checked, extra
 * properties are allowed (consumers add `model`, `stream`, …). A test runs the public payload fixtures
 * through these.
 *
 * The arrays a payload may make long (messages, stop words, embedding inputs) are checked element by element
 * outside zod, stopping at the first few problems: zod collects one issue per bad element before anything can be
 * cut, which for a million bad messages is a million issue objects.
 */
const message = z
  .looseObject({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.unknown() })
  .refine((m) => 'content' in m, 'content is required');

interface IntentSchema {
  /** The payload with its long arrays as arrays of anything. */
  shape: z.ZodType;
  /** The long arrays' elements, checked one at a time. */
  elements: { field: string; element: z.ZodType }[];
}

const chat: IntentSchema = {
  shape: z.looseObject({
    messages: z.array(z.unknown()).min(1),
    max_tokens: z.number().int().min(1).optional(),
    temperature: z.number().min(0).max(2).optional(),
    stop: z.array(z.unknown()).optional(),
  }),
  elements: [
    { field: 'messages', element: message },
    { field: 'stop', element: z.string() },
  ],
};

const completion: IntentSchema = {
  shape: z.looseObject({
    prompt: z.string(),
    max_tokens: z.number().int().min(1).optional(),
    temperature: z.number().min(0).max(2).optional(),
  }),
  elements: [],
};

const embedding: IntentSchema = {
  shape: z.looseObject({ input: z.union([z.string(), z.array(z.unknown()).min(1)]) }),
  elements: [{ field: 'input', element: z.string() }],
};

const SCHEMAS: Readonly<Record<string, IntentSchema>> = Object.freeze({
  [INTENT_CHAT]: chat,
  [INTENT_COMPLETION]: completion,
  [INTENT_EMBEDDING]: embedding,
});

/** Problems reported at most; validation stops once it has this many. */
const MAX_PROBLEMS = 5;

/** Deeper than any real request. */
const MAX_DEPTH = 64;

/** null when valid, else a short description of the first problems (field paths only, never values). */
export function payloadProblem(intent: string, payload: unknown): string | null {
  const schema = SCHEMAS[intent];
  // The speech intents' payloads are judged field by field where their request is built (backends/speech-payload.ts).
  if (!schema && isSpeechIntent(intent))
    return nestedDeeperThan(payload, MAX_DEPTH) ? `payload: nested deeper than ${MAX_DEPTH} levels` : null;
  if (!schema) return 'no schema for this intent';
  if (nestedDeeperThan(payload, MAX_DEPTH)) return `payload: nested deeper than ${MAX_DEPTH} levels`;
  if (plainlyValid(intent, payload)) return null;
  const problems: string[] = [];
  const r = schema.shape.safeParse(payload);
  if (!r.success) for (const i of r.error.issues.slice(0, MAX_PROBLEMS)) problems.push(describe(i.path, i.message));
  if (isRecord(payload)) {
    for (const { field, element } of schema.elements) {
      const list = payload[field];
      if (!Array.isArray(list)) continue;
      for (let k = 0; k < list.length && problems.length < MAX_PROBLEMS; k++) {
        const e = element.safeParse(list[k]);
        if (!e.success)
          for (const i of e.error.issues.slice(0, MAX_PROBLEMS - problems.length))
            problems.push(describe([field, k, ...i.path], i.message));
      }
    }
  }
  return problems.length === 0 ? null : problems.join('; ');
}

function describe(path: readonly PropertyKey[], message: string): string {
  return `${path.map(String).join('.') || 'payload'}: ${message}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

function plainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

function stringArray(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const x of v) if (typeof x !== 'string') return false;
  return true;
}

/** max_tokens and temperature as the chat and completion schemas have them (absent, or in range). */
function plainLimits(p: Record<string, unknown>): boolean {
  const m = p.max_tokens;
  const t = p.temperature;
  return (
    (m === undefined || (Number.isSafeInteger(m) && (m as number) >= 1)) &&
    (t === undefined || (typeof t === 'number' && t >= 0 && t <= 2))
  );
}

/**
 * A hand check of the common, valid payloads, costing a fraction of the zod parse on the task path. It only
 * ever says "valid" for payloads the schemas above accept (a strict subset of them: plain JSON objects and
 * arrays); everything else, valid or not, goes through zod, which alone words the problems.
 */
function plainlyValid(intent: string, p: unknown): boolean {
  if (!plainObject(p)) return false;
  if (intent === INTENT_CHAT) {
    const messages = p.messages;
    if (!Array.isArray(messages) || messages.length === 0) return false;
    for (const m of messages) {
      if (!plainObject(m) || typeof m.role !== 'string' || !ROLES.has(m.role) || !Object.hasOwn(m, 'content'))
        return false;
    }
    return plainLimits(p) && (p.stop === undefined || stringArray(p.stop));
  }
  if (intent === INTENT_COMPLETION) return typeof p.prompt === 'string' && plainLimits(p);
  if (intent === INTENT_EMBEDDING) {
    const input = p.input;
    return typeof input === 'string' || (Array.isArray(input) && input.length > 0 && stringArray(input));
  }
  return false;
}
