/**
 * The data folder made private on every start, on a real temp folder: a new one is created 0700, one an older version
 * left 0755 is narrowed, and one that cannot be narrowed (a folder shared on purpose) gives a warning in plain words
 * with the command that fixes it, instead of stopping the node.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secureDataFolder } from '@engine/files/data-folder';
import { tempDir } from '../../support/tmp';

const mode = (path: string) => statSync(path).mode & 0o7777;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function parent(): string {
  const t = tempDir('iicp-data-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe.runIf(process.platform !== 'win32')('secureDataFolder (POSIX)', () => {
  it('creates a missing folder 0700 and has nothing to say', () => {
    const dir = join(parent(), 'IICP Provider');
    expect(secureDataFolder(dir)).toBeNull();
    expect(mode(dir)).toBe(0o700);
  });

  it('narrows a folder an older version left 0755', () => {
    const dir = join(parent(), 'IICP Provider');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    expect(secureDataFolder(dir)).toBeNull();
    expect(mode(dir)).toBe(0o700);
  });

  it('warns, naming the folder and the fix, when the folder is shared on purpose, and leaves it', () => {
    const dir = join(parent(), 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o1777);
    const warning = secureDataFolder(dir);
    expect(warning).toContain(`The data folder ${dir} could not be made private to this user`);
    expect(warning).toContain(`chmod 700 "${dir}"`);
    expect(mode(dir)).toBe(0o1777);
  });
});
