import type { IncomingMessage } from 'node:http';
import type { ByteBudget } from '../net/byte-budget';
import { JsonShapeScanner, shapeFields, type ShapeLimits, type ShapeProblem } from '../net/json-shape';

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
       * `intent` and `constraints.qos ?? constraints.qos_class` (first occurrence), unparsed: as the shape scan saw them,
       * or for a small body read by parsing it — only when asked, since only a task that finds no free slot needs them.
       */
      fields: () => { intent: string | undefined; qos: string | undefined };
      /** Gives the body's bytes back to the budget once it is processed. */
      release: () => void;
    }
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
  if (known && !budget.fits(source, declared)) return Promise.resolve({ kind: 'refused', refusal: BUDGET_EXHAUSTED });
  return new Promise<BodyRead>((resolve) => new BodyReader(req, { source, limits, budget, overflow, declared: known ? declared : -1 }, resolve));
}

const BUDGET_EXHAUSTED = bodyBudgetExhausted();

/** What one body is read within: whose share of the budget it takes, its limits, and what it declared. */
interface BodyTerms {
  source: string;
  limits: BodyLimits;
  budget: ByteBudget;
  /** The answer to a body over `limits.maxBytes`. */
  overflow: Refusal;
  /** The declared length, or -1 when there is none (chunked). */
  declared: number;
}

/** One body being read (the state of readRequestBody; a class, so a task costs one object rather than a closure each). */
class BodyReader {
  /** Made once the body outgrows SCAN_FROM: smaller ones cannot hold enough to need it (see `scan`). */
  private scanner: JsonShapeScanner | null = null;
  /** Kept as received and joined at the end: memory follows what arrived, never what a header promised. */
  private readonly chunks: Buffer[] = [];
  private readonly started = Date.now();
  private total = 0;
  private reserved = 0;
  private settled = false;
  private pace: NodeJS.Timeout | undefined;
  private readonly onData = (chunk: Buffer): void => this.data(chunk);
  private readonly onEnd = (): void => this.end();
  private readonly onGone = (): void => this.finish({ kind: 'gone' });

  constructor(
    private readonly req: IncomingMessage,
    private readonly terms: BodyTerms,
    private readonly resolve: (r: BodyRead) => void,
  ) {
    req.on('data', this.onData);
    req.on('end', this.onEnd);
    req.on('aborted', this.onGone);
    req.on('error', this.onGone);
  }

  private data(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.total > this.terms.limits.maxBytes) return this.refuse(this.terms.overflow);
    if (!this.terms.budget.tryReserve(this.terms.source, chunk.length)) return this.refuse(BUDGET_EXHAUSTED);
    this.reserved += chunk.length;
    const problem = this.scan(chunk);
    if (problem) return this.refuse({ status: 422, code: 'validation_error', message: SHAPE_MESSAGES[problem] });
    const intent = this.scanner?.field('intent');
    if (intent !== undefined) {
      const cap = this.terms.limits.capFor(intent);
      if (this.total > cap || this.terms.declared > cap) return this.refuse(tooLarge(cap));
    }
    this.chunks.push(chunk);
    // The pace is watched only for a body still to come in (nearly every task's arrives in one piece).
    if (!this.pace && this.total !== this.terms.declared) this.watchPace(Math.max(0, this.started + this.terms.limits.minRate.graceMs - Date.now()));
  }

  /**
   * The shape check of what arrived so far. A body of at most SCAN_FROM bytes holds at most a few thousand values and
   * parses in microseconds, so it is left to the parse (cheaper than scanning it first); past that the scanner runs
   * over everything from the first byte, and then over each chunk as it comes.
   */
  private scan(chunk: Buffer): ShapeProblem | null {
    if (this.scanner) return this.scanner.push(chunk);
    if (this.total <= SCAN_FROM) return null;
    this.scanner = new JsonShapeScanner(this.terms.limits.shape, INTENT_FIELD);
    for (const earlier of this.chunks) {
      const problem = this.scanner.push(earlier);
      if (problem) return problem;
    }
    return this.scanner.push(chunk);
  }

  private end(): void {
    const chunks = this.chunks;
    const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.total);
    const scanned = this.scanner;
    const fields = scanned
      ? () => ({ intent: scanned.field('intent'), qos: scanned.field('constraints.qos') ?? scanned.field('constraints.qos_class') })
      : () => peekFields(raw);
    this.finish({ kind: 'body', raw, fields, release: () => this.release() });
  }

  /** After the grace, a slow body is looked at twice a second. */
  private watchPace(ms: number): void {
    this.pace = setTimeout(() => {
      const elapsed = Date.now() - this.started;
      if (this.total < ((elapsed - this.terms.limits.minRate.graceMs) / 1000) * this.terms.limits.minRate.bytesPerSecond) {
        return this.refuse({ status: 408, code: 'request_timeout', message: 'The request body arrives too slowly.' });
      }
      this.watchPace(500);
    }, ms);
    this.pace.unref?.();
  }

  private refuse(refusal: Refusal): void {
    this.finish({ kind: 'refused', refusal });
  }

  private release(): void {
    this.terms.budget.release(this.terms.source, this.reserved);
    this.reserved = 0;
  }

  private finish(outcome: BodyRead): void {
    if (this.settled) return;
    this.settled = true;
    if (this.pace) clearTimeout(this.pace);
    const req = this.req;
    req.off('data', this.onData);
    req.off('end', this.onEnd);
    req.off('aborted', this.onGone);
    req.off('error', this.onGone);
    if (outcome.kind !== 'body') this.release();
    this.resolve(outcome);
  }
}

const INTENT_FIELD = shapeFields(['intent', 'constraints.qos', 'constraints.qos_class']);

/** Bodies up to this size are not scanned (see BodyReader.scan). */
const SCAN_FROM = 16 * 1024;

/** `intent` and `constraints.qos ?? constraints.qos_class` of a small body, by parsing it; nothing if it does not parse. */
function peekFields(raw: Buffer): { intent: string | undefined; qos: string | undefined } {
  try {
    const v = JSON.parse(raw.toString('utf8')) as { intent?: unknown; constraints?: { qos?: unknown; qos_class?: unknown } } | null;
    const c = v?.constraints;
    const qos = typeof c?.qos === 'string' ? c.qos : typeof c?.qos_class === 'string' ? c.qos_class : undefined;
    return { intent: typeof v?.intent === 'string' ? v.intent : undefined, qos };
  } catch {
    return { intent: undefined, qos: undefined };
  }
}
