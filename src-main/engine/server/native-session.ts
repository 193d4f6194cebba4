/**
 * One connection of the task port that opened with the `IICP` magic: native frames instead of HTTP. It costs what an
 * HTTP connection costs and is held to the same kind of limits: a frame's length is judged from its header before a
 * byte of it is read, bytes held count against the shared body budget, a silent connection is closed after the idle
 * limit, a frame's header must be whole within the headers timeout and the frame within the read limit, a caller that
 * does not read its answer is cut
 * off, a payload the one CBOR reader refuses is answered with one error RESPONSE and ends the session, and anything
 * that is not a frame we speak closes the connection.
 */
import type { Socket } from 'node:net';
import { type ByteBudget } from '../net';
import {
  CBOR_REFUSAL_WORDS,
  CborHeaderScan,
  FRAME_CBOR_LIMITS,
  FRAME_HEADER_BYTES,
  FrameError,
  FrameReader,
  MsgType,
  callFromMap,
  encodeAck,
  encodeBufferedResponse,
  encodeFrame,
  encodePong,
  readIntMap,
  type CborRefusal,
  type Frame,
  type IntMapRead,
  type NativeCall,
  type PayloadInspector,
} from '../native';
import type { NativeOut } from './native-replies';

export interface NativeLimits {
  /** No call running and no frame started for this long: the connection is closed (keep-alive-like). */
  idleMs: number;
  /** A frame's 12-byte header, once its first byte came, must be whole within this (an HTTP head's limit). */
  headerMs: number;
  /** A frame that has started must be whole within this. */
  readMs: number;
  /** The largest frame payload taken; a larger one is refused from its header. */
  maxPayload: number;
  /** Answer bytes waiting for a caller that does not read, at most; past it the connection is cut. */
  maxUnsent: number;
}

export interface NativeSessionOptions {
  nodeId(): string;
  calls: {
    call(call: NativeCall, source: string, out: NativeOut): Promise<void>;
    busy(call: NativeCall, out: NativeOut): void;
    readonly budget: ByteBudget;
  };
  source: string;
  limits: NativeLimits;
  /** Told when a call starts and ends: a connection with a call running is not closed to make room for another. */
  onBusy(busy: boolean): void;
  now?: () => number;
}

/** Frames a client may send that need no answer and change nothing (FEEDBACK). */
const IGNORED_TYPES: ReadonlySet<number> = new Set([8]);
/** Frames whose payload the session reads. */
const READ_TYPES: ReadonlySet<number> = new Set([MsgType.INIT, MsgType.PING, MsgType.DISCOVER, MsgType.CALL]);
const NO_KEYS: IntMapRead = { map: new Map() };

/** The scan of one payload's CBOR headers as they arrive, within a session frame's limits. */
function scanOf(length: number): PayloadInspector {
  const scan = new CborHeaderScan(length, FRAME_CBOR_LIMITS);
  return (bytes) => scan.push(bytes);
}

export class NativeSession implements NativeOut {
  private readonly reader: FrameReader;
  private readonly now: () => number;
  private readonly gone = new Set<() => void>();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** When the frame being read began to arrive, or null between frames. */
  private frameSince: number | null = null;
  /** Bytes held against the body budget: those the reader holds of a frame not yet whole. */
  private held = 0;
  /** Bytes received, and those of them that made whole frames: the difference is the frame being read. */
  private received = 0;
  private framed = 0;
  private over = false;

  constructor(
    private readonly socket: Socket,
    first: Buffer,
    private readonly o: NativeSessionOptions,
  ) {
    // The payloads the session reads are scanned as they arrive: a header that shows a refusal ends the frame there.
    const inspect = (type: number, length: number) => (READ_TYPES.has(type) ? scanOf(length) : null);
    this.reader = new FrameReader({ maxPayload: o.limits.maxPayload, inspect });
    this.now = o.now ?? Date.now;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // A caller that stops sending is done with the session: with half-open sockets allowed, say so and close.
    socket.on('end', () => this.close());
    socket.on('error', () => this.close());
    socket.on('close', () => this.closed());
    this.onData(first);
  }

  /** Whether a call runs (the server's eviction and shutdown ask). */
  get busy(): boolean {
    return this.running !== null;
  }

  send(frame: Buffer): boolean {
    if (this.over || this.socket.destroyed || !this.socket.writable) return false;
    this.socket.write(frame);
    // A caller that does not read would make the node hold every chunk of its answer.
    if (this.socket.writableLength > this.o.limits.maxUnsent) {
      this.close();
      return false;
    }
    return true;
  }

  onGone(gone: () => void): void {
    if (this.over) gone();
    else this.gone.add(gone);
  }

  /** Ends the session now: a running call is cancelled (its caller is gone), the connection closed. */
  close(): void {
    this.socket.destroy();
    this.closed();
  }

  /**
   * Ends the session once what was written is sent. Nothing more is read: the rest of a frame refused at its first
   * bytes is not wanted, and every buffer read would wait for the garbage collector. A client still writing such a
   * frame may lose the answer to the reset that bytes left unread cause; the session is closed either way.
   */
  private finish(): void {
    this.over = true;
    this.clearTimer();
    this.socket.pause();
    this.socket.end(() => this.socket.destroy());
    this.closed();
  }

  private closed(): void {
    this.over = true;
    this.clearTimer();
    if (this.held > 0) this.o.calls.budget.release(this.o.source, this.held);
    this.held = 0;
    const gone = [...this.gone];
    this.gone.clear();
    for (const g of gone) g();
  }

  private onData(chunk: Buffer): void {
    if (this.over) return;
    if (!this.o.calls.budget.tryReserve(this.o.source, chunk.length)) {
      // Many large frames arriving at once: the node's memory for bodies in flight is spent.
      this.refuseFrame('capacity_exceeded', 'The node is busy reading other large requests; try again in a moment.');
      return;
    }
    this.held += chunk.length;
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      if (err instanceof FrameError && err.code === 'too_large')
        this.refuseFrame(
          'validation_error',
          `payload_too_large: a frame is larger than ${this.o.limits.maxPayload} bytes.`,
        );
      else this.close();
      return;
    }
    this.received += chunk.length;
    for (const f of frames) this.framed += FRAME_HEADER_BYTES + f.payload.length;
    this.o.calls.budget.release(this.o.source, this.held - this.reader.buffered);
    this.held = this.reader.buffered;
    if (this.received === this.framed) this.frameSince = null;
    else if (this.frameSince === null || frames.length > 0) this.frameSince = this.now();
    for (const f of frames) {
      if (this.over) return;
      this.onFrame(f);
    }
    const refused = this.reader.refused as CborRefusal | null;
    if (refused !== null && !this.over) return this.refusePayload(refused);
    this.arm();
  }

  private onFrame(f: Frame): void {
    if (f.type === MsgType.CLOSE) return this.finish();
    if (!READ_TYPES.has(f.type)) {
      // A frame type a client never sends to a node: not a peer we can talk to.
      if (!IGNORED_TYPES.has(f.type)) this.close();
      return;
    }
    // Read whole before anything is done with it, by the one reader, within a frame's limits (INIT and PING may be
    // empty).
    const read = f.payload.length > 0 ? readIntMap(f.payload, FRAME_CBOR_LIMITS) : NO_KEYS;
    if (read.refused !== undefined) return this.refusePayload(read.refused);
    const body = read.map;
    switch (f.type) {
      case MsgType.INIT:
        this.send(encodeFrame(MsgType.ACK, encodeAck(this.o.nodeId())));
        return;
      case MsgType.PING: {
        const echo = body.get(1);
        this.send(encodeFrame(MsgType.PONG, encodePong(echo instanceof Uint8Array ? echo : null)));
        return;
      }
      case MsgType.DISCOVER: {
        const sessionId = body.get(2);
        const error = { code: 'not_offered', message: 'This node does not answer DISCOVER; ask the directory.' };
        this.send(
          encodeFrame(
            MsgType.RESPONSE,
            encodeBufferedResponse({
              sessionId: typeof sessionId === 'string' ? sessionId.slice(0, 256) : '',
              callId: null,
              error,
            }),
          ),
        );
        return;
      }
      default:
        this.onCall(body);
    }
  }

  private onCall(body: ReadonlyMap<number, unknown>): void {
    const call = callFromMap(body);
    if (!call) {
      this.refuseFrame('validation_error', 'The CALL could not be read.');
      return;
    }
    if (this.running) {
      this.o.calls.busy(call, this);
      return;
    }
    this.o.onBusy(true);
    this.running = this.o.calls
      .call(call, this.o.source, this)
      .catch(() => undefined)
      .finally(() => {
        this.running = null;
        // One call at a time: what it asked to hear of the caller going away is over with it.
        this.gone.clear();
        if (!this.over) this.o.onBusy(false);
        this.arm();
      });
    this.arm();
  }

  /** A payload the CBOR reader or scan refused, with the framing spec's code (the SDKs' call() reads keys 100/101). */
  private refusePayload(why: CborRefusal | 'not_a_map'): void {
    this.refuseFrame('cbor_decode_error', `The frame's payload could not be read: ${CBOR_REFUSAL_WORDS[why]}.`);
  }

  /** A frame we cannot take: one error RESPONSE, then the session ends. */
  private refuseFrame(code: string, message: string): void {
    this.send(
      encodeFrame(MsgType.RESPONSE, encodeBufferedResponse({ sessionId: '', callId: null, error: { code, message } })),
    );
    this.finish();
  }

  /** The one timer of the session: the read limit while a frame arrives, else the idle limit while no call runs. */
  private arm(): void {
    this.clearTimer();
    if (this.over) return;
    let wait: number;
    if (this.frameSince !== null) {
      const limit = this.received - this.framed < FRAME_HEADER_BYTES ? this.o.limits.headerMs : this.o.limits.readMs;
      wait = this.frameSince + limit - this.now();
    } else if (this.running === null) wait = this.o.limits.idleMs;
    else return;
    this.timer = setTimeout(() => this.close(), Math.max(0, wait));
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
