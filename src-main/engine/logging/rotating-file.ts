import { appendFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createOwnerOnlyDir, restrictToOwner } from '../owner-only';

/**
 * An append-only text file that rotates at `maxBytes`, keeping `keep` generations (`.1` newest … `.N`
 * oldest), like the reference CLI's logs (10 MiB × 3). Nothing here throws: a full disk, a read-only or
 * vanished folder must never take the node down, so the line is dropped instead.
 *
 * The folder is 0700 and the files 0600 (logs tell what the node serves and when); rotation renames, which
 * keeps the mode. Files and folder an older version left open to others are narrowed when it is constructed.
 */
export class RotatingFile {
  private size = 0;

  constructor(
    readonly path: string,
    private readonly maxBytes = 10 * 1024 * 1024,
    private readonly keep = 3,
  ) {
    this.ensureFolder();
    this.narrowExisting();
    try {
      this.size = statSync(path).size;
    } catch {
      this.size = 0;
    }
  }

  append(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    try {
      this.write(line);
    } catch (err) {
      // The folder was removed while running (someone cleaned up the logs): recreate it once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !this.ensureFolder()) return;
      try {
        this.write(line);
      } catch {
        return;
      }
    }
    this.size += bytes;
  }

  private write(line: string): void {
    appendFileSync(this.path, line, { mode: 0o600 });
  }

  private ensureFolder(): boolean {
    try {
      createOwnerOnlyDir(dirname(this.path));
      return true;
    } catch {
      return false;
    }
  }

  private narrowExisting(): void {
    const generations = Array.from({ length: this.keep }, (_, i) => `${this.path}.${i + 1}`);
    for (const p of [dirname(this.path), this.path, ...generations]) {
      try {
        restrictToOwner(p);
      } catch {
        // someone else's file or a disk without permissions: logging goes on regardless
      }
    }
  }

  /**
   * If rotation fails (on Windows a reader holding the file open blocks the rename) the file keeps growing
   * and the next line tries again: a log over its size is better than no log at all.
   */
  private rotate(): void {
    try {
      rmSync(`${this.path}.${this.keep}`, { force: true });
      for (let i = this.keep - 1; i >= 1; i--) {
        try {
          renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
      renameSync(this.path, `${this.path}.1`);
      this.size = 0;
    } catch (err) {
      // Gone already (deleted by hand): start a fresh file.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') this.size = 0;
    }
  }
}
