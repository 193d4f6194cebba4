/**
 * One native connection as a queue of frames: bytes in through `FrameReader`, whole frames out one `next()` at a time,
 * each wait bounded by its own deadline. The reading pauses while frames pile up unread, so a peer that floods us
 * holds at most a few frames of memory. The first failure (a bad frame, the peer leaving, a deadline) ends the
 * connection, and every wait after it gets that failure once the frames that came before it are taken.
 */
import type { Socket } from 'node:net';
import { encodeFrame, FrameError, FrameReader, type Frame } from './frame';
import type { TimerFns } from '../net';

export class NativeClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NativeClientError';
  }
}

/** Frames read ahead of the caller before the socket is paused. */
const READ_AHEAD_FRAMES = 64;

export class NativeChannel {
  private readonly reader: FrameReader;
  private readonly queue: Frame[] = [];
  private waiter: { resolve: (f: Frame) => void; reject: (e: NativeClientError) => void; timer: unknown } | null = null;
  private failure: NativeClientError | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly timers: TimerFns,
    maxPayload?: number,
  ) {
    this.reader = new FrameReader(maxPayload === undefined ? {} : { maxPayload });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.fail(new NativeClientError('closed', 'the node closed the connection')));
    socket.on('close', () => this.fail(new NativeClientError('closed', 'the connection closed')));
    socket.on('error', (err) => this.fail(new NativeClientError('closed', 'the connection failed', { cause: err })));
  }

  /** Whether the connection has ended (by us or the peer). */
  get ended(): boolean {
    return this.failure !== null;
  }

  send(type: number, payload: Uint8Array): void {
    if (this.failure) throw this.failure;
    this.socket.write(encodeFrame(type, payload));
  }

  /**
   * The next frame; rejects NativeClientError 'timeout' when none comes within `timeoutMs`, or the connection's
   * failure.
   */
  next(timeoutMs: number): Promise<Frame> {
    const ready = this.queue.shift();
    if (ready) {
      if (this.queue.length < READ_AHEAD_FRAMES && this.socket.isPaused()) this.socket.resume();
      return Promise.resolve(ready);
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiter) return Promise.reject(new NativeClientError('busy', 'another read is waiting on this connection'));
    return new Promise<Frame>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.fail(new NativeClientError('timeout', `no frame from the node within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }

  /** Ends the connection at once: the peer sees it go (how a caller cancels). Waits in progress get `reason`. */
  destroy(reason = new NativeClientError('closed', 'the connection was closed here')): void {
    this.fail(reason);
  }

  /** Sends CLOSE and ends our side; the peer hangs up. */
  close(type: number): void {
    if (this.failure) return;
    this.failure = new NativeClientError('closed', 'the connection was closed here');
    // Once the CLOSE frame is written the socket goes: a peer that never hangs up does not keep it open.
    this.socket.end(encodeFrame(type, new Uint8Array()), () => this.socket.destroy());
    this.failWaiterOnly(this.failure);
  }

  private onData(chunk: Buffer): void {
    if (this.failure) return;
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      const code = err instanceof FrameError && err.code === 'too_large' ? 'too_large' : 'bad_frame';
      this.fail(new NativeClientError(code, err instanceof Error ? err.message : 'bad frame', { cause: err }));
      return;
    }
    for (const f of frames) {
      const w = this.waiter;
      if (w) {
        this.waiter = null;
        this.timers.clearTimeout(w.timer);
        w.resolve(f);
      } else this.queue.push(f);
    }
    if (this.queue.length >= READ_AHEAD_FRAMES) this.socket.pause();
  }

  private fail(err: NativeClientError): void {
    if (this.failure) return;
    this.failure = err;
    this.socket.destroy();
    this.failWaiterOnly(err);
  }

  private failWaiterOnly(err: NativeClientError): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = null;
    this.timers.clearTimeout(w.timer);
    w.reject(err);
  }
}
