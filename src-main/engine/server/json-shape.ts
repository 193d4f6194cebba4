/**
 * A streaming look at the shape of a JSON text as its bytes arrive: how deep it nests and how many values it holds,
 * so a hostile body (a million empty objects, four million `[`) is refused while it is still being read — before any
 * object graph the size of the input exists, and before `JSON.parse` spends seconds on it. It does not validate
 * JSON (the parse does that later, on bodies that passed); it only has to be right about depth and counts for valid
 * JSON and cheap for everything: string contents are skipped with `indexOf` (memchr speed), structure costs one
 * comparison per byte.
 *
 * It also picks up a few top-level string fields on the way (`intent`), so limits that depend on them can apply
 * while the rest of the body is still on the wire.
 */

export interface ShapeLimits {
  /** Deepest nesting of objects and arrays (the top-level value is depth 1). */
  maxDepth: number;
  /** Values of any kind (objects, arrays, strings, numbers, literals; keys count as strings). */
  maxValues: number;
}

export type ShapeProblem = 'too_deep' | 'too_many_values';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Longest top-level key or value picked up; longer ones are not wanted fields. */
const MAX_CAPTURE = 256;

/** Bytes that start a number or a literal (`-`, digits, `t`, `f`, `n`). */
const SCALAR_START = new Uint8Array(256);
for (const c of '-0123456789tfn') SCALAR_START[c.charCodeAt(0)] = 1;
/** Bytes after which a new value may start (outside strings). */
const VALUE_FOLLOWS = new Uint8Array(256);
for (const c of '[,:') VALUE_FOLLOWS[c.charCodeAt(0)] = 1;

export class JsonShapeScanner {
  private depth = 0;
  private values = 0;
  private inString = false;
  /** The previous byte inside a string was an unescaped backslash (it may end a chunk). */
  private escaped = false;
  /** Last byte outside strings that was not whitespace (0 at the start). */
  private prev = 0;
  /** The whole text is an object (so its depth-1 strings alternate key, value). */
  private topIsObject = false;
  /** Inside the top-level object, a string now would be a key. */
  private expectKey = false;
  /** What the current top-level string is being collected as, if anything. */
  private capture: 'key' | 'value' | null = null;
  private captured: number[] = [];
  private capturedEscape = false;
  private lastKey: string | null = null;
  private problemFound: ShapeProblem | null = null;
  private readonly fields = new Map<string, string>();
  /** Next quote / backslash at or after the scan position in the current chunk (-1: none), found once per chunk run. */
  private nextQuote = -1;
  private nextSlash = -1;

  constructor(
    private readonly limits: ShapeLimits,
    /** Top-level keys whose string values are wanted (the first occurrence is kept). */
    private readonly wanted: ReadonlySet<string> = new Set(),
  ) {}

  get problem(): ShapeProblem | null {
    return this.problemFound;
  }

  get valueCount(): number {
    return this.values;
  }

  /** A top-level string field seen so far (the first occurrence). */
  field(name: string): string | undefined {
    return this.fields.get(name);
  }

  /** Feeds the next bytes; returns the problem as soon as one is found (and keeps returning it). */
  push(chunk: Uint8Array): ShapeProblem | null {
    if (this.problemFound) return this.problemFound;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const n = buf.length;
    this.nextQuote = -2; // not looked for yet in this chunk
    this.nextSlash = -2;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        i = this.skipString(buf, i);
        continue;
      }
      const c = buf[i]!;
      if (c === QUOTE) {
        if (!this.count()) return this.problemFound;
        this.inString = true;
        this.beginCapture();
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (!this.count()) return this.problemFound;
        this.depth++;
        if (this.depth > this.limits.maxDepth) return (this.problemFound = 'too_deep');
        if (this.depth === 1) {
          this.topIsObject = c === OPEN_OBJECT;
          this.expectKey = this.topIsObject;
        }
        this.prev = c;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (this.depth > 0) this.depth--;
        this.prev = c;
      } else if (c === COMMA || c === COLON) {
        if (this.depth === 1) this.expectKey = c === COMMA && this.topIsObject;
        this.prev = c;
      } else if (c > 0x20) {
        if (SCALAR_START[c] === 1 && (this.prev === 0 || VALUE_FOLLOWS[this.prev] === 1) && !this.count()) return this.problemFound;
        this.prev = c;
      }
      i++;
    }
    return null;
  }

  private count(): boolean {
    this.values++;
    if (this.values > this.limits.maxValues) {
      this.problemFound = 'too_many_values';
      return false;
    }
    return true;
  }

  private beginCapture(): void {
    this.captured = [];
    this.capturedEscape = false;
    if (this.depth !== 1 || !this.topIsObject) this.capture = null;
    else if (this.expectKey) this.capture = 'key';
    else this.capture = this.lastKey !== null && this.wanted.has(this.lastKey) && !this.fields.has(this.lastKey) ? 'value' : null;
  }

  /**
   * Consumes string contents from `i`; returns where scanning goes on (after the closing quote, or the chunk end).
   * The next quote and backslash are looked up once and reused until passed, so a string of many escapes costs
   * linear time, not a fresh search to the chunk's end per escape.
   */
  private skipString(buf: Buffer, i: number): number {
    const n = buf.length;
    if (this.escaped) {
      this.escaped = false;
      this.collect(buf, i, i + 1);
      return i + 1;
    }
    if (this.nextQuote !== -1 && this.nextQuote < i) this.nextQuote = buf.indexOf(QUOTE, i);
    if (this.nextSlash !== -1 && this.nextSlash < i) this.nextSlash = buf.indexOf(BACKSLASH, i);
    const quote = this.nextQuote;
    const slash = this.nextSlash;
    if (slash !== -1 && (quote === -1 || slash < quote)) {
      // An escape: the byte after the backslash is content whatever it is (it may be the next chunk's first).
      this.capturedEscape = true;
      this.collect(buf, i, Math.min(n, slash + 2));
      if (slash + 1 >= n) this.escaped = true;
      return slash + 2;
    }
    if (quote === -1) {
      this.collect(buf, i, n);
      return n;
    }
    this.collect(buf, i, quote);
    this.inString = false;
    this.prev = QUOTE;
    this.endCapture();
    return quote + 1;
  }

  private collect(buf: Buffer, from: number, to: number): void {
    if (this.capture === null) return;
    if (this.captured.length + (to - from) > MAX_CAPTURE) {
      this.capture = null; // too long to be a wanted key or value (a key dropped here names no wanted field)
      return;
    }
    for (let k = from; k < to; k++) this.captured.push(buf[k]!);
  }

  private endCapture(): void {
    const kind = this.capture;
    this.capture = null;
    if (this.depth !== 1 || !this.topIsObject) return;
    if (this.expectKey) {
      this.lastKey = kind === 'key' ? this.decode() : null;
      this.expectKey = false;
      return;
    }
    if (kind === 'value' && this.lastKey !== null) {
      const value = this.decode();
      if (value !== null) this.fields.set(this.lastKey, value);
    }
  }

  private decode(): string | null {
    const text = Buffer.from(this.captured).toString('utf8');
    if (!this.capturedEscape) return text;
    try {
      return JSON.parse(`"${text}"`) as string;
    } catch {
      return null;
    }
  }
}

/** The shape problem of a whole JSON text at once (a decrypted payload, a body read in one piece), or null. */
export function shapeProblem(text: Buffer | string, limits: ShapeLimits): ShapeProblem | null {
  const scanner = new JsonShapeScanner(limits);
  return scanner.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
}
