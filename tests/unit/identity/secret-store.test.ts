/**
 * The owner-only secrets file: written atomically with mode 0600, all-or-nothing updates,
 * and it fails closed on anything another user could have read or planted, or that cannot be decoded.
 */
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '@engine/files/atomic-file';
import { FileSecretStore, SecretStoreError, type SecretCodec } from '@engine/identity/secret-store';
import { tempDir } from '../../support/tmp';

const isPosix = process.platform !== 'win32';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const TOKEN = 'tok_3f9a1c7e5b2d4f608a1b';
const HMAC = 'hmac_9d8c7b6a5f4e3d2c1b0a';

/** A toy cipher: enough to prove that what reaches the disk went through the codec. */
const xorCodec: SecretCodec = {
  encrypted: true,
  description: 'xor test codec',
  seal: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0xa5)),
  open: (sealed) => Buffer.from(sealed.map((b) => b ^ 0xa5)).toString('utf8'),
};

function expectSecretStoreError(fn: () => unknown, code: SecretStoreError['code'], message?: RegExp): SecretStoreError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(SecretStoreError);
  const err = caught as SecretStoreError;
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  return err;
}

describe('FileSecretStore', () => {
  let dir: string;
  let cleanup: () => void;
  let path: string;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-secrets-'));
    path = join(dir, 'secrets.json');
  });
  afterEach(() => cleanup());

  it('starts empty when there is no file yet, without creating one', () => {
    const store = new FileSecretStore(path);
    expect(store.get('node_token')).toBeNull();
    expect(existsSync(path)).toBe(false);
    expect(store.encryptedAtRest).toBe(false);
    expect(store.description).toMatch(/not encrypted/);
  });

  it('keeps what it was given across instances (a restart reads the file again)', () => {
    new FileSecretStore(path).update({ node_token: TOKEN, node_hmac_key: HMAC });
    const again = new FileSecretStore(path);
    expect(again.get('node_token')).toBe(TOKEN);
    expect(again.get('node_hmac_key')).toBe(HMAC);
    expect(again.get('cx_private_key')).toBeNull();
  });

  it('removes a secret set to null and leaves the others alone', () => {
    const store = new FileSecretStore(path);
    store.update({ node_token: TOKEN, node_hmac_key: HMAC });
    store.update({ node_token: null });
    const again = new FileSecretStore(path);
    expect(again.get('node_token')).toBeNull();
    expect(again.get('node_hmac_key')).toBe(HMAC);
  });

  it.skipIf(!isPosix)('writes the file with mode 0600', () => {
    new FileSecretStore(path).update({ node_token: TOKEN });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it.skipIf(!isPosix)('creates a missing folder with mode 0700', () => {
    const nested = join(dir, 'fresh', 'data');
    new FileSecretStore(join(nested, 'secrets.json')).update({ node_token: TOKEN });
    expect(statSync(nested).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'fresh')).mode & 0o777).toBe(0o700);
  });

  it('refuses an unknown secret name, writing nothing', () => {
    const store = new FileSecretStore(path);
    expect(() => store.update({ node_token: TOKEN, ...({ operator_seed: 'x' } as object) })).toThrow(
      /unknown secret operator_seed/,
    );
    expect(existsSync(path)).toBe(false);
    expect(store.get('node_token')).toBeNull();
  });

  it('keeps entries a newer version wrote, so a downgrade does not drop them', () => {
    writeFileSync(path, JSON.stringify({ node_token: TOKEN, future_secret: 'kept' }), { mode: 0o600 });
    new FileSecretStore(path).update({ node_hmac_key: HMAC });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      node_token: TOKEN,
      future_secret: 'kept',
      node_hmac_key: HMAC,
    });
  });

  describe('atomic writes', () => {
    it('a temp file left behind by a crash mid-write does not corrupt the store: it reads the last complete content', () => {
      new FileSecretStore(path).update({ node_token: TOKEN });
      // What a crash between "write temp" and "rename" leaves: a half-written temp file beside the target.
      writeFileSync(`${path}.4242.deadbeef0000.tmp`, '{"node_token":"half-writ', { mode: 0o600 });
      expect(new FileSecretStore(path).get('node_token')).toBe(TOKEN);
    });

    it('the next write after such a crash succeeds and replaces the content completely', () => {
      const store = new FileSecretStore(path);
      store.update({ node_token: TOKEN });
      writeFileSync(`${path}.${process.pid}.deadbeef0000.tmp`, 'garbage', { mode: 0o600 });
      store.update({ node_token: 'tok_new_value_after_crash' });
      expect(new FileSecretStore(path).get('node_token')).toBe('tok_new_value_after_crash');
    });

    it('the file holds either the old or the new content, whole, after every write', () => {
      const store = new FileSecretStore(path);
      for (let i = 0; i < 50; i++) {
        const value = `tok_${String(i).padStart(4, '0')}_${'x'.repeat(i * 37)}`;
        store.update({ node_token: value });
        expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ node_token: value });
      }
      // No temp file is left once the writes are done.
      expect(readdirSync(dir)).toEqual(['secrets.json']);
    });

    it('writeFileAtomic leaves the previous content when the rename cannot happen', () => {
      writeFileSync(path, 'old content', { mode: 0o600 });
      const target = join(dir, 'a-folder');
      mkdirSync(join(target, 'not-empty'), { recursive: true });
      // Renaming a file over a non-empty folder fails: the target stays as it was, no temp file remains.
      expect(() => writeFileAtomic(target, 'new content')).toThrow();
      expect(readdirSync(target)).toEqual(['not-empty']);
      expect(readdirSync(dir).sort()).toEqual(['a-folder', 'secrets.json']);
    });
  });

  describe('updates of several secrets at once are all-or-nothing', () => {
    it('a write that cannot reach the disk (the folder became a file) throws and changes neither secret', () => {
      const data = join(dir, 'data');
      const store = new FileSecretStore(join(data, 'secrets.json'));
      store.update({ node_token: TOKEN, node_hmac_key: HMAC });
      renameSync(data, `${data}.bak`);
      writeFileSync(data, 'a file where the data folder was');

      expect(() => store.update({ node_token: 'tok_rotated', node_hmac_key: 'hmac_rotated' })).toThrow();
      // Memory does not run ahead of the disk…
      expect(store.get('node_token')).toBe(TOKEN);
      expect(store.get('node_hmac_key')).toBe(HMAC);
      // …and the previous file is intact.
      const previous = new FileSecretStore(join(`${data}.bak`, 'secrets.json'));
      expect(previous.get('node_token')).toBe(TOKEN);
      expect(previous.get('node_hmac_key')).toBe(HMAC);
    });

    it('a codec that fails while sealing (a keyring refusing) leaves the file and memory as they were', () => {
      const sealedPath = join(dir, 'secrets.enc');
      let refuse = false;
      const flaky: SecretCodec = {
        ...xorCodec,
        seal: (plain) => {
          if (refuse) throw new Error('keyring locked');
          return xorCodec.seal(plain);
        },
      };
      const store = new FileSecretStore(sealedPath, flaky);
      store.update({ node_token: TOKEN, node_hmac_key: HMAC });
      const before = readFileSync(sealedPath);
      refuse = true;
      expect(() => store.update({ node_token: 'tok_rotated', node_hmac_key: 'hmac_rotated' })).toThrow(
        /keyring locked/,
      );
      expect(readFileSync(sealedPath)).toEqual(before);
      expect(store.get('node_token')).toBe(TOKEN);
      expect(store.get('node_hmac_key')).toBe(HMAC);
    });

    it('a bad value anywhere in the change set is refused before anything is written', () => {
      const store = new FileSecretStore(path);
      store.update({ node_token: TOKEN, node_hmac_key: HMAC });
      expect(() => store.update({ node_token: 'tok_rotated', node_hmac_key: 42 as unknown as string })).toThrow(
        /must be a string/,
      );
      expect(store.get('node_token')).toBe(TOKEN);
      expect(new FileSecretStore(path).get('node_token')).toBe(TOKEN);
    });
  });

  describe('fails closed on files it must not trust', () => {
    it.skipIf(!isPosix)('refuses a symlinked secrets file, even one pointing to a well-formed file', () => {
      const real = join(dir, 'elsewhere.json');
      writeFileSync(real, JSON.stringify({ node_token: TOKEN }), { mode: 0o600 });
      symlinkSync(real, path);
      const store = new FileSecretStore(path);
      expectSecretStoreError(() => store.get('node_token'), 'unsafe_file', /symlink/);
      expectSecretStoreError(() => store.update({ node_hmac_key: HMAC }), 'unsafe_file');
    });

    it('refuses a folder where the file should be', () => {
      mkdirSync(path);
      expectSecretStoreError(() => new FileSecretStore(path).get('node_token'), 'unsafe_file', /not a regular file/);
    });

    it.skipIf(!isPosix).each([0o640, 0o604, 0o660, 0o644])(
      'refuses a file with mode %o and says how to fix it',
      (mode) => {
        writeFileSync(path, JSON.stringify({ node_token: TOKEN }));
        chmodSync(path, mode);
        const err = expectSecretStoreError(
          () => new FileSecretStore(path).get('node_token'),
          'unsafe_file',
          /chmod 600/,
        );
        expect(err.message).toContain(path);
        expect(err.message).not.toContain(TOKEN);
      },
    );

    it.skipIf(!isPosix)('accepts the file again once it is chmod 600', () => {
      writeFileSync(path, JSON.stringify({ node_token: TOKEN }));
      chmodSync(path, 0o644);
      expect(() => new FileSecretStore(path).get('node_token')).toThrow(SecretStoreError);
      chmodSync(path, 0o600);
      expect(new FileSecretStore(path).get('node_token')).toBe(TOKEN);
    });

    // Only root can hand a file to another user; anyone else cannot set the scene.
    it.skipIf(!isPosix || !isRoot)('refuses a file owned by another user (needs root to chown)', () => {
      writeFileSync(path, JSON.stringify({ node_token: TOKEN }), { mode: 0o600 });
      try {
        chownSync(path, 4242, 4242);
      } catch (err) {
        // e.g. a rootless container that maps no other uid
        console.warn(`skipped: chown is impossible here (${(err as Error).message})`);
        return;
      }
      expectSecretStoreError(() => new FileSecretStore(path).get('node_token'), 'unsafe_file', /another user/);
    });

    it.each([
      ['garbled bytes', Buffer.from([0xff, 0x00, 0x13, 0x37])],
      ['truncated JSON', Buffer.from(`{"node_token":"${TOKEN}`)],
      ['an empty file', Buffer.alloc(0)],
      ['JSON null', Buffer.from('null')],
      ['a JSON array', Buffer.from('["node_token"]')],
      ['a number where a secret should be', Buffer.from('{"node_token":42}')],
    ])('reports %s as unreadable, not as an empty store, and never quotes the content', (_label, content) => {
      writeFileSync(path, content, { mode: 0o600 });
      const store = new FileSecretStore(path);
      const err = expectSecretStoreError(() => store.get('node_token'), 'unreadable', /cannot be read/);
      expect(err.message).toContain(path);
      expect(err.message).not.toContain(TOKEN);
      // Nor may an update paper over it by writing a fresh file.
      expectSecretStoreError(() => store.update({ node_token: 'tok_fresh' }), 'unreadable');
      expect(readFileSync(path)).toEqual(content);
    });

    it.skipIf(!isPosix || isRoot)('reports a file it may not read as unreadable (root reads anything)', () => {
      writeFileSync(path, JSON.stringify({ node_token: TOKEN }), { mode: 0o600 });
      chmodSync(path, 0o000);
      expectSecretStoreError(() => new FileSecretStore(path).get('node_token'), 'unreadable', /EACCES/);
    });

    it('a plain store refuses to start empty when the desktop app sealed the secrets beside it', () => {
      writeFileSync(join(dir, 'secrets.enc'), 'sealed by the OS key store', { mode: 0o600 });
      const store = new FileSecretStore(path);
      expectSecretStoreError(() => store.get('node_token'), 'unreadable', /desktop app/);
      expect(existsSync(path)).toBe(false);
    });
  });

  describe('with a codec', () => {
    it('round-trips through the codec, and the file on disk does not contain the plain secret', () => {
      const sealedPath = join(dir, 'secrets.enc');
      const store = new FileSecretStore(sealedPath, xorCodec);
      store.update({ node_token: TOKEN, node_hmac_key: HMAC });
      const onDisk = readFileSync(sealedPath);
      expect(onDisk.includes(TOKEN)).toBe(false);
      expect(onDisk.includes(HMAC)).toBe(false);
      expect(onDisk.includes('node_token')).toBe(false);
      const again = new FileSecretStore(sealedPath, xorCodec);
      expect(again.get('node_token')).toBe(TOKEN);
      expect(again.get('node_hmac_key')).toBe(HMAC);
      expect(again.encryptedAtRest).toBe(true);
      expect(again.description).toBe('xor test codec');
    });

    it('a file the codec cannot open is unreadable, with a reason that does not leak what the codec said', () => {
      const sealedPath = join(dir, 'secrets.enc');
      writeFileSync(sealedPath, 'whatever', { mode: 0o600 });
      const failing: SecretCodec = {
        ...xorCodec,
        open: () => {
          throw new Error(`key mismatch near ${TOKEN}`);
        },
      };
      const err = expectSecretStoreError(
        () => new FileSecretStore(sealedPath, failing).get('node_token'),
        'unreadable',
        /cannot be decrypted/,
      );
      expect(err.message).not.toContain(TOKEN);
    });
  });
});
