import { randomBytes } from 'node:crypto';
import { GCM_NONCE_BYTES, GCM_TAG_BYTES, deriveMessageKey, open, seal } from './aead';
import { decodeBase64url, encodeBase64url, maxBase64urlLength } from './base64url';
import { X25519_KEY_BYTES } from './keys';

/** The extra `cx_public_key.features` entry of a node that seals each chunk of a streamed answer (ADR 0018). */
export const SEALED_STREAM_FEATURE = 'sealed_stream_v2';
/** The `version` of every chunk of the form this module writes and reads. */
export const SEALED_STREAM_VERSION = 2;
/** The field of a RESPONSE's key 5 that carries a sealed chunk: `{ "iicp_conf_chunk": SealedChunk }`. */
export const SEALED_CHUNK_FIELD = 'iicp_conf_chunk';
export const STREAM_INFO_LABEL = 'IICP-CX-STREAM-v2';
/** The salt the node draws for each stream: as long as the key, so two streams never share one by chance. */
export const STREAM_SALT_BYTES = 32;
/** Far above a chunk of a few hundred bytes, well under a 16 MiB frame once in base64 and CBOR. */
export const MAX_CHUNK_PLAINTEXT_BYTES = 8 * 1024 * 1024;
const MAX_BODY_TEXT = maxBase64urlLength(MAX_CHUNK_PLAINTEXT_BYTES + GCM_TAG_BYTES);
/** The chunks of `sealed_stream_v1`: no salt, so a second run of one request sealed under the first run's key. */
const OLD_VERSION = 1;

export interface SealedChunk {
  version: typeof SEALED_STREAM_VERSION;
  seq: number;
  end: boolean;
  /** base64url of the stream's salt: on the first chunk (seq 0) only. */
  salt?: string;
  /** base64url of the ciphertext with the GCM tag appended. */
  encrypted_body: string;
}

export type StreamOpenErrorCode =
  | 'unsealed'
  | 'gap'
  | 'reorder'
  | 'replay'
  | 'bad_seal'
  | 'after_end'
  | 'no_end'
  | 'old_version'
  | 'no_salt'
  | 'bad_salt'
  | 'salt_moved';

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
 * One key per run of a stream. The salt is the node's own, drawn fresh for every run: a request sent again (a
 * replay, a retry with the same envelope, after a restart or a restore of the node's data from a backup) has the same
 * shared secret and task id, and only the salt keeps its key from the first run's. The task id in the info keeps the
 * keys of two tasks apart should everything else ever repeat.
 */
export function streamKey(shared: Buffer, salt: Buffer, taskId: string): Buffer {
  if (shared.length !== X25519_KEY_BYTES) {
    throw new RangeError(`The shared secret is ${X25519_KEY_BYTES} bytes, got ${shared.length}.`);
  }
  if (salt.length !== STREAM_SALT_BYTES)
    throw new RangeError(`A stream salt is ${STREAM_SALT_BYTES} bytes, got ${salt.length}.`);
  if (typeof taskId !== 'string' || taskId === '') throw new TypeError('A sealed stream needs the task id.');
  return deriveMessageKey(shared, salt, STREAM_INFO_LABEL + taskId);
}

/** Four zero bytes (the node-to-consumer direction), then the sequence as a 64-bit big-endian count. */
export function chunkNonce(seq: number): Buffer {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError('A chunk sequence is a non-negative safe integer.');
  const nonce = Buffer.alloc(GCM_NONCE_BYTES);
  nonce.writeBigUInt64BE(BigInt(seq), 4);
  return nonce;
}

/**
 * The place of the chunk, whether it ends the stream, and the run it belongs to: a moved, cut or falsely ended
 * stream, and a chunk of another run of the same request, fail to open.
 */
export function chunkAad(taskId: string, seq: number, end: boolean, salt: Buffer): Buffer {
  return Buffer.from(`${taskId}|${seq}|${end ? 'end' : 'more'}|${encodeBase64url(salt)}`, 'utf8');
}

/**
 * The node's side: seals the chunks of one run of a streamed answer in order, numbering them 0, 1, 2 … itself, under
 * a salt of its own that the first chunk carries.
 */
export class StreamSealer {
  readonly #key: Buffer;
  readonly #taskId: string;
  readonly #salt: Buffer;
  #seq = 0;
  #ended = false;

  constructor(shared: Buffer, taskId: string) {
    // Drawn here, never taken from outside: nothing a consumer sends, and nothing the node stored, can make it repeat.
    this.#salt = randomBytes(STREAM_SALT_BYTES);
    this.#key = streamKey(shared, this.#salt, taskId);
    this.#taskId = taskId;
  }

  seal(plaintext: Buffer | string, end: boolean): SealedChunk {
    // Sealing after the end would reuse nothing, but the opener refuses it, so saying so here finds the bug sooner.
    if (this.#ended) throw new Error('The sealed stream has already ended.');
    const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    if (bytes.length > MAX_CHUNK_PLAINTEXT_BYTES)
      throw new RangeError('A sealed chunk is larger than the opener accepts.');
    const seq = this.#seq;
    const body = seal(this.#key, chunkNonce(seq), bytes, chunkAad(this.#taskId, seq, end, this.#salt));
    this.#seq += 1;
    this.#ended = end;
    const encrypted_body = encodeBase64url(body);
    if (seq === 0)
      return { version: SEALED_STREAM_VERSION, seq, end, salt: encodeBase64url(this.#salt), encrypted_body };
    return { version: SEALED_STREAM_VERSION, seq, end, encrypted_body };
  }
}

/** A field of a plain object or of a Map (a CBOR decoder may give either for a string-keyed map). */
function field(value: unknown, name: string): unknown {
  if (value instanceof Map) return value.get(name);
  if (value && typeof value === 'object' && !Array.isArray(value)) return (value as Record<string, unknown>)[name];
  return undefined;
}

interface ChunkFields {
  version: unknown;
  seq: number;
  end: boolean;
  salt: unknown;
  body: string;
}

/**
 * The chunk's fields, from the chunk itself or from the `{ iicp_conf_chunk: … }` a RESPONSE carries; null if neither.
 */
function readChunk(value: unknown): ChunkFields | null {
  const wrapped = field(value, SEALED_CHUNK_FIELD);
  const chunk = wrapped === undefined ? value : wrapped;
  const seq = field(chunk, 'seq');
  const end = field(chunk, 'end');
  const body = field(chunk, 'encrypted_body');
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
  if (typeof end !== 'boolean' || typeof body !== 'string') return null;
  return { version: field(chunk, 'version'), seq, end, salt: field(chunk, 'salt'), body };
}

/**
 * The consumer's side: opens the chunks of one stream strictly in order. The first chunk names the run's salt, and
 * the key follows from it; any refusal breaks the stream for good, so no plaintext is ever handed out after something
 * on the way was caught changing it.
 */
export class StreamOpener {
  readonly #shared: Buffer;
  readonly #taskId: string;
  /** The run's salt and key, once the first chunk named the salt. */
  #salt: Buffer | null = null;
  #key: Buffer | null = null;
  #expected = 0;
  #highestSeen = -1;
  #ended = false;
  #broken: StreamOpenError | null = null;

  constructor(shared: Buffer, taskId: string) {
    if (shared.length !== X25519_KEY_BYTES) {
      throw new RangeError(`The shared secret is ${X25519_KEY_BYTES} bytes, got ${shared.length}.`);
    }
    if (typeof taskId !== 'string' || taskId === '') throw new TypeError('A sealed stream needs the task id.');
    this.#shared = Buffer.from(shared);
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
    if (c.version === OLD_VERSION) {
      throw this.#refuse('old_version', 'The sealed stream is in the old form without a salt, whose key can repeat.');
    }
    if (c.version !== SEALED_STREAM_VERSION) throw this.#badSeal();
    const key = this.#keyFor(c);
    const sealed = c.body.length <= MAX_BODY_TEXT ? decodeBase64url(c.body) : null;
    const plaintext = sealed
      ? open(key, chunkNonce(c.seq), sealed, chunkAad(this.#taskId, c.seq, c.end, this.#salt!))
      : null;
    if (!plaintext) throw this.#badSeal();
    this.#expected += 1;
    this.#ended = c.end;
    return { plaintext, end: c.end, seq: c.seq };
  }

  finish(): void {
    // Only says whether the end was seen: it refuses nothing the stream might still bring.
    if (!this.#ended) throw new StreamOpenError('no_end', 'The sealed stream stopped before its end.');
  }

  /** The run's key: taken from the first chunk's salt, which no later chunk may carry (it would name another run). */
  #keyFor(c: ChunkFields): Buffer {
    if (c.seq > 0) {
      if (c.salt !== undefined)
        throw this.#refuse('salt_moved', 'A later chunk of the sealed stream named a salt; only the first one does.');
      return this.#key!;
    }
    if (c.salt === undefined) throw this.#refuse('no_salt', 'The first chunk of the sealed stream carries no salt.');
    const salt = typeof c.salt === 'string' ? decodeBase64url(c.salt) : null;
    if (!salt || salt.length !== STREAM_SALT_BYTES)
      throw this.#refuse('bad_salt', 'The salt of the sealed stream is not 32 bytes of base64url.');
    this.#salt = salt;
    this.#key = streamKey(this.#shared, salt, this.#taskId);
    return this.#key;
  }

  #badSeal(): StreamOpenError {
    return this.#refuse(
      'bad_seal',
      'A chunk of the sealed stream did not open; something on the way may have changed it.',
    );
  }

  #refuse(code: StreamOpenErrorCode, message: string): StreamOpenError {
    const err = new StreamOpenError(code, message);
    this.#broken ??= err;
    return err;
  }
}
