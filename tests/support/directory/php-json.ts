/**
 * PHP's `json_encode` and the event log's `NodeEventLogger::canonicalJson`, reproduced byte for byte so the stand-in
 * signs exactly what production signs. Written independently of the engine's verifier on purpose: a shared bug would
 * make both agree and hide the mismatch with production. `tests/unit/support/directory/php-parity.it.test.ts` compares
 * the output with the real `php` binary.
 *
 * How JS values map to PHP values: a safe integer is a PHP int, a `bigint` is a PHP int (64-bit), every other finite
 * number is a PHP float (so `1e17` prints `1.0e+17`, as a float does), `-0` is the float `-0.0`; a JS array is a PHP
 * list; a plain object is a PHP array whose keys follow PHP's rule (a decimal integer string becomes an int key).
 * A whole PHP float below 1e17 prints like the int of the same value, so a JS number loses nothing there.
 */

export interface PhpJsonFlags {
  /** JSON_UNESCAPED_UNICODE: non-ASCII raw instead of `\uXXXX` (U+2028/U+2029 stay escaped). */
  unescapedUnicode: boolean;
  /** JSON_UNESCAPED_SLASHES: `/` raw instead of `\/`. */
  unescapedSlashes: boolean;
}

/** Laravel's `response()->json()`: json_encode with no flags. */
export const LARAVEL_RESPONSE: PhpJsonFlags = { unescapedUnicode: false, unescapedSlashes: false };
/** What `canonicalJson`, the delegation bytes and the genesis hash use. */
export const UNESCAPED: PhpJsonFlags = { unescapedUnicode: true, unescapedSlashes: true };

type Key = { int: bigint } | { str: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** PHP turns a string key that is a canonical decimal integer within 64 bits into an int key. */
function phpKey(k: string): Key {
  const c = k.charCodeAt(0);
  // Most keys are identifiers: skip the regex unless the key starts like an integer.
  if ((c === 45 || (c >= 48 && c <= 57)) && /^(0|-?[1-9][0-9]*)$/.test(k)) {
    const n = BigInt(k);
    if (n >= INT64_MIN && n <= INT64_MAX) return { int: n };
  }
  return { str: k };
}

const keyString = (k: Key): string => ('int' in k ? k.int.toString() : k.str);

/** PHP `smart_str_append_double` with serialize_precision -1: shortest round-trip digits, exponent past 17 places. */
export function phpDouble(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError('PHP json_encode cannot encode INF or NAN');
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // Between 1e-4 and 1e17 both languages print the same shortest digits in plain decimal form.
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e17) return String(x);
  const sign = x < 0 ? '-' : '';
  const [mantissa = '0', exp = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  // zend_dtoa's decpt: the value is 0.d1d2... × 10^decpt.
  const decpt = Number(exp) + 1;
  if (decpt < -3 || decpt > 17) {
    const e = decpt - 1;
    return `${sign}${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (digits.length <= decpt) return sign + digits + '0'.repeat(decpt - digits.length);
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

const hex4 = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;

const SHORT_ESCAPES: Record<number, string> = {
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};

/** True when some character of `s` is escaped (or refused) under `flags`. */
function needsEscape(s: string, flags: PhpJsonFlags): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c === 0x2f && !flags.unescapedSlashes)) return true;
    if (c >= 0x80 && (!flags.unescapedUnicode || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)))
      return true;
  }
  return false;
}

/** PHP `php_json_escape_string`; a lone surrogate is invalid UTF-8, which PHP refuses. */
export function phpString(s: string, flags: PhpJsonFlags): string {
  if (!needsEscape(s, flags)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) throw new RangeError('PHP json_encode: malformed UTF-8');
      out += flags.unescapedUnicode ? s[i]! + s[i + 1]! : hex4(c) + hex4(next);
      i++;
      continue;
    }
    const short = SHORT_ESCAPES[c];
    if (short !== undefined) out += short;
    else if (c < 0x20) out += hex4(c);
    else if (c === 0x2f) out += flags.unescapedSlashes ? '/' : '\\/';
    else if (c < 0x80) out += s[i];
    else if (c === 0x2028 || c === 0x2029 || !flags.unescapedUnicode) out += hex4(c);
    else out += s[i];
  }
  return `${out}"`;
}

/** How a float -0.0 prints: as itself, or as the int 0 it becomes after a JSON round trip (`json_decode("-0")`). */
type NegativeZero = 'float' | 'int' | 'int-when-nested';

interface Mode {
  flags: PhpJsonFlags;
  /** ksort every array first (canonicalJson). */
  sorted: boolean;
  negativeZero: NegativeZero;
}

function scalar(v: unknown, mode: Mode, nested: boolean): string | null {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return phpString(v, mode.flags);
  if (typeof v === 'bigint') {
    if (v < INT64_MIN || v > INT64_MAX) throw new RangeError('a PHP int is 64 bits');
    return v.toString();
  }
  if (typeof v === 'number') {
    if (Object.is(v, -0)) {
      const asInt = mode.negativeZero === 'int' || (mode.negativeZero === 'int-when-nested' && nested);
      return asInt ? '0' : '-0';
    }
    return Number.isSafeInteger(v) ? String(v) : phpDouble(v);
  }
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A PHP array as ordered `[key, value]` pairs; `undefined` members are absent (as with JSON.stringify). */
function entriesOf(v: Record<string, unknown>): [Key, unknown][] {
  return Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .map((k) => [phpKey(k), v[k]]);
}

/** `zend_array_is_list`: keys exactly 0, 1, 2, ... in this order. */
const isList = (entries: [Key, unknown][]): boolean => entries.every(([k], i) => 'int' in k && k.int === BigInt(i));

/** `depth` 0 is the value itself, 1 its members, 2 and deeper the members of nested arrays. */
function encode(v: unknown, mode: Mode, depth: number): string {
  const s = scalar(v, mode, depth >= 2);
  if (s !== null) return s;
  if (Array.isArray(v)) return `[${v.map((x) => encode(x === undefined ? null : x, mode, depth + 1)).join(',')}]`;
  if (!isPlainObject(v)) throw new TypeError(`PHP json_encode: cannot encode ${typeof v}`);
  let entries = entriesOf(v);
  if (mode.sorted) entries = ksort(entries);
  if (isList(entries)) return `[${entries.map(([, x]) => encode(x, mode, depth + 1)).join(',')}]`;
  return `{${entries.map(([k, x]) => `${phpString(keyString(k), mode.flags)}:${encode(x, mode, depth + 1)}`).join(',')}}`;
}

/**
 * `json_encode($value, flags)` for a value as PHP holds it. `decoded: true` is the value after a JSON round trip
 * (Eloquent's array cast, then the wire), where a float -0.0 has come back as the int 0.
 */
export function phpJsonEncode(value: unknown, flags: PhpJsonFlags, opts: { decoded?: boolean } = {}): string {
  return encode(value, { flags, sorted: false, negativeZero: opts.decoded ? 'int' : 'float' }, 0);
}

/**
 * `NodeEventLogger::canonicalJson`: `ksort` at every level (a nested array is canonicalised, decoded and encoded
 * again, which only turns a nested -0.0 into 0), then json_encode with unescaped unicode and slashes. An empty
 * object is an empty PHP array, so it prints `[]`; a list stays a list.
 */
export function canonicalJson(payload: Record<string, unknown> | unknown[]): string {
  return encode(payload, { flags: UNESCAPED, sorted: true, negativeZero: 'int-when-nested' }, 0);
}

/** What PHP's `trim()` strips by default (not the Unicode spaces JS `trim()` also strips). */
const PHP_TRIM = new Set([' ', '\t', '\n', '\r', '\0', '\v']);

export function phpTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && PHP_TRIM.has(s[a]!)) a++;
  while (b > a && PHP_TRIM.has(s[b - 1]!)) b--;
  return s.slice(a, b);
}

// --- ksort (SORT_REGULAR) as PHP 8 compares keys ---------------------------------------------------------------

type Numeric = { type: 'long'; value: bigint } | { type: 'double'; value: number };

/** PHP 8 `is_numeric_string` without errors: optional surrounding whitespace, sign, digits, fraction, exponent. */
function numericString(s: string): Numeric | null {
  const m = /^[ \t\n\r\v\f]*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)[ \t\n\r\v\f]*$/.exec(s);
  if (!m?.[1]) return null;
  const body = m[1];
  if (!/[.eE]/.test(body)) {
    // An integer string past 64 bits is a double to PHP.
    const n = BigInt(body.replace(/^\+/, ''));
    if (n >= INT64_MIN && n <= INT64_MAX) return { type: 'long', value: n };
  }
  return { type: 'double', value: Number(body) };
}

const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);

/** `zend_binary_strcmp`: bytewise on the UTF-8 encoding, then by length. */
function binaryCompare(a: string, b: string): number {
  // Below the surrogates UTF-16 code units sort like UTF-8 bytes, so the common case needs no encoding.
  if (!/[\ud800-\uffff]/.test(a) && !/[\ud800-\uffff]/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

function compareNumeric(a: Numeric, b: Numeric): number {
  if (a.type === 'long' && b.type === 'long') return a.value > b.value ? 1 : a.value < b.value ? -1 : 0;
  return sign(Number(a.value) - Number(b.value));
}

interface SortKey {
  text: string;
  /** The key as a number when PHP compares it as one (an int key, or a numeric string). */
  num: Numeric | null;
}

/** Can this string be numeric at all? Identifiers never are, and are most keys. */
const mayBeNumeric = (s: string): boolean => /^[\s+\-.0-9]/.test(s);

function sortKey(k: Key): SortKey {
  if ('int' in k) return { text: k.int.toString(), num: { type: 'long', value: k.int } };
  return { text: k.str, num: mayBeNumeric(k.str) ? numericString(k.str) : null };
}

/**
 * `php_array_key_compare_unstable_i`: int keys numerically, two strings with `zendi_smart_strcmp` (numerically when
 * both are numeric), an int and a string with `zend_compare`. PHP 8's sort is stable, like Array.prototype.sort.
 */
function ksortCompare(a: SortKey, b: SortKey): number {
  if (a.num && b.num) return compareNumeric(a.num, b.num);
  return binaryCompare(a.text, b.text);
}

function ksort(entries: [Key, unknown][]): [Key, unknown][] {
  return entries
    .map((e) => ({ e, k: sortKey(e[0]) }))
    .sort((x, y) => ksortCompare(x.k, y.k))
    .map((x) => x.e);
}
