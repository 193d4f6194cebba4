/**
 * The native IICP client, written from the spec: connect, INIT/ACK, PING/PONG, a buffered CALL, and a streamed CALL
 * whose RESPONSE frames are held to the SDKs' sequence rules. The gateway calls nodes with it; the node's tests drive
 * the node with it. One exchange at a time per connection, as the SDKs do. Everything the node sends is judged:
 * frames by `FrameReader`, payloads by the CBOR scan, a stream by `NativeSequence`; anything else ends the connection.
 */
import { randomUUID } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { NativeChannel, NativeClientError } from './channel';
import { decodeCborSafe, decodeIntMap, encodeCbor } from './cbor';
import { FRAMING_VERSION, MsgType, type Frame } from './frame';
import { MAX_ID_CHARS, decodeLifecycleResponse, encodeCall, type DecodedLifecycle } from './messages';
import { NativeSequence, NativeSequenceError } from './sequence';
import { realTimers, type TimerFns } from '../net';

export { NativeClientError } from './channel';

export interface NativeClientOptions {
  host: string;
  port: number;
  /** Connect, handshake, and each wait for a frame (unless a call says otherwise). */
  timeoutMs?: number;
  /** Opens the TCP connection; the gateway passes one that judges where the address leads. */
  connect?: (host: string, port: number, signal: AbortSignal) => Promise<Socket>;
  /** Aborting it ends the connection, at any point. */
  signal?: AbortSignal;
  timers?: TimerFns;
}

export interface CallAnswer {
  result: unknown;
  tokensUsed: number | null;
  error: { code: string; message: string } | null;
}

export const DEFAULT_NATIVE_TIMEOUT_MS = 30_000;
/** The longest error code and message kept from a node: foreign text, shown only as quoted data. */
const MAX_CODE_CHARS = 128;
const MAX_MESSAGE_CHARS = 2_000;

function plainConnect(host: string, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const socket = netConnect({ host: host.replace(/^\[(.*)\]$/, '$1'), port });
    const onAbort = () => socket.destroy();
    signal.addEventListener('abort', onAbort, { once: true });
    const onError = (err: Error) => {
      signal.removeEventListener('abort', onAbort);
      reject(signal.aborted ? signal.reason : err);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

function textOf(v: unknown, max: number, fallback: string): string {
  if (typeof v === 'string') return v.slice(0, max);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return fallback;
}

function tokensOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
}

export class NativeClient {
  private busy = false;

  private constructor(
    private readonly channel: NativeChannel,
    private readonly timeoutMs: number,
    readonly peerNodeId: string | null,
  ) {}

  /** Connects and shakes hands; rejects NativeClientError ('connect_failed', 'timeout', 'handshake_failed', …). */
  static async open(o: NativeClientOptions): Promise<NativeClient> {
    const timers = o.timers ?? realTimers;
    const timeoutMs = o.timeoutMs ?? DEFAULT_NATIVE_TIMEOUT_MS;
    const connecting = new AbortController();
    const onOuterAbort = () => connecting.abort(o.signal?.reason);
    o.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const timer = timers.setTimeout(
      () => connecting.abort(new NativeClientError('timeout', 'the node did not answer in time')),
      timeoutMs,
    );
    let socket: Socket;
    try {
      socket = await (o.connect ?? plainConnect)(o.host, o.port, connecting.signal);
    } catch (err) {
      throw err instanceof NativeClientError
        ? err
        : new NativeClientError('connect_failed', 'could not connect to the node', { cause: err });
    } finally {
      timers.clearTimeout(timer);
      o.signal?.removeEventListener('abort', onOuterAbort);
    }
    const channel = new NativeChannel(socket, timers);
    if (o.signal) {
      const signal = o.signal;
      const onAbort = () =>
        channel.destroy(new NativeClientError('closed', 'cancelled by the caller', { cause: signal.reason }));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      socket.once('close', () => signal.removeEventListener('abort', onAbort));
    }
    try {
      channel.send(MsgType.INIT, encodeCbor(new Map([[1, FRAMING_VERSION]])));
      const ack = await channel.next(timeoutMs);
      const body = ack.type === MsgType.ACK ? decodeIntMap(ack.payload) : null;
      const version = body?.get(1);
      if (!body || (version !== undefined && version !== FRAMING_VERSION)) {
        throw new NativeClientError('handshake_failed', 'the node did not acknowledge IICP framing version 1');
      }
      const nodeId = body.get(2);
      return new NativeClient(
        channel,
        timeoutMs,
        typeof nodeId === 'string' && nodeId.length <= MAX_ID_CHARS ? nodeId : null,
      );
    } catch (err) {
      const failure =
        err instanceof NativeClientError && (err.code === 'handshake_failed' || err.code === 'timeout')
          ? err
          : new NativeClientError('handshake_failed', 'the node did not complete the IICP handshake', { cause: err });
      channel.destroy(failure);
      throw failure;
    }
  }

  /** PING; resolves with the PONG's echo (null when it echoed nothing). */
  async ping(echo?: Uint8Array): Promise<Uint8Array | null> {
    return this.exchange(async () => {
      this.channel.send(MsgType.PING, encodeCbor(echo && echo.length > 0 ? new Map([[1, echo]]) : new Map()));
      const body = this.expect(await this.channel.next(this.timeoutMs), MsgType.PONG);
      const echoed = body.get(1);
      return echoed instanceof Uint8Array ? echoed : null;
    });
  }

  /** A buffered CALL (no task id): the node's one RESPONSE, its result decoded when it is CBOR bytes. */
  async call(c: {
    intent: string;
    payload: Uint8Array;
    sessionId?: string;
    callId?: string;
    timeoutMs?: number;
  }): Promise<CallAnswer> {
    return this.exchange(async () => {
      const callId = c.callId ?? randomUUID();
      const sessionId = c.sessionId ?? randomUUID();
      this.channel.send(
        MsgType.CALL,
        encodeCall({ sessionId, intent: c.intent, payload: c.payload, callId, taskId: null, idempotencyKey: null }),
      );
      const body = this.expect(await this.channel.next(c.timeoutMs ?? this.timeoutMs), MsgType.RESPONSE);
      for (const key of [3, 15]) {
        const echoed = body.get(key);
        if (echoed !== undefined && echoed !== callId)
          throw this.broken('unexpected_frame', 'the answer is for another call');
      }
      return { result: this.resultOf(body.get(5)), tokensUsed: tokensOf(body.get(7)), error: errorOf(body) };
    });
  }

  /**
   * A streamed CALL (key 24): yields each RESPONSE once NativeSequence has taken it, and ends after the terminal.
   * Throws NativeSequenceError when the node breaks a rule (and `missing_terminal_response` when the connection ends
   * or goes quiet before the terminal, as the SDKs do), NativeClientError for a bad or unexpected frame. Leaving the
   * loop before the terminal ends the connection: the node sees its caller go, which is how a stream is cancelled.
   */
  async *stream(c: {
    intent: string;
    payload: Uint8Array;
    taskId: string;
    idempotencyKey?: string;
    sessionId?: string;
    callId?: string;
    idleTimeoutMs?: number;
  }): AsyncGenerator<DecodedLifecycle, void, undefined> {
    if (!c.taskId) throw new NativeClientError('bad_request', 'a streamed call needs a task id');
    this.claim();
    const callId = c.callId ?? randomUUID();
    const sessionId = c.sessionId ?? randomUUID();
    const sequence = new NativeSequence(sessionId, callId, c.taskId);
    try {
      const call = {
        sessionId,
        intent: c.intent,
        payload: c.payload,
        callId,
        taskId: c.taskId,
        idempotencyKey: c.idempotencyKey ?? null,
      };
      this.channel.send(MsgType.CALL, encodeCall(call));
      while (!sequence.terminalSeen) {
        let frame: Frame;
        try {
          frame = await this.channel.next(c.idleTimeoutMs ?? this.timeoutMs);
        } catch (err) {
          if (err instanceof NativeClientError && (err.code === 'closed' || err.code === 'timeout')) {
            throw Object.assign(new NativeSequenceError('missing_terminal_response'), { cause: err });
          }
          throw err;
        }
        if (frame.type !== MsgType.RESPONSE)
          throw this.broken('unexpected_frame', `expected RESPONSE, got frame type ${frame.type}`);
        const decoded = decodeLifecycleResponse(frame.payload);
        if (!decoded) {
          if (decodeIntMap(frame.payload)) throw new NativeSequenceError('missing_lifecycle');
          throw this.broken('bad_frame', 'a RESPONSE that is not an integer-keyed CBOR map');
        }
        sequence.accept(decoded);
        yield decoded;
      }
      sequence.finish();
    } finally {
      if (!sequence.terminalSeen) this.channel.destroy();
      this.busy = false;
    }
  }

  /** Whether the connection has ended (either side): a kept session that ended is not used again. */
  get ended(): boolean {
    return this.channel.ended;
  }

  /** Whether a call or stream runs on it now. */
  get inUse(): boolean {
    return this.busy;
  }

  /** CLOSE, then the connection ends. */
  close(): void {
    this.channel.close(MsgType.CLOSE);
  }

  /** Ends the connection at once; a call or stream in progress fails with 'closed'. */
  destroy(): void {
    this.channel.destroy();
  }

  private claim(): void {
    if (this.busy) throw new NativeClientError('busy', 'one call at a time on a native connection');
    this.busy = true;
  }

  /** Runs one request/answer; any failure leaves the connection unusable, so it is ended. */
  private async exchange<T>(run: () => Promise<T>): Promise<T> {
    this.claim();
    try {
      return await run();
    } catch (err) {
      this.channel.destroy(err instanceof NativeClientError ? err : undefined);
      throw err;
    } finally {
      this.busy = false;
    }
  }

  private expect(frame: Frame, type: number): ReadonlyMap<number, unknown> {
    if (frame.type !== type) throw this.broken('unexpected_frame', `expected frame type ${type}, got ${frame.type}`);
    const body = decodeIntMap(frame.payload);
    if (!body) throw this.broken('bad_frame', 'a payload that is not an integer-keyed CBOR map');
    return body;
  }

  /** Key 5 of a buffered answer: CBOR bytes of the answer (decoded), or the value itself. */
  private resultOf(raw: unknown): unknown {
    if (!(raw instanceof Uint8Array)) return raw ?? null;
    const decoded = decodeCborSafe(raw);
    if (!decoded) throw this.broken('bad_frame', 'the result is not well-formed CBOR');
    return decoded.value;
  }

  private broken(code: string, message: string): NativeClientError {
    const err = new NativeClientError(code, message);
    this.channel.destroy(err);
    return err;
  }
}

/** A buffered answer's error: keys 100/101 as the SDKs read it, else the spec's key 6, else a status of 'error'. */
function errorOf(body: ReadonlyMap<number, unknown>): { code: string; message: string } | null {
  if (body.has(100))
    return {
      code: textOf(body.get(100), MAX_CODE_CHARS, 'error'),
      message: textOf(body.get(101), MAX_MESSAGE_CHARS, ''),
    };
  const six = body.get(6);
  if (six instanceof Map)
    return { code: textOf(six.get(1), MAX_CODE_CHARS, 'error'), message: textOf(six.get(2), MAX_MESSAGE_CHARS, '') };
  if (body.get(4) === 'error') return { code: 'error', message: '' };
  return null;
}
