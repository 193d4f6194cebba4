/**
 * Payload validation of the three LLM intents. The zod schemas mirror the registry's JSON schemas
 * (`llm-{chat,completion,embedding}-v1-input.json`); the shared payload fixture and a small independent
 * JSON-schema checker show that they accept and refuse the same payloads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING } from '@engine/backends';
import { payloadProblem } from '@engine/server/payload-schemas';

const FIXTURES = path.resolve(process.cwd(), '../shared/protocol/fixtures');
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));

interface PayloadCase {
  id: string;
  intent: string;
  valid: boolean;
  payload: unknown;
}
const ALL_CASES = (readJson('intent-payloads-v1.json') as { cases: PayloadCase[] }).cases;
const LLM_INTENTS = [INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING];
const LLM_CASES = ALL_CASES.filter((c) => LLM_INTENTS.includes(c.intent));

/** `urn:iicp:intent:llm:chat:v1` → the registry schema `llm-chat-v1-input.json`. */
function registrySchema(intent: string): JsonSchema {
  const [, , , domain, action, version] = intent.split(':');
  return readJson(`schemas/${domain}-${action}-${version}-input.json`) as JsonSchema;
}

/**
 * Just enough JSON Schema for the three input schemas — `type`, `required`, `properties`, `items`,
 * `minItems`, `enum`, `minimum`, `maximum`, `oneOf` — written independently of zod. true = valid.
 */
interface JsonSchema {
  type?: string;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  oneOf?: JsonSchema[];
}
function conforms(schema: JsonSchema, v: unknown): boolean {
  if (schema.oneOf && schema.oneOf.filter((s) => conforms(s, v)).length !== 1) return false;
  switch (schema.type) {
    case undefined:
      break;
    case 'object':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      break;
    case 'array':
      if (!Array.isArray(v)) return false;
      break;
    case 'integer':
      if (!Number.isInteger(v)) return false;
      break;
    case 'number':
      if (typeof v !== 'number') return false;
      break;
    case 'string':
      if (typeof v !== 'string') return false;
      break;
    default:
      throw new Error(`checker does not know type ${schema.type}`);
  }
  if (schema.enum && !schema.enum.includes(v)) return false;
  if (typeof v === 'number') {
    if (schema.minimum !== undefined && v < schema.minimum) return false;
    if (schema.maximum !== undefined && v > schema.maximum) return false;
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems) return false;
    const items = schema.items;
    if (items && !v.every((x) => conforms(items, x))) return false;
  } else if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (schema.required && !schema.required.every((k) => k in o)) return false;
    for (const [k, sub] of Object.entries(schema.properties ?? {})) if (k in o && !conforms(sub, o[k])) return false;
  }
  return true;
}

const user = (content: unknown) => ({ role: 'user', content });

/** Edge cases beyond the fixture: [name, intent, payload, valid]. */
const EDGE_CASES: [string, string, unknown, boolean][] = [
  [
    'chat: messages with extra fields (name, tool_call_id)',
    INTENT_CHAT,
    { messages: [{ role: 'tool', content: 'ok', name: 'x', tool_call_id: 'c1' }] },
    true,
  ],
  [
    'chat: content as an array of parts',
    INTENT_CHAT,
    {
      messages: [
        user([
          { type: 'text', text: 'hi' },
          { type: 'image_url', image_url: { url: 'data:,' } },
        ]),
      ],
    },
    true,
  ],
  [
    'chat: content null (assistant tool call)',
    INTENT_CHAT,
    { messages: [{ role: 'assistant', content: null, tool_calls: [] }] },
    true,
  ],
  [
    'chat: extra top-level fields (model, stream)',
    INTENT_CHAT,
    { messages: [user('x')], model: 'm', stream: true },
    true,
  ],
  ['chat: temperature at the bounds 0 and 2', INTENT_CHAT, { messages: [user('x')], temperature: 2, top_p: 0 }, true],
  ['chat: temperature 3', INTENT_CHAT, { messages: [user('x')], temperature: 3 }, false],
  ['chat: temperature -0.1', INTENT_CHAT, { messages: [user('x')], temperature: -0.1 }, false],
  ['chat: max_tokens 0', INTENT_CHAT, { messages: [user('x')], max_tokens: 0 }, false],
  ['chat: max_tokens 1.5', INTENT_CHAT, { messages: [user('x')], max_tokens: 1.5 }, false],
  ['chat: max_tokens 1', INTENT_CHAT, { messages: [user('x')], max_tokens: 1 }, true],
  ['chat: stop as an array of strings', INTENT_CHAT, { messages: [user('x')], stop: ['\n'] }, true],
  [
    'chat: stop as a bare string (the schema wants an array)',
    INTENT_CHAT,
    { messages: [user('x')], stop: '\n' },
    false,
  ],
  ['chat: empty messages', INTENT_CHAT, { messages: [] }, false],
  ['chat: messages not an array', INTENT_CHAT, { messages: 'hi' }, false],
  ['chat: a message without content', INTENT_CHAT, { messages: [{ role: 'user' }] }, false],
  ['chat: a message without role', INTENT_CHAT, { messages: [{ content: 'x' }] }, false],
  ['chat: an unknown role', INTENT_CHAT, { messages: [{ role: 'wizard', content: 'x' }] }, false],
  ['chat: a message that is not an object', INTENT_CHAT, { messages: ['hi'] }, false],
  ['completion: prompt not a string', INTENT_COMPLETION, { prompt: 42 }, false],
  ['completion: max_tokens 0', INTENT_COMPLETION, { prompt: 'x', max_tokens: 0 }, false],
  ['completion: temperature 3', INTENT_COMPLETION, { prompt: 'x', temperature: 3 }, false],
  ['completion: empty prompt', INTENT_COMPLETION, { prompt: '' }, true],
  ['embedding: a single string', INTENT_EMBEDDING, { input: 'x' }, true],
  ['embedding: input []', INTENT_EMBEDDING, { input: [] }, false],
  ['embedding: numbers in input', INTENT_EMBEDDING, { input: [1, 2] }, false],
  ['embedding: no input', INTENT_EMBEDDING, { model: 'm' }, false],
];
for (const intent of LLM_INTENTS) {
  for (const [what, payload] of [
    ['null', null],
    ['an array', []],
    ['a string', 'hi'],
    ['a number', 42],
    ['a boolean', true],
  ] as const) {
    EDGE_CASES.push([`${intent.split(':')[4]}: payload is ${what}`, intent, payload, false]);
  }
}

describe('the shared payload fixture (intent-payloads-v1.json)', () => {
  it('has valid and invalid cases for each of chat, completion and embedding', () => {
    for (const intent of LLM_INTENTS) {
      expect(
        LLM_CASES.filter((c) => c.intent === intent)
          .map((c) => c.valid)
          .sort(),
      ).toEqual([false, true]);
    }
  });

  it.each(LLM_CASES.map((c) => [c.id, c] as const))(
    '%s: payloadProblem() is null exactly when the case is valid',
    (_id, c) => {
      const problem = payloadProblem(c.intent, c.payload);
      if (c.valid) expect(problem).toBeNull();
      else expect(problem).toEqual(expect.any(String));
    },
  );
});

describe('edge cases', () => {
  it.each(EDGE_CASES)('%s', (_what, intent, payload, valid) => {
    expect(payloadProblem(intent, payload) === null).toBe(valid);
  });

  it('names field paths in a problem, never the values sent', () => {
    const problem = payloadProblem(INTENT_CHAT, {
      messages: [{ role: 'secret-role', content: 'secret text' }],
      temperature: 7,
    });
    expect(problem).toMatch(/messages\.0\.role/);
    expect(problem).toMatch(/temperature/);
    expect(problem).not.toMatch(/secret/);
  });

  it('has no schema for intents the node does not serve', () => {
    expect(payloadProblem('urn:iicp:intent:vision:detect:v1', { input: 'x' })).toBe('no schema for this intent');
  });

  it('leaves the speech intents to their own judge (backends/speech-payload.ts), depth still held', () => {
    expect(payloadProblem('urn:iicp:intent:audio:speech:v1', { input: 'x' })).toBeNull();
    let deep: unknown = 'x';
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(payloadProblem('urn:iicp:intent:safety:moderate:v1', { input: deep })).toMatch(/nested deeper/);
  });
});

describe('zod mirrors against the registry JSON schemas', () => {
  const cases: [string, string, unknown][] = [
    ...LLM_CASES.map((c) => [c.id, c.intent, c.payload] as [string, string, unknown]),
    ...EDGE_CASES.map(([what, intent, payload]) => [what, intent, payload] as [string, string, unknown]),
  ];

  it('the independent checker reproduces the fixture verdicts', () => {
    for (const c of LLM_CASES) expect(conforms(registrySchema(c.intent), c.payload), c.id).toBe(c.valid);
  });

  it.each(cases)('%s: zod and the JSON schema agree', (_what, intent, payload) => {
    expect(payloadProblem(intent, payload) === null).toBe(conforms(registrySchema(intent), payload));
  });
});
