/**
 * What a machine publishes about itself is sealed for the operator's own machines: every computer holding the
 * operator identity derives the same key from its seed (HKDF-SHA-256), and nobody else can read or forge a status.
 * The node id is the associated data, so one machine's sealed status cannot be passed off as another's.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A status is a few KiB at most; anything larger is not one. */
export const MAX_SEALED_CHARS = 64 * 1024;

const Sealed = z.object({ v: z.literal(1), iv: z.string().max(32), ct: z.string().min(1).max(MAX_SEALED_CHARS), tag: z.string().max(32) }).strict();

export function sealStatus(key: Buffer, nodeId: string, value: unknown): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(nodeId, 'utf8'));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return JSON.stringify({ v: 1, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') });
}

/** The status sealed for `nodeId`, or null for anything else (another operator's, changed, not a status at all). */
export function openStatus(key: Buffer, nodeId: string, text: string): unknown {
  if (text.length > MAX_SEALED_CHARS * 2) return null;
  try {
    const s = Sealed.parse(JSON.parse(text));
    const iv = Buffer.from(s.iv, 'base64');
    const tag = Buffer.from(s.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(nodeId, 'utf8'));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(Buffer.from(s.ct, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
