/** How much of a task's body the node reads, how fast it must arrive, and which shapes it refuses while reading. */
import {
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  INTENT_MODERATE,
  INTENT_SPEECH,
  INTENT_TRANSCRIBE,
} from '../backends';
import type { ShapeLimits } from '../net';
import type { BodyLimits } from './request-body';

/** Body caps: a chat may carry images; the other intents are text. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
const TEXT_INTENT_BODY_BYTES = 4 * 1024 * 1024;
/**
 * A transcription carries its audio (at most 4 MiB, `SPEECH_LIMITS`) as base64: 4 MiB × 4/3 = 5⅓ MiB of payload.
 * Sealed with IICP-CX that payload is the plaintext (within the 8 MiB `MAX_ENCRYPTED_BODY_BYTES`), carried again as
 * base64url: 5⅓ MiB × 4/3 ≈ 7.1 MiB, plus the envelope's few hundred bytes. Both fit the 8 MiB a chat may take, which
 * is also a native CALL's cap (`maxCallBytes`, under the 16 MiB frame).
 */
const TRANSCRIBE_BODY_BYTES = MAX_BODY_BYTES;
/**
 * Speech takes at most 4 KiB of text, moderation 64 KiB: JSON may write each byte as six (`\u0001`) and a seal adds a
 * third, so 4 KiB × 6 × 4/3 = 32 KiB and 64 KiB × 6 × 4/3 = 512 KiB, each with room for the task and the envelope.
 */
const SPEECH_BODY_BYTES = 64 * 1024;
const MODERATE_BODY_BYTES = 576 * 1024;
/** Bodies of intents the node knows nothing of are refused anyway; no reason to read much of them. */
const OTHER_INTENT_BODY_BYTES = 64 * 1024;
/** Nesting and value counts no real task comes near (a long chat is a few thousand values). */
export const BODY_SHAPE: ShapeLimits = { maxDepth: 66, maxValues: 100_000 };
/** In-flight request bodies of all connections together. */
export const BODY_BUDGET_BYTES = 64 * 1024 * 1024;
/** While every slot is busy only bodies this small are read (to learn whether their QoS class may wait). */
export const QUEUE_BODY_MAX_BYTES = 256 * 1024;
/**
 * A body must keep up at least this pace on average once the grace is over (a 512 kbit/s uplink sends 8 MiB in time;
 * a client that trickles bytes to hold memory and a connection does not).
 */
const BODY_GRACE_MS = 2_000;
const BODY_MIN_BYTES_PER_SECOND = 64 * 1024;

export interface TaskBodyLimits {
  maxBodyBytes: number;
  /** The cap of each intent the node knows. */
  intentCaps: Readonly<Record<string, number>>;
  limits: BodyLimits;
  /** While every slot is busy: the same, but only small bodies. */
  queueLimits: BodyLimits;
}

export function taskBodyLimits(o: { maxBodyBytes?: number; bodyGraceMs?: number }): TaskBodyLimits {
  const maxBodyBytes = o.maxBodyBytes ?? MAX_BODY_BYTES;
  const text = Math.min(maxBodyBytes, TEXT_INTENT_BODY_BYTES);
  const intentCaps: Readonly<Record<string, number>> = Object.freeze({
    [INTENT_CHAT]: maxBodyBytes,
    [INTENT_COMPLETION]: text,
    [INTENT_EMBEDDING]: text,
    [INTENT_TRANSCRIBE]: Math.min(maxBodyBytes, TRANSCRIBE_BODY_BYTES),
    [INTENT_SPEECH]: Math.min(maxBodyBytes, SPEECH_BODY_BYTES),
    [INTENT_MODERATE]: Math.min(maxBodyBytes, MODERATE_BODY_BYTES),
  });
  const other = Math.min(maxBodyBytes, OTHER_INTENT_BODY_BYTES);
  const limits: BodyLimits = {
    maxBytes: maxBodyBytes,
    capFor: (intent) => intentCaps[intent] ?? other,
    shape: BODY_SHAPE,
    minRate: { graceMs: o.bodyGraceMs ?? BODY_GRACE_MS, bytesPerSecond: BODY_MIN_BYTES_PER_SECOND },
  };
  return {
    maxBodyBytes,
    intentCaps,
    limits,
    queueLimits: { ...limits, maxBytes: Math.min(maxBodyBytes, QUEUE_BODY_MAX_BYTES) },
  };
}
