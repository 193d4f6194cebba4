/**
 * The payloads of the native frames both sides use: CALL, the buffered RESPONSE the SDKs' `call()` reads, the
 * service-lifecycle RESPONSE of a streamed CALL, ACK and PONG. Keys are the integers of the framing spec; which keys
 * each message carries follows the brief, §3.6.1.
 */
import { decodeIntMap, encodeCbor, type CborLimits } from './cbor';
import { FRAMING_VERSION } from './frame';

export const LIFECYCLE_PROFILE = 'urn:iicp:profile:service-lifecycle:v1';

/** The longest session, call, task or idempotency id taken from a peer; ids are UUIDs or short names. */
export const MAX_ID_CHARS = 256;
/** The longest intent taken from a peer: the directory's own limit on an intent URN is far below it. */
export const MAX_INTENT_CHARS = 256;

/**
 * What one frame of a session may hold, past which it is refused at the container that claims more: an INIT, PING or
 * CALL has a few dozen keys (the task is one byte string), a RESPONSE of a stream one piece of an answer (a delta
 * with its tool calls, a sealed chunk). Within these a frame costs the reader microseconds plus one read of its
 * text, whatever its length; the default limits (100 000 items) are for a whole answer decoded from its bytes.
 */
export const FRAME_CBOR_LIMITS: Required<CborLimits> = { maxItems: 1_024, maxDepth: 16 };

export interface NativeCall {
  sessionId: string;
  intent: string;
  /** Key 5: the UTF-8 JSON of the task's payload, as the SDKs send it. */
  payload: Uint8Array;
  /** Key 15. */
  callId: string | null;
  /** Key 24: present only on a CALL that asks for the lifecycle stream. */
  taskId: string | null;
  /** Key 16. */
  idempotencyKey: string | null;
}

export type LifecycleStatus = 'partial' | 'success' | 'error' | 'timeout';
export type LifecycleEventName = 'partial' | 'completed' | 'failed' | 'cancelled' | 'timed_out';

export interface LifecycleResponse {
  sessionId: string;
  callId: string;
  taskId: string;
  sequence: number;
  status: LifecycleStatus;
  /** Defaults from the status: partial, completed, failed, timed_out. */
  event?: LifecycleEventName;
  /** Key 5: the chunk (a partial) or the terminal result. */
  result?: unknown;
  /** Key 6. */
  error?: { code: string; message: string };
  /** Key 7: cumulative. */
  tokensUsed?: number;
}

/** A lifecycle RESPONSE as read off the wire: every field as the peer sent it, judged by NativeSequence. */
export interface DecodedLifecycle {
  sessionId: unknown;
  callId: unknown;
  status: unknown;
  result: unknown;
  error: { code: unknown; message: unknown } | null;
  tokensUsed: unknown;
  isFinal: unknown;
  lifecycle: { taskId: unknown; sequence: unknown; event: unknown; isFinal: unknown };
}

export interface BufferedResponse {
  sessionId: string;
  callId: string | null;
  /** Key 5: CBOR bytes of the answer map (what the SDKs decode), or the map itself. */
  result?: Uint8Array | Map<unknown, unknown>;
  tokensUsed?: number;
  error?: { code: string; message: string };
}

const EVENT_OF: Record<LifecycleStatus, LifecycleEventName> = {
  partial: 'partial',
  success: 'completed',
  error: 'failed',
  timeout: 'timed_out',
};

const utf8 = new TextEncoder();

/** An id the peer sent: a string of 1–MAX_ID_CHARS characters, absent (null), or undefined when it is malformed. */
function idOf(v: unknown, emptyIsAbsent: boolean): string | null | undefined {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.length > MAX_ID_CHARS) return undefined;
  if (v.length === 0) return emptyIsAbsent ? null : undefined;
  return v;
}

/** A CALL's payload, or null when it is malformed. */
export function decodeCall(payload: Uint8Array, limits: CborLimits = FRAME_CBOR_LIMITS): NativeCall | null {
  const m = decodeIntMap(payload, limits);
  return m ? callFromMap(m) : null;
}

/** A CALL from its payload's integer-keyed map, or null when a key it needs is missing or of the wrong kind. */
export function callFromMap(m: ReadonlyMap<number, unknown>): NativeCall | null {
  const sessionId = idOf(m.get(2), false);
  const intent = m.get(3);
  const body = m.get(5);
  // An empty task id or key is no id at all, as the SDKs' own node reads them.
  const callId = idOf(m.get(15), true);
  const taskId = idOf(m.get(24), true);
  const idempotencyKey = idOf(m.get(16), true);
  if (typeof sessionId !== 'string' || callId === undefined || taskId === undefined || idempotencyKey === undefined)
    return null;
  if (typeof intent !== 'string' || intent.length === 0 || intent.length > MAX_INTENT_CHARS) return null;
  let bytes: Uint8Array;
  if (body instanceof Uint8Array) bytes = body;
  else if (typeof body === 'string') bytes = utf8.encode(body);
  else return null;
  return { sessionId, intent, payload: bytes, callId, taskId, idempotencyKey };
}

export function encodeCall(c: NativeCall): Uint8Array {
  const m = new Map<number, unknown>([
    [2, c.sessionId],
    [3, c.intent],
    [5, c.payload],
  ]);
  if (c.callId !== null) m.set(15, c.callId);
  if (c.idempotencyKey !== null) m.set(16, c.idempotencyKey);
  if (c.taskId !== null) m.set(24, c.taskId);
  return encodeCbor(m);
}

export function encodeLifecycleResponse(r: LifecycleResponse): Uint8Array {
  const isFinal = r.status !== 'partial';
  const m = new Map<number, unknown>([
    [1, FRAMING_VERSION],
    [2, r.sessionId],
    [3, r.callId],
    [4, r.status],
    [12, isFinal],
    [
      13,
      new Map<number, unknown>([
        [1, r.taskId],
        [2, r.sequence],
        [3, r.event ?? EVENT_OF[r.status]],
        [4, isFinal],
      ]),
    ],
  ]);
  if (r.result !== undefined && r.result !== null) m.set(5, r.result);
  if (r.error)
    m.set(
      6,
      new Map<number, unknown>([
        [1, r.error.code],
        [2, r.error.message],
      ]),
    );
  if (r.tokensUsed !== undefined) m.set(7, r.tokensUsed);
  return encodeCbor(m);
}

/** A lifecycle RESPONSE, or null when the payload is not an integer-keyed map carrying the key-13 envelope. */
export function decodeLifecycleResponse(
  payload: Uint8Array,
  limits: CborLimits = FRAME_CBOR_LIMITS,
): DecodedLifecycle | null {
  const m = decodeIntMap(payload, limits);
  if (!m) return null;
  const lifecycle = m.get(13);
  if (!(lifecycle instanceof Map)) return null;
  const error = m.get(6);
  return {
    sessionId: m.get(2),
    callId: m.get(3),
    status: m.get(4),
    result: m.get(5),
    error: error instanceof Map ? { code: error.get(1), message: error.get(2) } : null,
    tokensUsed: m.get(7),
    isFinal: m.get(12),
    lifecycle: {
      taskId: lifecycle.get(1),
      sequence: lifecycle.get(2),
      event: lifecycle.get(3),
      isFinal: lifecycle.get(4),
    },
  };
}

/**
 * The one RESPONSE to a CALL without task id. The call id goes in key 3 (the spec's place) and key 15 (where the
 * SDKs' own node puts it); an error goes in keys 100/101 (what the SDKs' `call()` reads) and in the spec's key 6.
 */
export function encodeBufferedResponse(r: BufferedResponse): Uint8Array {
  const m = new Map<number, unknown>([
    [2, r.sessionId],
    [4, r.error ? 'error' : 'success'],
    [12, true],
  ]);
  if (r.callId !== null) {
    m.set(3, r.callId);
    m.set(15, r.callId);
  }
  if (r.result !== undefined) m.set(5, r.result);
  if (r.tokensUsed !== undefined) m.set(7, r.tokensUsed);
  if (r.error) {
    m.set(
      6,
      new Map<number, unknown>([
        [1, r.error.code],
        [2, r.error.message],
      ]),
    );
    m.set(100, r.error.code);
    m.set(101, r.error.message);
  }
  return encodeCbor(m);
}

/** ACK to INIT: the framing version and our node id. */
export function encodeAck(nodeId: string): Uint8Array {
  return encodeCbor(
    new Map<number, unknown>([
      [1, FRAMING_VERSION],
      [2, nodeId],
    ]),
  );
}

/** PONG to PING: the PING's key 1 echoed, when it had one. */
export function encodePong(echo: Uint8Array | null): Uint8Array {
  return encodeCbor(echo && echo.length > 0 ? new Map<number, unknown>([[1, echo]]) : new Map());
}
