/**
 * What the operator's machines say to each other is sealed with the operator's fleet key and bound to what it is (a
 * question, an answer, a hello) and to the machine it is about: only the operator's own machines can open it, nobody
 * can change it unnoticed, one machine's answer cannot be passed off as another's nor a hello as an answer, and its
 * length says nothing of what it holds. Anything that is not such a message opens to null, never to a throw.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ASK_BUCKET_BYTES,
  MAX_PLAIN_BYTES,
  MAX_SEALED_CHARS,
  open,
  seal,
  STATUS_BUCKET_BYTES,
} from '@engine/fleet/fleet-seal';
import { fleetKey } from '@engine/identity/operator-key';

const KEY = fleetKey(Buffer.alloc(32, 7));
const NODE = 'node-attic-01';
const STATUS = { v: 2, nodeId: NODE, name: 'Attic', models: ['llama3:8b'], nested: { a: [1, 2, 3] } };

/** The sealed envelope with one of its base64 parts changed by one bit. */
function flipped(sealed: string, part: 'iv' | 'ct' | 'tag'): string {
  const env = JSON.parse(sealed) as Record<string, string>;
  const raw = Buffer.from(env[part]!, 'base64');
  raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
  return JSON.stringify({ ...env, [part]: raw.toString('base64') });
}

const sealed = (value: unknown = STATUS, purpose: 'ask' | 'status' | 'hello' = 'status', node = NODE) =>
  seal(KEY, purpose, node, value)!;

describe('the fleet seal', () => {
  it('opens with the same key, purpose and node id to the value sealed, and shows nothing of it in the clear', () => {
    const text = sealed();
    expect(text).not.toContain('Attic');
    expect(text).not.toContain('llama3');
    expect(JSON.parse(text)).toMatchObject({ v: 2 });
    expect(open(KEY, 'status', NODE, text)).toEqual(STATUS);
  });

  it('seals the same value differently each time (a fresh iv), and both open', () => {
    const a = sealed();
    const b = sealed();
    expect(a).not.toBe(b);
    expect(open(KEY, 'status', NODE, a)).toEqual(STATUS);
    expect(open(KEY, 'status', NODE, b)).toEqual(STATUS);
  });

  it("does not open with another operator's key", () => {
    const text = sealed();
    expect(open(fleetKey(Buffer.alloc(32, 8)), 'status', NODE, text)).toBeNull();
    expect(open(randomBytes(32), 'status', NODE, text)).toBeNull();
  });

  it("binds the node id: a message sealed about one machine does not open as another's", () => {
    const text = sealed();
    expect(open(KEY, 'status', 'node-cellar-02', text)).toBeNull();
    expect(open(KEY, 'status', `${NODE} `, text)).toBeNull();
    expect(open(KEY, 'status', '', text)).toBeNull();
  });

  it('binds the purpose: a hello does not open as an answer, nor a question as either', () => {
    expect(open(KEY, 'status', NODE, sealed(STATUS, 'hello'))).toBeNull();
    expect(open(KEY, 'hello', NODE, sealed(STATUS, 'status'))).toBeNull();
    expect(open(KEY, 'status', NODE, sealed(STATUS, 'ask'))).toBeNull();
    expect(open(KEY, 'ask', NODE, sealed(STATUS, 'ask'))).toEqual(STATUS);
  });

  it('is as long whatever the status says: switched on, paused, or paused until a time', () => {
    const on = sealed({ ...STATUS, switchedOn: true, pausedUntil: null });
    const paused = sealed({ ...STATUS, switchedOn: false, pausedUntil: null });
    const until = sealed({ ...STATUS, switchedOn: false, pausedUntil: 1_780_000_000_000 });
    expect(new Set([on.length, paused.length, until.length]).size).toBe(1);
    // Padded to its bucket: the ciphertext holds the bucket's bytes, whatever the status's own length.
    expect(Buffer.from((JSON.parse(on) as { ct: string }).ct, 'base64')).toHaveLength(STATUS_BUCKET_BYTES);
    expect(
      Buffer.from((JSON.parse(seal(KEY, 'ask', NODE, { nonce: 'x' })!) as { ct: string }).ct, 'base64'),
    ).toHaveLength(ASK_BUCKET_BYTES);
    // Only a status past the bucket moves up, to the next of its sizes (doubled), never to its own length.
    const long = sealed({ ...STATUS, models: Array.from({ length: 40 }, (_, i) => `model-${i}-${'x'.repeat(100)}`) });
    expect(Buffer.from((JSON.parse(long) as { ct: string }).ct, 'base64')).toHaveLength(2 * STATUS_BUCKET_BYTES);
  });

  it('does not open when the ciphertext, the tag or the iv was changed', () => {
    const text = sealed();
    for (const part of ['ct', 'tag', 'iv'] as const)
      expect(open(KEY, 'status', NODE, flipped(text, part)), part).toBeNull();
  });

  it('does not open with an iv or tag of the wrong length, another version or an extra field', () => {
    const env = JSON.parse(sealed()) as Record<string, unknown>;
    const changed = (over: Record<string, unknown>) => JSON.stringify({ ...env, ...over });
    const bad = [
      changed({ iv: Buffer.alloc(8).toString('base64') }),
      changed({ tag: Buffer.alloc(12).toString('base64') }),
      changed({ v: 1 }),
      changed({ v: 3 }),
      changed({ extra: 1 }),
      changed({ ct: '' }),
      JSON.stringify({ iv: env.iv, ct: env.ct, tag: env.tag }),
    ];
    for (const text of bad) expect(open(KEY, 'status', NODE, text), text.slice(0, 80)).toBeNull();
  });

  it('refuses oversized text before any work, and seals nothing larger than a message may be', () => {
    const text = sealed();
    // White space after the JSON keeps it parseable: only the size check can refuse it.
    expect(open(KEY, 'status', NODE, text + ' '.repeat(MAX_SEALED_CHARS))).toBeNull();
    expect(open(KEY, 'status', NODE, text + ' '.repeat(100))).toEqual(STATUS);
    expect(seal(KEY, 'status', NODE, { pad: 'x'.repeat(MAX_PLAIN_BYTES) })).toBeNull();
  });

  it('opens garbage, other JSON and non-text envelopes to null', () => {
    const bad = [
      '',
      'not json',
      '{',
      'null',
      '[]',
      '42',
      '"text"',
      '{}',
      '{"v":2,"iv":1,"ct":2,"tag":3}',
      '{"v":2,"iv":"","ct":"AA==","tag":""}',
    ];
    for (const text of bad) expect(open(KEY, 'status', NODE, text), text).toBeNull();
  });
});
