/**
 * OpenAI's Responses API, the request side: `POST /v1/responses` (what Codex CLI and `openai.responses.create` send)
 * read into the same chat `GatewayAsk` as `/v1/chat/completions`. Input items become chat messages (a `function_call`
 * is the assistant's tool call, a `function_call_output` the tool's answer), `instructions` the system message, and
 * `text.format` the response format. Nothing is stored, so a field that points at a stored response is refused;
 * every field is honoured, accepted without effect on the text (labels, caching hints) or refused by name.
 */
import { checkNested, OPENAI_RESPONSES_NEST } from './nested-field-rules';
import { z } from 'zod';
import { cleanForeignText } from '@shared/text/foreign-text';
import { checkFields, FIELD_NAME_CHARS, OPENAI_RESPONSES_FIELDS, unsupportedField } from './field-rules';
import {
  boundedList,
  compact,
  LIMITS,
  MaxTokens,
  ModelName,
  effortAsk,
  oneOf,
  readBody,
  ReasoningEffort,
  ShortName,
  thinkingAsked,
  Temperature,
  Text,
  TopP,
} from './request-parts';
import { INTENT_FOR, type ShapeRefusal, type ShapeResult } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const InputText = z.object({
  type: z.enum(['input_text', 'output_text']),
  text: Text,
  annotations: z.array(z.unknown()).max(0).optional(),
});
const InputImage = z.object({
  type: z.literal('input_image'),
  image_url: z.string().min(1).max(LIMITS.text),
  detail: z.enum(['auto', 'low', 'high']).nullish(),
});
const Part = z.discriminatedUnion('type', [InputText, InputImage]);
const Content = oneOf(
  [Text, boundedList(Part, LIMITS.parts)],
  'must be a text or a list of input_text, output_text or input_image parts',
);

/** What every input item may carry beside its content: the id and status the API gave it when it wrote it. */
const ITEM_META = { id: ShortName.nullish(), status: z.string().max(32).nullish() };

const MessageItem = z.object({
  type: z.literal('message'),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: Content,
  ...ITEM_META,
});
const FunctionCallItem = z.object({
  type: z.literal('function_call'),
  call_id: ShortName,
  name: ShortName,
  arguments: Text,
  ...ITEM_META,
});
const FunctionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  call_id: ShortName,
  output: oneOf([Text, boundedList(InputText, LIMITS.parts)], 'must be a text or a list of text parts'),
  ...ITEM_META,
});
const SummaryText = z.object({ type: z.literal('summary_text'), text: Text });
/**
 * A reasoning item the app hands back, as the gateway wrote it: read, then left out of the prompt, as the reasoning
 * models' templates leave an earlier turn's thinking out. Thinking only OpenAI could read (encrypted) is refused.
 */
const ReasoningItem = z.object({
  type: z.literal('reasoning'),
  summary: boundedList(SummaryText, LIMITS.parts),
  content: z
    .array(z.unknown())
    .max(0, { error: 'must be empty: the network’s nodes cannot read reasoning back' })
    .nullish(),
  encrypted_content: z.null({ error: 'must be null: the network’s nodes cannot read reasoning back' }).optional(),
  ...ITEM_META,
});
/** An item without a `type` but with a `role` is a message, as the API takes it. */
const Item = z.preprocess(
  (v) => (isObject(v) && !('type' in v) && 'role' in v ? { ...v, type: 'message' } : v),
  z.discriminatedUnion('type', [MessageItem, FunctionCallItem, FunctionCallOutputItem, ReasoningItem]),
);
type InputItem = z.output<typeof Item>;
const ItemList = z.object({ input: z.array(Item) });

const FunctionTool = z.object({
  type: z.literal('function'),
  name: ShortName,
  description: Text.nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const ToolChoice = oneOf(
  [z.enum(['none', 'auto', 'required']), z.object({ type: z.literal('function'), name: ShortName })],
  'must be none, auto, required or a named function',
);

const TextFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: ShortName,
    schema: z.record(z.string(), z.unknown()),
    description: Text.nullish(),
    strict: z.boolean().nullish(),
  }),
]);

const Labels = z
  .record(z.string().max(64), z.string().max(512))
  .refine((m) => Object.keys(m).length <= 16, { error: 'may have at most 16 keys' });
/** A client's own labels (Codex CLI sends its turn's details as one JSON text of about 1 KB): read, never sent on. */
const ClientLabels = z
  .record(z.string().max(128), z.string().max(16_384))
  .refine((m) => Object.keys(m).length <= 32, { error: 'may have at most 32 keys' });

const ResponsesRequest = z.object({
  model: ModelName,
  // A text, or a list read on its own (ItemList) so that a refusal names the item and its field.
  input: oneOf([Text, boundedList(z.unknown(), LIMITS.messages, 1)], 'must be a text or a list of input items'),
  instructions: Text.nullish(),
  tools: boundedList(z.unknown(), LIMITS.tools).nullish(),
  tool_choice: ToolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: MaxTokens.nullish(),
  temperature: Temperature.nullish(),
  top_p: TopP.nullish(),
  text: z.object({ format: TextFormat.nullish(), verbosity: z.literal('medium').nullish() }).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_obfuscation: z.boolean().nullish() }).nullish(),
  store: z.boolean().nullish(),
  include: boundedList(z.literal('reasoning.encrypted_content'), 4).nullish(),
  metadata: Labels.nullish(),
  client_metadata: ClientLabels.nullish(),
  user: z.string().max(LIMITS.name).nullish(),
  safety_identifier: z.string().max(LIMITS.name).nullish(),
  prompt_cache_key: z.string().max(LIMITS.name).nullish(),
  service_tier: z.string().max(32).nullish(),
  truncation: z.literal('disabled').nullish(),
  // A summary is asked for whatever the model (Codex CLI always asks): the reasoning item the gateway writes carries
  // the model's thinking as it came. An effort is routed as chat's `reasoning_effort` is.
  reasoning: z
    .object({ effort: ReasoningEffort.nullish(), summary: z.enum(['auto', 'concise', 'detailed']).nullish() })
    .nullish(),
});

/**
 * What the field table (field-rules.ts) cannot say of a field by its name alone: a reasoning setting other than an
 * effort and a summary, a tool that is not a function, and truncation the nodes would have to do; refused before the
 * schema reads them, so the refusal names the field.
 */
function refusedValue(body: Record<string, unknown>): ShapeRefusal | null {
  const reasoning = body.reasoning;
  const other = isObject(reasoning)
    ? Object.entries(reasoning).find(([k, v]) => k !== 'summary' && k !== 'effort' && v !== null && v !== undefined)
    : undefined;
  if (other !== undefined) {
    const name = `reasoning.${cleanForeignText(other[0], FIELD_NAME_CHARS)}`;
    return unsupportedField(name, `${name}: the network’s nodes take only an effort and a summary; send it without.`);
  }
  if (Array.isArray(body.tools)) {
    const other = body.tools.slice(0, LIMITS.tools).find((t) => !isObject(t) || t.type !== 'function');
    if (other !== undefined) {
      const type =
        isObject(other) && typeof other.type === 'string' ? cleanForeignText(other.type, FIELD_NAME_CHARS) : 'unknown';
      return unsupportedField(
        'tools',
        `tools: only function tools are taken; the network’s nodes cannot run a tool of type ${type}.`,
      );
    }
  }
  if (body.truncation === 'auto')
    return unsupportedField(
      'truncation',
      'truncation: the network’s nodes do not cut a long input; send it without truncation or with disabled.',
    );
  return null;
}

type MessageContent = z.output<typeof MessageItem>['content'];

/** The text of a content: its text parts joined (an image has none). */
function textOf(content: MessageContent): string {
  return typeof content === 'string' ? content : content.map((p) => (p.type === 'input_image' ? '' : p.text)).join('');
}

/** A message's content as the chat schema takes it: text stays text; parts with an image become chat's parts. */
function chatContent(content: MessageContent): unknown {
  if (typeof content === 'string' || content.every((p) => p.type !== 'input_image')) return textOf(content);
  return content.map((p) =>
    p.type === 'input_image'
      ? { type: 'image_url', image_url: compact({ url: p.image_url, detail: p.detail }) }
      : { type: 'text', text: p.text },
  );
}

/** The input items as chat messages: calls that follow each other are one assistant turn, as chat carries them. */
function chatMessages(instructions: string | null | undefined, input: string | InputItem[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (instructions) out.push({ role: 'system', content: instructions });
  if (typeof input === 'string') return [...out, { role: 'user', content: input }];
  for (const item of input) {
    if (item.type === 'reasoning') continue;
    if (item.type === 'message') {
      const role = item.role === 'developer' ? 'system' : item.role;
      // An assistant's turn is text in chat; only the app's own messages carry images.
      out.push({ role, content: role === 'assistant' ? textOf(item.content) : chatContent(item.content) });
    } else if (item.type === 'function_call') {
      const call = { id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } };
      const last = out.at(-1);
      if (last?.role === 'assistant') last.tool_calls = [...((last.tool_calls as unknown[] | undefined) ?? []), call];
      else out.push({ role: 'assistant', content: null, tool_calls: [call] });
    } else {
      out.push({ role: 'tool', tool_call_id: item.call_id, content: textOf(item.output) });
    }
  }
  return out;
}

/** A `/v1/responses` body read into the chat ask the network is sent; a refusal (400) names the first wrong field. */
export function askFromResponses(body: unknown): ShapeResult {
  if (isObject(body)) {
    const refused = checkFields(OPENAI_RESPONSES_FIELDS, body) ?? refusedValue(body);
    if (refused) return refused;
  }
  const read = readBody(ResponsesRequest, body);
  if (!read.ok) return read;
  const b = read.data;
  const tools = (b.tools ?? []).map((t) => FunctionTool.safeParse(t));
  const bad = tools.findIndex((t) => !t.success);
  if (bad >= 0)
    return {
      ok: false,
      status: 400,
      code: 'invalid_request',
      message: `tools[${bad}] must be a function tool with a name (and optional description, parameters and strict).`,
    };
  const functions = tools.map((t) => t.data!);
  if (b.tool_choice && b.tool_choice !== 'none' && b.tool_choice !== 'auto' && functions.length === 0) {
    return unsupportedField(
      'tool_choice',
      'tool_choice: it needs tools; send tools with it, or the request without it.',
    );
  }
  let input: string | InputItem[];
  if (typeof b.input === 'string') input = b.input;
  else {
    const items = readBody(ItemList, { input: b.input });
    if (!items.ok) return items;
    input = items.data.input;
  }
  const inner = checkNested(OPENAI_RESPONSES_NEST, body);
  if (inner !== null) return inner;
  const messages = chatMessages(b.instructions, input);
  if (messages.length === 0)
    return {
      ok: false,
      status: 400,
      code: 'invalid_request',
      message: 'input must hold at least one message or tool result.',
    };
  const format = b.text?.format;
  const effort = b.reasoning?.effort;
  const thinking = thinkingAsked(
    'reasoning.effort',
    effort === null || effort === undefined ? null : effortAsk(effort),
  );
  const payload = {
    model: b.model,
    messages,
    ...thinking.payload,
    ...compact({
      max_tokens: b.max_output_tokens,
      temperature: b.temperature,
      top_p: b.top_p,
      response_format: !format
        ? undefined
        : format.type === 'json_schema'
          ? {
              type: 'json_schema',
              json_schema: compact({
                name: format.name,
                schema: format.schema,
                description: format.description,
                strict: format.strict,
              }),
            }
          : { type: format.type },
      tools:
        functions.length === 0
          ? undefined
          : functions.map((f) => ({
              type: 'function',
              function: compact({
                name: f.name,
                description: f.description,
                parameters: f.parameters,
                strict: f.strict,
              }),
            })),
      tool_choice:
        !b.tool_choice || functions.length === 0
          ? undefined
          : typeof b.tool_choice === 'string'
            ? b.tool_choice
            : { type: 'function', function: { name: b.tool_choice.name } },
    }),
  };
  return {
    ok: true,
    ask: {
      api: 'openai',
      endpoint: 'chat',
      intent: INTENT_FOR.chat,
      route: 'openai.responses',
      model: b.model,
      payload,
      maxTokens: b.max_output_tokens ?? null,
      stream: b.stream === true,
      timeoutMs: null,
      reply: {
        includeUsage: false,
        embeddingFormat: 'float',
        inputCount: null,
        ...(b.parallel_tool_calls === false && functions.length > 0 ? { oneToolCall: true } : {}),
      },
      needs: { tools: functions.length > 0, fim: false, contextTokens: null, ...thinking.needs },
    },
  };
}
