import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `data` so that a crash leaves either the old or the new content, never a mix:
 * owner-only temp file, fsync, rename over the target, fsync of the folder (so the rename itself is durable).
 */
export function writeFileAtomic(path: string, data: string | Buffer, mode = 0o600): void {
  // Random part: a temp file left by a crashed earlier run (same PID after a container restart, same
  // millisecond) must not make this write fail with EEXIST.
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    // writeSync may write less than asked (signals, some network file systems); a short secrets file
    // would be renamed into place as if complete.
    for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  try {
    const dfd = openSync(dirname(path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic there.
  }
}

/**
 * Creates `path` holding `body` only if no file has that name, so whoever reads it sees the whole content: written to
 * a temp file, then hard-linked into place (a link fails if the name exists, like `create_new`). File systems without
 * hard links (FAT, some network shares) fall back to an exclusive create. False when the name is taken.
 */
export function createNewFile(path: string, body: string, mode = 0o600): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeWhole(openSync(tmp, 'wx', mode), body);
    try {
      linkSync(tmp, path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      let fd: number;
      try {
        fd = openSync(path, 'wx', mode);
      } catch (again) {
        if ((again as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw again;
      }
      writeWhole(fd, body);
      return true;
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}

function writeWhole(fd: number, body: string): void {
  try {
    writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
}
