import { isUtf8 } from 'node:buffer';
import { hash as oneShotHash } from 'node:crypto';

/**
 * What identifies a request body for exact-duplicate detection (bytes, not meaning). A small body that is valid
 * UTF-8 is identified by its text (valid UTF-8 and its text determine each other), a small body that is not by its
 * bytes, a large one by its SHA-256 (kept answers are few, but their prints are compared on every duplicate).
 */
export type BodyPrint = string | Buffer | { sha256: string };

/** Bodies up to this size are remembered whole instead of hashed. */
const MAX_KEPT_BODY_BYTES = 16 * 1024;

export function bodyPrint(raw: Buffer, text: string): BodyPrint {
  if (raw.length > MAX_KEPT_BODY_BYTES) return { sha256: oneShotHash('sha256', raw, 'hex') };
  return isUtf8(raw) ? text : Buffer.from(raw);
}
