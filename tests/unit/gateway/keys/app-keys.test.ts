import { createHash } from 'node:crypto';
import type * as NodeCrypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppKeys, KeyLimitError, MAX_KEYS, type KeyShelf } from '@engine/gateway/keys/app-keys';
import { fakeClock } from '../../../support/fake-clock';

// Counts the constant-time comparisons a check makes; they still compare for real.
const compared = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof NodeCrypto>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.calls += 1;
      return real.timingSafeEqual(a, b);
    },
  };
});

/** The engine's small durable state as the keys see it: what was written is kept as JSON, as the store keeps it. */
function fakeShelf(initial: Record<string, unknown> = {}) {
  const values = new Map<string, string>(Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]));
  const writes: { key: string; json: string }[] = [];
  const shelf: KeyShelf = {
    get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T {
      const raw = values.get(key);
      if (raw === undefined) return fallback;
      const v: unknown = JSON.parse(raw);
      return isValid(v) ? v : fallback;
    },
    set(key: string, value: unknown) {
      const json = JSON.stringify(value);
      values.set(key, json);
      writes.push({ key, json });
    },
  };
  return { shelf, writes, stored: () => JSON.parse(values.get('gateway.keys') ?? '[]') as Record<string, unknown>[] };
}

const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

let clock: ReturnType<typeof fakeClock>;
beforeEach(() => {
  clock = fakeClock();
  compared.calls = 0;
});

describe('making, listing and revoking keys', () => {
  it('a new key is shown once; the shelf gets only its SHA-256 hash and a short prefix, never the secret', () => {
    const s = fakeShelf();
    const keys = new AppKeys(s.shelf, clock.now);
    const { key, secret } = keys.create('my editor');
    expect(secret).toMatch(/^iicp-[A-Za-z0-9_-]{43}$/);
    expect(key).toEqual({
      id: expect.any(String),
      name: 'my editor',
      prefix: secret.slice(0, 10),
      createdAt: '2026-08-22T12:30:00.000Z',
      lastUsedAt: null,
      dailyCap: null,
      rpm: null,
    });
    expect(Object.keys(key)).not.toContain('hash');
    expect(s.writes).toHaveLength(1);
    const [stored] = s.stored();
    expect(stored).toEqual({
      id: key.id,
      name: 'my editor',
      hash: sha256hex(secret),
      prefix: secret.slice(0, 10),
      createdAt: key.createdAt,
      lastUsedAt: null,
    });
    expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
    // Nothing written anywhere holds the secret, nor more of it than the prefix.
    for (const w of s.writes) {
      expect(w.json).not.toContain(secret);
      expect(w.json).not.toContain(secret.slice(10, 20));
    }
    expect(keys.list()).toEqual([key]);
    expect(keys.count).toBe(1);
  });

  it('two keys are different, listed in the order they were made, and survive a restart (a new AppKeys on the same shelf)', () => {
    const s = fakeShelf();
    const keys = new AppKeys(s.shelf, clock.now);
    const a = keys.create('a');
    clock.advance(1000);
    const b = keys.create('b');
    expect(a.secret).not.toBe(b.secret);
    expect(keys.list().map((k) => k.name)).toEqual(['a', 'b']);
    const again = new AppKeys(s.shelf, clock.now);
    expect(again.list()).toEqual(keys.list());
    expect(again.check(b.secret)).toEqual({ id: b.key.id, name: 'b' });
  });

  it('a revoked key no longer opens the gateway and is gone from the shelf; an unknown id is false', () => {
    const s = fakeShelf();
    const keys = new AppKeys(s.shelf, clock.now);
    const a = keys.create('a');
    const b = keys.create('b');
    expect(keys.revoke(a.key.id)).toBe(true);
    expect(keys.check(a.secret)).toBeNull();
    expect(keys.check(b.secret)).toEqual({ id: b.key.id, name: 'b' });
    expect(s.stored().map((k) => k.id)).toEqual([b.key.id]);
    expect(keys.revoke(a.key.id)).toBe(false);
    expect(keys.revoke('no-such-id')).toBe(false);
    expect(new AppKeys(s.shelf, clock.now).check(a.secret)).toBeNull();
  });

  it(`at most ${MAX_KEYS} keys exist at once; revoking one makes room`, () => {
    const s = fakeShelf();
    const keys = new AppKeys(s.shelf, clock.now);
    const made = Array.from({ length: MAX_KEYS }, (_, i) => keys.create(`k${i}`));
    expect(() => keys.create('one too many')).toThrow(KeyLimitError);
    expect(keys.count).toBe(MAX_KEYS);
    keys.revoke(made[0]!.key.id);
    expect(keys.create('room again').key.name).toBe('room again');
  });

  it('a key stored before apps had caps still loads, with no caps; caps set are kept and read back', () => {
    const old = {
      id: 'k1',
      name: 'a',
      hash: 'a'.repeat(64),
      prefix: 'iicp-abcde',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: null,
    };
    const s = fakeShelf({ 'gateway.keys': [old] });
    const keys = new AppKeys(s.shelf, clock.now);
    expect(keys.list()).toEqual([
      {
        id: 'k1',
        name: 'a',
        prefix: 'iicp-abcde',
        createdAt: old.createdAt,
        lastUsedAt: null,
        dailyCap: null,
        rpm: null,
      },
    ]);
    expect(keys.caps('k1')).toEqual({ dailyCap: null, rpm: null });
    expect(keys.setCaps('k1', { dailyCap: 2.5, rpm: 30 })).toBe(true);
    expect(keys.setCaps('gone', { dailyCap: 1, rpm: 1 })).toBe(false);
    const again = new AppKeys(s.shelf, clock.now);
    expect(again.caps('k1')).toEqual({ dailyCap: 2.5, rpm: 30 });
    expect(again.list()[0]).toMatchObject({ id: 'k1', dailyCap: 2.5, rpm: 30 });
    expect(again.caps('page')).toEqual({ dailyCap: null, rpm: null });
  });

  it('stored caps out of shape make the stored list unread, as any other bad field does', () => {
    const good = {
      id: 'k1',
      name: 'a',
      hash: 'a'.repeat(64),
      prefix: 'iicp-abcde',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: null,
    };
    for (const bad of [{ dailyCap: -1 }, { dailyCap: '5' }, { rpm: 1.5 }, { rpm: 1e9 }]) {
      expect(new AppKeys(fakeShelf({ 'gateway.keys': [{ ...good, ...bad }] }).shelf, clock.now).list()).toEqual([]);
    }
  });

  it('what the shelf holds is read only when it has the stored shape; anything else counts as no keys', () => {
    const good = {
      id: 'k1',
      name: 'a',
      hash: 'a'.repeat(64),
      prefix: 'iicp-abcde',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: null,
    };
    for (const bad of [
      [{ ...good, hash: 'A'.repeat(64) }],
      [{ ...good, hash: 'short' }],
      [{ ...good, id: 1 }],
      { not: 'a list' },
      [null],
    ]) {
      expect(new AppKeys(fakeShelf({ 'gateway.keys': bad }).shelf, clock.now).list()).toEqual([]);
    }
    expect(new AppKeys(fakeShelf({ 'gateway.keys': [good] }).shelf, clock.now).list()).toHaveLength(1);
  });
});

describe('checking a presented key', () => {
  it('accepts exactly the key: not one character changed, cut, added, nor another key of its shape', () => {
    const keys = new AppKeys(fakeShelf().shelf, clock.now);
    const { key, secret } = keys.create('app');
    expect(keys.check(secret)).toEqual({ id: key.id, name: 'app' });
    const last = secret.at(-1)!;
    for (const wrong of [
      secret.slice(0, -1) + (last === 'A' ? 'B' : 'A'),
      secret.slice(0, -1),
      `${secret}x`,
      ` ${secret}`,
      secret.toUpperCase(),
      secret.slice(0, 10),
      `iicp-${Buffer.alloc(32).toString('base64url')}`,
      sha256hex(secret),
      'iicp-',
      '',
      'x'.repeat(257),
    ]) {
      expect(keys.check(wrong)).toBeNull();
    }
  });

  it('compares the presented key with every stored hash and the page key whichever matches, so the time says nothing', () => {
    const keys = new AppKeys(fakeShelf().shelf, clock.now);
    const made = Array.from({ length: 5 }, (_, i) => keys.create(`k${i}`));
    const counts: number[] = [];
    for (const presented of [made[0]!.secret, made[4]!.secret, 'iicp-nothing-like-a-key', keys.pageSecret]) {
      compared.calls = 0;
      keys.check(presented);
      counts.push(compared.calls);
    }
    // The page key is compared first and answers at once; every app key (found or not) costs the same 1 + 5.
    expect(counts).toEqual([6, 6, 6, 1]);
  });

  it("the page's own key opens the gateway, lives in memory only and is never listed nor stored", () => {
    const s = fakeShelf();
    const keys = new AppKeys(s.shelf, clock.now);
    keys.create('app');
    const page = keys.pageSecret;
    expect(page).toMatch(/^iicp-[A-Za-z0-9_-]{43}$/);
    expect(keys.check(page)).toEqual({ id: 'page', name: 'This app' });
    expect(keys.list().map((k) => k.id)).not.toContain('page');
    for (const w of s.writes) {
      expect(w.json).not.toContain(page);
      expect(w.json).not.toContain(sha256hex(page));
    }
    // Another run of the engine has another page key: the old one opens nothing.
    expect(new AppKeys(s.shelf, clock.now).check(page)).toBeNull();
  });

  it('"last used" is shown at once but written to the shelf at most once a minute per key', () => {
    const s = fakeShelf();
    const keys = new AppKeys(s.shelf, clock.now);
    const { key, secret } = keys.create('busy app');
    const writes = () => s.writes.length - 1; // not counting the key's creation
    keys.check(secret);
    expect(writes()).toBe(1);
    expect(s.stored()[0]!.lastUsedAt).toBe('2026-08-22T12:30:00.000Z');
    for (let i = 0; i < 59; i++) {
      clock.advance(1000);
      keys.check(secret);
    }
    expect(writes()).toBe(1);
    // The list shows the latest use; the shelf has the one of a minute ago.
    expect(keys.list().find((k) => k.id === key.id)!.lastUsedAt).toBe('2026-08-22T12:30:59.000Z');
    expect(s.stored()[0]!.lastUsedAt).toBe('2026-08-22T12:30:00.000Z');
    clock.advance(1000);
    keys.check(secret);
    expect(writes()).toBe(2);
    expect(s.stored()[0]!.lastUsedAt).toBe('2026-08-22T12:31:00.000Z');
    // A refused key and the page key write nothing.
    keys.check('iicp-wrong');
    keys.check(keys.pageSecret);
    expect(writes()).toBe(2);
  });
});
