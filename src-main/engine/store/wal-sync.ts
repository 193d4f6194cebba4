import { closeSync, fdatasync, openSync } from 'node:fs';

type FdataSync = (fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => void;

export interface WalSyncOptions {
  /** The flush itself; node:fs's fdatasync (libuv's thread pool) unless a test wants to hold it. */
  fdatasync?: FdataSync;
}

/**
 * Group commit with the disk flush off the event loop. A commit made with `synchronous = NORMAL` has written its
 * WAL frames before it returns — it survives the process being killed, not yet a power cut. `flush()` makes every
 * such commit power-safe by fdatasync-ing the WAL file on libuv's thread pool: what `synchronous = FULL` does
 * inside the commit, where the disk's flush time (1–10 ms on this machine) would block the event loop and every
 * request behind it — the 429 answers of a node under load among them.
 *
 * Commits that land while a flush is running are not covered by it (it may have started before their frames were
 * written): they share the next one. Earlier, acknowledged commits are never at risk: SQLite restarts the WAL only
 * after a checkpoint, and a checkpoint syncs the WAL and then the database file in any synchronous mode.
 */
export class WalSync {
  private fd: number | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private closed = false;
  private readonly sync: FdataSync;

  constructor(
    private readonly walPath: string,
    o: WalSyncOptions = {},
  ) {
    this.sync = o.fdatasync ?? fdatasync;
  }

  /** Resolves when everything committed before this call is on stable storage. */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) {
      this.running = this.syncOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.flush();
      });
    return this.queued;
  }

  /** Closes the WAL's descriptor once a flush in progress is done (the database closes right after). */
  close(): void {
    this.closed = true;
    const release = () => {
      if (this.fd !== null) closeSync(this.fd);
      this.fd = null;
    };
    if (this.running) void this.running.catch(() => undefined).then(release);
    else release();
  }

  private syncOnce(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('The database is closed.'));
      let fd: number;
      try {
        fd = this.fd ??= openWal(this.walPath);
      } catch (err) {
        return reject(err);
      }
      this.sync(fd, (err) => (err ? reject(err) : resolve()));
    });
  }
}

function openWal(path: string): number {
  try {
    return openSync(path, 'r+');
  } catch (err) {
    // A read-only data folder: Linux and macOS flush through a read-only descriptor too (Windows needs write
    // access, but there the commit itself fails first).
    if ((err as NodeJS.ErrnoException).code === 'EROFS' || (err as NodeJS.ErrnoException).code === 'EACCES')
      return openSync(path, 'r');
    throw err;
  }
}
