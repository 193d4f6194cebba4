import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { StreamOpenError, sealRequestText, type StreamOpener } from '../../cx';
import { NativeClient, NativeClientError, NativeSequenceError, type DecodedLifecycle } from '../../native';
import { readStreamEnd, readStreamPiece, type StreamClose, type StreamDelta } from '../api-shapes';
import type { NativeSessions } from './native-sessions';
import { taskConstraints, type SealedTask } from './sealed-call';

/** How a TCP connection to a node's native transport is made: the address rules judged after resolution. */
export type NativeConnect = (host: string, port: number, signal: AbortSignal) => Promise<Socket>;

export interface StreamedTask extends SealedTask {
  /** The node's native transport (network-offer.ts: only a node that streams sealed has one). */
  transport: { host: string; port: number };
  /** The whole stream's time once it began; `timeoutMs` is the time to its first piece. */
  wholeMs: number;
}

/**
 * What the caller does with each piece as it is opened, in order: writes it to the app (awaited, so the app's pace
 * sets the node's) and says whether the stream may go on. `tokens` is the node's cumulative count, when it sent one.
 */
export type PieceSink = (piece: StreamDelta, tokens: number | null) => Promise<'go' | 'stop'>;

/**
 * How one streamed try ended. `pieces` says how many reached the app: after the first, no other node may be tried.
 * `called` says whether the CALL went out: a node whose native session could not even be opened never saw the task.
 * A stop asked by the sink is `{ ok: false, code: 'stopped' }`: the session is closed and the node cancels.
 */
export type StreamedOutcome =
  | { ok: true; close: StreamClose; tokensUsed: number | null; pieces: number }
  | {
      ok: false;
      blame: 'node' | 'request';
      status: number;
      code: string;
      message: string;
      pieces: number;
      called: boolean;
    };

/** How long the connection and INIT/ACK may take. */
const HANDSHAKE_MS = 5_000;

/** Terminal error codes the node sends for a request any node would refuse. */
const REQUEST_CODES = new Set(['validation_error', 'unsupported_intent']);

const count = (v: unknown): number | null =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 1e9 ? v : null;
const codeOf = (v: unknown): string => (typeof v === 'string' && /^[a-z0-9_]{1,64}$/.test(v) ? v : 'node_error');

/** The connection went (not a wait that ran out): what a node closing an idle kept session looks like. */
function closedBeforeAnswer(err: NativeSequenceError): boolean {
  return err.cause instanceof NativeClientError && err.cause.code === 'closed';
}

/** The CALL's key 5 of a sealed stream: the task body's fields minus task id and intent, which keys 24 and 3 carry. */
function sealedCallBody(t: SealedTask, envelope: Record<string, unknown>): Uint8Array {
  const constraints = taskConstraints(t);
  const body: Record<string, unknown> = {
    iicp_conf: envelope,
    cx_response_encryption: 'required',
    constraints,
    nonce: randomUUID(),
  };
  if (t.sourceNodeId) body.source_node_id = t.sourceNodeId;
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/**
 * One sealed streamed task to one node over its native transport (the service-lifecycle profile): the CALL carries
 * the task id and an idempotency key, every RESPONSE's chunk is opened in order with the stream's own key, and a gap,
 * a reorder, a replay, an unsealed chunk or a stream without its end mark ends it as the node's fault. The app's
 * closing (`signal`) or a stop from the sink drops the connection, which is how the node learns to cancel.
 */
export async function streamFromNode(
  t: StreamedTask,
  connect: NativeConnect,
  sink: PieceSink,
  sessions?: NativeSessions,
): Promise<StreamedOutcome> {
  let pieces = 0;
  let called = false;
  /** Whether any RESPONSE came: a kept session that fails before one never reached the node. */
  let heard = false;
  /** Whether the stream ended by the protocol's rules (its terminal read and judged): the session may be kept. */
  let clean = false;
  const fault = (code: string, message: string, status = 502): StreamedOutcome => ({
    ok: false,
    blame: 'node',
    status,
    code,
    message,
    pieces,
    called,
  });
  let sealed;
  try {
    sealed = sealRequestText(t.node.cx, t.taskId, t.intent, t.payloadJson);
  } catch {
    return fault('bad_node_key', 'The node advertises an encryption key that cannot be used.');
  }
  const opener: StreamOpener = sealed.streamOpener();
  const firstPiece = new AbortController();
  const firstTimer = setTimeout(() => firstPiece.abort(), t.timeoutMs);
  const whole = AbortSignal.timeout(Math.max(t.timeoutMs, t.wholeMs));
  const signal = AbortSignal.any([firstPiece.signal, whole, ...(t.signal ? [t.signal] : [])]);
  let client: NativeClient | null = null;
  /** Whether the node's terminal came: then the session ends with CLOSE rather than a dropped connection. */
  let ended = false;
  const drop = () => client?.destroy();
  signal.addEventListener('abort', drop, { once: true });
  try {
    const payload = sealedCallBody(t, sealed.envelope);
    const idempotencyKey = randomUUID();
    for (let fresh = false; ; fresh = true) {
      // A real node answers INIT at once; a front door that does not speak IICP must not eat the buffered call's time.
      const opening = {
        host: t.transport.host,
        port: t.transport.port,
        timeoutMs: Math.min(t.timeoutMs, HANDSHAKE_MS),
        connect,
        signal,
      };
      const taken = sessions
        ? await sessions.take({ ...opening, fresh })
        : { client: await NativeClient.open(opening), reused: false };
      client = taken.client;
      if (signal.aborted) client.destroy();
      called = true;
      try {
        for await (const f of client.stream({
          intent: t.intent,
          payload,
          taskId: t.taskId,
          idempotencyKey,
          idleTimeoutMs: t.timeoutMs,
        })) {
          heard = true;
          const end = await onFrame(f);
          if (end) return end;
        }
      } catch (err) {
        // The node closed a kept session just as the CALL went: it never ran it, so it goes once on a new session.
        if (
          taken.reused &&
          !heard &&
          !signal.aborted &&
          err instanceof NativeSequenceError &&
          err.code === 'missing_terminal_response' &&
          closedBeforeAnswer(err)
        ) {
          client.destroy();
          continue;
        }
        throw err;
      }
      opener.finish();
      return fault('stream_no_end', 'The node’s stream stopped before its end.');
    }
  } catch (err) {
    if (t.signal?.aborted)
      return {
        ok: false,
        blame: 'request',
        status: 499,
        code: 'cancelled',
        message: 'The app closed the request.',
        pieces,
        called,
      };
    if (firstPiece.signal.aborted || whole.aborted)
      return fault('node_timeout', 'The node did not answer in time.', 504);
    if (err instanceof StreamOpenError) return fault(`stream_${err.code}`, err.message);
    if (err instanceof NativeSequenceError)
      return fault(`stream_${codeOf(err.code)}`, 'The node’s stream broke the protocol’s order.');
    if (err instanceof NativeClientError)
      return fault('node_unreachable', 'The node’s stream could not be reached or broke off.');
    return fault('node_unreachable', 'The node could not be reached.');
  } finally {
    clearTimeout(firstTimer);
    signal.removeEventListener('abort', drop);
    if (ended && clean && sessions && client && !signal.aborted)
      sessions.give(t.transport.host, t.transport.port, client);
    else if (ended) client?.close();
    else client?.destroy();
  }

  /** One RESPONSE: a piece passed on, or how the stream ended (null: it goes on). */
  async function onFrame(f: DecodedLifecycle): Promise<StreamedOutcome | null> {
    if (f.status === 'partial') {
      const opened = opener.open(f.result);
      const piece = opened.end ? null : readStreamPiece(opened.plaintext);
      if (!piece) return fault('invalid_node_answer', 'The node sent a piece of its stream that cannot be read.');
      if (pieces === 0) clearTimeout(firstTimer);
      pieces += 1;
      if ((await sink(piece, count(f.tokensUsed))) === 'stop')
        return {
          ok: false,
          blame: 'request',
          status: 429,
          code: 'stopped',
          message: 'The stream was stopped.',
          pieces,
          called,
        };
      return null;
    }
    ended = f.status !== 'partial';
    if (f.status === 'success') {
      const opened = opener.open(f.result);
      if (!opened.end) return fault('stream_no_end', 'The node ended its stream without the end mark.');
      const close = readStreamEnd(opened.plaintext);
      if (!close) return fault('invalid_node_answer', 'The node ended its stream with an answer that cannot be read.');
      clean = true;
      return { ok: true, close, tokensUsed: count(f.tokensUsed), pieces };
    }
    // An error terminal carries no chunk: the stream ended by the rules, the session may take the next CALL.
    clean = true;
    const code = codeOf(f.error?.code);
    if (REQUEST_CODES.has(code))
      return {
        ok: false,
        blame: 'request',
        status: 400,
        code,
        message: 'The network refused the request as malformed.',
        pieces,
        called,
      };
    if (code === 'capacity_exceeded' || code === 'provider_preempted')
      return fault(code, 'The node is busy or not serving right now.', 503);
    return fault(
      code,
      f.status === 'timeout' ? 'The node ran out of time for the task.' : 'The node could not complete the task.',
    );
  }
}
