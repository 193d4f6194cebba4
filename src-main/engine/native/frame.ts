/**
 * IICP native framing: a 12-byte header (`IICP`, version 1, type, flags, reserved, u32 big-endian length) and a
 * CBOR payload. Both the node's native port and the native client read frames with `FrameReader`, which judges a
 * frame from its header alone, so a hostile peer cannot make us hold more than one frame's worth of bytes.
 */

export const NATIVE_MAGIC: Buffer = Buffer.from('IICP', 'latin1');
export const FRAMING_VERSION = 1;
export const FRAME_HEADER_BYTES = 12;
export const MAX_FRAME_PAYLOAD = 16 * 1024 * 1024;

/** Chunks shorter than this are copied together (see FrameReader.hold). */
const SMALL_CHUNK = 1024;
const SPARE_BYTES = 16 * 1024;

export const MsgType = { INIT: 1, ACK: 2, DISCOVER: 3, CALL: 5, RESPONSE: 6, CLOSE: 7, PING: 9, PONG: 10 } as const;

export interface Frame {
  type: number;
  flags: number;
  payload: Buffer;
}

export type FrameErrorCode = 'bad_magic' | 'bad_version' | 'too_large';

export class FrameError extends Error {
  constructor(
    readonly code: FrameErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

/** One frame on the wire; flags and the reserved byte are 0 on what we send. */
export function encodeFrame(type: number, payload: Uint8Array): Buffer {
  if (payload.byteLength > MAX_FRAME_PAYLOAD) throw new FrameError('too_large', 'frame payload over 16 MiB');
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.byteLength);
  NATIVE_MAGIC.copy(out, 0);
  out[4] = FRAMING_VERSION;
  out[5] = type & 0xff;
  out[6] = 0;
  out[7] = 0;
  out.writeUInt32BE(payload.byteLength, 8);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/** Looks at a payload's bytes as they arrive, in order; returns why it is refused, or null to go on. */
export type PayloadInspector = (bytes: Uint8Array) => string | null;

/**
 * Frames out of a byte stream, in any chunking. Chunks are kept as they come and joined once per frame, so a large
 * frame in many small chunks costs its length, not its length squared. The magic, the version and the length are
 * judged as soon as the header is complete: a length over `maxPayload` is refused before a byte of it is read.
 * An `inspect` option may look at a frame's payload as it arrives (the node's session scans its CBOR headers): once it
 * refuses, the reader drops what it holds, holds nothing more and says why in `refused`.
 * The reserved byte and unknown flag bits are ignored, as the public framing fixture says a receiver must.
 * After a FrameError, or a refusal, the reader is spent: the connection is to be closed.
 */
export class FrameReader {
  private readonly maxPayload: number;
  private chunks: Buffer[] = [];
  /** Index of the first held chunk: chunks are dropped from the front by moving it, never by shifting the array. */
  private head = 0;
  private size = 0;
  /** Small chunks are copied into this buffer end to end, so a trickling peer never leaves a chunk per byte. */
  private spare: Buffer | null = null;
  private spareUsed = 0;
  /** The header of the frame being collected, once judged. */
  private pending: { type: number; flags: number; length: number } | null = null;
  private failed: FrameError | null = null;
  private readonly inspectorOf: ((type: number, length: number) => PayloadInspector | null) | null;
  /** The inspector of the frame being collected, if it has one. */
  private inspector: PayloadInspector | null = null;
  private refusal: string | null = null;

  constructor(o: { maxPayload?: number; inspect?: (type: number, length: number) => PayloadInspector | null } = {}) {
    this.maxPayload = Math.min(o.maxPayload ?? MAX_FRAME_PAYLOAD, MAX_FRAME_PAYLOAD);
    this.inspectorOf = o.inspect ?? null;
  }

  /** Bytes held that do not yet make a whole frame. */
  get buffered(): number {
    return this.size + (this.pending ? FRAME_HEADER_BYTES : 0);
  }

  /** Why the inspector refused a payload while it arrived, or null. */
  get refused(): string | null {
    return this.refusal;
  }

  /**
   * Adds bytes; returns the frames they complete (those before a refused one, once `refused` is set). Throws
   * FrameError on a bad header (and on every push after).
   */
  push(chunk: Buffer): Frame[] {
    if (this.failed) throw this.failed;
    if (this.refusal !== null) return [];
    if (chunk.length > 0) {
      // What continues the payload being collected is looked at before it is held.
      if (this.pending && this.inspector)
        this.inspect(chunk.subarray(0, Math.min(chunk.length, this.pending.length - this.size)));
      if (this.refusal !== null) return [];
      this.hold(chunk);
    }
    const frames: Frame[] = [];
    for (;;) {
      if (!this.pending) {
        if (this.size < FRAME_HEADER_BYTES) break;
        this.pending = this.judgeHeader(this.take(FRAME_HEADER_BYTES));
        this.inspector =
          this.pending.length > 0 ? (this.inspectorOf?.(this.pending.type, this.pending.length) ?? null) : null;
        if (this.inspector) this.inspectHeld(Math.min(this.size, this.pending.length));
        if (this.refusal !== null) break;
      }
      if (this.size < this.pending.length) break;
      const { type, flags, length } = this.pending;
      this.pending = null;
      this.inspector = null;
      frames.push({ type, flags, payload: this.take(length) });
    }
    return frames;
  }

  /** Shows the inspector the payload's next `bytes`. */
  private inspect(bytes: Uint8Array): void {
    if (bytes.length === 0 || !this.inspector) return;
    const why = this.inspector(bytes);
    if (why === null) return;
    this.refusal = why;
    this.inspector = null;
    this.pending = null;
    this.chunks = [];
    this.head = 0;
    this.size = 0;
  }

  /** The first `n` held bytes, to the inspector (they came in with the frame's header). */
  private inspectHeld(n: number): void {
    for (let i = this.head, seen = 0; seen < n && i < this.chunks.length && this.refusal === null; i++) {
      const c = this.chunks[i]!.subarray(0, n - seen);
      this.inspect(c);
      seen += c.length;
    }
  }

  private judgeHeader(h: Buffer): { type: number; flags: number; length: number } {
    let problem: FrameError | null = null;
    if (!h.subarray(0, 4).equals(NATIVE_MAGIC)) problem = new FrameError('bad_magic', 'not an IICP frame');
    else if (h[4] !== FRAMING_VERSION) problem = new FrameError('bad_version', 'unknown framing version');
    else if (h.readUInt32BE(8) > this.maxPayload) problem = new FrameError('too_large', 'frame payload over the limit');
    if (problem) {
      this.failed = problem;
      this.chunks = [];
      this.head = 0;
      this.size = 0;
      throw problem;
    }
    return { type: h[5] ?? 0, flags: h[6] ?? 0, length: h.readUInt32BE(8) };
  }

  private hold(chunk: Buffer): void {
    this.size += chunk.length;
    if (chunk.length >= SMALL_CHUNK) {
      this.chunks.push(chunk);
      return;
    }
    if (!this.spare || this.spareUsed + chunk.length > this.spare.length) {
      // Its own memory (not Node's shared pool), so frames handed out as views of it stay valid and private.
      this.spare = Buffer.allocUnsafeSlow(SPARE_BYTES);
      this.spareUsed = 0;
    }
    const spare = this.spare;
    chunk.copy(spare, this.spareUsed);
    const last = this.chunks.length > this.head ? this.chunks[this.chunks.length - 1] : undefined;
    const lastEndsAtSpare =
      last !== undefined &&
      last.buffer === spare.buffer &&
      last.byteOffset + last.length === spare.byteOffset + this.spareUsed;
    if (last !== undefined && lastEndsAtSpare) {
      this.chunks[this.chunks.length - 1] = spare.subarray(
        last.byteOffset - spare.byteOffset,
        this.spareUsed + chunk.length,
      );
    } else {
      this.chunks.push(spare.subarray(this.spareUsed, this.spareUsed + chunk.length));
    }
    this.spareUsed += chunk.length;
  }

  /** The first `n` held bytes (n ≤ size), joined once; the rest stays held. */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[this.head] as Buffer;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.head += 1;
      else this.chunks[this.head] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let at = 0;
      while (at < n) {
        const c = this.chunks[this.head] as Buffer;
        const want = n - at;
        if (c.length <= want) {
          c.copy(out, at);
          at += c.length;
          this.head += 1;
        } else {
          c.copy(out, at, 0, want);
          this.chunks[this.head] = c.subarray(want);
          at = n;
        }
      }
    }
    this.size -= n;
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    return out;
  }
}
