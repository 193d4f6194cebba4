import { appendFileSync, fstatSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SonicBoom from 'sonic-boom';
import { createOwnerOnlyDir, restrictToOwner } from '../files';

/**
 * Lines held in memory for one file while the disk is slow or refuses them (full, read-only); past this, new lines
 * are dropped until it takes them again. A burst of 10 MiB (one file's worth) still fits.
 */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/**
 * How often, at most, the file at the path is checked to still be the one written to (a log folder cleaned up by hand
 * leaves the descriptor writing to a deleted file), and a file that could not be opened is tried again.
 */
export const RECHECK_MS = 1000;
/** At exit, how long the write in progress is waited for, so that the queue written after it does not overtake it. */
const EXIT_WAIT_MS = 200;

/** A synchronous sleep of a millisecond at a time, for the exit path only. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/** The files written to now, flushed synchronously when the process exits without closing them. */
const openFiles = new Set<RotatingFile>();
let exitHooked = false;

/**
 * One open descriptor and sonic-boom's asynchronous writer on it: `write` queues the line and returns, and the writes
 * happen on libuv's thread pool, one at a time, joining the lines that queued meanwhile. Each generation of the file
 * gets its own output, so the lines counted for a generation land in it even when it is renamed before they are
 * written (a `reopen()` would send the lines still queued into the next file).
 */
class Output {
  readonly stream: SonicBoom;
  /** Bytes queued, not yet written. */
  private pending = 0;
  /** The file's size as far as this output knows: at open, plus every write reported done. */
  private confirmed: number;
  private dropped = false;
  private failing = false;
  private destroyed = false;
  private waiters: (() => void)[] = [];

  constructor(
    readonly fd: number,
    readonly ino: number,
    size: number,
  ) {
    this.confirmed = size;
    this.stream = new SonicBoom({ fd, sync: false, minLength: 0, maxLength: MAX_BUFFERED_BYTES });
    this.stream.on('write', (n: number) => {
      this.pending -= n;
      this.confirmed += n;
      this.failing = false;
      if (this.pending <= 0) this.wake();
    });
    // A write that failed (disk full, read-only, I/O error) keeps its lines queued; sonic-boom tries them again with
    // the next line, so logging recovers by itself once the disk takes writes again. Never thrown, never fatal.
    this.stream.on('error', () => {
      this.failing = true;
      this.wake();
    });
    this.stream.on('drop', () => {
      this.dropped = true;
    });
  }

  write(line: string, bytes: number): void {
    this.dropped = false;
    this.stream.write(line);
    if (!this.dropped) this.pending += bytes;
  }

  /** Resolves once what was queued is written, or a write failed (it stays queued). */
  settled(): Promise<void> {
    if (this.pending <= 0 || this.failing || this.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes what is queued, then closes the descriptor; resolves when done or when it cannot be done. */
  end(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('close', done);
        this.stream.off('error', failed);
        resolve();
      };
      // The queue cannot be written: give it up rather than hold the descriptor (and the stop) open.
      const failed = () => {
        this.destroyed = true;
        this.stream.destroy();
        this.wake();
        done();
      };
      this.stream.once('close', done);
      this.stream.once('error', failed);
      try {
        this.stream.end();
      } catch {
        failed();
      }
    });
  }

  /**
   * For an exit without close: the queue written synchronously. With minLength 0, bytes pending on a stream that has
   * not failed mean a write is in progress on libuv's thread pool, which reports back no more at exit: it is waited
   * for (the file grows) for a moment, so the queue lands after it instead of before. A disk that hangs longer loses
   * that order, not the lines.
   */
  flushSync(): void {
    if (this.destroyed) return;
    try {
      const until = Date.now() + EXIT_WAIT_MS;
      if (this.pending > 0 && !this.failing) {
        while (fstatSync(this.fd).size <= this.confirmed && Date.now() < until) Atomics.wait(pause, 0, 0, 1);
      }
      this.stream.flushSync();
    } catch {
      // nothing more can be done at exit
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/**
 * An append-only text file that rotates at `maxBytes`, keeping `keep` generations (`.1` newest … `.N`
 * oldest), like the reference CLI's logs (10 MiB × 3). Nothing here throws: a full disk, a read-only or
 * vanished folder must never take the node down.
 *
 * One descriptor stays open and lines are written asynchronously (`Output`), so a line costs the event loop a string
 * copy instead of an open, a write and a close. The price: a crash (the process killed) loses the lines still
 * queued in memory — at most what queued behind the write in progress; an exit without `close` writes them
 * synchronously, and `close` (the node's normal stop) writes them all before it resolves.
 *
 * The folder is 0700 and the files 0600 (logs tell what the node serves and when); rotation renames, which
 * keeps the mode. Files and folder an older version left open to others are narrowed when it is constructed.
 */
export class RotatingFile {
  private size = 0;
  private out: Output | null = null;
  /** Earlier generations still writing their last lines. */
  private readonly ending = new Map<Output, Promise<void>>();
  private checkedAt = 0;
  private openFailed = false;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly maxBytes = 10 * 1024 * 1024,
    private readonly keep = 3,
    private readonly now: () => number = Date.now,
  ) {
    this.ensureFolder();
    this.narrowExisting();
  }

  append(line: string): void {
    this.appendOnce(line, true);
  }

  private appendOnce(line: string, mayRotate: boolean): void {
    try {
      if (this.closed) {
        // A line after close (a late event while stopping): written the slow way rather than held open or lost.
        appendFileSync(this.path, line, { mode: 0o600 });
        return;
      }
      const bytes = Buffer.byteLength(line);
      const out = this.output();
      if (!out) return; // cannot be opened now: dropped, tried again within RECHECK_MS
      if (mayRotate && this.size > 0 && this.size + bytes > this.maxBytes && this.rotate())
        return this.appendOnce(line, false);
      out.write(line, bytes);
      this.size += bytes;
    } catch {
      // never into the caller
    }
  }

  /** Resolves once every line appended so far is written (or its write failed). */
  async settled(): Promise<void> {
    await Promise.all([this.out?.settled(), ...this.ending.values()]);
  }

  /** Writes the queued lines and closes the file; later lines are appended one by one. Never rejects. */
  async close(): Promise<void> {
    this.closed = true;
    openFiles.delete(this);
    const out = this.out;
    this.out = null;
    if (out) this.retire(out);
    await Promise.all([...this.ending.values()]);
  }

  /** Writes the queued lines synchronously (the process exits), the older generations' first. */
  flushSync(): void {
    for (const out of this.ending.keys()) out.flushSync();
    this.out?.flushSync();
  }

  /**
   * The output for the file at the path: opened when there is none (at most once per RECHECK_MS after a failure),
   * and opened again when the path no longer leads to it (checked at most once per RECHECK_MS).
   */
  private output(): Output | null {
    const now = this.now();
    const recheck = !(now - this.checkedAt < RECHECK_MS); // a clock gone wrong (NaN) checks every time
    if (!recheck && (this.out || this.openFailed)) return this.out;
    this.checkedAt = now;
    if (this.out) {
      if (this.stillAtPath(this.out)) return this.out;
      this.retire(this.out);
    }
    this.out = this.open();
    this.openFailed = this.out === null;
    return this.out;
  }

  private stillAtPath(out: Output): boolean {
    try {
      return statSync(this.path).ino === out.ino;
    } catch {
      return false;
    }
  }

  private open(): Output | null {
    let fd: number;
    try {
      fd = openSync(this.path, 'a', 0o600);
    } catch (err) {
      // The folder was removed while running (someone cleaned up the logs): recreate it once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !this.ensureFolder()) return null;
      try {
        fd = openSync(this.path, 'a', 0o600);
      } catch {
        return null;
      }
    }
    try {
      const st = fstatSync(fd);
      this.size = st.size;
      const out = new Output(fd, st.ino, st.size);
      openFiles.add(this);
      hookExit();
      return out;
    } catch {
      return null;
    }
  }

  /** The output of a generation being left: its queued lines are written, then it closes. */
  private retire(out: Output): void {
    this.ending.set(
      out,
      out.end().finally(() => this.ending.delete(out)),
    );
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
   * Renames the generations and leaves the current output to finish its lines in what is now `.1`; true when the
   * next line starts a fresh file. If rotation fails (on Windows a reader holding the file open blocks the rename)
   * the file keeps growing and the next line tries again: a log over its size is better than no log at all.
   */
  private rotate(): boolean {
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
    } catch (err) {
      // Gone already (deleted by hand): start a fresh file.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    }
    if (this.out) this.retire(this.out);
    this.out = null;
    this.openFailed = false;
    this.size = 0;
    return true;
  }
}

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const f of openFiles) f.flushSync();
  });
}
