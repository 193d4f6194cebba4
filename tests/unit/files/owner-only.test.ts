/**
 * The node's files kept to the account that runs it, on a real temp folder: what is created is owner-only whatever the
 * umask (the mode is set after creating, not left to the umask), what exists only loses its group and other bits, a
 * folder shared on purpose (sticky bit, like /tmp) is left alone, and Windows, which has no POSIX modes, is not
 * touched.
 * Only mode bits are checked: the suite may run as root, which reads anything whatever the mode.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOwnerOnlyDir, createOwnerOnlyFile, restrictToOwner } from '@engine/files/owner-only';
import { tempDir } from '../../support/tmp';

const posix = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o7777;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function folder(): string {
  const t = tempDir('iicp-files-');
  cleanups.push(t.cleanup);
  return t.dir;
}

/** Runs `fn` under `mask`: umask 000 is the most permissive one, so an owner-only result is the code's doing. */
function withUmask<T>(mask: number, fn: () => T): T {
  const before = process.umask(mask);
  try {
    return fn();
  } finally {
    process.umask(before);
  }
}

describe.runIf(posix)('owner-only files and folders (POSIX)', () => {
  it('creates a folder and its missing parents 0700 under umask 000', () => {
    const dir = join(folder(), 'a', 'b');
    withUmask(0o000, () => createOwnerOnlyDir(dir));
    expect(mode(dir)).toBe(0o700);
  });

  it('leaves an existing folder as it is: narrowing it is the caller’s choice', () => {
    const dir = join(folder(), 'old');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    createOwnerOnlyDir(dir);
    expect(mode(dir)).toBe(0o755);
  });

  it('creates an empty file 0600 under umask 000, and says it did', () => {
    const file = join(folder(), 'provider.db');
    expect(withUmask(0o000, () => createOwnerOnlyFile(file))).toBe(true);
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file)).toHaveLength(0);
  });

  it('leaves an existing file, its content and its mode untouched, and says it did not create it', () => {
    const file = join(folder(), 'provider.db');
    writeFileSync(file, 'ledger');
    chmodSync(file, 0o644);
    expect(createOwnerOnlyFile(file)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('ledger');
    expect(mode(file)).toBe(0o644);
  });

  it('takes group and other bits off what exists and keeps the owner’s bits as they are', () => {
    const dir = folder();
    const cases: [string, 'dir' | 'file', number, number][] = [
      ['db', 'file', 0o644, 0o600],
      ['read-only', 'file', 0o444, 0o400],
      ['script', 'file', 0o775, 0o700],
      ['logs', 'dir', 0o755, 0o700],
      ['private', 'file', 0o600, 0o600],
    ];
    for (const [name, kind, before, after] of cases) {
      const path = join(dir, name);
      if (kind === 'dir') mkdirSync(path);
      else writeFileSync(path, '');
      chmodSync(path, before);
      restrictToOwner(path);
      expect(mode(path), name).toBe(after);
    }
  });

  it('is fine with a path that does not exist: there is nothing to expose', () => {
    const missing = join(folder(), 'missing');
    expect(() => restrictToOwner(missing)).not.toThrow();
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses to narrow a folder shared on purpose (sticky bit) and leaves its mode', () => {
    const shared = join(folder(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(() => restrictToOwner(shared)).toThrow(/shared with other users/);
    expect(mode(shared)).toBe(0o1777);
  });
});

describe.runIf(posix)('owner-only with the platform said to be Windows', () => {
  // Under umask 277 a plain create comes out 0400 (a folder 0500): only the chmod after it makes it 0600 (0700).
  it('sets no mode afterwards and narrows nothing: the per-user profile folder keeps other users out there', () => {
    const dir = folder();
    const open = join(dir, 'open');
    writeFileSync(open, '');
    chmodSync(open, 0o644);
    restrictToOwner(open, 'win32');
    expect(mode(open)).toBe(0o644);
    withUmask(0o277, () => {
      createOwnerOnlyDir(join(dir, 'made'), 'win32');
      createOwnerOnlyFile(join(dir, 'made-file'), 'win32');
    });
    expect(mode(join(dir, 'made'))).toBe(0o500);
    expect(mode(join(dir, 'made-file'))).toBe(0o400);
  });

  it('on POSIX the same umask still gives 0700 and 0600', () => {
    const dir = folder();
    withUmask(0o277, () => {
      createOwnerOnlyDir(join(dir, 'made'));
      createOwnerOnlyFile(join(dir, 'made-file'));
    });
    expect(mode(join(dir, 'made'))).toBe(0o700);
    expect(mode(join(dir, 'made-file'))).toBe(0o600);
  });
});
