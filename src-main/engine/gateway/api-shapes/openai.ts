/**
 * OpenAI's API, the request side: `POST /v1/chat/completions`, `/v1/completions` and `/v1/embeddings` read into a
 * `GatewayAsk`, and the model list of `GET /v1/models`. The IICP payload is OpenAI's own dialect, so a request
 * passes almost as it is; what passes is chosen, though: the messages, prompt or input, and the sampling settings
 * OpenAI defines. `stream`, `stream_options` and `user` stay with the gateway (the node answers whole; the app's
 * user names are nobody else's business). Every other field is honoured, routed or refused by the tables of
 * field-rules.ts: `tools` and a completion's `suffix` say what the model must do (`needs`), `n` above 1 is that many
 * tasks (`choices`, never in the payload), `parallel_tool_calls: false` keeps one call in the answer.
 */
import { z } from 'zod';
import {
  boundedList,
  compact,
  ExtraSampling,
  extraSampling,
  LIMITS,
  MaxTokens,
  ModelName,
  oneOf,
  Penalty,
  readBody,
  ReasoningEffort,
  effortAsk,
  thinkingAsked,
  Seed,
  ShortName,
  Stop,
  stopList,
  Temperature,
  Text,
  TopP,
} from './request-parts';
import { checkNested, OPENAI_CHAT_NEST } from './nested-field-rules';
import { OPENAI_CHAT_FIELDS, OPENAI_COMPLETION_FIELDS, OPENAI_EMBEDDING_FIELDS, unsupportedField } from './field-rules';
import {
  INTENT_FOR,
  needsAnything,
  type AskNeeds,
  type GatewayAsk,
  type GatewayEndpoint,
  type ListedModel,
  type ShapeRefusal,
  type ShapeResult,
} from './types';

const TextPart = z.object({ type: z.literal('text'), text: Text });
const ImagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string().min(1).max(LIMITS.text), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const AudioPart = z.object({
  type: z.literal('input_audio'),
  input_audio: z.object({ data: z.string().min(1).max(LIMITS.text), format: z.string().min(1).max(16) }),
});
const ContentPart = z.discriminatedUnion('type', [TextPart, ImagePart, AudioPart]);
const Content = oneOf([Text, boundedList(ContentPart, LIMITS.parts)], 'must be a text or a list of content parts');

const ToolCall = z.object({
  id: ShortName,
  type: z.literal('function'),
  function: z.object({ name: ShortName, arguments: Text }),
});

const Message = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content: Content.nullish(),
    name: ShortName.optional(),
    tool_calls: boundedList(ToolCall, LIMITS.tools).optional(),
    tool_call_id: ShortName.optional(),
  })
  .refine(
    (m) =>
      (m.content !== null && m.content !== undefined) || (m.role === 'assistant' && (m.tool_calls?.length ?? 0) > 0),
    {
      error: 'must have content',
    },
  )
  .refine((m) => m.role !== 'tool' || m.tool_call_id !== undefined, { error: 'must name the tool_call_id it answers' });

const Tool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: ShortName,
    description: Text.optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

const ToolChoice = oneOf(
  [
    z.enum(['none', 'auto', 'required']),
    z.object({ type: z.literal('function'), function: z.object({ name: ShortName }) }),
  ],
  'must be none, auto, required or a named function',
);

const ResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: ShortName,
      description: Text.optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

/** The sampling settings chat and completions share; null is "not said", as some clients send it. */
const sampling = {
  temperature: Temperature.nullish(),
  top_p: TopP.nullish(),
  stop: Stop.nullish(),
  max_tokens: MaxTokens.nullish(),
  max_completion_tokens: MaxTokens.nullish(),
  presence_penalty: Penalty.nullish(),
  frequency_penalty: Penalty.nullish(),
  seed: Seed.nullish(),
  n: z.number().int().min(1).max(LIMITS.choices).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  ...ExtraSampling,
};

const ChatRequest = z.object({
  model: ModelName,
  messages: boundedList(Message, LIMITS.messages, 1),
  ...sampling,
  response_format: ResponseFormat.nullish(),
  tools: boundedList(Tool, LIMITS.tools).nullish(),
  tool_choice: ToolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  reasoning_effort: ReasoningEffort.nullish(),
});

const CompletionRequest = z.object({
  model: ModelName,
  prompt: oneOf([Text, boundedList(Text, 1, 1)], 'must be a text (a list may hold only one)'),
  suffix: Text.nullish(),
  ...sampling,
});

const EmbeddingRequest = z.object({
  model: ModelName,
  input: oneOf(
    [Text, boundedList(Text, LIMITS.inputs, 1)],
    'must be a text or a list of texts (token lists are not taken)',
  ),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().min(1).max(65_536).nullish(),
});

type SamplingFields = { [K in keyof typeof sampling]?: z.output<(typeof sampling)[K]> };

/**
 * The sampling settings as the IICP payload carries them: `max_completion_tokens` is OpenAI's newer `max_tokens`; the
 * settings beyond OpenAI's as they are (`extraSampling`).
 */
function samplingPayload(body: SamplingFields): Record<string, unknown> {
  return compact({
    ...extraSampling(body).payload,
    max_tokens: body.max_completion_tokens ?? body.max_tokens,
    temperature: body.temperature,
    top_p: body.top_p,
    stop: stopList(body.stop),
    presence_penalty: body.presence_penalty,
    frequency_penalty: body.frequency_penalty,
    seed: body.seed,
  });
}

type ChatMessage = z.output<typeof Message>;

/**
 * A message as the node's chat schema takes it: `developer` (OpenAI's newer name for the system role) becomes
 * `system`, and `content` is always there (null beside tool calls), as the schema requires the key.
 */
function payloadMessage(m: ChatMessage): Record<string, unknown> {
  return {
    role: m.role === 'developer' ? 'system' : m.role,
    content: m.content ?? null,
    ...compact({ name: m.name, tool_calls: m.tool_calls, tool_call_id: m.tool_call_id }),
  };
}

type AskFields = Omit<GatewayAsk, 'api' | 'endpoint' | 'intent' | 'timeoutMs' | 'route'>;

function ask(endpoint: GatewayEndpoint, fields: AskFields): ShapeResult {
  return {
    ok: true,
    ask: {
      api: 'openai',
      endpoint,
      intent: INTENT_FOR[endpoint],
      timeoutMs: null,
      route: `openai.${endpoint}`,
      ...fields,
    },
  };
}

function fromChat(body: unknown): ShapeResult {
  const read = readBody(ChatRequest, body, OPENAI_CHAT_FIELDS);
  if (!read.ok) return read;
  const inner = checkNested(OPENAI_CHAT_NEST, body);
  if (inner !== null) return inner;
  const b = read.data;
  const tools = (b.tools?.length ?? 0) > 0 ? b.tools : undefined;
  if (tools === undefined && b.tool_choice !== null && b.tool_choice !== undefined) {
    return unsupportedField(
      'tool_choice',
      'tool_choice: it chooses among tools, and the request sends none; send the request without it.',
    );
  }
  const thinking = thinkingAsked(
    'reasoning_effort',
    b.reasoning_effort === null || b.reasoning_effort === undefined ? null : effortAsk(b.reasoning_effort),
  );
  const payload = {
    model: b.model,
    messages: b.messages.map(payloadMessage),
    ...samplingPayload(b),
    ...thinking.payload,
    ...compact({ response_format: b.response_format, tools, tool_choice: b.tool_choice }),
    // The node passes it on to its model server, which then writes at most one call too.
    ...(tools !== undefined && typeof b.parallel_tool_calls === 'boolean'
      ? { parallel_tool_calls: b.parallel_tool_calls }
      : {}),
  };
  const fields = textFields(b, payload, {
    tools: tools !== undefined,
    fim: false,
    contextTokens: null,
    ...sampled(b),
    ...thinking.needs,
  });
  if (!fields.ok) return fields;
  const oneToolCall = b.parallel_tool_calls === false ? { reply: { ...fields.ask.reply, oneToolCall: true } } : {};
  return ask('chat', { ...fields.ask, ...oneToolCall });
}

function fromCompletion(body: unknown): ShapeResult {
  const read = readBody(CompletionRequest, body, OPENAI_COMPLETION_FIELDS);
  if (!read.ok) return read;
  const b = read.data;
  const prompt = typeof b.prompt === 'string' ? b.prompt : b.prompt[0]!;
  // An empty suffix is no text after the cursor: a plain completion any model writes.
  const suffix = b.suffix !== null && b.suffix !== undefined && b.suffix !== '' ? b.suffix : undefined;
  const fields = textFields(
    b,
    { model: b.model, prompt, ...compact({ suffix }), ...samplingPayload(b) },
    { tools: false, fim: suffix !== undefined, contextTokens: null, ...sampled(b) },
  );
  return fields.ok ? ask('completion', fields.ask) : fields;
}

/** An OpenAI request body read into what the gateway sends; a refusal (400) names the first field that is wrong. */
export function askFromOpenAI(endpoint: GatewayEndpoint, body: unknown): ShapeResult {
  if (endpoint === 'chat') return fromChat(body);
  if (endpoint === 'completion') return fromCompletion(body);
  const read = readBody(EmbeddingRequest, body, OPENAI_EMBEDDING_FIELDS);
  if (!read.ok) return read;
  const b = read.data;
  return ask('embedding', {
    model: b.model,
    payload: { model: b.model, input: b.input, ...compact({ dimensions: b.dimensions }) },
    maxTokens: null,
    stream: false,
    reply: {
      includeUsage: false,
      embeddingFormat: b.encoding_format ?? 'float',
      inputCount: typeof b.input === 'string' ? 1 : b.input.length,
    },
  });
}

/** The sampling settings beyond OpenAI's the body sets, as needs; nothing when it sets none. */
function sampled(b: SamplingFields): Pick<AskNeeds, 'sampling'> {
  const { needs } = extraSampling(b);
  return needs.length > 0 ? { sampling: needs } : {};
}

/**
 * What chat and completions share: the answer's hints, what the model must do, and `n` as that many tasks. Several
 * choices are gathered whole, so a stream of them is refused.
 */
function textFields(
  b: SamplingFields & { model: string },
  payload: Record<string, unknown>,
  needs: AskNeeds,
): { ok: true; ask: AskFields } | ShapeRefusal {
  const choices = typeof b.n === 'number' && b.n > 1 ? b.n : undefined;
  if (choices !== undefined && b.stream === true) {
    return unsupportedField(
      'n',
      'n: several choices are served as separate tasks and answered whole; ask for them without stream, or for one.',
    );
  }
  const needed = needsAnything(needs);
  return {
    ok: true,
    ask: {
      model: b.model,
      payload,
      maxTokens: typeof payload.max_tokens === 'number' ? payload.max_tokens : null,
      stream: b.stream === true,
      reply: {
        includeUsage: b.stream === true && b.stream_options?.include_usage === true,
        embeddingFormat: 'float',
        inputCount: null,
      },
      ...(needed ? { needs } : {}),
      ...(choices !== undefined ? { choices } : {}),
    },
  };
}

/**
 * `GET /v1/models`: the models the network offers now. OpenAI's `created` is when a model was made; unknown here, it is
 * now.
 */
export function modelsForOpenAI(models: readonly ListedModel[], nowMs?: number): Record<string, unknown> {
  const created = Math.floor((nowMs ?? Date.now()) / 1000);
  return {
    object: 'list',
    data: models.map((m) => ({
      id: m.id,
      object: 'model',
      created,
      owned_by: m.ownedBy,
      // Ours, beside where it runs: a speech model's kind, so an app offers it only where it belongs.
      ...(m.kind ? { iicp_kind: m.kind } : {}),
    })),
  };
}
