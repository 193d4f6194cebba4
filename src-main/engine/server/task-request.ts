import { z } from 'zod';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function withoutNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}

/**
 * An optional field sent as JSON `null` means "absent" (the reference deserialises these fields as serde
 * `Option`s, and some consumers serialise a missing value as null), at the top level and in `constraints`.
 */
function nullsAsAbsent(body: unknown): unknown {
  if (!isRecord(body)) return body;
  const out = withoutNulls(body);
  if (isRecord(out.constraints)) out.constraints = withoutNulls(out.constraints);
  return out;
}

/**
 * The outer task request (brief §3.2), parsed leniently (D-34): only the fields the node acts on are
 * checked, unknown ones are ignored, and optional fields may be null. Sizes are bounded so nothing a
 * caller sends can grow without limit.
 */
const TaskRequestShape = z.looseObject({
  task_id: z.string().min(1).max(128),
  intent: z.string().min(1).max(256),
  payload: z.unknown().optional(),
  iicp_conf: z.unknown().optional(),
  cx_response_encryption: z.string().max(32).optional(),
  constraints: z
    .looseObject({
      timeout_ms: z.number().finite().optional(),
      qos: z.string().max(32).optional(),
      qos_class: z.string().max(32).optional(),
      max_tokens: z.number().optional(),
      model: z.string().max(255).optional(),
    })
    .optional(),
  nonce: z.string().min(1).max(256).optional(),
  source_node_id: z.string().max(64).optional(),
});
export const TaskRequestSchema = z.preprocess(nullsAsAbsent, TaskRequestShape);
export type TaskRequest = z.infer<typeof TaskRequestShape>;

/** The intent's domain segment, e.g. `tool` in `urn:iicp:intent:tool:…` (brief §3.4 step 2). */
export function intentDomain(intent: string): string {
  return intent.split(':')[3] ?? '';
}
