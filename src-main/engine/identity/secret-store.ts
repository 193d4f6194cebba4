import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createOwnerOnlyDir, writeFileAtomic } from '../files';

/** The secrets the node holds. Nothing else goes into a SecretStore. */
export const SECRET_NAMES = [
  'node_token',
  'node_hmac_key',
  'cx_private_key',
  'backend_api_key',
  // The keys of the LLM servers added after the first, as one JSON map from server id to key.
  'backend_api_keys',
  'membership_credential',
  // The user name, password or query taken out of a backend / directory URL the service was installed with.
  'backend_url_credentials',
  'directory_url_credentials',
  // The person's operator identity as one JSON text: the Ed25519 key's seed with its display name and times
  // (operator-identity.ts), kept together so the identity is readable even while the node is stopped.
  'operator_identity',
  // The optional address the fleet's alerts are posted to (an ntfy topic in it is as good as a password).
  'fleet_webhook_url',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** File names in the data folder: plain owner-only JSON (headless) and its OS-key-store-sealed form (desktop). */
export const PLAIN_SECRETS_FILE = 'secrets.json';
export const SEALED_SECRETS_FILE = 'secrets.enc';

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
    readonly code: 'unsafe_file' | 'unreadable' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

export const isSecretName = (name: string): name is SecretName => (SECRET_NAMES as readonly string[]).includes(name);

/** The codec of a file that is only protected by its owner-only mode. */
export function plainSecretCodec(
  description = 'an owner-only file in the data folder (not encrypted: no OS key store is available headless)',
): SecretCodec {
  return {
    encrypted: false,
    description,
    seal: (plain) => Buffer.from(plain, 'utf8'),
    open: (sealed) => sealed.toString('utf8'),
  };
}

const isWindows = process.platform === 'win32';
// O_NOFOLLOW closes the gap between checking for a symlink and opening the file; O_NONBLOCK keeps a FIFO
// planted under the secrets file's name from hanging the start. Neither exists on Windows.
const OPEN_FLAGS = constants.O_RDONLY | (isWindows ? 0 : (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));

type Contents = Readonly<Record<string, unknown>>;

/**
 * Secrets in one file, written atomically with mode 0600. With a codec the whole file is sealed (OS key
 * store); without one it is plain JSON that only the owner may read, like the reference CLI's identity files.
 *
 * It fails closed: a file that others could have read or replaced, or that cannot be decoded, is an error
 * (`SecretStoreError`), never silently an empty store — an empty store would make the node mint a new
 * identity and lose the token that proves it owns its node id at the directory.
 */
export class FileSecretStore implements SecretStore {
  private cache: Contents | null = null;
  private readonly codec: SecretCodec;

  constructor(
    readonly path: string,
    codec?: SecretCodec,
  ) {
    this.codec = codec ?? plainSecretCodec();
  }

  get description(): string {
    return this.codec.description;
  }
  get encryptedAtRest(): boolean {
    return this.codec.encrypted;
  }

  get(name: SecretName): string | null {
    const value = this.load()[name];
    return typeof value === 'string' ? value : null;
  }

  update(changes: Partial<Record<SecretName, string | null>>): void {
    // Entries this version does not know stay as they are: a newer version may have written them.
    const next: Record<string, unknown> = { ...this.load() };
    for (const [name, value] of Object.entries(changes)) {
      if (!isSecretName(name)) throw new Error(`unknown secret ${name}`);
      if (value === null) delete next[name];
      else if (typeof value === 'string') next[name] = value;
      else if (value !== undefined) throw new Error(`secret ${name} must be a string`);
    }
    createOwnerOnlyDir(dirname(this.path));
    writeFileAtomic(this.path, this.codec.seal(JSON.stringify(next)), 0o600);
    this.cache = next;
  }

  private load(): Contents {
    if (this.cache) return this.cache;
    if (isWindows) this.refuseSymlinkByPath();
    let fd: number;
    try {
      fd = openSync(this.path, OPEN_FLAGS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        this.refuseIfSealedElsewhere();
        this.cache = {};
        return this.cache;
      }
      // ELOOP (Linux, macOS) / EMLINK (FreeBSD): O_NOFOLLOW met a symlink.
      if (code === 'ELOOP' || code === 'EMLINK') throw this.notRegular();
      throw this.unreadable(err);
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw this.notRegular();
      if (!isWindows) {
        if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
          throw new SecretStoreError(
            'unsafe_file',
            `The secrets file ${this.path} belongs to another user (uid ${stat.uid}); refusing to use it. Remove it, or give it to this user (chown) if you trust its content.`,
          );
        }
        if ((stat.mode & 0o077) !== 0) {
          throw new SecretStoreError(
            'unsafe_file',
            `The secrets file ${this.path} is readable or writable by other users; fix with: chmod 600 "${this.path}"`,
          );
        }
      }
      this.cache = this.decode(readFileSync(fd));
      return this.cache;
    } catch (err) {
      if (err instanceof SecretStoreError) throw err;
      throw this.unreadable(err);
    } finally {
      closeSync(fd);
    }
  }

  /** Throws reasons of its own: parser and codec messages may quote the (secret) content. */
  private decode(sealed: Buffer): Contents {
    let text: string;
    try {
      text = this.codec.open(sealed);
    } catch {
      throw new Error(
        this.codec.encrypted ? "it cannot be decrypted with this account's OS key store" : 'it cannot be decoded',
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('it is not valid JSON');
    }
    // Valid JSON that is not an object (`null`, `[]`, `42`) is damage, not "no secrets".
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('it is not a JSON object');
    const contents = parsed as Record<string, unknown>;
    for (const name of SECRET_NAMES) {
      const value = contents[name];
      if (value !== undefined && typeof value !== 'string') throw new Error(`its ${name} is not a string`);
    }
    return contents;
  }

  /**
   * The desktop app moves plain secrets into `secrets.enc`, sealed by the OS key store, which plain Node
   * cannot open. Starting empty here would mint a second identity for the same node id and lock the real
   * one out at the directory, so a plain store in the same folder refuses instead.
   */
  private refuseIfSealedElsewhere(): void {
    if (this.codec.encrypted) return;
    const sealed = join(dirname(this.path), SEALED_SECRETS_FILE);
    if (sealed === this.path || !existsSync(sealed)) return;
    throw new SecretStoreError(
      'unreadable',
      `This node's secrets are in ${sealed}, encrypted with the desktop app's OS key store, which cannot be opened here. Run the desktop app for this node, or give this host its own data folder.`,
    );
  }

  private refuseSymlinkByPath(): void {
    try {
      if (lstatSync(this.path).isSymbolicLink()) throw this.notRegular();
    } catch (err) {
      if (err instanceof SecretStoreError) throw err;
      // Missing or unreadable: the open below reports it.
    }
  }

  private notRegular(): SecretStoreError {
    return new SecretStoreError(
      'unsafe_file',
      `The secrets file ${this.path} is a symlink or not a regular file; refusing to use it.`,
    );
  }

  private unreadable(err: unknown): SecretStoreError {
    const code = (err as NodeJS.ErrnoException | null)?.code;
    const reason = typeof code === 'string' ? code : err instanceof Error ? err.message : 'unknown';
    return new SecretStoreError(
      'unreadable',
      `The secrets file ${this.path} cannot be read (${reason}). Restore it from a backup, or move it away to start with new credentials (the node then has to register anew).`,
    );
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
