/**
 * How a task's answer reaches its consumer. The task pipeline (task-pipeline.ts) decides; a reply writes what was
 * decided on its own transport: an HTTP response here, RESPONSE frames on the native port (native-replies.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyStillComing, drainThenClose, type DrainAllowance } from '../net';
import { BASE_HEADERS, sendError } from './http-util';
import type { Refusal } from './request-body';

export interface TaskReply {
  /** The task never reached the backend: its refusal. */
  refuse(r: Refusal): void;
  /**
   * The answer, JSON text with its HTTP-style status (200 served, else an `{ error: { code, message } }` body), unless
   * the consumer went away. `replayed`: the kept answer of an exact repeat, sent again without running anything.
   */
  answer(status: number, body: string | Buffer, replayed?: boolean): void;
  /** Calls `gone` if the consumer goes away before its answer was written (the backend call is then cancelled). */
  onGone(gone: () => void): void;
  /**
   * Part of the answer has left the node before its end (a stream's partial): the task is then never run again, even
   * if it is cut now (ReplayGuard.cut). An answer written whole is never begun before it is answered.
   */
  readonly begun: boolean;
}

/** What a stream's success terminal says: the terminal result map (key 5) and the tokens used (key 7). */
export interface StreamTerminal {
  result: { finish_reason: string | null; usage: unknown; model: string };
  tokensUsed: number;
}

/**
 * A reply that streams: the pipeline then asks the LLM server to stream (stream-run.ts) and passes each piece on as it
 * comes, then the terminal.
 */
export interface StreamingReply extends TaskReply {
  readonly streams: true;
  /** One piece of the answer with the tokens written so far; false once the stream has ended or the caller is gone. */
  partial(chunk: unknown, tokens?: number): boolean;
  /** Set by the stream's run before the pipeline books the success and answers it. */
  terminal: StreamTerminal | null;
  /** Every chunk from now on is sealed under the request's CX secret (an encrypted request's stream always is). */
  sealWith(shared: Buffer): void;
}

export function isStreaming(reply: TaskReply): reply is StreamingReply {
  return (reply as Partial<StreamingReply>).streams === true;
}

/** The reply of `POST /v1/task`. */
export class HttpReply implements TaskReply {
  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    /** Who sent it, for the allowance of bodies discarded after a refusal. */
    private readonly drainSource: () => string,
    private readonly drain: DrainAllowance,
  ) {}

  refuse(r: Refusal): void {
    // If much of the body is still to come, the connection closes after the answer, the rest discarded as it arrives.
    const headers = bodyStillComing(this.req)
      ? { ...r.headers, ...drainThenClose(this.req, this.drainSource(), this.drain) }
      : r.headers;
    sendError(this.res, { ...r, headers });
  }

  answer(status: number, body: string | Buffer, replayed = false): void {
    const res = this.res;
    if (res.headersSent || res.destroyed) return;
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    res.writeHead(status, {
      ...BASE_HEADERS,
      'Content-Type': 'application/json',
      'Content-Length': length,
      ...(replayed ? { 'X-IICP-Replayed': '1' } : {}),
    });
    res.end(body);
  }

  onGone(gone: () => void): void {
    const res = this.res;
    // The listener stays: once the answer is written, `close` finds the response finished and does nothing.
    res.on('close', () => {
      if (!res.writableFinished) gone();
    });
  }

  /** An HTTP answer goes whole, at once: nothing of it leaves the node before it is answered. */
  readonly begun = false;

  /** Whether an answer was started (a bug that escaped the pipeline then cannot answer 500). */
  get started(): boolean {
    return this.res.headersSent || this.res.destroyed;
  }
}
