import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { exportCxPrivateRaw, type CxKeyPair } from '../cx';
import { decodeRelayCall, type RelayCall } from './relay-call';
import { asBuffer, ownedMemory, type CodecJob, type CodecReply } from './codec-wire';
import { decodeTask, encodeAnswer, type DecodeContext, type Decoded, type EncodeContext, type Encoded } from './task-codec';
import { threadModule } from '../subprocess/thread-module';

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

interface Job {
  message: CodecJob;
  transfer: ArrayBuffer[];
  resolve: (reply: CodecReply['result']) => void;
  /** The answer when the worker dies on this job (its input was beyond what a worker may spend on it). */
  failed: () => CodecReply['result'];
}

interface Slot {
  worker: Worker;
  job: Job | null;
  idle: NodeJS.Timeout | null;
}

const UNPROCESSABLE_REQUEST: Decoded = {
  ok: false,
  meta: null,
  refusal: { status: 413, code: 'payload_too_large', message: 'The request is too large for this node to process.' },
};
const UNPROCESSABLE_ANSWER: Encoded = { ok: false, kind: 'bad_response', message: 'The local model server sent an answer too large to process.' };
const BUSY_REQUEST: Decoded = {
  ok: false,
  meta: null,
  refusal: { status: 503, code: 'busy', message: 'The node is busy processing other large requests; try again in a moment.', headers: { 'Retry-After': '2' } },
};
const BUSY_ANSWER: Encoded = { ok: false, kind: 'bad_response', message: 'The node was too busy to process the answer.' };

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
  private readonly maxWorkers: number;
  private readonly idleMs: number;
  private readonly maxQueued: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private cxPrivate: Buffer | null = null;

  constructor(
    private readonly cx: CxKeyPair,
    o: CodecPoolOptions = {},
  ) {
    this.inlineBytes = o.inlineBytes ?? DEFAULT_INLINE_BYTES;
    this.maxWorkers = o.maxWorkers ?? Math.min(2, Math.max(1, availableParallelism() - 1));
    this.idleMs = o.idleMs ?? 30_000;
    this.maxQueued = o.maxQueued ?? 256;
  }

  /** Worker threads running now. */
  get workers(): number {
    return this.slots.length;
  }

  /** A large `raw` that owns its memory is moved to the worker: the caller must not read it afterwards. */
  decode(raw: Buffer, ctx: DecodeContext): Decoded | Promise<Decoded> {
    if (raw.length <= this.inlineBytes || this.closed) return decodeTask(raw, ctx, this.cx);
    return this.run(raw, (id, bytes) => ({ id, op: 'decode', bytes, ctx }), UNPROCESSABLE_REQUEST, BUSY_REQUEST) as Promise<Decoded>;
  }

  /** As `decode`: a large `body` may be moved, not copied. */
  encode(body: Buffer, ctx: EncodeContext): Encoded | Promise<Encoded> {
    if (body.length <= this.inlineBytes || this.closed) return encodeAnswer(body, ctx);
    return this.run(body, (id, bytes) => ({ id, op: 'encode', bytes, ctx }), UNPROCESSABLE_ANSWER, BUSY_ANSWER) as Promise<Encoded>;
  }

  /** A call a relay handed over (relay-call.ts), parsed off the event loop when large; null when it is not one. */
  relayCall(raw: Buffer): RelayCall | null | Promise<RelayCall | null> {
    if (raw.length <= this.inlineBytes || this.closed) return decodeRelayCall(raw);
    return this.run(raw, (id, bytes) => ({ id, op: 'relay-call', bytes }), null, null) as Promise<RelayCall | null>;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(job.failed());
    await Promise.all(this.slots.splice(0).map((s) => this.retire(s)));
  }

  private run(
    input: Buffer,
    message: (id: number, bytes: Uint8Array) => CodecJob,
    unprocessable: CodecReply['result'],
    busy: CodecReply['result'],
  ): Promise<CodecReply['result']> {
    if (this.queue.length >= this.maxQueued) return Promise.resolve(busy);
    // Moved, not copied, when the input owns its memory (the caller never reads it again).
    const owned = ownedMemory(input);
    const bytes = owned ? input : Buffer.from(input);
    return new Promise((resolve) => {
      this.queue.push({ message: message(this.nextId++, bytes), transfer: [ownedMemory(bytes)!], resolve, failed: () => unprocessable });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot) {
        if (this.slots.length >= this.maxWorkers) return;
        slot = this.spawn();
      }
      const job = this.queue.shift()!;
      slot.job = job;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      slot.worker.postMessage(job.message, job.transfer);
    }
  }

  private spawn(): Slot {
    this.cxPrivate ??= exportCxPrivateRaw(this.cx);
    const module = threadModule('codec-worker', './codec-worker.ts', import.meta.url);
    const worker = new Worker(module.url, {
      workerData: { cxPrivate: this.cxPrivate },
      // No heap limit of its own: V8 turns a limit reached inside JSON.parse into an abort of the whole process, not
      // of the worker. What bounds a job's memory is its input: at most 8 MiB and 100 000 values (task-handler.ts).
      execArgv: module.execArgv,
    });
    worker.unref();
    const slot: Slot = { worker, job: null, idle: null };
    worker.on('message', (reply: CodecReply) => {
      const job = slot.job;
      slot.job = null;
      if (job) job.resolve(revive(reply));
      if (this.queue.length > 0) this.dispatch();
      else this.idleLater(slot);
    });
    const died = () => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      if (slot.idle) clearTimeout(slot.idle);
      const job = slot.job;
      slot.job = null;
      job?.resolve(job.failed());
      if (!this.closed) this.dispatch();
    };
    worker.on('error', died);
    worker.on('exit', died);
    this.slots.push(slot);
    return slot;
  }

  private idleLater(slot: Slot): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      const i = this.slots.indexOf(slot);
      if (i >= 0 && slot.job === null) {
        this.slots.splice(i, 1);
        void this.retire(slot);
      }
    }, this.idleMs);
    slot.idle.unref?.();
  }

  private async retire(slot: Slot): Promise<void> {
    if (slot.idle) clearTimeout(slot.idle);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => undefined);
    await slot.worker.terminate().catch(() => undefined);
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
