import { randomBytes } from 'node:crypto';
import { linkSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createNewFile, createOwnerOnlyDir, restrictToOwner } from '../files';

export class InstanceLockError extends Error {
  constructor(
    readonly code: 'held' | 'unverifiable',
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'InstanceLockError';
  }
}

/** Whether a process with this id exists (ours or someone else's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Lock files this process holds. A file naming our own PID that is not in here was left by an earlier
 * process that had the same PID — usual in containers, where the node is PID 1 (or another fixed PID) on
 * every start — and is stale, not "already served by this process".
 */
const heldHere = new Set<string>();

/**
 * PIDs of live processes holding a node lock in `runDir` (this one included if it holds one there), for
 * callers that must not reorganise a data folder someone is serving before they can take the lock
 * themselves (which needs the node id). A file naming this PID that it does not hold is stale, not live.
 */
export function liveLockOwners(runDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(runDir).filter((n) => n.endsWith('.pid'));
  } catch {
    return [];
  }
  const owners: number[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(join(runDir, name), 'utf8').trim();
    } catch {
      continue;
    }
    const pid = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    if (pid === process.pid ? heldHere.has(join(runDir, name)) : pidAlive(pid)) owners.push(pid);
  }
  return owners;
}

/**
 * Throws `InstanceLockError` (held) when a live process holds a node lock in `runDir`, before the data folder's
 * database is opened. The lock proper is taken later, once the node id has been read from that database, and SQLite
 * does not keep a second engine out (the database admits a second connection: the serving engine's checkpoint thread,
 * store/checkpointer.ts): without this, a second engine would open and migrate the database of a folder already
 * served, and write to it, before it learnt who serves it.
 */
export function refuseServedFolder(runDir: string): void {
  const [pid] = liveLockOwners(runDir);
  if (pid === undefined) return;
  if (pid === process.pid)
    throw new InstanceLockError('held', runDir, 'This node is already being served by this process.');
  throw new InstanceLockError(
    'held',
    runDir,
    `This node is already being served by another process (PID ${pid}). Quit it first (the desktop app or "npm run headless"). If no IICP Provider runs, delete the lock files in ${runDir}.`,
  );
}

/** Tries after the first: one to take over a file whose process is gone, one more if the file vanished under us. */
const ATTEMPTS = 3;

/**
 * One process per node: two processes serving the same node_id would keep rotating each other's token at
 * the directory. A PID file that appears atomically, already holding its PID; a dead owner's file is taken
 * over once; an alive or unreadable owner fails closed.
 */
export class InstanceLock {
  private held = false;
  readonly path: string;

  constructor(runDir: string, nodeId: string) {
    if (!/^[A-Za-z0-9._:-]{1,64}$/.test(nodeId)) throw new Error('invalid node id for a lock file');
    this.path = join(runDir, `${nodeId}.pid`);
    createOwnerOnlyDir(runDir);
    try {
      restrictToOwner(runDir); // an older version made it 0755
    } catch {
      // A PID is not secret enough to refuse to serve over; the data folder around it is what keeps others out.
    }
  }

  acquire(): void {
    if (this.held) return;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (this.tryCreate()) {
        this.held = true;
        heldHere.add(this.path);
        return;
      }
      const text = this.readOwner();
      if (text === null) continue; // vanished between create and read: try again
      const pid = /^\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(pid) || pid <= 0) {
        throw new InstanceLockError(
          'unverifiable',
          this.path,
          `The node lock ${this.path} does not name a process, so IICP Provider cannot tell whether another copy serves this node. If none runs, delete that file.`,
        );
      }
      const ownedHere = pid === process.pid && heldHere.has(this.path);
      if (ownedHere) {
        throw new InstanceLockError('held', this.path, 'This node is already being served by this process.');
      }
      if (pid !== process.pid && pidAlive(pid)) {
        throw new InstanceLockError(
          'held',
          this.path,
          `This node is already being served by another process (PID ${pid}). Quit it first (the desktop app or "npm run headless"). If no IICP Provider runs, delete ${this.path}.`,
        );
      }
      if (this.removeStale(text) === 'busy') {
        throw new InstanceLockError(
          'held',
          this.path,
          'Another IICP Provider took this node at the same moment; this one gives way.',
        );
      }
    }
    throw new InstanceLockError('held', this.path, `Could not take the node lock ${this.path}.`);
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    heldHere.delete(this.path);
    try {
      if (readFileSync(this.path, 'utf8').trim() === String(process.pid)) rmSync(this.path, { force: true });
    } catch {
      // already gone
    }
  }

  /**
   * Creates the lock file with our PID already in it. A file created empty and written afterwards would let a racing
   * process read "" in between and fail with a misleading "unverifiable".
   */
  private tryCreate(path = this.path): boolean {
    return createNewFile(path, String(process.pid));
  }

  private readOwner(): string | null {
    return readText(this.path);
  }

  /**
   * Removes a stale lock file naming `staleText`. Only the process that holds the takeover file (`<lock>.takeover`,
   * made atomically like the lock itself) may remove it, and it reads the lock again first: so a lock that a racing
   * process has just taken in the stale one's place is never moved, and two racers can never both end up holding it.
   * `busy`: another live process is taking over at this moment (this one gives way); `retry`: a takeover file left by
   * a process that is gone was cleared, try again.
   */
  private removeStale(staleText: string): 'removed' | 'busy' | 'retry' {
    const takeover = `${this.path}.takeover`;
    if (!this.tryCreate(takeover)) {
      const text = readText(takeover);
      const owner = text !== null && /^\d+$/.test(text) ? Number(text) : null;
      if (owner !== null && owner !== process.pid && pidAlive(owner)) return 'busy';
      clearDeadTakeover(takeover, text);
      return 'retry';
    }
    try {
      if (this.readOwner() === staleText) rmSync(this.path, { force: true });
      return 'removed';
    } finally {
      rmSync(takeover, { force: true });
    }
  }
}

/** A file's text, trimmed, or null when it does not exist. */
function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Clears a takeover file left by a process that is gone (`deadText`, its content as read): moved aside first (only one
 * racer gets it), and put back if what was moved is a live racer's fresh takeover rather than the dead one.
 */
function clearDeadTakeover(takeover: string, deadText: string | null): void {
  const aside = `${takeover}.${process.pid}.${randomBytes(6).toString('hex')}.stale`;
  try {
    renameSync(takeover, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    if (readText(aside) !== deadText) linkSync(aside, takeover);
  } catch {
    // A new takeover was made meanwhile: it stands.
  } finally {
    rmSync(aside, { force: true });
  }
}
