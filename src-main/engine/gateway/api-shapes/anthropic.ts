/**
 * Anthropic's Messages API, the request side: `POST /v1/messages` read into a chat `GatewayAsk`. The top-level
 * `system` becomes the first message with the system role; text blocks become text (the blocks of a message joined
 * by a blank line), image blocks OpenAI `image_url` parts; `max_tokens` is required, as Anthropic's API requires it;
 * `stop_sequences` becomes `stop`. `top_k`, `metadata` and `thinking` have no OpenAI counterpart and are dropped.
 * Tools are refused: their calls and results would have to be carried both ways, and the OpenAI API
 * (`/v1/chat/completions`) already carries them.
 */
import { z } from 'zod';
import { boundedList, compact, LIMITS, MaxTokens, ModelName, oneOf, readBody, refuse, StopList, Text, TopP } from './request-parts';
import { INTENT_FOR, type ShapeResult } from './types';

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
const Block = z.discriminatedUnion('type', [TextBlock, ImageBlock]);

const Content = oneOf([Text, boundedList(Block, LIMITS.parts, 1)], 'must be a text or a list of text and image blocks');

const MessagesRequest = z.object({
  model: ModelName,
  max_tokens: MaxTokens,
  messages: boundedList(z.object({ role: z.enum(['user', 'assistant']), content: Content }), LIMITS.messages, 1),
  system: oneOf([Text, boundedList(TextBlock, LIMITS.parts)], 'must be a text or a list of text blocks').nullish(),
  stop_sequences: StopList.nullish(),
  temperature: z.number().min(0).max(1).nullish(),
  top_p: TopP.nullish(),
  stream: z.boolean().nullish(),
});

const TOOLS_ELSEWHERE = "Tools are not taken through the gateway's Anthropic API; use its OpenAI API (/v1/chat/completions) for tools.";
const TOOL_BLOCKS = new Set(['tool_use', 'tool_result', 'server_tool_use']);

/** Whether the raw body uses tools, so that the refusal can say so rather than name a block type. */
function usesTools(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { tools, messages } = body as { tools?: unknown; messages?: unknown };
  if (Array.isArray(tools) && tools.length > 0) return true;
  if (!Array.isArray(messages)) return false;
  for (const m of messages.slice(0, LIMITS.messages)) {
    const blocks = typeof m === 'object' && m !== null ? (m as { content?: unknown }).content : undefined;
    if (!Array.isArray(blocks)) continue;
    for (const b of blocks.slice(0, LIMITS.parts)) if (typeof b === 'object' && b !== null && TOOL_BLOCKS.has(String((b as { type?: unknown }).type))) return true;
  }
  return false;
}

type Blocks = z.output<typeof Block>[];

function imagePart(source: z.output<typeof ImageSource>): Record<string, unknown> {
  const url = source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url;
  return { type: 'image_url', image_url: { url } };
}

/** Text blocks alone join into one text, which every OpenAI-style server takes; with images, OpenAI content parts. */
function content(blocks: string | Blocks): string | Record<string, unknown>[] {
  if (typeof blocks === 'string') return blocks;
  if (blocks.every((b) => b.type === 'text')) return blocks.map((b) => b.text).join('\n\n');
  return blocks.map((b) => (b.type === 'text' ? { type: 'text', text: b.text } : imagePart(b.source)));
}

/** An Anthropic request body read into what the gateway sends; a refusal (400) names the first field that is wrong. */
export function askFromAnthropic(body: unknown): ShapeResult {
  if (usesTools(body)) return refuse(TOOLS_ELSEWHERE);
  const read = readBody(MessagesRequest, body);
  if (!read.ok) return read;
  const b = read.data;
  const system = typeof b.system === 'string' ? b.system : (b.system ?? []).map((t) => t.text).join('\n\n');
  const messages = [...(system === '' ? [] : [{ role: 'system', content: system }]), ...b.messages.map((m) => ({ role: m.role, content: content(m.content) }))];
  const payload = {
    model: b.model,
    messages,
    max_tokens: b.max_tokens,
    ...compact({ temperature: b.temperature, top_p: b.top_p, stop: b.stop_sequences ?? undefined }),
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
      reply: { includeUsage: false, embeddingFormat: 'float', inputCount: null },
    },
  };
}
