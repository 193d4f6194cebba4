/**
 * Anthropic's Messages API, the request side: `POST /v1/messages` read into a chat `GatewayAsk`. The top-level
 * `system` becomes the first message with the system role; text blocks become text (the blocks of a message joined
 * by a blank line), image blocks OpenAI `image_url` parts; `max_tokens` is required, as Anthropic's API requires it;
 * `stop_sequences` becomes `stop`. `metadata` and `service_tier` are taken without effect; `top_k` and `thinking`
 * are routed to the models that take them (`thinking` enabled or adaptive asks it to think, disabled not to; its
 * budget is a target, as at Anthropic, and the answer's bound is `max_tokens`); what Anthropic alone runs is refused
 * (field-rules.ts).
 *
 * Tools are carried in OpenAI's form, and only a model that takes tools is asked (`needs.tools`): `tools`
 * (`input_schema` as the function's parameters), `tool_choice` (`auto`, `any` → `required`, `tool` → the named
 * function, `none`; `disable_parallel_tool_use` keeps one call in the answer and reaches the node as
 * `parallel_tool_calls: false`), an assistant's `tool_use` blocks as its `tool_calls` (the input as JSON text), and a
 * user's `tool_result` blocks as `role: "tool"` messages, in order, before the rest of that user's message (a failed
 * tool's result says so first, as OpenAI's messages have no flag for it). Anthropic's own server tools run at
 * Anthropic: refused.
 */
import { z } from 'zod';
import {
  boundedList,
  compact,
  ExtraSampling,
  LIMITS,
  MaxTokens,
  ModelName,
  oneOf,
  readBody,
  refuse,
  ShortName,
  StopList,
  Text,
  thinkingAsked,
  TopP,
} from './request-parts';
import { ANTHROPIC_MESSAGES_NEST, checkNested } from './nested-field-rules';
import { ANTHROPIC_MESSAGES_FIELDS, unsupportedField } from './field-rules';
import { INTENT_FOR, needsAnything, type AskNeeds, type ShapeResult } from './types';

const TextBlock = z.object({ type: z.literal('text'), text: Text });
const ImageSource = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('base64'),
    media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
    data: z.string().min(1).max(LIMITS.text),
  }),
  z.object({ type: z.literal('url'), url: z.string().min(1).max(LIMITS.text) }),
]);
const ImageBlock = z.object({ type: z.literal('image'), source: ImageSource });
const JsonObject = z.record(z.string(), z.unknown());
const ToolUseBlock = z.object({ type: z.literal('tool_use'), id: ShortName, name: ShortName, input: JsonObject });
const ToolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: ShortName,
  // OpenAI's tool messages carry text only, so a result's blocks may be text only.
  content: oneOf([Text, boundedList(TextBlock, LIMITS.parts)], 'must be a text or a list of text blocks').nullish(),
  is_error: z.boolean().nullish(),
});
// An earlier answer's thinking, handed back as the API wrote it: read, then left out of the prompt, as the reasoning
// models' templates leave it out.
const ThinkingBlock = z.object({
  type: z.literal('thinking'),
  thinking: Text,
  signature: z.string().max(LIMITS.text).nullish(),
});
const RedactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string().max(LIMITS.text) });
const Block = z.discriminatedUnion('type', [
  TextBlock,
  ImageBlock,
  ToolUseBlock,
  ToolResultBlock,
  ThinkingBlock,
  RedactedThinkingBlock,
]);

const Content = oneOf(
  [Text, boundedList(Block, LIMITS.parts, 1)],
  'must be a text or a list of text, image, tool_use, tool_result and thinking blocks',
);

const Tool = z.object({
  type: z.literal('custom', { error: "must be custom: Anthropic's own server tools run only at Anthropic" }).nullish(),
  name: ShortName,
  description: Text.nullish(),
  input_schema: JsonObject,
});

const OneCall = z.boolean().nullish();
const ToolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: OneCall }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: OneCall }),
  z.object({ type: z.literal('tool'), name: ShortName, disable_parallel_tool_use: OneCall }),
  z.object({ type: z.literal('none') }),
]);

const MessagesRequest = z.object({
  model: ModelName,
  max_tokens: MaxTokens,
  messages: boundedList(z.object({ role: z.enum(['user', 'assistant']), content: Content }), LIMITS.messages, 1),
  system: oneOf([Text, boundedList(TextBlock, LIMITS.parts)], 'must be a text or a list of text blocks').nullish(),
  stop_sequences: StopList.nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: TopP.nullish(),
  top_k: ExtraSampling.top_k,
  stream: z.boolean().nullish(),
  tools: boundedList(Tool, LIMITS.tools).nullish(),
  tool_choice: ToolChoice.nullish(),
  thinking: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('enabled'), budget_tokens: MaxTokens.min(1024) }),
      z.object({ type: z.literal('adaptive') }),
      z.object({ type: z.literal('disabled') }),
    ])
    .nullish(),
});

type Blocks = z.output<typeof Block>[];
type ContentBlocks = Extract<z.output<typeof Block>, { type: 'text' | 'image' }>[];

function imagePart(source: z.output<typeof ImageSource>): Record<string, unknown> {
  const url = source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url;
  return { type: 'image_url', image_url: { url } };
}

/** Text blocks alone join into one text, which every OpenAI-style server takes; with images, OpenAI content parts. */
function content(blocks: string | ContentBlocks): string | Record<string, unknown>[] {
  if (typeof blocks === 'string') return blocks;
  if (blocks.every((b) => b.type === 'text')) return blocks.map((b) => b.text).join('\n\n');
  return blocks.map((b) => (b.type === 'text' ? { type: 'text', text: b.text } : imagePart(b.source)));
}

const isContent = (b: Blocks[number]): b is ContentBlocks[number] => b.type === 'text' || b.type === 'image';

/** One Anthropic message as OpenAI messages: tool results first (each its own), then what the person or model said. */
function messagesOf(role: 'user' | 'assistant', blocks: string | Blocks): Record<string, unknown>[] {
  if (typeof blocks === 'string') return [{ role, content: blocks }];
  const out: Record<string, unknown>[] = [];
  for (const b of blocks) {
    if (b.type !== 'tool_result') continue;
    const text = typeof b.content === 'string' ? b.content : (b.content ?? []).map((t) => t.text).join('\n\n');
    out.push({ role: 'tool', tool_call_id: b.tool_use_id, content: b.is_error === true ? `Error: ${text}` : text });
  }
  const said = blocks.filter(isContent);
  const calls = blocks.flatMap((b) =>
    b.type === 'tool_use'
      ? [{ id: b.id, type: 'function', function: { name: b.name, arguments: JSON.stringify(b.input) } }]
      : [],
  );
  if (calls.length > 0) out.push({ role, content: said.length > 0 ? content(said) : null, tool_calls: calls });
  else if (said.length > 0 || out.length === 0) out.push({ role, content: content(said) });
  return out;
}

/** As Anthropic's API has it: only the model calls tools (assistant), only the person answers them (user). */
function misplacedBlock(messages: readonly { role: 'user' | 'assistant'; content: string | Blocks }[]): string | null {
  for (const [i, m] of messages.entries()) {
    if (typeof m.content === 'string') continue;
    const wrong = m.role === 'user' ? 'tool_use' : 'tool_result';
    const j = m.content.findIndex((block) => block.type === wrong);
    if (j >= 0)
      return `messages[${i}].content[${j}] is a ${wrong} block, which only ${m.role === 'user' ? 'an assistant' : 'a user'} message may carry.`;
  }
  return null;
}

const TOOL_CHOICE = { auto: 'auto', any: 'required', none: 'none' } as const;

function toolChoice(choice: z.output<typeof ToolChoice> | null | undefined): unknown {
  if (!choice) return undefined;
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : TOOL_CHOICE[choice.type];
}

/** An Anthropic request body read into what the gateway sends; a refusal (400) names the first field that is wrong. */
export function askFromAnthropic(body: unknown): ShapeResult {
  const read = readBody(MessagesRequest, body, ANTHROPIC_MESSAGES_FIELDS);
  if (!read.ok) return read;
  const inner = checkNested(ANTHROPIC_MESSAGES_NEST, body);
  if (inner !== null) return inner;
  const b = read.data;
  const misplaced = misplacedBlock(b.messages);
  if (misplaced !== null) return refuse(misplaced);
  const system = typeof b.system === 'string' ? b.system : (b.system ?? []).map((t) => t.text).join('\n\n');
  const messages = [
    ...(system === '' ? [] : [{ role: 'system', content: system }]),
    ...b.messages.flatMap((m) => messagesOf(m.role, m.content)),
  ];
  const tools = (b.tools ?? []).map((t) => ({
    type: 'function',
    function: compact({ name: t.name, description: t.description, parameters: t.input_schema }),
  }));
  const choice = b.tool_choice;
  // Without tools, `auto` and `none` ask for nothing; `any` and `tool` ask for a call no tool can make.
  if (tools.length === 0 && (choice?.type === 'any' || choice?.type === 'tool')) {
    return unsupportedField(
      'tool_choice',
      'tool_choice: it asks for a tool call, and the request sends no tools; send the request without it.',
    );
  }
  const oneToolCall =
    choice !== null && choice !== undefined && choice.type !== 'none' && choice.disable_parallel_tool_use === true;
  const budget = b.thinking?.type === 'enabled' ? b.thinking.budget_tokens : null;
  if (budget !== null && budget >= b.max_tokens)
    return unsupportedField(
      'thinking',
      'thinking.budget_tokens: it must be below max_tokens, which bounds the thinking and the answer together.',
    );
  const thinking = thinkingAsked('thinking', b.thinking ? b.thinking.type !== 'disabled' : null);
  const payload = {
    model: b.model,
    messages,
    max_tokens: b.max_tokens,
    ...compact({ temperature: b.temperature, top_p: b.top_p, top_k: b.top_k, stop: b.stop_sequences ?? undefined }),
    ...thinking.payload,
    ...(tools.length > 0
      ? {
          tools,
          ...compact({ tool_choice: toolChoice(choice) }),
          ...(oneToolCall ? { parallel_tool_calls: false } : {}),
        }
      : {}),
  };
  const needs: AskNeeds = {
    tools: tools.length > 0,
    fim: false,
    contextTokens: null,
    ...(typeof b.top_k === 'number' ? { sampling: ['top_k'] } : {}),
    ...thinking.needs,
  };
  return {
    ok: true,
    ask: {
      api: 'anthropic',
      endpoint: 'chat',
      intent: INTENT_FOR.chat,
      model: b.model,
      payload,
      maxTokens: b.max_tokens,
      stream: b.stream === true,
      timeoutMs: null,
      route: 'anthropic.messages',
      reply: {
        includeUsage: false,
        embeddingFormat: 'float',
        inputCount: null,
        ...(oneToolCall ? { oneToolCall } : {}),
      },
      ...(needsAnything(needs) ? { needs } : {}),
    },
  };
}
