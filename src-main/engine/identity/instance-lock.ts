import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per node: two processes serving the same node_id would keep rotating each other's token at
 * the directory. A PID file created atomically (`wx`); a dead owner's file is taken over once; an alive or
 * unreadable owner fails closed.
 */
export class InstanceLock {
  private held = false;
  readonly path: string;

  constructor(runDir: string, nodeId: string) {
    if (!/^[A-Za-z0-9._:-]{1,64}$/.test(nodeId)) throw new Error('invalid node id for a lock file');
    this.path = join(runDir, `${nodeId}.pid`);
    mkdirSync(runDir, { recursive: true, mode: 0o700 });
  }

  acquire(): void {
    if (this.held) return;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.path, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.held = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      let text: string;
      try {
        text = readFileSync(this.path, 'utf8').trim();
      } catch {
        continue; // vanished between open and read: try again
      }
      const pid = /^\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(pid) || pid <= 0) {
        throw new InstanceLockError('unverifiable', this.path, `The node lock ${this.path} is unreadable; if no other IICP Provider runs, delete that file.`);
      }
      if (pid !== process.pid && pidAlive(pid)) {
        throw new InstanceLockError('held', this.path, `This node is already being served by another process (PID ${pid}). Quit it first (the desktop app or "npm run headless").`);
      }
      if (pid === process.pid) {
        throw new InstanceLockError('held', this.path, 'This node is already being served by this process.');
      }
      rmSync(this.path, { force: true }); // stale: its owner died
    }
    throw new InstanceLockError('held', this.path, `Could not take the node lock ${this.path}.`);
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    try {
      if (readFileSync(this.path, 'utf8').trim() === String(process.pid)) rmSync(this.path, { force: true });
    } catch {
      // already gone
    }
  }
}
