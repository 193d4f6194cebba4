/** A call a relay handed over: its id, and the consumer's task as bytes for the node's own task port. */
export interface RelayCall {
  callId: string;
  task: Buffer;
}

/** Longest call id taken; the relay's own ids are UUIDs. */
export const MAX_CALL_ID = 256;

/**
 * The call of a pull body `{"call_id": "…", "task": {…}}`, or null when it is not one. Pure and self-contained: a
 * large body is decoded on a codec worker thread (server/codec-pool.ts) with exactly this code, and only after its
 * shape passed the task port's limits while it was read. The task is serialised again because the relay's envelope
 * is not the task: the bytes the task port reads are only the consumer's object.
 */
export function decodeRelayCall(raw: Uint8Array): RelayCall | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const { call_id: callId, task } = parsed as { call_id?: unknown; task?: unknown };
  if (typeof callId !== 'string' || callId === '' || callId.length > MAX_CALL_ID) return null;
  if (!task || typeof task !== 'object' || Array.isArray(task)) return null;
  return { callId, task: Buffer.from(JSON.stringify(task), 'utf8') };
}
