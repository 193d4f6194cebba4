/**
 * The fields inside a request's messages, content parts, tool calls and tools, judged as field-rules.ts judges the
 * top-level ones: each key of each API honoured, routed, without effect or refused, and a key no API defines refused
 * by its path (`messages[0].content[1].foo`). A nested rule is a `FieldRule` like any other, so marking one routed is
 * a change of one line here. The readers run this after their schema has read the body, so every list is bounded.
 */
import {
  ANTHROPIC_MESSAGES_FIELDS,
  checkFields,
  objectOf,
  OLLAMA_CHAT_FIELDS,
  OLLAMA_GENERATE_FIELDS,
  OLLAMA_OPTIONS,
  OPENAI_CHAT_FIELDS,
  OPENAI_RESPONSES_FIELDS,
  type FieldRule,
  type FieldTable,
} from './field-rules';
import type { ShapeRefusal } from './types';

/** How an object of the request is judged: its own fields, the fields its `type` adds, and the objects inside it. */
export interface FieldNest {
  fields: FieldTable;
  /** Per value of the object's `type`: the fields that kind of object adds. */
  kinds?: Readonly<Record<string, FieldTable>>;
  /** The kind an object without a `type` is (a Responses item with a role is a message, as the API takes it). */
  untyped?: string;
  /** The fields whose value is an object (or a list of them) judged by its own nest. */
  inner?: Readonly<Record<string, FieldNest>>;
}

const HONOURED: FieldRule = { verdict: 'honoured' };
/**
 * Also the thinking of earlier turns, which apps hand back as the gateway wrote it: the reasoning models' chat
 * templates leave an earlier answer's thinking out of the prompt, so it changes nothing and is not sent on.
 */
const NO_EFFECT: FieldRule = { verdict: 'no_effect' };

function taken(rule: FieldRule, ...names: string[]): FieldTable {
  return Object.freeze(Object.fromEntries(names.map((n) => [n, rule])));
}

function refused(why: string, idle?: (value: unknown) => boolean): FieldRule {
  return { verdict: 'refused', why, ...(idle === undefined ? {} : { idle }) };
}

const isEmptyList = (v: unknown): boolean => Array.isArray(v) && v.length === 0;
const isEmptyText = (v: unknown): boolean => v === '';
const TEXT_ONLY = 'nodes answer in text only: send the earlier answer as content';
const NO_FILES = 'nodes read no files: send the text as content';

const OPENAI_FUNCTION_CALL: FieldNest = { fields: taken(HONOURED, 'name', 'arguments') };

const OPENAI_PART: FieldNest = {
  fields: taken(HONOURED, 'type'),
  kinds: {
    text: taken(HONOURED, 'text'),
    image_url: taken(HONOURED, 'image_url'),
    input_audio: taken(HONOURED, 'input_audio'),
    file: { file: refused(NO_FILES) },
    refusal: { refusal: refused('nodes take no earlier refusal: send it as text') },
  },
  inner: {
    image_url: { fields: taken(HONOURED, 'url', 'detail') },
    input_audio: { fields: taken(HONOURED, 'data', 'format') },
  },
};

const OPENAI_MESSAGE: FieldNest = {
  fields: {
    ...taken(HONOURED, 'role', 'content', 'name', 'tool_calls', 'tool_call_id'),
    // An answer's message handed back as it came: its empty refusal and citations ask for nothing.
    refusal: refused('nodes take no earlier refusal: send it as content', isEmptyText),
    annotations: NO_EFFECT,
    ...taken(NO_EFFECT, 'reasoning_content', 'reasoning'),
    audio: refused(TEXT_ONLY),
    function_call: refused('it is the older form of tool_calls: send tool_calls instead'),
  },
  inner: {
    content: OPENAI_PART,
    tool_calls: { fields: taken(HONOURED, 'id', 'type', 'function'), inner: { function: OPENAI_FUNCTION_CALL } },
  },
};

const FUNCTION_TOOL: FieldNest = {
  fields: taken(HONOURED, 'type', 'function'),
  inner: { function: { fields: taken(HONOURED, 'name', 'description', 'parameters', 'strict') } },
};

export const OPENAI_CHAT_NEST: FieldNest = {
  fields: OPENAI_CHAT_FIELDS,
  inner: { messages: OPENAI_MESSAGE, tools: FUNCTION_TOOL },
};

const RESPONSES_PART: FieldNest = {
  fields: taken(HONOURED, 'type'),
  kinds: {
    input_text: taken(HONOURED, 'text'),
    output_text: {
      ...taken(HONOURED, 'text'),
      annotations: NO_EFFECT,
      logprobs: refused("the network's nodes do not return log probabilities", isEmptyList),
    },
    input_image: { ...taken(HONOURED, 'image_url', 'detail'), file_id: refused(NO_FILES) },
    input_file: taken(refused(NO_FILES), 'file_id', 'file_data', 'file_url', 'filename'),
  },
};

/** Every input item may carry the id and status the API gave it when it wrote it. */
const ITEM_META = taken(NO_EFFECT, 'id', 'status');

export const OPENAI_RESPONSES_NEST: FieldNest = {
  fields: OPENAI_RESPONSES_FIELDS,
  inner: {
    input: {
      fields: { ...taken(HONOURED, 'type'), ...ITEM_META },
      kinds: {
        message: taken(HONOURED, 'role', 'content'),
        function_call: taken(HONOURED, 'call_id', 'name', 'arguments'),
        function_call_output: taken(HONOURED, 'call_id', 'output'),
        reasoning: taken(HONOURED, 'summary', 'content', 'encrypted_content'),
      },
      untyped: 'message',
      inner: { content: RESPONSES_PART, output: RESPONSES_PART },
    },
    tools: { fields: taken(HONOURED, 'type', 'name', 'description', 'parameters', 'strict') },
  },
};

const OLLAMA_TOOL_CALL: FieldNest = {
  fields: taken(HONOURED, 'id', 'type', 'function'),
  inner: { function: { fields: { ...taken(HONOURED, 'name', 'arguments'), index: NO_EFFECT } } },
};

const OLLAMA_MESSAGE: FieldNest = {
  fields: {
    ...taken(HONOURED, 'role', 'content', 'images', 'tool_calls', 'tool_name', 'tool_call_id'),
    thinking: NO_EFFECT,
  },
  inner: { tool_calls: OLLAMA_TOOL_CALL },
};

const OLLAMA_OPTIONS_NEST: FieldNest = { fields: OLLAMA_OPTIONS };

export const OLLAMA_CHAT_NEST: FieldNest = {
  fields: OLLAMA_CHAT_FIELDS,
  inner: { messages: OLLAMA_MESSAGE, tools: FUNCTION_TOOL, options: OLLAMA_OPTIONS_NEST },
};

export const OLLAMA_GENERATE_NEST: FieldNest = {
  fields: OLLAMA_GENERATE_FIELDS,
  inner: { options: OLLAMA_OPTIONS_NEST },
};

/** A prompt-caching hint: it changes where Anthropic keeps a prefix, never the answer's text. */
const CACHE_CONTROL = { cache_control: NO_EFFECT };

const ANTHROPIC_TEXT = {
  ...taken(HONOURED, 'text'),
  ...CACHE_CONTROL,
  citations: refused('nodes cite no documents', isEmptyList),
};

const ANTHROPIC_BLOCK: FieldNest = {
  fields: { ...taken(HONOURED, 'type'), ...CACHE_CONTROL },
  kinds: {
    text: ANTHROPIC_TEXT,
    image: taken(HONOURED, 'source'),
    tool_use: taken(HONOURED, 'id', 'name', 'input'),
    tool_result: taken(HONOURED, 'tool_use_id', 'content', 'is_error'),
    thinking: taken(NO_EFFECT, 'thinking', 'signature'),
    redacted_thinking: { data: NO_EFFECT },
  },
  inner: {
    source: { fields: taken(HONOURED, 'type', 'media_type', 'data', 'url') },
    content: { fields: { ...taken(HONOURED, 'type'), ...ANTHROPIC_TEXT } },
  },
};

export const ANTHROPIC_MESSAGES_NEST: FieldNest = {
  fields: ANTHROPIC_MESSAGES_FIELDS,
  inner: {
    messages: { fields: taken(HONOURED, 'role', 'content'), inner: { content: ANTHROPIC_BLOCK } },
    system: { fields: { ...taken(HONOURED, 'type'), ...ANTHROPIC_TEXT } },
    tools: { fields: { ...taken(HONOURED, 'type', 'name', 'description', 'input_schema'), ...CACHE_CONTROL } },
  },
};

/**
 * The first field of `value` (an object, or a list of them) its nest refuses or does not know, as a refusal naming
 * its path; null when every field is taken. A value of another form is left to the reader's schema.
 */
export function checkNested(nest: FieldNest, value: unknown, path = ''): ShapeRefusal | null {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const refusal = checkNested(nest, item, `${path}[${i}]`);
      if (refusal !== null) return refusal;
    }
    return null;
  }
  const object = objectOf(value);
  if (object === undefined) return null;
  const kinds = nest.kinds ?? {};
  const type = object.type ?? nest.untyped;
  const kind = typeof type === 'string' && Object.hasOwn(kinds, type) ? kinds[type] : undefined;
  const table = kind === undefined ? nest.fields : { ...nest.fields, ...kind };
  const own = checkFields(table, object, path === '' ? '' : `${path}.`);
  if (own !== null) return own;
  for (const [name, inner] of Object.entries(nest.inner ?? {})) {
    if (!Object.hasOwn(object, name)) continue;
    const refusal = checkNested(inner, object[name], path === '' ? name : `${path}.${name}`);
    if (refusal !== null) return refusal;
  }
  return null;
}
