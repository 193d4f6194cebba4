import { WorkerPool } from '../../subprocess';
import type { BuildOptions } from '../../backends';
import { renderAnswer, type Rendered } from './answer-render';
import type { AnswerStamp, GatewayRoute } from '../api-shapes';
import { joinChoices } from './choices-join';
import { buildLocalRequest, type LocalRequest } from './local-request';
import { shapeRequest, type WireAsk, type WireShape } from './request-shape';

export type CodecJob =
  | { op: 'shape'; route: GatewayRoute; bytes: Uint8Array }
  | { op: 'render'; ask: WireAsk; bytes: Uint8Array; stamp: AnswerStamp }
  | { op: 'local'; intent: string; bytes: Uint8Array; build: BuildOptions; stream: boolean }
  | { op: 'join'; bodies: string[] };
export type CodecOutput =
  | { op: 'shape'; result: WireShape }
  | { op: 'render'; result: Rendered }
  | { op: 'local'; result: LocalRequest }
  | { op: 'join'; result: string | null };

/** Up to this size a request or an answer is handled on the event loop: a thread hop costs more than the work. */
export const INLINE_BYTES = 64 * 1024;

const BUSY_SHAPE: WireShape = {
  ok: false,
  status: 429,
  code: 'busy',
  message: 'The gateway is busy reading other large requests; try again in a moment.',
};
const FAILED_SHAPE: WireShape = {
  ok: false,
  status: 413,
  code: 'payload_too_large',
  message: 'The request is too large for the gateway to read.',
};
const BUSY_RENDER: Rendered = {
  ok: false,
  status: 503,
  code: 'busy',
  message: 'The gateway was too busy to read the network’s answer.',
};
const FAILED_RENDER: Rendered = {
  ok: false,
  status: 502,
  code: 'invalid_node_answer',
  message: 'The network’s answer was too large for the gateway to read.',
};
const BUSY_LOCAL: LocalRequest = {
  ok: false,
  error: { kind: 'busy', message: 'The gateway is busy reading other large requests; try again in a moment.' },
};

/** Owns its memory whole, so it can be moved to the thread instead of copied. */
function movable(b: Uint8Array): ArrayBuffer[] {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer
    ? [b.buffer]
    : [];
}

/**
 * Parsing an app's request and rewriting a node's answer (or joining several), the steps whose cost grows with the
 * text: a megabyte of JSON holds the event loop for tens of milliseconds, which the task port, the heartbeats and the
 * window must never wait for. Small inputs (nearly every chat) are handled inline; larger ones on a thread.
 */
export class GatewayCodec {
  private readonly pool = new WorkerPool<CodecJob, CodecOutput>({
    builtName: 'gateway-codec-worker',
    sourceFile: './gateway-codec-worker.ts',
    beside: import.meta.url,
  });

  constructor(private readonly inlineBytes = INLINE_BYTES) {}

  /** Codec threads running now. */
  get threads(): number {
    return this.pool.workers;
  }

  shape(route: GatewayRoute, bytes: Buffer): WireShape | Promise<WireShape> {
    if (bytes.length <= this.inlineBytes) return shapeRequest(route, bytes);
    return this.pool
      .run(
        { op: 'shape', route, bytes },
        {
          transfer: movable(bytes),
          busy: () => ({ op: 'shape', result: BUSY_SHAPE }),
          died: () => ({ op: 'shape', result: FAILED_SHAPE }),
        },
      )
      .then((o) => (o.op === 'shape' ? o.result : FAILED_SHAPE));
  }

  render(ask: WireAsk, plaintext: Buffer, stamp: AnswerStamp): Rendered | Promise<Rendered> {
    if (plaintext.length <= this.inlineBytes) return renderAnswer(ask, plaintext, stamp);
    return this.pool
      .run(
        { op: 'render', ask, bytes: plaintext, stamp },
        {
          transfer: movable(plaintext),
          busy: () => ({ op: 'render', result: BUSY_RENDER }),
          died: () => ({ op: 'render', result: FAILED_RENDER }),
        },
      )
      .then((o) => (o.op === 'render' ? o.result : FAILED_RENDER));
  }

  /** An app's request built for this computer's own LLM server (local-request.ts). */
  local(intent: string, json: string, build: BuildOptions, stream: boolean): LocalRequest | Promise<LocalRequest> {
    if (json.length <= this.inlineBytes) return buildLocalRequest(intent, json, build, stream);
    const bytes = Buffer.from(json, 'utf8');
    return this.pool
      .run(
        { op: 'local', intent, bytes, build, stream },
        {
          transfer: movable(bytes),
          busy: () => ({ op: 'local', result: BUSY_LOCAL }),
          died: () => ({ op: 'local', result: BUSY_LOCAL }),
        },
      )
      .then((o) => (o.op === 'local' ? o.result : BUSY_LOCAL));
  }

  /** Several answers' bodies joined into one (choices.ts); null when they cannot be, or the thread could not. */
  join(bodies: string[]): string | null | Promise<string | null> {
    if (bodies.reduce((n, b) => n + b.length, 0) <= this.inlineBytes) return joinChoices(bodies);
    return this.pool
      .run(
        { op: 'join', bodies },
        { busy: () => ({ op: 'join', result: null }), died: () => ({ op: 'join', result: null }) },
      )
      .then((o) => (o.op === 'join' ? o.result : null));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
