/**
 * The desktop app's secrets: sealed by the OS key store through `safeStorage` when there is a real one,
 * the plain owner-only file (and saying so) when there is not, and a plain file left by the headless host
 * moved into the sealed one without ever being lost.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronSecretStore, lazySecretStore, safeStorageCodec } from '@main/app/secret-store';
import { FileSecretStore, SecretStoreError, type SecretStore } from '@engine/identity/secret-store';
import { tempDir } from '../../support/tmp';
import { FakeSafeStorage } from './electron-fakes';

vi.mock('electron', () => {
  throw new Error('the secret store must take safeStorage from its caller, not import electron');
});

const TOKEN = 'tok_5e6f7a8b9c0d1e2f3a4b';
const HMAC = 'hmac_0a1b2c3d4e5f6a7b8c9d';
const CX = 'Q2hhbmdlZCBrZXkgbWF0ZXJpYWwgZm9yIHRlc3Rz';

describe('desktop secret store', () => {
  let dir: string;
  let cleanup: () => void;
  let safeStorage: FakeSafeStorage;
  const plainPath = () => join(dir, 'secrets.json');
  const sealedPath = () => join(dir, 'secrets.enc');

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-app-secrets-'));
    safeStorage = new FakeSafeStorage();
  });
  afterEach(() => cleanup());

  /** What the headless host leaves behind (written directly: beside a sealed file the host now refuses to). */
  const writePlain = (values: Record<string, string>) =>
    writeFileSync(plainPath(), JSON.stringify(values), { mode: 0o600 });

  describe('with an OS key store', () => {
    it('keeps the secrets in secrets.enc, sealed: the file holds no plain secret and no plain file appears', () => {
      const store = createElectronSecretStore(safeStorage, dir, 'linux');
      expect(store.encryptedAtRest).toBe(true);
      expect(store.description).toMatch(/encrypted with a key kept by the Secret Service/);
      store.update({ node_token: TOKEN, node_hmac_key: HMAC });

      const onDisk = readFileSync(sealedPath());
      expect(onDisk.includes(TOKEN)).toBe(false);
      expect(onDisk.includes(HMAC)).toBe(false);
      expect(existsSync(plainPath())).toBe(false);
      if (process.platform !== 'win32') expect(statSync(sealedPath()).mode & 0o777).toBe(0o600);

      const again = createElectronSecretStore(safeStorage, dir, 'linux');
      expect(again.get('node_token')).toBe(TOKEN);
      expect(again.get('node_hmac_key')).toBe(HMAC);
    });

    it.each([
      ['darwin', /macOS Keychain/],
      ['win32', /Windows \(DPAPI/],
      ['linux', /Secret Service/],
    ] as const)('names the key store it uses on %s', (platform, name) => {
      expect(safeStorageCodec(safeStorage, platform).description).toMatch(name);
    });

    it('names KWallet when Linux uses it', () => {
      safeStorage.backend = 'kwallet6';
      expect(safeStorageCodec(safeStorage, 'linux').description).toMatch(/KWallet/);
    });

    it('a sealed file this account’s key store cannot open is unreadable (exit 78), never an empty store', () => {
      writeFileSync(sealedPath(), 'sealed with some other key', { mode: 0o600 });
      const store = createElectronSecretStore(safeStorage, dir, 'linux');
      expect(() => store.get('node_token')).toThrow(SecretStoreError);
      expect(() => store.get('node_token')).toThrow(/cannot be decrypted/);
    });
  });

  describe('without an OS key store it does not pretend', () => {
    it('uses the plain owner-only secrets.json when encryption is unavailable', () => {
      safeStorage.available = false;
      const store = createElectronSecretStore(safeStorage, dir, 'darwin');
      expect(store.encryptedAtRest).toBe(false);
      expect(store.description).toMatch(/not encrypted: no OS key store is available/);
      store.update({ node_token: TOKEN });
      expect(JSON.parse(readFileSync(plainPath(), 'utf8'))).toEqual({ node_token: TOKEN });
      expect(existsSync(sealedPath())).toBe(false);
    });

    it('treats Linux’s basic_text backend (a key hard-coded in Chromium) as no key store', () => {
      safeStorage.backend = 'basic_text';
      expect(safeStorage.isEncryptionAvailable()).toBe(true); // what Electron reports there
      const store = createElectronSecretStore(safeStorage, dir, 'linux');
      expect(store.encryptedAtRest).toBe(false);
      store.update({ node_token: TOKEN });
      expect(existsSync(plainPath())).toBe(true);
      expect(existsSync(sealedPath())).toBe(false);
    });

    it('basic_text only matters on Linux', () => {
      safeStorage.backend = 'basic_text';
      expect(safeStorageCodec(safeStorage, 'darwin').encrypted).toBe(true);
    });

    it('refuses to start empty when the secrets were sealed earlier and the key store is gone now (a locked keyring)', () => {
      createElectronSecretStore(safeStorage, dir, 'linux').update({ node_token: TOKEN });
      safeStorage.available = false;
      let caught: unknown;
      try {
        createElectronSecretStore(safeStorage, dir, 'linux');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(SecretStoreError);
      expect((caught as SecretStoreError).message).toMatch(/not available now/);
      expect(existsSync(plainPath())).toBe(false);
      // Once the keyring is back, everything is there.
      safeStorage.available = true;
      expect(createElectronSecretStore(safeStorage, dir, 'linux').get('node_token')).toBe(TOKEN);
    });
  });

  describe('moving the headless host’s plain file into the sealed one', () => {
    it('moves every secret, then deletes the plain file', () => {
      writePlain({ node_token: TOKEN, node_hmac_key: HMAC, cx_private_key: CX });
      const store = createElectronSecretStore(safeStorage, dir, 'linux');
      expect(store.encryptedAtRest).toBe(true);
      expect(existsSync(plainPath())).toBe(false);
      expect(store.get('node_token')).toBe(TOKEN);
      expect(store.get('cx_private_key')).toBe(CX);
      const sealedBytes = readFileSync(sealedPath());
      expect(sealedBytes.includes(TOKEN)).toBe(false);
      expect(new FileSecretStore(sealedPath(), safeStorageCodec(safeStorage, 'linux')).get('node_hmac_key')).toBe(HMAC);
    });

    it('merges with a sealed file that already exists when they agree', () => {
      createElectronSecretStore(safeStorage, dir, 'linux').update({ node_token: TOKEN, cx_private_key: CX });
      writePlain({ node_token: TOKEN, backend_api_key: 'sk-local-key-1234' });
      const store = createElectronSecretStore(safeStorage, dir, 'linux');
      expect(existsSync(plainPath())).toBe(false);
      expect(store.get('node_token')).toBe(TOKEN);
      expect(store.get('cx_private_key')).toBe(CX);
      expect(store.get('backend_api_key')).toBe('sk-local-key-1234');
    });

    it('refuses to guess when the plain and sealed copies disagree, and keeps both', () => {
      createElectronSecretStore(safeStorage, dir, 'linux').update({ node_token: TOKEN });
      writePlain({ node_token: 'tok_some_other_identity' });
      const sealedBefore = readFileSync(sealedPath());
      let caught: unknown;
      try {
        createElectronSecretStore(safeStorage, dir, 'linux');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(SecretStoreError);
      expect((caught as SecretStoreError).code).toBe('conflict');
      expect((caught as SecretStoreError).message).toMatch(/node_token/);
      expect((caught as SecretStoreError).message).not.toContain(TOKEN);
      expect(readFileSync(sealedPath())).toEqual(sealedBefore);
      expect(new FileSecretStore(plainPath()).get('node_token')).toBe('tok_some_other_identity');
    });

    it('keeps the plain file, and says the store is not encrypted, when the key store refuses to seal', () => {
      writePlain({ node_token: TOKEN });
      safeStorage.encryptError = new Error('keyring refused');
      const store = createElectronSecretStore(safeStorage, dir, 'linux');
      expect(store.encryptedAtRest).toBe(false);
      expect(store.description).toMatch(/not encrypted: moving it into the OS key store failed: keyring refused/);
      expect(store.get('node_token')).toBe(TOKEN);
      expect(existsSync(plainPath())).toBe(true);
      expect(existsSync(sealedPath())).toBe(false);
      // The next start tries again and succeeds.
      safeStorage.encryptError = null;
      expect(createElectronSecretStore(safeStorage, dir, 'linux').get('node_token')).toBe(TOKEN);
      expect(existsSync(plainPath())).toBe(false);
    });

    it('deletes the plain file only after the sealed copy reads back equal', () => {
      writePlain({ node_token: TOKEN, node_hmac_key: HMAC });
      // A key store that seals fine but cannot open what it sealed (a broken keyring).
      vi.spyOn(safeStorage, 'decryptString').mockImplementation(() => {
        throw new Error('cannot decrypt');
      });
      const store = createElectronSecretStore(safeStorage, dir, 'linux');
      expect(existsSync(plainPath())).toBe(true);
      expect(existsSync(sealedPath())).toBe(false);
      expect(store.encryptedAtRest).toBe(false);
      expect(store.get('node_hmac_key')).toBe(HMAC);
    });

    it('leaves the plain file alone while another process (the headless host) serves the node from it', async () => {
      writePlain({ node_token: TOKEN });
      const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        await new Promise((resolve) => sleeper.once('spawn', resolve));
        mkdirSync(join(dir, 'run'));
        writeFileSync(join(dir, 'run', '7d9f1c2e-4b6a-4c8d-9e0f-1a2b3c4d5e6f.pid'), String(sleeper.pid));
        const store = createElectronSecretStore(safeStorage, dir, 'linux');
        expect(store.get('node_token')).toBe(TOKEN);
        expect(store.encryptedAtRest).toBe(false);
        expect(store.description).toContain(`process ${sleeper.pid} is using it`);
        expect(existsSync(plainPath())).toBe(true);
        expect(existsSync(sealedPath())).toBe(false);
      } finally {
        sleeper.kill('SIGKILL');
      }
    });

    it('refuses a plain file other users could read rather than moving it (exit 78)', () => {
      if (process.platform === 'win32') return;
      writeFileSync(plainPath(), JSON.stringify({ node_token: TOKEN }), { mode: 0o644 });
      expect(() => createElectronSecretStore(safeStorage, dir, 'linux')).toThrow(/chmod 600/);
      expect(existsSync(sealedPath())).toBe(false);
    });
  });

  describe('lazySecretStore', () => {
    it('creates the store on first use only (safeStorage works only once the app is ready)', () => {
      const create = vi.fn((): SecretStore => new FileSecretStore(plainPath()));
      const lazy = lazySecretStore(create);
      expect(create).not.toHaveBeenCalled();
      lazy.update({ node_token: TOKEN });
      expect(lazy.get('node_token')).toBe(TOKEN);
      expect(lazy.encryptedAtRest).toBe(false);
      expect(create).toHaveBeenCalledTimes(1);
    });

    it('tries again on the next use when creating failed', () => {
      let fail = true;
      const lazy = lazySecretStore(() => {
        if (fail) throw new SecretStoreError('unreadable', 'keyring locked');
        return new FileSecretStore(plainPath());
      });
      expect(() => lazy.get('node_token')).toThrow(/keyring locked/);
      fail = false;
      expect(lazy.get('node_token')).toBeNull();
    });
  });
});
