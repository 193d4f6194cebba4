/**
 * The one reader of an HTTP request body the node serves: the task port's tasks, the relay's pulled calls' limits and
 * the gateway's app requests all go through here, so a body is judged the same way wherever it comes in. Each caller
 * turns a problem into its own answer (the task port's IICP codes, an app's API error).
 */
import type { IncomingMessage } from 'node:http';
import type { ByteBudget } from './byte-budget';
import { JsonShapeScanner, type ShapeFields, type ShapeLimits, type ShapeProblem } from './json-shape';

/** What one body is read within. */
export interface BodyTerms {
  /** Largest body; a declared length over it is refused before a byte is read. */
  maxBytes: number;
  /** How deep and how many values the JSON may hold, judged on the bytes as they arrive. */
  shape: ShapeLimits;
  /**
   * Bodies up to this size are not scanned: they hold at most a few thousand values and the caller's parse is cheaper
   * than scanning first. 0 (the default) scans every byte.
   */
  scanFrom?: number;
  /** String fields picked up on the way (`shapeFields`); a body too small to scan is parsed for them when asked. */
  fields?: ShapeFields;
  /** A smaller cap once the value of one of `fields` went by (a task's intent has its own). */
  capBy?: { field: string; capFor(value: string): number };
  /**
   * Slowest acceptable body: after `graceMs`, at least `bytesPerSecond` on average since reading began. A body that
   * trickles in holds its bytes of the budget and its connection; one that keeps a real pace is never cut.
   */
  minRate?: { graceMs: number; bytesPerSecond: number };
  /** The listener's memory for bodies in flight, and whose share of it this body takes. */
  budget?: { bytes: ByteBudget; source: string };
}

/** Why a body was refused half-way: over its cap, over the budget, too slow, or a hostile shape. */
export type BodyProblem = 'too_large' | 'over_budget' | 'too_slow' | ShapeProblem;

export type BodyRead =
  | {
      kind: 'body';
      raw: Buffer;
      /** A wanted field's first value as the shape scan saw it, or for a small body by parsing it, unparsed. */
      field: (path: string) => string | undefined;
      /** Gives the body's bytes back to the budget once it is processed. */
      release: () => void;
    }
  /** `cap`: the cap a `too_large` body went over (the intent's own, or `maxBytes`). */
  | { kind: 'refused'; problem: BodyProblem; cap: number }
  /** The client went away before the body was complete. */
  | { kind: 'gone' };

/** A refused request with at most this much body still to come keeps its connection (Node discards the rest). */
export const SMALL_REMAINDER_BYTES = 64 * 1024;

/** A hostile shape in words, for whoever answers it. */
export const SHAPE_MESSAGES: Record<ShapeProblem, string> = {
  too_deep: 'The request nests objects or arrays too deeply.',
  too_many_values: 'The request holds too many values.',
};

/**
 * Reads a body within its terms, deciding as the bytes arrive: the size against the cap (the declared length before
 * anything is read, a field's own cap as soon as that field went by), the bytes against the shared budget (reserved
 * as they come, so a body that never finishes holds only what it sent), the shape against depth and value limits (a
 * million empty objects is refused after the first few hundred kilobytes), and the pace against the minimum rate. A
 * body refused half-way is not read further here; the caller answers and drains (drain-then-close.ts).
 */
export function readBody(req: IncomingMessage, terms: BodyTerms): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  const known = req.headers['content-length'] !== undefined && Number.isSafeInteger(declared) && declared >= 0;
  if (known && declared > terms.maxBytes)
    return Promise.resolve({ kind: 'refused', problem: 'too_large', cap: terms.maxBytes });
  if (known && terms.budget && !terms.budget.bytes.fits(terms.budget.source, declared))
    return Promise.resolve({ kind: 'refused', problem: 'over_budget', cap: terms.maxBytes });
  return new Promise<BodyRead>((resolve) => new BodyReader(req, terms, known ? declared : -1, resolve));
}

/**
 * Whether much of a refused request's body is still to come: then the connection closes after the answer, the rest
 * discarded within bounds (drain-then-close.ts); a little more, Node reads and discards itself. A client that sent
 * `Expect` may be holding its body back, and a length that does not read as one is not trusted: both close.
 */
export function bodyStillComing(req: IncomingMessage): boolean {
  if (req.complete) return false;
  if (req.headers.expect !== undefined) return true;
  const declared = req.headers['content-length'];
  if (declared === undefined) return req.headers['transfer-encoding'] !== undefined;
  const n = Number(declared);
  return !Number.isSafeInteger(n) || n < 0 || n > SMALL_REMAINDER_BYTES;
}

/** One body being read (the state of readBody; a class, so a request costs one object rather than a closure each). */
class BodyReader {
  /** Made once the body outgrows `scanFrom`: smaller ones cannot hold enough to need it (see `scan`). */
  private scanner: JsonShapeScanner | null = null;
  /** Kept as received and joined at the end: memory follows what arrived, never what a header promised. */
  private readonly chunks: Buffer[] = [];
  private readonly started = Date.now();
  private readonly scanFrom: number;
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
    /** The declared length, or -1 when there is none (chunked). */
    private readonly declared: number,
    private readonly resolve: (r: BodyRead) => void,
  ) {
    this.scanFrom = terms.scanFrom ?? 0;
    req.on('data', this.onData);
    req.on('end', this.onEnd);
    req.on('aborted', this.onGone);
    req.on('error', this.onGone);
    req.on('close', this.onGone);
  }

  private data(chunk: Buffer): void {
    const { terms } = this;
    this.total += chunk.length;
    if (this.total > terms.maxBytes) return this.refuse('too_large', terms.maxBytes);
    if (terms.budget) {
      if (!terms.budget.bytes.tryReserve(terms.budget.source, chunk.length))
        return this.refuse('over_budget', terms.maxBytes);
      this.reserved += chunk.length;
    }
    const problem = this.scan(chunk);
    if (problem) return this.refuse(problem, terms.maxBytes);
    const capBy = terms.capBy;
    const value = capBy ? this.scanner?.field(capBy.field) : undefined;
    if (value !== undefined) {
      const cap = capBy!.capFor(value);
      if (this.total > cap || this.declared > cap) return this.refuse('too_large', cap);
    }
    this.chunks.push(chunk);
    // The pace is watched only for a body still to come in (nearly every task's arrives in one piece).
    if (terms.minRate && !this.pace && this.total !== this.declared)
      this.watchPace(terms.minRate, Math.max(0, this.started + terms.minRate.graceMs - Date.now()));
  }

  /**
   * The shape check of what arrived so far. A body of at most `scanFrom` bytes is left to the caller's parse; past
   * that the scanner runs over everything from the first byte, and then over each chunk as it comes.
   */
  private scan(chunk: Buffer): ShapeProblem | null {
    if (this.scanner) return this.scanner.push(chunk);
    if (this.total <= this.scanFrom) return null;
    this.scanner = new JsonShapeScanner(this.terms.shape, this.terms.fields);
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
    const field = scanned ? (path: string) => scanned.field(path) : fieldsByParsing(raw);
    this.finish({ kind: 'body', raw, field, release: () => this.release() });
  }

  /** After the grace, a slow body is looked at twice a second. */
  private watchPace(rate: NonNullable<BodyTerms['minRate']>, ms: number): void {
    this.pace = setTimeout(() => {
      const elapsed = Date.now() - this.started;
      if (this.total < ((elapsed - rate.graceMs) / 1000) * rate.bytesPerSecond)
        return this.refuse('too_slow', this.terms.maxBytes);
      this.watchPace(rate, 500);
    }, ms);
    this.pace.unref?.();
  }

  private refuse(problem: BodyProblem, cap: number): void {
    this.finish({ kind: 'refused', problem, cap });
  }

  private release(): void {
    if (this.terms.budget && this.reserved > 0)
      this.terms.budget.bytes.release(this.terms.budget.source, this.reserved);
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
    req.off('close', this.onGone);
    if (outcome.kind !== 'body') this.release();
    this.resolve(outcome);
  }
}

/** A small body's wanted fields, by parsing it once when first asked; nothing if it does not parse. */
function fieldsByParsing(raw: Buffer): (path: string) => string | undefined {
  let parsed: unknown;
  let done = false;
  return (path) => {
    if (!done) {
      done = true;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        parsed = undefined;
      }
    }
    let v = parsed;
    for (const key of path.split('.')) {
      if (!v || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, key)) return undefined;
      v = (v as Record<string, unknown>)[key];
    }
    return typeof v === 'string' ? v : undefined;
  };
}
