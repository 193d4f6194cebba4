import { z } from 'zod';
import { INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING } from '../backends';

/**
 * Input schemas of the three LLM intents, mirroring the IICP registry schemas
 * (`llm-{chat,completion,embedding}-v1-input.json`): required fields and ranges are checked, extra
 * properties are allowed (consumers add `model`, `stream`, …). A test runs the public payload fixtures
 * through these.
 */
const chat = z.looseObject({
  messages: z
    .array(z.looseObject({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.unknown() }).refine((m) => 'content' in m, 'content is required'))
    .min(1),
  max_tokens: z.number().int().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  stop: z.array(z.string()).optional(),
});

const completion = z.looseObject({
  prompt: z.string(),
  max_tokens: z.number().int().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
});

const embedding = z.looseObject({
  input: z.union([z.string(), z.array(z.string()).min(1)]),
});

export const PAYLOAD_SCHEMAS: Readonly<Record<string, z.ZodType>> = Object.freeze({
  [INTENT_CHAT]: chat,
  [INTENT_COMPLETION]: completion,
  [INTENT_EMBEDDING]: embedding,
});

/** null when valid, else a short description of the first problems (field paths only, never values). */
export function payloadProblem(intent: string, payload: unknown): string | null {
  const schema = PAYLOAD_SCHEMAS[intent];
  if (!schema) return 'no schema for this intent';
  const r = schema.safeParse(payload);
  if (r.success) return null;
  return r.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`)
    .join('; ');
}
