import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { MAX_APP_RPM, type GatewayKeyRow } from '@shared/contract';
import { KEYLESS_APP_NAME, KEYLESS_KEY_ID } from './request-names';

/** Where the keys' hashes are kept: the engine's small durable state (engine_state). */
export interface KeyShelf {
  get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T;
  set(key: string, value: unknown): void;
}

interface StoredKey {
  id: string;
  name: string;
  /** Hex SHA-256 of the whole key: the key itself is never stored. */
  hash: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** The app's own caps; keys stored before there were any have none. */
  dailyCap?: number | null;
  rpm?: number | null;
}

/** An app's own caps as the person set them (null: none). */
export interface AppCaps {
  dailyCap: number | null;
  rpm: number | null;
}

const STATE_KEY = 'gateway.keys';
const KEY_PREFIX = 'iicp-';
/** How many characters of a key are shown to tell keys apart (the `iicp-` and five more). */
const SHOWN_CHARS = 10;
/** Keys a person can have at once; a screenful, and a bound on what each request compares against. */
export const MAX_KEYS = 64;
/** A key's "last used" is written at most this often: a busy app must not write to the disk per request. */
const LAST_USED_EVERY_MS = 60_000;

/** A cap as stored: absent or null (none), or a number within what the page lets the person set. */
const capOk = (v: unknown, max: number, whole: boolean): boolean =>
  v === undefined ||
  v === null ||
  (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max && (!whole || Number.isInteger(v)));

const isStoredKeys = (v: unknown): v is StoredKey[] =>
  Array.isArray(v) &&
  v.every(
    (k) =>
      k !== null &&
      typeof k === 'object' &&
      typeof (k as StoredKey).id === 'string' &&
      typeof (k as StoredKey).name === 'string' &&
      typeof (k as StoredKey).hash === 'string' &&
      /^[0-9a-f]{64}$/.test((k as StoredKey).hash) &&
      typeof (k as StoredKey).prefix === 'string' &&
      typeof (k as StoredKey).createdAt === 'string' &&
      capOk((k as StoredKey).dailyCap, 1_000_000, false) &&
      capOk((k as StoredKey).rpm, MAX_APP_RPM, true),
  );

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export class KeyLimitError extends Error {
  constructor() {
    super(`At most ${MAX_KEYS} app keys can exist at once; revoke one you no longer use first.`);
    this.name = 'KeyLimitError';
  }
}

/**
 * The gateway's app keys: made with 32 random bytes, shown once, kept only as a SHA-256 hash (a key is as strong as
 * its randomness, so a slow hash adds nothing). One key for the page's own "try it" box lives in memory only and is
 * never listed.
 */
export class AppKeys {
  private keys: StoredKey[];
  private readonly pageKey = KEY_PREFIX + randomBytes(32).toString('base64url');
  private readonly pageHash = sha256(this.pageKey);
  private readonly usedWritten = new Map<string, number>();

  constructor(
    private readonly shelf: KeyShelf,
    private readonly now: () => number,
  ) {
    this.keys = shelf.get(STATE_KEY, [], isStoredKeys);
  }

  list(): GatewayKeyRow[] {
    return this.keys.map(({ id, name, prefix, createdAt, lastUsedAt, dailyCap, rpm }) => ({
      id,
      name,
      prefix,
      createdAt,
      lastUsedAt,
      dailyCap: dailyCap ?? null,
      rpm: rpm ?? null,
    }));
  }

  /** An app's own caps; none for the page's "try it" and for a key that is gone. */
  caps(id: string): AppCaps {
    const k = this.keys.find((x) => x.id === id);
    return { dailyCap: k?.dailyCap ?? null, rpm: k?.rpm ?? null };
  }

  /**
   * The name an app is shown by: its key's, the page's "try it", key-less Ollama apps, or null for a key that is gone.
   */
  nameOf(id: string): string | null {
    if (id === 'page') return 'Try it on this page';
    if (id === KEYLESS_KEY_ID) return KEYLESS_APP_NAME;
    return this.keys.find((k) => k.id === id)?.name ?? null;
  }

  /** Sets one key's own caps; false when no key has this id. */
  setCaps(id: string, caps: AppCaps): boolean {
    if (!this.keys.some((k) => k.id === id)) return false;
    this.save(this.keys.map((k) => (k.id === id ? { ...k, dailyCap: caps.dailyCap, rpm: caps.rpm } : k)));
    return true;
  }

  get count(): number {
    return this.keys.length;
  }

  /** Makes a key; the secret is returned here and never again. */
  create(name: string): { key: GatewayKeyRow; secret: string } {
    if (this.keys.length >= MAX_KEYS) throw new KeyLimitError();
    const secret = KEY_PREFIX + randomBytes(32).toString('base64url');
    const stored: StoredKey = {
      id: randomUUID(),
      name,
      hash: sha256(secret).toString('hex'),
      prefix: secret.slice(0, SHOWN_CHARS),
      createdAt: new Date(this.now()).toISOString(),
      lastUsedAt: null,
    };
    this.save([...this.keys, stored]);
    return { key: this.list().find((k) => k.id === stored.id)!, secret };
  }

  /** False when no key has this id. */
  revoke(id: string): boolean {
    const left = this.keys.filter((k) => k.id !== id);
    if (left.length === this.keys.length) return false;
    this.save(left);
    this.usedWritten.delete(id);
    return true;
  }

  /** The page's own key, for its "try it" box. */
  get pageSecret(): string {
    return this.pageKey;
  }

  /**
   * The key a request presented, or null. Every stored hash is compared in constant time, so how long a refusal
   * takes says nothing about which key came close.
   */
  check(presented: string): { id: string; name: string } | null {
    if (presented.length < KEY_PREFIX.length || presented.length > 256) return null;
    const hash = sha256(presented);
    if (timingSafeEqual(hash, this.pageHash)) return { id: 'page', name: 'This app' };
    let found: StoredKey | null = null;
    for (const k of this.keys) if (timingSafeEqual(hash, Buffer.from(k.hash, 'hex'))) found = k;
    if (found) this.markUsed(found);
    return found ? { id: found.id, name: found.name } : null;
  }

  private markUsed(k: StoredKey): void {
    const now = this.now();
    k.lastUsedAt = new Date(now).toISOString();
    if (now - (this.usedWritten.get(k.id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.usedWritten.set(k.id, now);
    this.shelf.set(STATE_KEY, this.keys);
  }

  private save(keys: StoredKey[]): void {
    this.shelf.set(STATE_KEY, keys);
    this.keys = keys;
  }
}
