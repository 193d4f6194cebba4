/** A task body's limits, and the task port's answers to a body refused while it is read. */
import type { IncomingMessage } from 'node:http';
import { readBody, SHAPE_MESSAGES, shapeFields, type BodyProblem, type ByteBudget, type ShapeLimits } from '../net';

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
  | {
      kind: 'body';
      raw: Buffer;
      /**
       * `intent` and `constraints.qos ?? constraints.qos_class` (first occurrence), unparsed: as the shape scan saw
       * them, or for a small body read by parsing it — only when asked, since only a task that finds no free slot needs
       * them.
       */
      fields: () => { intent: string | undefined; qos: string | undefined };
      /** Gives the body's bytes back to the budget once it is processed. */
      release: () => void;
    }
  | { kind: 'refused'; refusal: Refusal }
  /** The client went away before the body was complete. */
  | { kind: 'gone' };

export function tooLarge(limit: number): Refusal {
  return { status: 413, code: 'payload_too_large', message: `The request body is larger than ${limit} bytes.` };
}

const BUDGET_REASON = 'busy_reading_other_requests';

/** A refusal for the node's memory of bodies in flight, not for its slots: it gives the source no turn at a slot. */
export function isBudgetRefusal(r: Refusal): boolean {
  return r.extra?.reason === BUDGET_REASON;
}

export function bodyBudgetExhausted(): Refusal {
  return {
    status: 429,
    code: 'IICP-E021',
    message: 'capacity_exceeded',
    extra: { qos_class: 'best_effort', retry_after_ms: 2000, reason: BUDGET_REASON },
    headers: { 'Retry-After': '2' },
  };
}

/**
 * Reads a task body within its limits (net/http-body.ts decides as the bytes arrive), and words a refusal the way the
 * task port answers it. A body refused half-way is not read further here; the caller answers and drains
 * (net/drain-then-close.ts). A body over `maxBytes` gets `overflow` (413 unless the caller says otherwise: a task read
 * only to learn whether it may queue is refused for capacity, not for its size).
 */
export async function readRequestBody(
  req: IncomingMessage,
  source: string,
  limits: BodyLimits,
  budget: ByteBudget,
  overflow: Refusal = tooLarge(limits.maxBytes),
): Promise<BodyRead> {
  const read = await readBody(req, {
    maxBytes: limits.maxBytes,
    shape: limits.shape,
    scanFrom: SCAN_FROM,
    fields: TASK_FIELDS,
    capBy: { field: 'intent', capFor: limits.capFor },
    minRate: limits.minRate,
    budget: { bytes: budget, source },
  });
  if (read.kind === 'gone') return read;
  if (read.kind === 'refused')
    return { kind: 'refused', refusal: refusalOf(read.problem, read.cap, limits.maxBytes, overflow) };
  const { raw, field, release } = read;
  return {
    kind: 'body',
    raw,
    release,
    fields: () => ({ intent: field('intent'), qos: field('constraints.qos') ?? field('constraints.qos_class') }),
  };
}

const BUDGET_EXHAUSTED = bodyBudgetExhausted();

function refusalOf(problem: BodyProblem, cap: number, maxBytes: number, overflow: Refusal): Refusal {
  switch (problem) {
    case 'too_large':
      return cap === maxBytes ? overflow : tooLarge(cap);
    case 'over_budget':
      return BUDGET_EXHAUSTED;
    case 'too_slow':
      return { status: 408, code: 'request_timeout', message: 'The request body arrives too slowly.' };
    default:
      return { status: 422, code: 'validation_error', message: SHAPE_MESSAGES[problem] };
  }
}

const TASK_FIELDS = shapeFields(['intent', 'constraints.qos', 'constraints.qos_class']);

/** Bodies up to this size are left to the codec's parse (see BodyTerms.scanFrom). */
const SCAN_FROM = 16 * 1024;
