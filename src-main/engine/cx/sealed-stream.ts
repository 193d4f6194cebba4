import { GCM_NONCE_BYTES, GCM_TAG_BYTES, deriveMessageKey, open, seal } from './aead';
import { decodeBase64url, encodeBase64url, maxBase64urlLength } from './base64url';
import { X25519_KEY_BYTES } from './keys';

/** The extra `cx_public_key.features` entry of a node that seals each chunk of a streamed answer. */
export const SEALED_STREAM_FEATURE = 'sealed_stream_v1';
/** The field of a RESPONSE's key 5 that carries a sealed chunk: `{ "iicp_conf_chunk": SealedChunk }`. */
export const SEALED_CHUNK_FIELD = 'iicp_conf_chunk';
export const STREAM_INFO_LABEL = 'IICP-CX-STREAM-v1';
/** Far above a chunk of a few hundred bytes, well under a 16 MiB frame once in base64 and CBOR. */
export const MAX_CHUNK_PLAINTEXT_BYTES = 8 * 1024 * 1024;
const MAX_BODY_TEXT = maxBase64urlLength(MAX_CHUNK_PLAINTEXT_BYTES + GCM_TAG_BYTES);

export interface SealedChunk {
  version: 1;
  seq: number;
  end: boolean;
  /** base64url of the ciphertext with the GCM tag appended. */
  encrypted_body: string;
}

export type StreamOpenErrorCode = 'unsealed' | 'gap' | 'reorder' | 'replay' | 'bad_seal' | 'after_end' | 'no_end';

/** Why a chunk was refused; the message is fixed text, never key bytes or plaintext. */
export class StreamOpenError extends Error {
  readonly code: StreamOpenErrorCode;
  constructor(code: StreamOpenErrorCode, message: string) {
    super(message);
    this.name = 'StreamOpenError';
    this.code = code;
  }
}

/**
 * One key per stream: the shared secret is fresh per request (the consumer's ephemeral key), so the task id in the
 * info only keeps the keys of two tasks apart should a secret ever repeat. The salt is empty because the nonce is a
 * counter here, not a random value that could double as salt.
 */
export function streamKey(shared: Buffer, taskId: string): Buffer {
  if (shared.length !== X25519_KEY_BYTES) {
    throw new RangeError(`The shared secret is ${X25519_KEY_BYTES} bytes, got ${shared.length}.`);
  }
  if (typeof taskId !== 'string' || taskId === '') throw new TypeError('A sealed stream needs the task id.');
  return deriveMessageKey(shared, Buffer.alloc(0), STREAM_INFO_LABEL + taskId);
}

/** Four zero bytes (the node-to-consumer direction), then the sequence as a 64-bit big-endian count. */
export function chunkNonce(seq: number): Buffer {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError('A chunk sequence is a non-negative safe integer.');
  const nonce = Buffer.alloc(GCM_NONCE_BYTES);
  nonce.writeBigUInt64BE(BigInt(seq), 4);
  return nonce;
}

/** The place of the chunk and whether it ends the stream: a moved, cut or falsely ended stream fails to open. */
export function chunkAad(taskId: string, seq: number, end: boolean): Buffer {
  return Buffer.from(`${taskId}|${seq}|${end ? 'end' : 'more'}`, 'utf8');
}

/** The node's side: seals the chunks of one streamed answer in order, numbering them 0, 1, 2 … itself. */
export class StreamSealer {
  readonly #key: Buffer;
  readonly #taskId: string;
  #seq = 0;
  #ended = false;

  constructor(shared: Buffer, taskId: string) {
    this.#key = streamKey(shared, taskId);
    this.#taskId = taskId;
  }

  seal(plaintext: Buffer | string, end: boolean): SealedChunk {
    // Sealing after the end would reuse nothing, but the opener refuses it, so saying so here finds the bug sooner.
    if (this.#ended) throw new Error('The sealed stream has already ended.');
    const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    if (bytes.length > MAX_CHUNK_PLAINTEXT_BYTES) throw new RangeError('A sealed chunk is larger than the opener accepts.');
    const seq = this.#seq;
    const body = seal(this.#key, chunkNonce(seq), bytes, chunkAad(this.#taskId, seq, end));
    this.#seq += 1;
    this.#ended = end;
    return { version: 1, seq, end, encrypted_body: encodeBase64url(body) };
  }
}

/** A field of a plain object or of a Map (a CBOR decoder may give either for a string-keyed map). */
function field(value: unknown, name: string): unknown {
  if (value instanceof Map) return value.get(name);
  if (value && typeof value === 'object' && !Array.isArray(value)) return (value as Record<string, unknown>)[name];
  return undefined;
}

interface ChunkFields { version: unknown; seq: number; end: boolean; body: string }

/** The chunk's fields, from the chunk itself or from the `{ iicp_conf_chunk: … }` a RESPONSE carries; null if neither. */
function readChunk(value: unknown): ChunkFields | null {
  const wrapped = field(value, SEALED_CHUNK_FIELD);
  const chunk = wrapped === undefined ? value : wrapped;
  const seq = field(chunk, 'seq');
  const end = field(chunk, 'end');
  const body = field(chunk, 'encrypted_body');
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
  if (typeof end !== 'boolean' || typeof body !== 'string') return null;
  return { version: field(chunk, 'version'), seq, end, body };
}

/**
 * The consumer's side: opens the chunks of one stream strictly in order. Any refusal breaks the stream for good, so
 * no plaintext is ever handed out after something on the way was caught changing it.
 */
export class StreamOpener {
  readonly #key: Buffer;
  readonly #taskId: string;
  #expected = 0;
  #highestSeen = -1;
  #ended = false;
  #broken: StreamOpenError | null = null;

  constructor(shared: Buffer, taskId: string) {
    this.#key = streamKey(shared, taskId);
    this.#taskId = taskId;
  }

  get ended(): boolean {
    return this.#ended;
  }

  open(chunk: unknown): { plaintext: Buffer; end: boolean; seq: number } {
    if (this.#ended) throw this.#refuse('after_end', 'A chunk came after the end of the sealed stream.');
    const c = readChunk(chunk);
    if (!c) throw this.#refuse('unsealed', 'A chunk of a sealed stream was not sealed.');
    if (c.seq < this.#expected) throw this.#refuse('replay', 'A chunk of the sealed stream came again.');
    if (c.seq > this.#expected) {
      this.#highestSeen = Math.max(this.#highestSeen, c.seq);
      throw this.#refuse('gap', 'A chunk of the sealed stream is missing.');
    }
    if (this.#highestSeen > c.seq) throw this.#refuse('reorder', 'The chunks of the sealed stream came out of order.');
    if (this.#broken) throw this.#broken;
    const sealed = c.version === 1 && c.body.length <= MAX_BODY_TEXT ? decodeBase64url(c.body) : null;
    const plaintext = sealed ? open(this.#key, chunkNonce(c.seq), sealed, chunkAad(this.#taskId, c.seq, c.end)) : null;
    if (!plaintext) throw this.#refuse('bad_seal', 'A chunk of the sealed stream did not open; something on the way may have changed it.');
    this.#expected += 1;
    this.#ended = c.end;
    return { plaintext, end: c.end, seq: c.seq };
  }

  finish(): void {
    // Only says whether the end was seen: it refuses nothing the stream might still bring.
    if (!this.#ended) throw new StreamOpenError('no_end', 'The sealed stream stopped before its end.');
  }

  #refuse(code: StreamOpenErrorCode, message: string): StreamOpenError {
    const err = new StreamOpenError(code, message);
    this.#broken ??= err;
    return err;
  }
}
