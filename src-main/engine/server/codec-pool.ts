import { exportCxPrivateRaw, type CxKeyPair } from '../cx';
import { decodeRelayCall, type RelayCall } from './relay-call';
import { asBuffer, ownedMemory, type CodecJob, type CodecReply } from './codec-wire';
import {
  decodeTask,
  encodeAnswer,
  type DecodeContext,
  type Decoded,
  type EncodeContext,
  type Encoded,
} from './task-codec';
import { WorkerPool } from '../subprocess';

export interface CodecPoolOptions {
  /** Inputs up to this size are processed on the calling thread (a worker round trip costs more than they do). */
  inlineBytes?: number;
  /** Worker threads at most (default: one less than the cores, at least one, at most two). */
  maxWorkers?: number;
  /** An idle worker ends after this long, giving its memory back. */
  idleMs?: number;
  /** Jobs waiting for a worker at most; past it new ones are refused (the node is busy). */
  maxQueued?: number;
}

/** 64 KiB of JSON parses, validates and re-serialises in well under a millisecond. */
export const DEFAULT_INLINE_BYTES = 64 * 1024;

const UNPROCESSABLE_REQUEST: Decoded = {
  ok: false,
  meta: null,
  refusal: { status: 413, code: 'payload_too_large', message: 'The request is too large for this node to process.' },
};
const UNPROCESSABLE_ANSWER: Encoded = {
  ok: false,
  kind: 'bad_response',
  message: 'The local model server sent an answer too large to process.',
};
const BUSY_REQUEST: Decoded = {
  ok: false,
  meta: null,
  refusal: {
    status: 503,
    code: 'busy',
    message: 'The node is busy processing other large requests; try again in a moment.',
    headers: { 'Retry-After': '2' },
  },
};
const BUSY_ANSWER: Encoded = {
  ok: false,
  kind: 'bad_response',
  message: 'The node was too busy to process the answer.',
};

/**
 * Runs the task codec (task-codec.ts) off the event loop for large inputs. The task port is the internet's: a body of
 * several megabytes costs tens of milliseconds to parse, validate and re-serialise, and that must not stall the
 * health endpoint, the heartbeats or — in the desktop app — the window. Small inputs (nearly every task) run inline,
 * where a thread hop would cost more than the work.
 *
 * Workers start on first need and end when idle. Jobs wait in a bounded queue in arrival order. A worker that dies
 * fails the one job it was running (its task is refused); the others go to a new worker.
 */
export class CodecPool {
  private readonly inlineBytes: number;
  private readonly pool: WorkerPool<CodecJob, CodecReply>;
  private closed = false;
  private cxPrivate: Buffer | null = null;

  constructor(
    private readonly cx: CxKeyPair,
    o: CodecPoolOptions = {},
  ) {
    this.inlineBytes = o.inlineBytes ?? DEFAULT_INLINE_BYTES;
    this.pool = new WorkerPool({
      builtName: 'codec-worker',
      sourceFile: './codec-worker.ts',
      beside: import.meta.url,
      // The node's CX key, exported once the first thread is needed (most nodes never start one).
      workerData: () => ({ cxPrivate: (this.cxPrivate ??= exportCxPrivateRaw(this.cx)) }),
      maxWorkers: o.maxWorkers,
      idleMs: o.idleMs,
      maxQueued: o.maxQueued,
    });
  }

  /** Worker threads running now. */
  get workers(): number {
    return this.pool.workers;
  }

  /** A large `raw` that owns its memory is moved to the worker: the caller must not read it afterwards. */
  decode(raw: Buffer, ctx: DecodeContext): Decoded | Promise<Decoded> {
    if (raw.length <= this.inlineBytes || this.closed) return decodeTask(raw, ctx, this.cx);
    return this.run(
      raw,
      (bytes) => ({ op: 'decode', bytes, ctx }),
      UNPROCESSABLE_REQUEST,
      BUSY_REQUEST,
    ) as Promise<Decoded>;
  }

  /** As `decode`: a large `body` may be moved, not copied. */
  encode(body: Buffer, ctx: EncodeContext): Encoded | Promise<Encoded> {
    if (body.length <= this.inlineBytes || this.closed) return encodeAnswer(body, ctx);
    return this.run(
      body,
      (bytes) => ({ op: 'encode', bytes, ctx }),
      UNPROCESSABLE_ANSWER,
      BUSY_ANSWER,
    ) as Promise<Encoded>;
  }

  /** A call a relay handed over (relay-call.ts), parsed off the event loop when large; null when it is not one. */
  relayCall(raw: Buffer): RelayCall | null | Promise<RelayCall | null> {
    if (raw.length <= this.inlineBytes || this.closed) return decodeRelayCall(raw);
    return this.run(raw, (bytes) => ({ op: 'relay-call', bytes }), null, null) as Promise<RelayCall | null>;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.close();
  }

  private run(
    input: Buffer,
    job: (bytes: Uint8Array) => CodecJob,
    unprocessable: CodecReply['result'],
    busy: CodecReply['result'],
  ): Promise<CodecReply['result']> {
    // Moved, not copied, when the input owns its memory (the caller never reads it again).
    const owned = ownedMemory(input);
    const bytes = owned ? input : Buffer.from(input);
    const message = job(bytes);
    const as = (result: CodecReply['result']) => ({ op: message.op, result }) as CodecReply;
    return this.pool
      .run(message, { transfer: [ownedMemory(bytes)!], busy: () => as(busy), died: () => as(unprocessable) })
      .then(revive);
  }
}

/** Typed arrays come back as plain Uint8Arrays; the task path wants Buffers. */
function revive(reply: CodecReply): CodecReply['result'] {
  if (reply.op === 'decode') {
    const r = reply.result;
    if (r.ok) {
      if (r.request.body instanceof Uint8Array) r.request.body = asBuffer(r.request.body);
      if (r.shared) r.shared = asBuffer(r.shared);
      if (typeof r.print === 'object' && r.print instanceof Uint8Array) r.print = asBuffer(r.print);
    }
    return r;
  }
  if (reply.op === 'relay-call') {
    const r = reply.result;
    if (r && r.task instanceof Uint8Array) r.task = asBuffer(r.task);
    return r;
  }
  const r = reply.result;
  if (r.ok && r.answer instanceof Uint8Array) r.answer = asBuffer(r.answer);
  return r;
}
