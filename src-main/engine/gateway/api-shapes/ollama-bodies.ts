/**
 * Ollama's request bodies as they are read (`/api/chat`, `/api/generate`, `/api/embed`, `/api/embeddings`): each
 * field bounded (texts, lists, images, numbers), so a body is judged before anything of it is used (ollama.ts).
 */
import { z } from 'zod';
import {
  boundedList,
  ExtraSampling,
  LIMITS,
  ModelName,
  oneOf,
  Penalty,
  Seed,
  ShortName,
  Stop,
  Temperature,
  Text,
  TopP,
} from './request-parts';

export const ContextTokens = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1)
  .nullish();

export const Options = z.object({
  num_predict: z.number().int().nullish(),
  num_ctx: ContextTokens,
  temperature: Temperature.nullish(),
  top_p: TopP.nullish(),
  stop: Stop.nullish(),
  seed: Seed.nullish(),
  presence_penalty: Penalty.nullish(),
  frequency_penalty: Penalty.nullish(),
  ...ExtraSampling,
});

export const Format = oneOf(
  [z.literal('json'), z.literal(''), z.record(z.string(), z.unknown())],
  'must be "json" or a JSON schema',
);

export const BASE64 = /^[A-Za-z0-9+/=\s]*$/;
export const Image = z
  .string()
  .min(1)
  .max(LIMITS.text)
  .refine((s) => s.startsWith('data:image/') || BASE64.test(s), { error: 'must be an image in base64' });
export const Images = boundedList(Image, LIMITS.images);

export const JsonObject = z.record(z.string(), z.unknown());

/** Ollama's arguments are an object; JSON text of one is taken too, as some clients send OpenAI's form. */
export const Arguments = oneOf(
  [JsonObject, Text.refine((t) => isJsonObject(t), { error: 'must be a JSON object' })],
  'must be an object (or the JSON text of one)',
);

export const ToolCall = z.object({
  id: ShortName.nullish(),
  function: z.object({ name: ShortName, arguments: Arguments.nullish() }),
});

export const Tool = z.object({
  type: z.literal('function').optional(),
  function: z.object({ name: ShortName, description: Text.nullish(), parameters: JsonObject.nullish() }),
});

export const Message = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: Text.nullish(),
  images: Images.nullish(),
  tool_calls: boundedList(ToolCall, LIMITS.tools).nullish(),
  tool_name: ShortName.nullish(),
  // Not Ollama's, but an OpenAI-minded client may send it: then it says which call is answered.
  tool_call_id: ShortName.nullish(),
});

/** Ollama's `think`: on, off, or an effort (gpt-oss's levels). */
export const Think = oneOf(
  [z.boolean(), z.enum(['low', 'medium', 'high'])],
  'must be true, false, "low", "medium" or "high"',
);

export const common = {
  model: ModelName,
  options: Options.nullish(),
  format: Format.nullish(),
  stream: z.boolean().nullish(),
  think: Think.nullish(),
};

export const ChatRequest = z.object({
  ...common,
  messages: boundedList(Message, LIMITS.messages, 1),
  tools: boundedList(Tool, LIMITS.tools).nullish(),
});

export const GenerateRequest = z.object({
  ...common,
  prompt: Text.min(1, { error: 'must not be empty (an empty prompt only loads a model in Ollama)' }),
  system: Text.nullish(),
  images: Images.nullish(),
  raw: z.boolean().nullish(),
  suffix: Text.nullish(),
});

/** The embedding routes read only `num_ctx` of the options: nothing else changes a vector. */
export const EmbedOptions = z.object({ num_ctx: ContextTokens });

export const EmbedRequest = z.object({
  model: ModelName,
  options: EmbedOptions.nullish(),
  input: oneOf([Text, boundedList(Text, LIMITS.inputs, 1)], 'must be a text or a list of texts'),
  dimensions: z.number().int().min(1).max(65_536).nullish(),
});

export const EmbeddingsRequest = z.object({ model: ModelName, prompt: Text, options: EmbedOptions.nullish() });

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}
