import { hash as oneShotHash } from 'node:crypto';
import type { BodyPrint } from './body-print';

/**
 * What a native CALL says of its task outside its payload (plain data: it crosses to the codec's worker thread): the
 * task id (the CALL's, or one the node made for a buffered call), the intent (key 3) and the idempotency key.
 */
export interface NativeEnvelope {
  taskId: string;
  intent: string;
  idempotencyKey: string | null;
}

/**
 * The fields of a native CALL's sealed form: the same as an HTTP task body's, without task_id and intent (keys 24, 3).
 */
const SEALED_FORM_FIELDS = ['iicp_conf', 'cx_response_encryption', 'constraints', 'source_node_id', 'nonce'] as const;

/**
 * The task request of a CALL, read straight from its payload (key 5, one JSON value; empty is none): the sealed form's
 * fields stand where an HTTP body has them, any other payload is the task's payload. The envelope's task id and
 * intent are the ones the task has, whatever key 5 holds.
 */
export function nativeTaskRequest(payload: unknown, env: NativeEnvelope): Record<string, unknown> {
  const task: Record<string, unknown> = { task_id: env.taskId, intent: env.intent };
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !Object.hasOwn(payload, 'iicp_conf'))
    return payload === null ? task : { ...task, payload };
  for (const k of SEALED_FORM_FIELDS) if (Object.hasOwn(payload, k)) task[k] = (payload as Record<string, unknown>)[k];
  return task;
}

/**
 * What identifies a CALL for exact-duplicate detection: its payload's print with its key, task id and intent before
 * it. A retry must match the first call's key as well as its payload; a task of the HTTP path never matches.
 */
export function nativePrint(print: BodyPrint, env: NativeEnvelope): BodyPrint {
  const tag = `iicp-native ${JSON.stringify([env.idempotencyKey, env.taskId, env.intent])}\n`;
  if (typeof print === 'string') return tag + print;
  if (Buffer.isBuffer(print)) return Buffer.concat([Buffer.from(tag), print]);
  return { sha256: oneShotHash('sha256', tag + print.sha256, 'hex') };
}
