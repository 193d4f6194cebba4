/**
 * Files written whole or not at all, on a real temp folder: a replacement leaves the old or the new content and no
 * temp file, owner-only; a rename that fails leaves the old file and cleans up; a file created only if its name is
 * free never changes one that exists. The crash between the write and the rename is in atomic-file.it.test.ts (it
 * kills a process).
 */
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNewFile, writeFileAtomic } from '@engine/files/atomic-file';
import { tempDir } from '../../support/tmp';

const posix = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function folder(): string {
  const t = tempDir('iicp-atomic-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('writeFileAtomic', () => {
  it('creates the file with the whole content, text or bytes, and leaves no temp file', () => {
    const dir = folder();
    writeFileAtomic(join(dir, 'settings.json'), '{"a":1}');
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    writeFileAtomic(join(dir, 'blob'), bytes);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{"a":1}');
    expect(readFileSync(join(dir, 'blob')).equals(bytes)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['blob', 'settings.json']);
  });

  it('replaces an existing file whole', () => {
    const dir = folder();
    const path = join(dir, 'secrets.json');
    writeFileSync(path, 'old content that is longer than the new one');
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });

  it.runIf(posix)('writes owner-only (0600) by default, or the mode asked for, and replaces a file left 0644', () => {
    const dir = folder();
    const path = join(dir, 'secrets.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o644);
    writeFileAtomic(path, 'new');
    expect(mode(path)).toBe(0o600);
    writeFileAtomic(join(dir, 'shared'), 'x', 0o640);
    expect(mode(join(dir, 'shared'))).toBe(0o640 & ~process.umask());
  });

  it('when the rename fails, throws, keeps what stood there and leaves no temp file', () => {
    const dir = folder();
    // A folder with something in it cannot be replaced by a file: the rename fails like a crash would stop it.
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    expect(() => writeFileAtomic(target, 'new')).toThrow();
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('throws when the folder is missing, creating nothing', () => {
    const dir = folder();
    expect(() => writeFileAtomic(join(dir, 'no', 'such'), 'x')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('createNewFile', () => {
  it('creates a free name with the whole body, owner-only, and says so', () => {
    const dir = folder();
    const path = join(dir, 'gateway-key');
    expect(createNewFile(path, 'secret-body')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('secret-body');
    if (posix) expect(mode(path)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['gateway-key']);
  });

  it('never changes a file that has the name, and leaves no temp file', () => {
    const dir = folder();
    const path = join(dir, 'gateway-key');
    writeFileSync(path, 'first');
    expect(createNewFile(path, 'second')).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['gateway-key']);
  });
});
