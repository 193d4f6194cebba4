/**
 * One streamed call to the LLM server: the POST, its answer read as the bytes arrive (stream-events.ts), the pieces
 * gathered and passed on (stream-pieces.ts), the tokens counted as they come and the claim made of them at the end
 * (token-claim.ts). The request is closed — the server sees its connection go and stops generating — when the caller
 * cancels, when the count reaches the task's limit, when time runs out, and when the answer passes a cap. Whatever
 * the server does, the outcome is one `StreamOutcome`, never a throw.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import {
  applyUrlCredentials,
  rawHeader,
  type CancelWatcher,
  type Cancellation,
  type ConnectionPolicy,
  type TimerFns,
} from '../net';
import type { BackendError } from './backend-error';
import { transportCode } from './http';
import {
  MAX_STREAM_LINE_BYTES,
  framingOf,
  wholeAnswerFacts,
  StreamEvents,
  type ChunkFacts,
  type StreamEnd,
  type StreamEvent,
} from './stream-events';
import { PieceGatherer, type StreamPiece } from './stream-pieces';
import { isLlamaServer, streamRequestOptions } from './stream-request';
import { StreamTally } from './stream-tally';
import type { TokenBound } from './token-claim';

export type StreamOutcome =
  | { ok: true; end: StreamEnd }
  | { ok: false; error: BackendError; /** whether any piece was passed on */ sentAny: boolean };

export interface StreamOptions {
  cancel?: Cancellation;
  /** The whole stream's deadline, from the request to its last byte. */
  timeoutMs: number;
  /** The task's output limit: at this many tokens counted the request is closed and the stream ends with 'length'. */
  maxTokens: number;
  onPiece: (piece: StreamPiece) => void;
  flushBytes?: number;
  flushMs?: number;
  /** The gatherer's clock (tests). */
  timers?: TimerFns;
  now?: () => number;
}

/** What the backend client knows of the call. */
export interface StreamCallSpec {
  url: string;
  /** Built by the backend client from scratch: nothing a consumer sent. */
  headers: Readonly<Record<string, string>>;
  body: string | Buffer;
  connection: ConnectionPolicy;
  /** `/v1/completions` (its chunks carry `text`) rather than `/v1/chat/completions`. */
  completion: boolean;
  /** The public name of the model. */
  model: string;
  /** What the request lets the answer cost: the claim is held to it (token-claim.ts). */
  bound: TokenBound;
  maxBytes: number;
  maxErrorBytes: number;
  maxLineBytes?: number;
  upstreamError: (status: number, body: Buffer) => BackendError;
}

/**
 * At the limit, or once it gave its finish reason, an honest server ends at once (usage, `[DONE]`); this long is
 * waited for the rest before the request is closed anyway.
 */
const END_GRACE_MS = 500;
/** After `[DONE]` the answer's end is waited for this long (the connection then goes back to the pool). */
const AFTER_DONE_MS = 1000;
const AFTER_DONE_BYTES = 64 * 1024;

export function streamCall(spec: StreamCallSpec, opts: StreamOptions): Promise<StreamOutcome> {
  return new Promise((resolve) => new StreamCall(spec, opts, resolve).start());
}

class StreamCall implements CancelWatcher {
  private req: ClientRequest | null = null;
  private res: IncomingMessage | null = null;
  private settled = false;
  private deadline: ReturnType<typeof setTimeout> | null = null;
  private grace: ReturnType<typeof setTimeout> | null = null;
  private readonly gatherer: PieceGatherer;
  /** The tokens counted as they come, how the answer finished, and what the server said it cost. */
  private readonly tally = new StreamTally();
  private received = 0;
  private settledAt = 0;

  constructor(
    private readonly spec: StreamCallSpec,
    private readonly opts: StreamOptions,
    private readonly resolve: (o: StreamOutcome) => void,
  ) {
    this.gatherer = new PieceGatherer({
      send: (p) => this.pass(p),
      flushBytes: opts.flushBytes,
      flushMs: opts.flushMs,
      timers: opts.timers,
      now: opts.now,
    });
  }

  start(): void {
    const cancel = this.opts.cancel;
    if (cancel?.aborted) return this.fail({ kind: 'aborted', message: 'the task was cancelled' });
    let options: RequestOptions;
    let https: boolean;
    try {
      const url = new URL(this.spec.url);
      // Credentials kept out of the configured URL go back in here, on the wire only (as for every other call).
      applyUrlCredentials(url);
      https = url.protocol === 'https:';
      options = streamRequestOptions(this.spec, urlToHttpOptions(url), https);
    } catch {
      return this.fail({ kind: 'transport', message: 'the backend is unreachable' });
    }
    cancel?.watch(this);
    this.deadline = setTimeout(
      () => this.fail({ kind: 'timeout', message: `the backend did not finish within ${this.opts.timeoutMs} ms` }),
      Math.ceil(this.opts.timeoutMs),
    );
    this.send(options, https, false);
  }

  private send(options: RequestOptions, https: boolean, again: boolean): void {
    try {
      const req = (https ? httpsRequest : httpRequest)(options, (res) => this.answered(res));
      this.req = req;
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while it sat in the pool fails before any answer: the request never
        // reached the server, so it goes once more on a new socket (what node:http documents).
        if (
          !again &&
          !this.settled &&
          this.res === null &&
          req.reusedSocket &&
          (err.code === 'ECONNRESET' || err.code === 'EPIPE')
        )
          return this.send(options, https, true);
        this.failTransport(err);
      });
      req.end(this.spec.body);
    } catch (err) {
      this.failTransport(err);
    }
  }

  cancelled(): void {
    this.fail({ kind: 'aborted', message: 'the task was cancelled' });
  }

  private answered(res: IncomingMessage): void {
    if (this.settled) return void res.destroy();
    this.res = res;
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) return this.readError(res, status);
    // A llama.cpp server met through `auto`: its socket is not kept (it would hold one of its few threads).
    const kept =
      this.spec.connection !== 'fresh' && isLlamaServer(rawHeader(res.rawHeaders, 'server')) ? res.socket : null;
    const framing = framingOf(rawHeader(res.rawHeaders, 'content-type'));
    const events =
      framing === 'whole'
        ? null
        : new StreamEvents(framing, this.spec.completion, this.spec.maxLineBytes ?? MAX_STREAM_LINE_BYTES);
    const whole: Buffer[] = [];
    const sink = (e: StreamEvent): boolean => this.event(e);
    res.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      if (this.settled) {
        // After `[DONE]`: only the end of the answer is waited for.
        if (this.received - this.settledAt > AFTER_DONE_BYTES) res.destroy();
        return;
      }
      if (this.received > this.spec.maxBytes)
        return this.fail({
          kind: 'bad_response',
          message: `the backend response exceeded ${this.spec.maxBytes} bytes`,
        });
      if (events === null) return void whole.push(chunk);
      if (events.push(chunk, sink) === 'too_long')
        this.fail({ kind: 'bad_response', message: 'the backend sent a line too long to read' });
    });
    res.on('end', () => {
      kept?.destroy();
      if (this.settled) return;
      if (events === null) this.wholeAnswer(Buffer.concat(whole));
      else events.end(sink);
      if (this.settled) return;
      if (this.tally.finished) this.succeed(false);
      else this.fail({ kind: 'bad_response', message: 'the backend ended its answer before it finished' });
    });
    res.on('error', (err) => this.failTransport(err));
    res.on('aborted', () =>
      this.failTransport(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' })),
    );
  }

  /** A refusal's body, cut at its cap (only a message is wanted from it). */
  private readError(res: IncomingMessage, status: number): void {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = (): void => this.fail(this.spec.upstreamError(status, Buffer.concat(chunks, total)));
    res.on('data', (chunk: Buffer) => {
      if (this.settled) return;
      const room = this.spec.maxErrorBytes - total;
      chunks.push(room < chunk.length ? chunk.subarray(0, room) : chunk);
      total += Math.min(room, chunk.length);
      if (total >= this.spec.maxErrorBytes) done();
    });
    res.on('end', done);
    res.on('error', done);
    res.on('aborted', done);
  }

  private event(e: StreamEvent): boolean {
    if (this.settled) return false;
    switch (e.kind) {
      case 'done':
        this.tally.finished = true;
        this.succeed(false);
        return false;
      case 'bad':
        this.fail({ kind: 'bad_response', message: `the backend sent ${e.why}` });
        return false;
      case 'error':
        this.fail(this.spec.upstreamError(statusOf(e.body), Buffer.from(e.body)));
        return false;
      case 'chunk':
        return this.chunk(e.facts);
    }
  }

  private chunk(f: ChunkFacts): boolean {
    this.tally.heard(f);
    if (f.written) {
      // A token past the limit is not passed on: the server went on where it was told to stop.
      if (this.tally.counted >= this.opts.maxTokens) return this.stopAtLimit();
      this.tally.wrote(f.bytes);
      if (f.text !== '' || f.reasoning !== '' || f.toolCalls !== null)
        this.gatherer.add(f.text, f.toolCalls, f.reasoning);
      if (this.settled) return false;
    }
    if (typeof f.finishReason === 'string') {
      this.tally.finishReason = f.finishReason;
      this.tally.finished = true;
    }
    if (this.grace === null && (this.tally.finished || this.tally.counted >= this.opts.maxTokens)) {
      this.grace = setTimeout(() => (this.tally.finished ? this.succeed(true) : this.stopAtLimit()), END_GRACE_MS);
    }
    return true;
  }

  private wholeAnswer(body: Buffer): void {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return this.fail({ kind: 'bad_response', message: 'the backend answered with something other than JSON' });
    }
    const f = wholeAnswerFacts(value, this.spec.completion);
    if (f === null) return this.fail({ kind: 'bad_response', message: 'the backend answered without a choice' });
    this.chunk(f);
    this.tally.finished = true;
    this.succeed(false);
  }

  private stopAtLimit(): boolean {
    if (this.settled) return false;
    this.tally.finishReason = 'length';
    this.tally.finished = true;
    this.succeed(true);
    return false;
  }

  private pass(piece: StreamPiece): void {
    try {
      this.opts.onPiece({ ...piece, tokens: this.tally.counted });
    } catch {
      // The caller could not take it (its connection went): the stream ends here.
      this.fail({ kind: 'aborted', message: 'the task was cancelled' });
    }
  }

  /**
   * `close`: the server is closed on even if its answer has not ended (it went past the limit or stalled after its
   * end).
   */
  private succeed(close: boolean): void {
    if (this.settled) return;
    this.gatherer.flush();
    if (this.settled) return; // the caller failed to take the last piece
    const end = this.tally.end(this.spec.model, this.spec.bound);
    this.settle({ ok: true, end }, !close && this.spec.connection !== 'fresh');
  }

  private fail(error: BackendError): void {
    if (this.settled) return;
    this.gatherer.stop();
    this.settle({ ok: false, error, sentAny: this.gatherer.sent }, false);
  }

  private failTransport(err: unknown): void {
    if (this.settled) return;
    const code = transportCode(err);
    this.fail(
      code
        ? { kind: 'transport', code, message: `the backend is unreachable (${code})` }
        : { kind: 'transport', message: 'the backend is unreachable' },
    );
  }

  /**
   * Ends the call once. An answer that ended leaves its socket to the pool. `drain` (after `[DONE]` on a kept-alive
   * connection): the end of the answer is awaited briefly, so the socket can be reused. Otherwise the request is
   * closed now, which the server sees as its client gone.
   */
  private settle(outcome: StreamOutcome, drain: boolean): void {
    this.settled = true;
    this.settledAt = this.received;
    this.gatherer.stop();
    if (this.deadline !== null) clearTimeout(this.deadline);
    if (this.grace !== null) clearTimeout(this.grace);
    this.opts.cancel?.watch(null);
    const res = this.res;
    if (res?.complete) {
      // Nothing to close: the socket is the pool's again (or closed, for a connection used once).
    } else if (drain && res !== null) {
      const timer = setTimeout(() => res.destroy(), AFTER_DONE_MS);
      timer.unref();
      res.once('close', () => clearTimeout(timer));
    } else this.req?.destroy();
    this.resolve(outcome);
  }
}

/** A status for an error the server wrote inside its stream: its own `code` when that is an HTTP status, else 500. */
export function statusOf(body: string): number {
  const m = /"code"\s*:\s*(\d{3})\b/.exec(body);
  const n = m ? Number(m[1]) : 500;
  return n >= 400 && n <= 599 ? n : 500;
}
