/**
 * What the operator's machines say to each other is sealed for them alone: every computer holding the operator
 * identity derives the same key from its seed (HKDF-SHA-256), and nobody else can read or forge a message.
 *
 * The associated data binds each message to what it is (a question, an answer, a hello) and to the machine it is
 * about, so one machine's answer cannot be passed off as another's, nor a hello as an answer. Every message is padded
 * to a fixed size before it is sealed, so its length tells an onlooker nothing of what it says (switched on, paused,
 * paused until a time): only a status with a very long model list moves up to the next size.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** What a sealed message is: a sibling's question, the answer to it, or a machine introducing itself. */
export type SealPurpose = 'ask' | 'status' | 'hello';

const VERSION = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The sizes a message is padded to: a status is well under the first; a question under its own smaller one. */
export const STATUS_BUCKET_BYTES = 4 * 1024;
export const ASK_BUCKET_BYTES = 512;
/** The largest message sealed or opened (a status with 256 long model names fits). */
export const MAX_PLAIN_BYTES = 128 * 1024;
/** The base64 of the largest message. */
export const MAX_SEALED_CHARS = Math.ceil(MAX_PLAIN_BYTES / 3) * 4;

const Sealed = z.object({ v: z.literal(VERSION), iv: z.string().max(32), ct: z.string().min(1).max(MAX_SEALED_CHARS), tag: z.string().max(32) }).strict();

const aad = (purpose: SealPurpose, nodeId: string): Buffer => Buffer.from(`iicp-fleet/${VERSION}\n${purpose}\n${nodeId}`, 'utf8');

/** `bytes` padded with spaces (JSON's own white space) to the smallest bucket, doubled as often as needed, it fits. */
function padded(json: string, minBytes: number): Buffer {
  const bytes = Buffer.from(json, 'utf8');
  let size = minBytes;
  while (size < bytes.length) size *= 2;
  return Buffer.concat([bytes, Buffer.alloc(size - bytes.length, 0x20)]);
}

/**
 * `value` sealed for the operator's machines as a `purpose` message about `nodeId`, padded to a bucket of at least
 * `minBytes`; null when it is larger than any message is allowed to be.
 */
export function seal(key: Buffer, purpose: SealPurpose, nodeId: string, value: unknown, minBytes = STATUS_BUCKET_BYTES): string | null {
  const plain = padded(JSON.stringify(value), minBytes);
  if (plain.length > MAX_PLAIN_BYTES) return null;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(purpose, nodeId));
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return JSON.stringify({ v: VERSION, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') });
}

/** The `purpose` message about `nodeId`, or null for anything else (another operator's, changed, another kind). */
export function open(key: Buffer, purpose: SealPurpose, nodeId: string, text: string): unknown {
  if (text.length > MAX_SEALED_CHARS + 256) return null;
  try {
    const s = Sealed.parse(JSON.parse(text));
    const iv = Buffer.from(s.iv, 'base64');
    const tag = Buffer.from(s.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(purpose, nodeId));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(Buffer.from(s.ct, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
