/**
 * A stranger's bytes on `/iicp/fleet` cost what their cheap checks cost, and nothing more: a request that nests, holds
 * many values, or is sealed-looking random bytes of a size no message of its kind has is refused before `JSON.parse`
 * or the decryption sees it. Counted with spies on the real functions (they still run), so a call that should not
 * happen shows as a count, not as a time.
 */
import * as crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HELLO_MAX_PLAIN_BYTES, MAX_PLAIN_BYTES, open, seal } from '@engine/fleet/fleet-seal';
import { askFor, FLEET_REQUEST_MAX_BYTES, readRequest } from '@engine/fleet/fleet-wire';
import { fleetKey } from '@engine/identity/operator-key';
import { FLEET_BODY_MAX_BYTES } from '@engine/server/fleet-route';

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof crypto>();
  return { ...real, createDecipheriv: vi.fn(real.createDecipheriv) };
});

const KEY = fleetKey(Buffer.alloc(32, 3));
const SELF = 'node-self-0001';
const ATTIC = 'node-attic-0002';
const STATUS = { v: 2, nodeId: ATTIC, name: 'Attic' };
/** The largest hello, 32 KiB (HELLO_MAX_PLAIN_BYTES), written out so the sizes read the same against older code. */
const HELLO_MAX = 32 * 1024;

/** An envelope that looks sealed: random bytes in the right fields, the ciphertext `ctBytes` long. */
const sealedLooking = (ctBytes: number) => {
  const b64 = (n: number) => crypto.randomBytes(n).toString('base64');
  return JSON.stringify({ v: 2, iv: b64(12), ct: b64(ctBytes), tag: b64(16) });
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.mocked(crypto.createDecipheriv).mockClear();
});

describe('what a request costs before it opens', () => {
  it('parses no request that nests, or holds more than a request does: JSON.parse never sees it', () => {
    const nested = '['.repeat(40_000);
    const wide = `{${Array.from({ length: 4_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    const deepInside = JSON.stringify({ from: ATTIC, hello: `{"v":2,"x":${'['.repeat(30_000)}` });
    const deepSealed = `{"v":2,"iv":${'['.repeat(30_000)}`;
    const parse = vi.spyOn(JSON, 'parse');
    for (const body of [nested, wide, deepInside]) expect(readRequest(body, KEY, SELF)).toBeNull();
    expect(open(KEY, 'hello', ATTIC, deepSealed)).toBeNull();
    // Before: each was parsed first (a 190 KB run of `[` held the loop 25 ms).
    expect(parse).not.toHaveBeenCalled();
  });

  it('decrypts no sealed-looking message of a size its kind is never padded to', () => {
    const decipher = vi.mocked(crypto.createDecipheriv);
    const bodies = [
      // A hello as large as a status may be, and one just past the largest hello.
      JSON.stringify({ from: ATTIC, hello: sealedLooking(MAX_PLAIN_BYTES) }),
      JSON.stringify({ from: ATTIC, hello: sealedLooking(2 * HELLO_MAX) }),
      // A question as large as a status, and one of an odd size.
      JSON.stringify({ from: ATTIC, ask: sealedLooking(4096) }),
      JSON.stringify({ from: ATTIC, ask: sealedLooking(500) }),
      JSON.stringify({ from: ATTIC, hello: sealedLooking(5000) }),
    ];
    for (const body of bodies) expect(readRequest(body, KEY, SELF)).toBeNull();
    // Before: every one was decrypted (a 128 KiB hello cost about 1 ms).
    expect(decipher).not.toHaveBeenCalled();
    // Random bytes of a size a message has are decrypted (and refused): that is all a stranger can make the node do.
    expect(readRequest(JSON.stringify({ from: ATTIC, hello: sealedLooking(HELLO_MAX) }), KEY, SELF)).toBeNull();
    expect(readRequest(JSON.stringify({ from: ATTIC, ask: sealedLooking(512) }), KEY, SELF)).toBeNull();
    expect(decipher).toHaveBeenCalledTimes(2);
  });

  it('opens what the machines send: a question, and a hello of the largest size', () => {
    const q = askFor(KEY, ATTIC, SELF, 7);
    expect(readRequest(q.body, KEY, SELF)).toEqual({ kind: 'ask', from: ATTIC, nonce: q.nonce, seq: 7 });
    const models = Array.from({ length: 100 }, (_, i) => `model-${i}-${'x'.repeat(200)}`);
    const hello = seal(KEY, 'hello', ATTIC, { ...STATUS, models })!;
    expect(Buffer.from((JSON.parse(hello) as { ct: string }).ct, 'base64')).toHaveLength(HELLO_MAX_PLAIN_BYTES);
    expect(open(KEY, 'hello', ATTIC, hello)).toEqual({ ...STATUS, models });
    // A hello larger than that is not sealed at all (the service cuts its model list until it fits).
    expect(seal(KEY, 'hello', ATTIC, { ...STATUS, models: [...models, ...models] })).toBeNull();
  });

  it('reads requests up to the largest hello, and the task port reads no more than that', () => {
    expect(HELLO_MAX_PLAIN_BYTES).toBe(HELLO_MAX);
    const largest = JSON.stringify({ from: 'n'.repeat(36), hello: sealedLooking(HELLO_MAX) });
    expect(largest.length).toBeLessThanOrEqual(FLEET_REQUEST_MAX_BYTES);
    expect(FLEET_REQUEST_MAX_BYTES).toBeLessThanOrEqual(FLEET_BODY_MAX_BYTES);
    // Before: 192 KiB, read and parsed whole.
    expect(FLEET_BODY_MAX_BYTES).toBeLessThanOrEqual(48 * 1024);
  });
});
