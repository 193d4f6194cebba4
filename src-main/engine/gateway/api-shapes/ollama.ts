/**
 * Ollama's API, the request side: `POST /api/chat`, `/api/generate`, `/api/embed` and the older `/api/embeddings`
 * read into a `GatewayAsk` in the OpenAI dialect the IICP payload speaks.
 *
 * - Images (base64 beside a message's text) become OpenAI `image_url` parts with data URLs.
 * - `options`: `num_predict` → `max_tokens` (Ollama's -1 and -2, "no limit", are "not said"), and `temperature`,
 *   `top_p`, `stop`, `seed`, `presence_penalty`, `frequency_penalty` as they are; `num_ctx` is the context the
 *   answering model must have (`needs.contextTokens`); the options that only tune a local runtime (`num_gpu`, …) are
 *   taken without effect, and the sampling options nodes cannot take (`top_k`, …) are refused (field-rules.ts).
 *   `format` becomes `response_format`.
 * - `/api/generate` asks the chat intent: Ollama applies the model's chat template to the prompt (and `system`,
 *   and images), which is what a chat with one user message is. Only `raw: true` (no template) or a `suffix`
 *   (fill-in-the-middle, as code editors send; only a model that does it is asked) asks the completion intent, with
 *   the prompt as it is.
 * - `stream` is true when absent, as in Ollama's API.
 * - Tools: `tools` already has OpenAI's form. An assistant's `tool_calls` carry their arguments as an object, which
 *   becomes JSON text; Ollama gives a call no id, so each gets one from its place in the history
 *   (`call_<message>_<call>`), the same on every turn, and a `role: "tool"` message answers the call its `tool_name`
 *   names (else the next one not yet answered) under that id, as OpenAI's history needs. A tool result that answers no
 *   call is refused.
 */
import type { z } from 'zod';
import { checkNested, OLLAMA_CHAT_NEST, OLLAMA_GENERATE_NEST } from './nested-field-rules';
import { compact, extraSampling, readBody, refuse, stopList, thinkingAsked } from './request-parts';
import {
  checkFields,
  objectOf,
  OLLAMA_CHAT_FIELDS,
  OLLAMA_EMBED_FIELDS,
  OLLAMA_EMBED_OPTIONS,
  OLLAMA_EMBEDDINGS_FIELDS,
  OLLAMA_GENERATE_FIELDS,
  OLLAMA_OPTIONS,
  type FieldTable,
} from './field-rules';
import {
  INTENT_FOR,
  needsAnything,
  type AskNeeds,
  type GatewayAsk,
  type GatewayEndpoint,
  type GatewayRoute,
  type ShapeRefusal,
  type ShapeResult,
} from './types';

import type { Format, Message, Options } from './ollama-bodies';
import { ChatRequest, EmbedRequest, EmbeddingsRequest, GenerateRequest } from './ollama-bodies';

export type OllamaRoute = 'chat' | 'generate' | 'embed' | 'embeddings';

type Common = { options?: z.output<typeof Options> | null; format?: z.output<typeof Format> | null };

function samplingPayload(b: Common, chat: boolean): Record<string, unknown> {
  const o = b.options ?? {};
  const maxTokens = typeof o.num_predict === 'number' && o.num_predict > 0 ? o.num_predict : undefined;
  return compact({
    ...extraSampling(o).payload,
    max_tokens: maxTokens,
    temperature: o.temperature,
    top_p: o.top_p,
    stop: stopList(o.stop),
    seed: o.seed,
    presence_penalty: o.presence_penalty,
    frequency_penalty: o.frequency_penalty,
    response_format: chat ? responseFormat(b.format) : undefined,
  });
}

function responseFormat(format: z.output<typeof Format> | null | undefined): Record<string, unknown> | undefined {
  if (format === 'json') return { type: 'json_object' };
  if (typeof format === 'object' && format !== null)
    return { type: 'json_schema', json_schema: { name: 'answer', schema: format } };
  return undefined;
}

/** A base64 image as a data URL; the type is read from the first bytes, as Ollama itself does not say it. */
export function imageDataUrl(image: string): string {
  if (image.startsWith('data:')) return image;
  const b64 = image.replace(/\s+/g, '');
  const type = b64.startsWith('iVBORw0KGgo')
    ? 'png'
    : b64.startsWith('R0lGOD')
      ? 'gif'
      : b64.startsWith('UklGR')
        ? 'webp'
        : 'jpeg';
  return `data:image/${type};base64,${b64}`;
}

/** A text with images as OpenAI content parts; a text alone stays a plain string. */
function content(text: string, images: readonly string[] | null | undefined): string | Record<string, unknown>[] {
  if (!images || images.length === 0) return text;
  const parts: Record<string, unknown>[] = text === '' ? [] : [{ type: 'text', text }];
  for (const image of images) parts.push({ type: 'image_url', image_url: { url: imageDataUrl(image) } });
  return parts;
}

type Fields = Pick<GatewayAsk, 'endpoint' | 'model' | 'payload' | 'stream'> & {
  route: GatewayRoute;
  inputCount?: number;
  tools?: boolean;
  fim?: boolean;
  options?: z.output<typeof Options> | null;
  /** What the request asks of the model's thinking (`think`); absent: nothing. */
  think?: AskNeeds['thinking'];
};

/** The body's fields and its options, each one the route's tables take; null when all are. */
function unsupported(body: unknown, fields: FieldTable, options: FieldTable): ShapeRefusal | null {
  const b = objectOf(body);
  if (b === undefined) return null;
  const o = objectOf(b.options);
  return checkFields(fields, b) ?? (o === undefined ? null : checkFields(options, o, 'options.'));
}

function ask(f: Fields): ShapeResult {
  const endpoint: GatewayEndpoint = f.endpoint;
  const maxTokens = typeof f.payload.max_tokens === 'number' ? f.payload.max_tokens : null;
  const sampling = extraSampling(f.options ?? {}, 'options.').needs;
  const needs: AskNeeds = {
    tools: f.tools === true,
    fim: f.fim === true,
    contextTokens: f.options?.num_ctx ?? null,
    ...(sampling.length > 0 && f.endpoint !== 'embedding' ? { sampling } : {}),
    ...(f.think ? { thinking: f.think } : {}),
  };
  const needed = needsAnything(needs);
  return {
    ok: true,
    ask: {
      api: 'ollama',
      endpoint,
      intent: INTENT_FOR[endpoint],
      model: f.model,
      payload: f.payload,
      maxTokens,
      stream: f.stream,
      timeoutMs: null,
      route: f.route,
      reply: { includeUsage: false, embeddingFormat: 'float', inputCount: f.inputCount ?? null },
      ...(needed ? { needs } : {}),
    },
  };
}

function fromChat(body: unknown): ShapeResult {
  const refused = unsupported(body, OLLAMA_CHAT_FIELDS, OLLAMA_OPTIONS);
  if (refused !== null) return refused;
  const read = readBody(ChatRequest, body);
  if (!read.ok) return read;
  const inner = checkNested(OLLAMA_CHAT_NEST, body);
  if (inner !== null) return inner;
  const b = read.data;
  const messages = chatMessages(b.messages);
  if (!Array.isArray(messages)) return messages;
  const tools = (b.tools ?? []).map((t) => ({
    type: 'function',
    function: compact({
      name: t.function.name,
      description: t.function.description,
      parameters: t.function.parameters,
    }),
  }));
  const thinking = thinkingAsked('think', b.think);
  const payload = {
    model: b.model,
    messages,
    ...samplingPayload(b, true),
    ...thinking.payload,
    ...(tools.length > 0 ? { tools } : {}),
  };
  return ask({
    endpoint: 'chat',
    route: 'ollama.chat',
    model: b.model,
    stream: b.stream !== false,
    payload,
    tools: tools.length > 0,
    options: b.options,
    ...(thinking.needs.thinking ? { think: thinking.needs.thinking } : {}),
  });
}

type OllamaMessage = z.output<typeof Message>;

/**
 * The history in OpenAI's form: each assistant call with an id from its place, each tool result under the id of the
 * call it answers (the one its `tool_name` or `tool_call_id` names among the latest calls not yet answered, else the
 * first of them).
 */
function chatMessages(list: readonly OllamaMessage[]): Record<string, unknown>[] | ShapeRefusal {
  const out: Record<string, unknown>[] = [];
  let unanswered: { id: string; name: string }[] = [];
  for (const [i, m] of list.entries()) {
    if (m.role === 'assistant' && (m.tool_calls?.length ?? 0) > 0) {
      const calls = (m.tool_calls ?? []).map((c, k) => {
        const args = c.function.arguments ?? {};
        return {
          id: c.id ?? `call_${i}_${k}`,
          type: 'function',
          function: { name: c.function.name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
        };
      });
      unanswered = calls.map((c) => ({ id: c.id, name: c.function.name }));
      out.push({ role: 'assistant', content: content(m.content ?? '', m.images), tool_calls: calls });
      continue;
    }
    if (m.role === 'tool') {
      if ((m.images?.length ?? 0) > 0)
        return refuse(`messages[${i}].images cannot be sent: a tool result carries text only.`);
      const at = m.tool_call_id
        ? unanswered.findIndex((c) => c.id === m.tool_call_id)
        : m.tool_name
          ? unanswered.findIndex((c) => c.name === m.tool_name)
          : 0;
      const call = at >= 0 ? unanswered.splice(at, 1)[0] : undefined;
      if (call === undefined)
        return refuse(`messages[${i}] is a tool result, but no earlier assistant message made a tool call it answers.`);
      out.push({ role: 'tool', tool_call_id: call.id, content: m.content ?? '' });
      continue;
    }
    out.push({ role: m.role, content: content(m.content ?? '', m.images) });
  }
  return out;
}

function fromGenerate(body: unknown): ShapeResult {
  const refused = unsupported(body, OLLAMA_GENERATE_FIELDS, OLLAMA_OPTIONS);
  if (refused !== null) return refused;
  const read = readBody(GenerateRequest, body);
  if (!read.ok) return read;
  const inner = checkNested(OLLAMA_GENERATE_NEST, body);
  if (inner !== null) return inner;
  const b = read.data;
  const stream = b.stream !== false;
  // An empty suffix is no text after the cursor, as in Ollama: the prompt goes through the template as without one.
  const suffix = b.suffix !== null && b.suffix !== undefined && b.suffix !== '' ? b.suffix : undefined;
  if (b.raw === true || suffix !== undefined) {
    if ((b.images?.length ?? 0) > 0)
      return refuse('images need the model\'s chat template: leave "raw" and "suffix" out.');
    // Thinking is asked through the chat template, which a raw prompt and a suffix skip: only "no thinking" holds.
    if (b.think !== null && b.think !== undefined && b.think !== false)
      return refuse(
        "think: a raw prompt or a suffix skips the model's template, where thinking is asked: leave it out.",
      );
    const payload = { model: b.model, prompt: b.prompt, ...compact({ suffix }), ...samplingPayload(b, false) };
    return ask({
      endpoint: 'completion',
      route: 'ollama.generate',
      model: b.model,
      stream,
      payload,
      fim: suffix !== undefined,
      options: b.options,
    });
  }
  const messages = [
    ...(b.system ? [{ role: 'system', content: b.system }] : []),
    { role: 'user', content: content(b.prompt, b.images) },
  ];
  const thinking = thinkingAsked('think', b.think);
  return ask({
    endpoint: 'chat',
    route: 'ollama.generate',
    model: b.model,
    stream,
    payload: { model: b.model, messages, ...samplingPayload(b, true), ...thinking.payload },
    options: b.options,
    ...(thinking.needs.thinking ? { think: thinking.needs.thinking } : {}),
  });
}

function fromEmbed(body: unknown): ShapeResult {
  const refused = unsupported(body, OLLAMA_EMBED_FIELDS, OLLAMA_EMBED_OPTIONS);
  if (refused !== null) return refused;
  const read = readBody(EmbedRequest, body);
  if (!read.ok) return read;
  const b = read.data;
  const payload = { model: b.model, input: b.input, ...compact({ dimensions: b.dimensions }) };
  const inputCount = typeof b.input === 'string' ? 1 : b.input.length;
  return ask({
    endpoint: 'embedding',
    route: 'ollama.embed',
    model: b.model,
    stream: false,
    payload,
    inputCount,
    options: b.options,
  });
}

function fromEmbeddings(body: unknown): ShapeResult {
  const refused = unsupported(body, OLLAMA_EMBEDDINGS_FIELDS, OLLAMA_EMBED_OPTIONS);
  if (refused !== null) return refused;
  const read = readBody(EmbeddingsRequest, body);
  if (!read.ok) return read;
  const b = read.data;
  const payload = { model: b.model, input: b.prompt };
  return ask({
    endpoint: 'embedding',
    route: 'ollama.embeddings',
    model: b.model,
    stream: false,
    payload,
    inputCount: 1,
    options: b.options,
  });
}

/** An Ollama request body read into what the gateway sends; a refusal (400) names the first field that is wrong. */
export function askFromOllama(route: OllamaRoute, body: unknown): ShapeResult {
  switch (route) {
    case 'chat':
      return fromChat(body);
    case 'generate':
      return fromGenerate(body);
    case 'embed':
      return fromEmbed(body);
    case 'embeddings':
      return fromEmbeddings(body);
  }
}
