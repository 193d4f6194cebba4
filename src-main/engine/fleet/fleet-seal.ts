/**
 * What the operator's machines say to each other is sealed for them alone: every computer holding the operator
 * identity derives the same key from its seed (HKDF-SHA-256), and nobody else can read or forge a message.
 *
 * The associated data binds each message to what it is (a question, an answer, a hello) and to the machine it is
 * about, so one machine's answer cannot be passed off as another's, nor a hello as an answer. Every message is padded
 * to a fixed size before it is sealed, so its length tells an onlooker nothing of what it says (switched on, paused,
 * paused until a time): only a status with a very long model list moves up to the next size.
 *
 * Opening is the first thing done with a stranger's bytes, so it is done in the order of what it costs: the length,
 * then the shape of the envelope (flat-json.ts, before `JSON.parse` could spend milliseconds on deep nesting), then
 * the parts' lengths (the ciphertext must be one of the sizes its kind is padded to), and only then the decryption.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { shapeProblem, type ShapeLimits } from '../net';
import { flatJson } from './flat-json';

/**
 * What a sealed message is: a sibling's question, the answer to it, a machine introducing itself, or a machine saying
 * goodbye as its node stops.
 */
export type SealPurpose = 'ask' | 'status' | 'hello' | 'bye';

const VERSION = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The sizes a message is padded to: a status is well under the first; a question under its own smaller one. */
export const STATUS_BUCKET_BYTES = 4 * 1024;
export const ASK_BUCKET_BYTES = 512;
/** The largest message sealed or opened (a status with 256 long model names fits). */
export const MAX_PLAIN_BYTES = 128 * 1024;
/**
 * The largest hello. A hello is posted to a public route by a machine the receiver may not know, so it is kept to what
 * a status holds without its models (a full machine list and schedule fit with room to spare); a machine with a
 * longer model list says hello with as many as fit, and is asked for the rest at the next look.
 */
export const HELLO_MAX_PLAIN_BYTES = 32 * 1024;

/** The sizes each kind of message is padded to: its smallest, doubled as often as needed, up to its largest. */
const SIZES: Record<SealPurpose, { min: number; max: number }> = {
  ask: { min: ASK_BUCKET_BYTES, max: ASK_BUCKET_BYTES },
  // A goodbye holds as little as a question: who says it, to whom, and its number.
  bye: { min: ASK_BUCKET_BYTES, max: ASK_BUCKET_BYTES },
  hello: { min: STATUS_BUCKET_BYTES, max: HELLO_MAX_PLAIN_BYTES },
  status: { min: STATUS_BUCKET_BYTES, max: MAX_PLAIN_BYTES },
};

/** The envelope around the ciphertext: `{"v":2,"iv":"…","ct":"","tag":"…"}` is 72 characters; some room for spacing. */
const ENVELOPE_CHARS = 128;
const base64Chars = (bytes: number): number => Math.ceil(bytes / 3) * 4;
/** The longest sealed text of a kind of message. */
export const maxSealedChars = (purpose: SealPurpose): number => base64Chars(SIZES[purpose].max) + ENVELOPE_CHARS;
/** The base64 of the largest message. */
export const MAX_SEALED_CHARS = base64Chars(MAX_PLAIN_BYTES);

/** One object of four members: `v`, `iv`, `ct`, `tag`. */
const ENVELOPE_SHAPE = { opens: 1, commas: 3 };
/**
 * What an opened message may hold: a status nests five levels (its schedule's windows' days), and holds a few thousand
 * values at most (100 windows, 256 models, 32 machines). It comes from a machine of the operator, which may still run
 * another version or be broken.
 */
const PLAIN_SHAPE: ShapeLimits = { maxDepth: 8, maxValues: 20_000 };

const Sealed = z
  .object({
    v: z.literal(VERSION),
    iv: z.string().max(32),
    ct: z.string().min(1).max(MAX_SEALED_CHARS),
    tag: z.string().max(32),
  })
  .strict();

const aad = (purpose: SealPurpose, nodeId: string): Buffer =>
  Buffer.from(`iicp-fleet/${VERSION}\n${purpose}\n${nodeId}`, 'utf8');

/** Whether `bytes` is one of the sizes a `purpose` message is padded to. */
function paddedSize(purpose: SealPurpose, bytes: number): boolean {
  const { min, max } = SIZES[purpose];
  if (bytes < min || bytes > max || bytes % min !== 0) return false;
  const times = bytes / min;
  return (times & (times - 1)) === 0;
}

/**
 * `json` padded with spaces (JSON's own white space) to the smallest size of `purpose` it fits; null past the largest.
 */
function padded(json: string, purpose: SealPurpose): Buffer | null {
  const bytes = Buffer.from(json, 'utf8');
  const { min, max } = SIZES[purpose];
  let size = min;
  while (size < bytes.length) size *= 2;
  if (size > max) return null;
  return Buffer.concat([bytes, Buffer.alloc(size - bytes.length, 0x20)]);
}

/**
 * `value` sealed for the operator's machines as a `purpose` message about `nodeId`; null when it is larger than such a
 * message may be.
 */
export function seal(key: Buffer, purpose: SealPurpose, nodeId: string, value: unknown): string | null {
  const plain = padded(JSON.stringify(value), purpose);
  if (plain === null) return null;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(purpose, nodeId));
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return JSON.stringify({
    v: VERSION,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  });
}

/** The `purpose` message about `nodeId`, or null for anything else (another operator's, changed, another kind). */
export function open(key: Buffer, purpose: SealPurpose, nodeId: string, text: string): unknown {
  if (text.length > maxSealedChars(purpose) || !flatJson(text, ENVELOPE_SHAPE)) return null;
  try {
    const s = Sealed.parse(JSON.parse(text));
    const iv = Buffer.from(s.iv, 'base64');
    const tag = Buffer.from(s.tag, 'base64');
    const ct = Buffer.from(s.ct, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES || !paddedSize(purpose, ct.length)) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(purpose, nodeId));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(ct), decipher.final()]);
    if (shapeProblem(plain, PLAIN_SHAPE) !== null) return null;
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
