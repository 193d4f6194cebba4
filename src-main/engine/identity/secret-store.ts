import { lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-file';

/** The secrets the node holds. Nothing else goes into a SecretStore. */
export const SECRET_NAMES = ['node_token', 'node_hmac_key', 'cx_private_key', 'backend_api_key'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export interface SecretStore {
  /** Plain words for the UI: where secrets live and whether they are encrypted at rest. */
  readonly description: string;
  readonly encryptedAtRest: boolean;
  get(name: SecretName): string | null;
  /** Sets (string) or removes (null) several secrets in one atomic step: all of them change or none. */
  update(changes: Partial<Record<SecretName, string | null>>): void;
}

/** How secret file contents are sealed; the Electron shell supplies one backed by `safeStorage`. */
export interface SecretCodec {
  readonly encrypted: boolean;
  readonly description: string;
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export class SecretStoreError extends Error {
  constructor(
    readonly code: 'unsafe_file' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

const plainCodec: SecretCodec = {
  encrypted: false,
  description: 'an owner-only file in the data folder (not encrypted: no OS key store is available headless)',
  seal: (plain) => Buffer.from(plain, 'utf8'),
  open: (sealed) => sealed.toString('utf8'),
};

/**
 * Secrets in one file, written atomically with mode 0600. With a codec the whole file is sealed (OS key
 * store); without one it is plain JSON that only the owner may read, like the reference CLI's identity files.
 */
export class FileSecretStore implements SecretStore {
  private cache: Partial<Record<SecretName, string>> | null = null;
  private readonly codec: SecretCodec;

  constructor(
    private readonly path: string,
    codec?: SecretCodec,
  ) {
    this.codec = codec ?? plainCodec;
  }

  get description(): string {
    return this.codec.description;
  }
  get encryptedAtRest(): boolean {
    return this.codec.encrypted;
  }

  get(name: SecretName): string | null {
    return this.load()[name] ?? null;
  }

  update(changes: Partial<Record<SecretName, string | null>>): void {
    const next = { ...this.load() };
    for (const [k, v] of Object.entries(changes) as [SecretName, string | null | undefined][]) {
      if (!SECRET_NAMES.includes(k)) throw new Error(`unknown secret ${k}`);
      if (v === null) delete next[k];
      else if (v !== undefined) next[k] = v;
    }
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    writeFileAtomic(this.path, this.codec.seal(JSON.stringify(next)), 0o600);
    this.cache = next;
  }

  private load(): Partial<Record<SecretName, string>> {
    if (this.cache) return this.cache;
    let stat;
    try {
      stat = lstatSync(this.path);
    } catch {
      this.cache = {};
      return this.cache;
    }
    if (stat.isSymbolicLink() || !stat.isFile()) {
      throw new SecretStoreError('unsafe_file', `The secrets file ${this.path} is not a regular file; refusing to use it.`);
    }
    if (process.platform !== 'win32') {
      if ((stat.mode & 0o077) !== 0) {
        throw new SecretStoreError('unsafe_file', `The secrets file ${this.path} is readable by other users; fix with: chmod 600 "${this.path}"`);
      }
      if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
        throw new SecretStoreError('unsafe_file', `The secrets file ${this.path} belongs to another user; refusing to use it.`);
      }
    }
    try {
      const parsed: unknown = JSON.parse(this.codec.open(readFileSync(this.path)));
      const out: Partial<Record<SecretName, string>> = {};
      if (parsed && typeof parsed === 'object') {
        for (const name of SECRET_NAMES) {
          const v = (parsed as Record<string, unknown>)[name];
          if (typeof v === 'string') out[name] = v;
        }
      }
      this.cache = out;
      return out;
    } catch (err) {
      throw new SecretStoreError('unreadable', `The secrets file ${this.path} cannot be read (${err instanceof Error ? err.message : 'unknown'}).`);
    }
  }
}

/** In-memory store for tests and for `local_only` runs that must not touch the disk. */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory only (lost on exit)';
  readonly encryptedAtRest = false;
  private readonly values = new Map<SecretName, string>();
  get(name: SecretName): string | null {
    return this.values.get(name) ?? null;
  }
  update(changes: Partial<Record<SecretName, string | null>>): void {
    for (const [k, v] of Object.entries(changes) as [SecretName, string | null | undefined][]) {
      if (v === null) this.values.delete(k);
      else if (v !== undefined) this.values.set(k, v);
    }
  }
}
