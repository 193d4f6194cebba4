/**
 * The streaming shape scanner (src-main/engine/net/json-shape.ts): depth and value counts of a JSON text as its
 * bytes arrive, in any chunking, and the top-level `intent` picked up on the way — so a hostile body is refused while
 * it is still on the wire, before anything the size of the input exists.
 */
import { describe, expect, it } from 'vitest';
import { JsonShapeScanner, shapeFields, shapeProblem, type ShapeLimits } from '@engine/net/json-shape';
import { jsonOfEscapes } from '../../support/hostile-text';

const LIMITS: ShapeLimits = { maxDepth: 8, maxValues: 50 };

/** Feeds `text` in chunks of `size` bytes; returns the scanner and the first problem reported. */
function scan(text: string | Buffer, size: number, limits = LIMITS, wanted: string[] = ['intent']) {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const s = new JsonShapeScanner(limits, shapeFields(wanted));
  let problem = null;
  for (let i = 0; i < bytes.length && !problem; i += size) problem = s.push(bytes.subarray(i, i + size));
  return { s, problem };
}

/** What the scanner must count for a parsed value: every value, keys included. */
function countValues(v: unknown): number {
  if (Array.isArray(v)) return 1 + v.reduce((n: number, x) => n + countValues(x), 0);
  if (v && typeof v === 'object') return 1 + Object.entries(v).reduce((n, [, x]) => n + 1 + countValues(x), 0);
  return 1;
}

function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  if (v && typeof v === 'object') return 1 + Math.max(0, ...Object.values(v).map(depthOf));
  return 0;
}

const SAMPLES = [
  '{"task_id":"t1","intent":"urn:iicp:intent:llm:chat:v1","payload":{"messages":[{"role":"user","content":"hi \\"there\\" \\\\ [{"}]}}',
  '[1,-2.5e3,true,false,null,"a,b",[],{}]',
  '  { "a" : [ { "b" : [ 1 , 2 , { } ] } ] , "c":"\\u005b\\u007b" }  ',
  '"just a string with {[ brackets"',
  '{"k":"v\\\\","k2":"\\\\\\"","n":-0}',
];

describe('counting', () => {
  it.each(SAMPLES)('counts values and depth of valid JSON exactly, whatever the chunk size: %s', (text) => {
    const parsed = JSON.parse(text) as unknown;
    for (const size of [1, 2, 3, 7, 64, 4096]) {
      const { s, problem } = scan(text, size, { maxDepth: 100, maxValues: 1000 });
      expect(problem, `chunk ${size}`).toBeNull();
      expect(s.valueCount, `chunk ${size}`).toBe(countValues(parsed));
    }
    expect(shapeProblem(text, { maxDepth: depthOf(parsed), maxValues: 1000 })).toBeNull();
    if (depthOf(parsed) > 0)
      expect(shapeProblem(text, { maxDepth: depthOf(parsed) - 1, maxValues: 1000 })).toBe('too_deep');
  });

  it('refuses a million empty objects after the first few values, long before the end of the body', () => {
    const head = '{"task_id":"x","intent":"urn:iicp:intent:llm:chat:v1","payload":{"messages":[';
    const body = Buffer.from(head + Array(1_000_000).fill('{}').join(',') + ']}}');
    const s = new JsonShapeScanner({ maxDepth: 66, maxValues: 100_000 });
    let at = -1;
    for (let i = 0; i < body.length; i += 64 * 1024) {
      if (s.push(body.subarray(i, i + 64 * 1024))) {
        at = i;
        break;
      }
    }
    expect(s.problem).toBe('too_many_values');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThan(body.length / 4); // ~300 KB of a 3 MB body
  });

  it('refuses deep nesting at the first byte over the limit, in the first chunk of a 4-million-level body', () => {
    const s = new JsonShapeScanner({ maxDepth: 66, maxValues: 100_000 });
    expect(s.push(Buffer.from('{"payload":' + '['.repeat(64 * 1024)))).toBe('too_deep');
    expect(s.push(Buffer.from(']'))).toBe('too_deep'); // and keeps saying so
  });

  it('does not count brackets, commas or quotes inside strings, with escapes split across chunks', () => {
    const text = '{"a":"[[[[[[[[[[\\\\\\"{{{{{{{{{,,,,,"}';
    for (const size of [1, 2, 3, 5])
      expect(scan(text, size, { maxDepth: 1, maxValues: 3 }).problem, `chunk ${size}`).toBeNull();
  });

  it('takes linear time on a string made of escapes (the next quote is not searched for again per escape)', () => {
    // Quadratic would be ~10^12 byte compares; how long it takes, at this size and half, is measured by the parsers
    // bench.
    expect(shapeProblem(jsonOfEscapes(2_000_000), { maxDepth: 4, maxValues: 10 })).toBeNull();
  });
});

describe('top-level fields', () => {
  it('picks up the top-level intent in any chunking, before the payload that follows it', () => {
    const text =
      '{"task_id":"t","intent":"urn:iicp:intent:llm:embedding:v1","payload":{"intent":"inner","input":["x"]}}';
    for (const size of [1, 3, 16, 1000])
      expect(scan(text, size).s.field('intent'), `chunk ${size}`).toBe('urn:iicp:intent:llm:embedding:v1');
  });

  it('picks up fields one object down (constraints.qos), and no keys of other objects', () => {
    const text =
      '{"payload":{"qos":"no","constraints":{"qos":"wrong"}},"constraints":{"timeout_ms":5,"qos":"interactive","x":{"qos":"deep"}}}';
    for (const size of [1, 4, 1000]) {
      const { s } = scan(text, size, LIMITS, ['intent', 'constraints.qos', 'payload.model']);
      expect(s.field('constraints.qos'), `chunk ${size}`).toBe('interactive');
      expect(s.field('payload.model')).toBeUndefined();
    }
  });

  it('keeps the first occurrence, decodes escapes, and ignores nested and non-string values', () => {
    expect(scan('{"intent":"a\\u0062c","intent":"second"}', 2).s.field('intent')).toBe('abc');
    expect(scan('{"payload":{"intent":"nested"}}', 1).s.field('intent')).toBeUndefined();
    expect(scan('{"intent":42,"x":"urn"}', 1).s.field('intent')).toBeUndefined();
    expect(scan('["intent","urn"]', 1).s.field('intent')).toBeUndefined();
    expect(scan(`{"intent":"${'x'.repeat(300)}"}`, 7).s.field('intent')).toBeUndefined(); // longer than any intent
  });
});
