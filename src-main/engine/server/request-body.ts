import type { IncomingMessage } from 'node:http';
import type { ByteBudget } from './byte-budget';
import { JsonShapeScanner, type ShapeLimits, type ShapeProblem } from './json-shape';

export interface BodyLimits {
  /** Largest body for any intent. */
  maxBytes: number;
  /** Largest body for a task of this intent (known once the top-level `intent` field went by). */
  capFor(intent: string): number;
  shape: ShapeLimits;
  /**
   * Slowest acceptable body: after `graceMs`, at least `bytesPerSecond` on average since reading began. A body that
   * trickles in holds its bytes of the budget and its connection; one that keeps a real pace is never cut.
   */
  minRate: { graceMs: number; bytesPerSecond: number };
}

export interface Refusal {
  status: number;
  code: string;
  message: string;
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export type BodyRead =
  | { kind: 'body'; raw: Buffer; /** Gives the body's bytes back to the budget once it is processed. */ release: () => void }
  | { kind: 'refused'; refusal: Refusal }
  /** The client went away before the body was complete. */
  | { kind: 'gone' };

export const SHAPE_MESSAGES: Record<ShapeProblem, string> = {
  too_deep: 'The request nests objects or arrays too deeply.',
  too_many_values: 'The request holds too many values.',
};

export function tooLarge(limit: number): Refusal {
  return { status: 413, code: 'payload_too_large', message: `The request body is larger than ${limit} bytes.` };
}

export function bodyBudgetExhausted(): Refusal {
  return {
    status: 429,
    code: 'IICP-E021',
    message: 'capacity_exceeded',
    extra: { qos_class: 'best_effort', retry_after_ms: 2000, reason: 'busy_reading_other_requests' },
    headers: { 'Retry-After': '2' },
  };
}

/**
 * Reads a task body within its limits, deciding as the bytes arrive: the size against the cap (the declared length
 * before anything is read, the intent's own cap as soon as the intent went by), the bytes against the node's shared
 * budget (reserved as they come, so a body that never finishes holds only what it sent), the shape against depth
 * and value limits (a million empty objects is refused after the first few hundred kilobytes), and the pace against
 * the minimum rate. A body refused half-way is not read further here; the caller answers and drains
 * (drain-then-close.ts). A body over `maxBytes` gets `overflow` (413 unless the caller says otherwise: a task read
 * only to learn whether it may queue is refused for capacity, not for its size).
 */
export function readRequestBody(req: IncomingMessage, source: string, limits: BodyLimits, budget: ByteBudget, overflow: Refusal = tooLarge(limits.maxBytes)): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  const known = req.headers['content-length'] !== undefined && Number.isSafeInteger(declared) && declared >= 0;
  if (known && declared > limits.maxBytes) return Promise.resolve({ kind: 'refused', refusal: overflow });
  if (known && !budget.fits(source, declared)) return Promise.resolve({ kind: 'refused', refusal: bodyBudgetExhausted() });

  return new Promise<BodyRead>((resolve) => {
    const scanner = new JsonShapeScanner(limits.shape, INTENT_FIELD);
    // Kept as received and joined at the end: memory follows what arrived, never what a header promised.
    const chunks: Buffer[] = [];
    const started = Date.now();
    let total = 0;
    let reserved = 0;
    let settled = false;
    const release = () => {
      budget.release(source, reserved);
      reserved = 0;
    };
    const finish = (outcome: BodyRead) => {
      if (settled) return;
      settled = true;
      clearTimeout(pace);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onGone);
      req.off('error', onGone);
      req.off('close', onClose);
      if (outcome.kind !== 'body') release();
      resolve(outcome);
    };
    const refuse = (refusal: Refusal) => finish({ kind: 'refused', refusal });
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limits.maxBytes) return refuse(overflow);
      if (!budget.tryReserve(source, chunk.length)) return refuse(bodyBudgetExhausted());
      reserved += chunk.length;
      const problem = scanner.push(chunk);
      if (problem) return refuse({ status: 422, code: 'validation_error', message: SHAPE_MESSAGES[problem] });
      const intent = scanner.field('intent');
      if (intent !== undefined) {
        const cap = limits.capFor(intent);
        if (total > cap || (known && declared > cap)) return refuse(tooLarge(cap));
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'body', raw: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), release });
    const onGone = () => finish({ kind: 'gone' });
    const onClose = () => {
      if (!req.complete) onGone();
    };
    // Most bodies are complete before this first fires; a slow one is looked at twice a second from then on.
    const checkPace = () => {
      const elapsed = Date.now() - started;
      if (total < ((elapsed - limits.minRate.graceMs) / 1000) * limits.minRate.bytesPerSecond) {
        return refuse({ status: 408, code: 'request_timeout', message: 'The request body arrives too slowly.' });
      }
      pace = setTimeout(checkPace, 500);
      pace.unref?.();
    };
    let pace = setTimeout(checkPace, limits.minRate.graceMs);
    pace.unref?.();
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onGone);
    req.on('error', onGone);
    req.on('close', onClose);
  });
}

const INTENT_FIELD: ReadonlySet<string> = new Set(['intent']);
