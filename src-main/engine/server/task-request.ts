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
 * The outer task request, parsed leniently (the published task schema is stricter than the traffic real consumers
 * send): only the fields the node acts on are checked, unknown ones are ignored, and optional fields may be null.
 * Sizes are bounded so nothing a caller sends can grow without limit.
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

/**
 * The task request of a body, or — invalid — where it is wrong (up to five field paths, as zod reports
 * them). Bodies the common way round (no nulls, every field well inside its bounds) are checked by hand,
 * which costs a fraction of the zod parse; anything else, valid or not, goes through `TaskRequestSchema`,
 * so the two can only differ in speed: the hand check accepts a strict subset of what the schema accepts,
 * and then returns the body itself (the schema's copy of it is equal: no nulls to drop, nothing coerced).
 */
export function parseTaskRequest(body: unknown): TaskRequest | string {
  if (plainTaskRequest(body)) return body;
  const parsed = TaskRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  return parsed.error.issues
    .slice(0, 5)
    .map((i) => i.path.join('.') || 'body')
    .join(', ');
}

function boundedString(v: unknown, min: number, max: number): boolean {
  return typeof v === 'string' && v.length >= min && v.length <= max;
}

function absentOr(v: unknown, min: number, max: number): boolean {
  return v === undefined || boundedString(v, min, max);
}

/** True only for bodies the schema certainly accepts unchanged (see parseTaskRequest). */
function plainTaskRequest(b: unknown): b is TaskRequest {
  if (!isRecord(b) || Object.getPrototypeOf(b) !== Object.prototype) return false;
  if (!boundedString(b.task_id, 1, 128) || !boundedString(b.intent, 1, 256)) return false;
  if (!absentOr(b.cx_response_encryption, 0, 32) || !absentOr(b.nonce, 1, 256) || !absentOr(b.source_node_id, 0, 64))
    return false;
  if (b.payload === null || b.iicp_conf === null) return false;
  const c = b.constraints;
  if (c !== undefined) {
    if (!isRecord(c) || Object.getPrototypeOf(c) !== Object.prototype) return false;
    if (c.timeout_ms !== undefined && !(typeof c.timeout_ms === 'number' && Number.isFinite(c.timeout_ms)))
      return false;
    if (c.max_tokens !== undefined && !(typeof c.max_tokens === 'number' && Number.isFinite(c.max_tokens)))
      return false;
    if (!absentOr(c.qos, 0, 32) || !absentOr(c.qos_class, 0, 32) || !absentOr(c.model, 0, 255)) return false;
    for (const k in c) if (c[k] === null) return false;
  }
  for (const k in b) if (b[k] === null) return false;
  return true;
}

/** The intent's domain segment, e.g. `tool` in `urn:iicp:intent:tool:…` (what the tool gate looks at). */
export function intentDomain(intent: string): string {
  // `intent.split(':')[3] ?? ''`, without building the array on every task.
  let start = 0;
  for (let i = 0; i < 3; i++) {
    const colon = intent.indexOf(':', start);
    if (colon < 0) return '';
    start = colon + 1;
  }
  const end = intent.indexOf(':', start);
  return end < 0 ? intent.slice(start) : intent.slice(start, end);
}
