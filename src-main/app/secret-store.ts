/**
 * The desktop app keeps the node's secrets sealed by the OS key store through Electron's `safeStorage`
 * (macOS Keychain, Windows DPAPI, Linux Secret Service / KWallet). Where no real key store is available it
 * says so and keeps the headless host's owner-only plain file instead of pretending to encrypt.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import {
  FileSecretStore,
  liveLockOwners,
  PLAIN_SECRETS_FILE,
  plainSecretCodec,
  SEALED_SECRETS_FILE,
  SECRET_NAMES,
  SecretStoreError,
  type SecretCodec,
  type SecretName,
  type SecretStore,
} from '@engine/identity';

export type SafeStorageDeps = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

const LINUX_BACKENDS: Record<string, string> = {
  gnome_libsecret: 'the Secret Service (GNOME Keyring)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet',
  kwallet6: 'KWallet',
};

/** Linux only in Electron; elsewhere the method may be missing. */
function linuxBackend(safeStorage: SafeStorageDeps): string {
  return typeof safeStorage.getSelectedStorageBackend === 'function'
    ? safeStorage.getSelectedStorageBackend()
    : 'unknown';
}

function keyStoreName(safeStorage: SafeStorageDeps, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows (DPAPI, tied to your account)';
  return LINUX_BACKENDS[linuxBackend(safeStorage)] ?? 'the desktop key store';
}

/**
 * A codec backed by `safeStorage`, or the plain owner-only codec when there is no OS key store: Linux's
 * `basic_text` backend "encrypts" with a key hard-coded in Chromium, which protects nothing, so it counts
 * as unavailable. Only valid after `app.whenReady()` (before that, Linux reports no backend at all).
 */
export function safeStorageCodec(
  safeStorage: SafeStorageDeps,
  platform: NodeJS.Platform = process.platform,
): SecretCodec {
  const available =
    safeStorage.isEncryptionAvailable() && (platform !== 'linux' || linuxBackend(safeStorage) !== 'basic_text');
  if (!available) {
    return plainSecretCodec(
      'an owner-only file in the data folder (not encrypted: no OS key store is available on this system)',
    );
  }
  return {
    encrypted: true,
    description: `a file in the data folder encrypted with a key kept by ${keyStoreName(safeStorage, platform)}`,
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}

function readAll(store: SecretStore): Partial<Record<SecretName, string>> {
  const out: Partial<Record<SecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const value = store.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

/**
 * Moves a plain `secrets.json` (left by the headless host, or by a run without a key store) into the
 * sealed file. The plain file is deleted only once the sealed one has been written and read back equal,
 * so a crash or a key store failure at any point leaves the secrets readable somewhere.
 */
function migrate(plainPath: string, sealedPath: string, codec: SecretCodec): FileSecretStore {
  const plain = readAll(new FileSecretStore(plainPath));
  const sealedExisted = existsSync(sealedPath);
  const sealed = new FileSecretStore(sealedPath, codec);
  const before = readAll(sealed);
  const conflicting = SECRET_NAMES.filter(
    (n) => plain[n] !== undefined && before[n] !== undefined && plain[n] !== before[n],
  );
  if (conflicting.length > 0) {
    // Both files hold credentials for this node and they differ: whichever is picked, the other may be the
    // one the directory knows. Guessing could lock the node out for good, so the person decides.
    throw new SecretStoreError(
      'conflict',
      `Both ${plainPath} and ${sealedPath} hold secrets for this node, and they differ (${conflicting.join(', ')}). Move away the one that was not used last, then start again.`,
    );
  }
  const merged = { ...before, ...plain };
  try {
    sealed.update(merged);
    const readBack = readAll(new FileSecretStore(sealedPath, codec));
    if (SECRET_NAMES.some((n) => readBack[n] !== merged[n]))
      throw new Error('the encrypted copy read back differently');
  } catch (err) {
    if (!sealedExisted) rmSync(sealedPath, { force: true });
    // Not a SecretStoreError even when the read-back was unreadable: the inputs were fine, the move failed.
    throw new Error(err instanceof Error ? err.message : String(err), { cause: err });
  }
  rmSync(plainPath, { force: true });
  return new FileSecretStore(sealedPath, codec);
}

/**
 * The desktop app's secret store: `secrets.enc` sealed by the OS key store, or the plain `secrets.json`
 * where there is none. Call it after `app.whenReady()`.
 *
 * Throws `SecretStoreError` when the secrets exist but cannot be used here — sealed while no key store is
 * available now (a locked or missing keyring), or plain and sealed copies that disagree — because starting
 * with an empty store would mint a new identity and lose the node's token.
 */
export function createElectronSecretStore(
  safeStorage: SafeStorageDeps,
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  const plainPath = join(dataDir, PLAIN_SECRETS_FILE);
  const sealedPath = join(dataDir, SEALED_SECRETS_FILE);
  const codec = safeStorageCodec(safeStorage, platform);
  if (!codec.encrypted) {
    if (existsSync(sealedPath)) {
      throw new SecretStoreError(
        'unreadable',
        `This node's secrets in ${sealedPath} are encrypted with the OS key store, which is not available now. Unlock or start your desktop key store (keyring), then start IICP Provider again.`,
      );
    }
    return new FileSecretStore(plainPath, codec);
  }
  if (!existsSync(plainPath)) return new FileSecretStore(sealedPath, codec);
  // The app reads the secrets before its engine's process starts: a live lock here is another program's (an engine
  // of this app that has already stopped left none, or a stale file of a dead process, which does not count).
  const owners = liveLockOwners(join(dataDir, 'run')).filter((pid) => pid !== process.pid);
  if (owners.length > 0) {
    // Another process (the headless host) serves this node from the plain file right now; moving it away
    // under that process would split the node's secrets. This start fails on the node lock anyway.
    return new FileSecretStore(
      plainPath,
      plainSecretCodec(
        `an owner-only file in the data folder (not encrypted yet: process ${owners.join(', ')} is using it)`,
      ),
    );
  }
  try {
    return migrate(plainPath, sealedPath, codec);
  } catch (err) {
    if (err instanceof SecretStoreError) throw err;
    // The key store refused to encrypt, or the disk refused the write. The plain file is intact, so the
    // node keeps working from it — and says it is not encrypted; the move is tried again on the next start.
    const reason = err instanceof Error ? err.message : String(err);
    return new FileSecretStore(
      plainPath,
      plainSecretCodec(
        `an owner-only file in the data folder (not encrypted: moving it into the OS key store failed: ${reason})`,
      ),
    );
  }
}

/**
 * A store created on first use. The engine is constructed before `app.whenReady()` (the quit handling
 * needs it from the start) but `safeStorage` only works after it; the engine first touches its secrets
 * in `start()`, which runs after ready. A failed creation is retried on the next use.
 */
export function lazySecretStore(create: () => SecretStore): SecretStore {
  let store: SecretStore | null = null;
  const current = (): SecretStore => (store ??= create());
  return {
    get description() {
      return current().description;
    },
    get encryptedAtRest() {
      return current().encryptedAtRest;
    },
    get: (name) => current().get(name),
    update: (changes) => current().update(changes),
  };
}
