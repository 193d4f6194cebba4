/**
 * A streaming look at the shape of a JSON text as its bytes arrive: how deep it nests and how many values it holds,
 * so a hostile body (a million empty objects, four million `[`) is refused while it is still being read — before any
 * object graph the size of the input exists, and before `JSON.parse` spends seconds on it. It does not validate
 * JSON (the parse does that later, on bodies that passed); it only has to be right about depth and counts for valid
 * JSON and cheap for everything: string contents are skipped with `indexOf` (memchr speed), structure costs one
 * comparison per byte.
 *
 * It also picks up a few string fields on the way — top-level ones (`intent`) and ones of a top-level object
 * (`constraints.qos`) — so decisions that depend on them can be made without parsing the body at all.
 */

export interface ShapeLimits {
  /** Deepest nesting of objects and arrays (the top-level value is depth 1). */
  maxDepth: number;
  /** Values of any kind (objects, arrays, strings, numbers, literals; keys count as strings). */
  maxValues: number;
}

export type ShapeProblem = 'too_deep' | 'too_many_values';

/** Field paths whose string values a scanner picks up, prepared once (a scanner is made per request). */
export interface ShapeFields {
  paths: ReadonlySet<string>;
  parents: ReadonlySet<string>;
}

/** `key` at the top level, `key.inner` one object down; the first occurrence of each is kept. */
export function shapeFields(paths: readonly string[]): ShapeFields {
  return {
    paths: new Set(paths),
    parents: new Set(paths.filter((p) => p.indexOf('.') > 0).map((p) => p.slice(0, p.indexOf('.')))),
  };
}

const NO_FIELDS = shapeFields([]);

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
  /**
   * Per depth 1 and 2 (index 0 unused): the container there is an object; a string now would be a key; its last key.
   */
  private readonly isObject = [false, false, false];
  private readonly expectKey = [false, false, false];
  private readonly lastKey: (string | null)[] = [null, null, null];
  /** What the current string is being collected as, if anything, and the field path a value belongs to. */
  private capture: 'key' | 'value' | null = null;
  private capturePath = '';
  private captured: Buffer[] = [];
  private capturedBytes = 0;
  private capturedEscape = false;
  private problemFound: ShapeProblem | null = null;
  private readonly fields = new Map<string, string>();
  /** Next quote / backslash at or after the scan position in the current chunk (-1: none), found once per chunk run. */
  private nextQuote = -1;
  private nextSlash = -1;

  private readonly wanted: ReadonlySet<string>;
  /** Top-level keys whose objects hold wanted fields (keys of other objects are not worth collecting). */
  private readonly wantedParents: ReadonlySet<string>;

  constructor(
    private readonly limits: ShapeLimits,
    /** The string fields to pick up (see `shapeFields`); none by default. */
    fields: ShapeFields = NO_FIELDS,
  ) {
    this.wanted = fields.paths;
    this.wantedParents = fields.parents;
  }

  get problem(): ShapeProblem | null {
    return this.problemFound;
  }

  get valueCount(): number {
    return this.values;
  }

  /** A wanted string field seen so far (the first occurrence). */
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
        if (this.depth <= 2) {
          this.isObject[this.depth] = c === OPEN_OBJECT;
          this.expectKey[this.depth] = c === OPEN_OBJECT;
          this.lastKey[this.depth] = null;
        }
        this.prev = c;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (this.depth > 0) this.depth--;
        this.prev = c;
      } else if (c === COMMA || c === COLON) {
        if (this.depth >= 1 && this.depth <= 2) this.expectKey[this.depth] = c === COMMA && this.isObject[this.depth]!;
        this.prev = c;
      } else if (c > 0x20) {
        if (SCALAR_START[c] === 1 && (this.prev === 0 || VALUE_FOLLOWS[this.prev] === 1) && !this.count())
          return this.problemFound;
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
    this.captured.length = 0;
    this.capturedBytes = 0;
    this.capturedEscape = false;
    this.capture = null;
    const d = this.depth;
    if (d < 1 || d > 2 || !this.isObject[d]) return;
    if (d === 2 && !this.wantedParents.has(this.lastKey[1] ?? '')) return;
    if (this.expectKey[d]) {
      this.capture = 'key';
      return;
    }
    const key = this.lastKey[d] ?? null;
    if (key === null) return;
    const path = d === 1 ? key : `${this.lastKey[1] ?? ''}.${key}`;
    if (this.wanted.has(path) && !this.fields.has(path)) {
      this.capture = 'value';
      this.capturePath = path;
    }
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

  /** Keeps a piece of the string being captured: a view while it stays in its chunk, a copy once the chunk ends. */
  private collect(buf: Buffer, from: number, to: number): void {
    if (this.capture === null || to <= from) return;
    this.capturedBytes += to - from;
    if (this.capturedBytes > MAX_CAPTURE) {
      this.capture = null; // too long to be a wanted key or value (a key dropped here names no wanted field)
      this.captured.length = 0;
      return;
    }
    this.captured.push(to === buf.length ? Buffer.from(buf.subarray(from, to)) : buf.subarray(from, to));
  }

  private endCapture(): void {
    const kind = this.capture;
    this.capture = null;
    const d = this.depth;
    if (d < 1 || d > 2 || !this.isObject[d]) return;
    if (this.expectKey[d]) {
      // A key: the value after the colon belongs to it (a key too long to be wanted names nothing).
      this.lastKey[d] = kind === 'key' ? this.decode() : null;
      this.expectKey[d] = false;
      return;
    }
    if (kind === 'value') {
      const value = this.decode();
      if (value !== null) this.fields.set(this.capturePath, value);
    }
  }

  private decode(): string | null {
    const pieces = this.captured;
    const text = pieces.length === 1 ? pieces[0]!.toString('utf8') : Buffer.concat(pieces).toString('utf8');
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

/**
 * Whether a parsed value holds an object or array more than `maxDepth` levels below it (the value itself is level
 * 0). Checked without recursion, so a hostile 10 000-level value costs nothing.
 */
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}
