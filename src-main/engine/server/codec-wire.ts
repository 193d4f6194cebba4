import type { RelayCall } from './relay-call';
import type { DecodeContext, Decoded, EncodeContext, Encoded } from './task-codec';

/** What crosses between the codec pool and its worker threads (each wrapped in the pool's `PoolMessage`). */
export type CodecJob =
  | { op: 'decode'; bytes: Uint8Array; ctx: DecodeContext }
  | { op: 'encode'; bytes: Uint8Array; ctx: EncodeContext }
  | { op: 'relay-call'; bytes: Uint8Array };

export type CodecReply =
  | { op: 'decode'; result: Decoded }
  | { op: 'encode'; result: Encoded }
  | { op: 'relay-call'; result: RelayCall | null };

/** A Buffer over a received Uint8Array (structured clone delivers plain typed arrays), without copying. */
export function asBuffer(u8: Uint8Array): Buffer {
  return Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/**
 * The memory a buffer can be moved in (zero-copy) rather than copied: only one that owns its whole ArrayBuffer —
 * small Buffers share Node's allocation pool, and moving that would take the pool from everyone else.
 */
export function ownedMemory(u8: Uint8Array): ArrayBuffer | null {
  const ab = u8.buffer;
  return ab instanceof ArrayBuffer && u8.byteOffset === 0 && u8.byteLength === ab.byteLength && ab.byteLength > 0
    ? ab
    : null;
}

/** The large buffers of a reply, moved instead of copied. */
export function transferList(reply: CodecReply): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (u8: unknown) => {
    if (u8 instanceof Uint8Array) {
      const ab = ownedMemory(u8);
      if (ab) out.push(ab);
    }
  };
  if (reply.op === 'decode' && reply.result.ok) add(reply.result.request.body);
  if (reply.op === 'encode' && reply.result.ok) add(reply.result.answer);
  if (reply.op === 'relay-call' && reply.result) add(reply.result.task);
  return out;
}
