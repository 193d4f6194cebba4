/**
 * What a machine publishes about itself is sealed with the operator's fleet key and bound to its node id: only the
 * operator's own machines can open it, nobody can change it unnoticed, and one machine's status cannot be passed off
 * as another's. Anything that is not such a sealed status opens to null, never to a throw.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_SEALED_CHARS, openStatus, sealStatus } from '@engine/fleet/fleet-seal';
import { fleetKey } from '@engine/identity/operator-key';

const KEY = fleetKey(Buffer.alloc(32, 7));
const NODE = 'node-attic-01';
const STATUS = { v: 1, nodeId: NODE, name: 'Attic', models: ['llama3:8b'], nested: { a: [1, 2, 3] } };

/** The sealed envelope with one of its base64 parts changed by one bit. */
function flipped(sealed: string, part: 'iv' | 'ct' | 'tag'): string {
  const env = JSON.parse(sealed) as Record<string, string>;
  const raw = Buffer.from(env[part]!, 'base64');
  raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
  return JSON.stringify({ ...env, [part]: raw.toString('base64') });
}

describe('the fleet seal', () => {
  it('opens with the same key and node id to the value sealed, and shows nothing of it in the clear', () => {
    const sealed = sealStatus(KEY, NODE, STATUS);
    expect(sealed).not.toContain('Attic');
    expect(sealed).not.toContain('llama3');
    expect(JSON.parse(sealed)).toMatchObject({ v: 1 });
    expect(openStatus(KEY, NODE, sealed)).toEqual(STATUS);
  });

  it('seals the same value differently each time (a fresh iv), and both open', () => {
    const a = sealStatus(KEY, NODE, STATUS);
    const b = sealStatus(KEY, NODE, STATUS);
    expect(a).not.toBe(b);
    expect(openStatus(KEY, NODE, a)).toEqual(STATUS);
    expect(openStatus(KEY, NODE, b)).toEqual(STATUS);
  });

  it("does not open with another operator's key", () => {
    const sealed = sealStatus(KEY, NODE, STATUS);
    expect(openStatus(fleetKey(Buffer.alloc(32, 8)), NODE, sealed)).toBeNull();
    expect(openStatus(randomBytes(32), NODE, sealed)).toBeNull();
  });

  it("binds the node id: a status sealed for one machine does not open as another's", () => {
    const sealed = sealStatus(KEY, NODE, STATUS);
    expect(openStatus(KEY, 'node-cellar-02', sealed)).toBeNull();
    expect(openStatus(KEY, `${NODE} `, sealed)).toBeNull();
    expect(openStatus(KEY, '', sealed)).toBeNull();
  });

  it('does not open when the ciphertext, the tag or the iv was changed', () => {
    const sealed = sealStatus(KEY, NODE, STATUS);
    for (const part of ['ct', 'tag', 'iv'] as const) expect(openStatus(KEY, NODE, flipped(sealed, part)), part).toBeNull();
  });

  it('does not open with an iv or tag of the wrong length, an unknown version or an extra field', () => {
    const env = JSON.parse(sealStatus(KEY, NODE, STATUS)) as Record<string, unknown>;
    const changed = (over: Record<string, unknown>) => JSON.stringify({ ...env, ...over });
    const bad = [
      changed({ iv: Buffer.alloc(8).toString('base64') }),
      changed({ tag: Buffer.alloc(12).toString('base64') }),
      changed({ v: 2 }),
      changed({ extra: 1 }),
      changed({ ct: '' }),
      JSON.stringify({ iv: env.iv, ct: env.ct, tag: env.tag }),
    ];
    for (const text of bad) expect(openStatus(KEY, NODE, text), text.slice(0, 80)).toBeNull();
  });

  it('refuses oversized text before any work, even when the envelope inside is a good one', () => {
    const sealed = sealStatus(KEY, NODE, STATUS);
    // White space after the JSON keeps it parseable: only the size check can refuse it.
    expect(openStatus(KEY, NODE, sealed + ' '.repeat(MAX_SEALED_CHARS * 2))).toBeNull();
    expect(openStatus(KEY, NODE, sealed + ' '.repeat(100))).toEqual(STATUS);
    // A sealed value too large for the envelope's ciphertext field does not open either.
    const huge = sealStatus(KEY, NODE, { pad: 'x'.repeat(MAX_SEALED_CHARS) });
    expect(openStatus(KEY, NODE, huge)).toBeNull();
  });

  it('opens garbage, other JSON and non-text envelopes to null', () => {
    const bad = ['', 'not json', '{', 'null', '[]', '42', '"text"', '{}', '{"v":1,"iv":1,"ct":2,"tag":3}', '{"v":1,"iv":"","ct":"AA==","tag":""}'];
    for (const text of bad) expect(openStatus(KEY, NODE, text), text).toBeNull();
  });
});
