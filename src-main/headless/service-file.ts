import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Written beside itself and renamed: the service manager never reads half a file, and whatever stood there (a file
 * left 0644, a symlink) is replaced rather than written through. The mode is set again after writing: the umask
 * cannot widen it, but an odd one could narrow it below the owner's read.
 */
export function writeFileAtomic(path: string, text: string, mode: number): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text, { mode, flag: 'wx' });
    chmodSync(temp, mode);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** `fn`'s result, or `missing` when the path it touches does not exist; any other error is thrown. */
export function unlessMissing<T>(fn: () => T, missing: T): T {
  try {
    return fn();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return missing;
    throw err;
  }
}

/** Whether anything (a file, a folder, a link) is at `path`; errors other than "not there" are thrown. */
export function pathExists(path: string): boolean {
  return unlessMissing(() => {
    lstatSync(path);
    return true;
  }, false);
}
