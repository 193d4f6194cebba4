/**
 * The per-node PID file, ported from the reference CLI's `instance_lock.rs`: one process per
 * node id, a dead owner's file is taken over, a live or unverifiable one is refused, and release only
 * removes a file this process still owns.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InstanceLock, InstanceLockError, liveLockOwners } from '@engine/identity/instance-lock';
import { tempDir } from '../../support/tmp';

const NODE_ID = '7d9f1c2e-4b6a-4c8d-9e0f-1a2b3c4d5e6f';
const RACER = fileURLToPath(new URL('./fixtures/lock-racer.ts', import.meta.url));

function expectLockError(fn: () => unknown, code: InstanceLockError['code']): InstanceLockError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InstanceLockError);
  expect((caught as InstanceLockError).code).toBe(code);
  return caught as InstanceLockError;
}

/** The PID of a process that has already exited (and whose PID nobody has reused yet). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (!r.pid) throw new Error('could not spawn');
  return r.pid;
}

describe('InstanceLock', () => {
  let dir: string;
  let cleanup: () => void;
  let runDir: string;
  let lockPath: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-lock-'));
    runDir = join(dir, 'run');
    lockPath = join(runDir, `${NODE_ID}.pid`);
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    cleanup();
  });

  it('creates run/<node_id>.pid holding its PID, owner-only, and removes it on release', () => {
    const lock = new InstanceLock(runDir, NODE_ID);
    expect(lock.path).toBe(lockPath);
    lock.acquire();
    expect(readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    if (process.platform !== 'win32') {
      expect(statSync(lockPath).mode & 0o777).toBe(0o600);
      expect(statSync(runDir).mode & 0o777).toBe(0o700);
    }
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
    // Nothing else is left in the run folder (no temp or set-aside files).
    expect(readdirSync(runDir)).toEqual([]);
  });

  it('can be taken again after release, and acquire/release are idempotent', () => {
    const lock = new InstanceLock(runDir, NODE_ID);
    lock.acquire();
    lock.acquire();
    lock.release();
    lock.release();
    const next = new InstanceLock(runDir, NODE_ID);
    next.acquire();
    expect(readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    next.release();
  });

  it('refuses a node id that could escape the run folder', () => {
    expect(() => new InstanceLock(runDir, '../elsewhere')).toThrow(/invalid node id/);
    expect(() => new InstanceLock(runDir, '')).toThrow(/invalid node id/);
  });

  it('live_foreign_pid_is_refused_without_external_kill', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(sleeper);
    await new Promise((resolve) => sleeper.once('spawn', resolve));
    new InstanceLock(runDir, NODE_ID); // creates the run folder
    writeFileSync(lockPath, `${sleeper.pid}\n`);

    const err = expectLockError(() => new InstanceLock(runDir, NODE_ID).acquire(), 'held');
    expect(err.message).toContain(`PID ${sleeper.pid}`);
    expect(err.message).toMatch(/already being served by another process/);
    expect(err.path).toBe(lockPath);
    // The owner was neither killed nor dispossessed.
    expect(sleeper.exitCode).toBeNull();
    expect(sleeper.signalCode).toBeNull();
    expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(sleeper.pid));
  });

  it('stale_pid_is_recovered', () => {
    const pid = deadPid();
    new InstanceLock(runDir, NODE_ID);
    writeFileSync(lockPath, String(pid));
    const lock = new InstanceLock(runDir, NODE_ID);
    lock.acquire();
    expect(readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(readdirSync(runDir)).toEqual([]);
  });

  it('a file naming our own PID that this process does not hold is stale (a restarted container reuses PIDs)', () => {
    new InstanceLock(runDir, NODE_ID);
    writeFileSync(lockPath, String(process.pid));
    const lock = new InstanceLock(runDir, NODE_ID);
    lock.acquire();
    expect(readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    lock.release();
  });

  it('a second lock on the same node in this same process is refused', () => {
    const first = new InstanceLock(runDir, NODE_ID);
    first.acquire();
    expect(expectLockError(() => new InstanceLock(runDir, NODE_ID).acquire(), 'held').message).toMatch(/this process/);
    first.release();
  });

  it.each([['not a pid'], [''], ['-5'], ['0'], ['12abc'], ['99999999999999999999']])(
    'malformed_existing_owner_fails_closed (%j)',
    (content) => {
      new InstanceLock(runDir, NODE_ID);
      writeFileSync(lockPath, content);
      const err = expectLockError(() => new InstanceLock(runDir, NODE_ID).acquire(), 'unverifiable');
      expect(err.message).toContain(lockPath);
      // Failing closed means leaving the file alone for the person to judge.
      expect(readFileSync(lockPath, 'utf8')).toBe(content);
    },
  );

  it('release removes the file only while this process still owns it', () => {
    const lock = new InstanceLock(runDir, NODE_ID);
    lock.acquire();
    // Someone else took the node over meanwhile (e.g. after deleting our file by hand).
    writeFileSync(lockPath, '424242');
    lock.release();
    expect(readFileSync(lockPath, 'utf8')).toBe('424242');
  });

  it('release without acquire leaves another owner’s file alone', () => {
    new InstanceLock(runDir, NODE_ID);
    writeFileSync(lockPath, String(process.pid));
    new InstanceLock(runDir, NODE_ID).release();
    expect(existsSync(lockPath)).toBe(true);
  });

  it('liveLockOwners names the live processes holding a lock in the folder, and nothing else', async () => {
    expect(liveLockOwners(join(dir, 'missing'))).toEqual([]);
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(sleeper);
    await new Promise((resolve) => sleeper.once('spawn', resolve));
    const ours = new InstanceLock(runDir, NODE_ID);
    ours.acquire();
    writeFileSync(join(runDir, 'live.pid'), String(sleeper.pid));
    writeFileSync(join(runDir, 'dead.pid'), String(deadPid()));
    writeFileSync(join(runDir, 'garbled.pid'), 'x');
    writeFileSync(join(runDir, 'notes.txt'), String(sleeper.pid));
    expect(liveLockOwners(runDir).sort()).toEqual([process.pid, sleeper.pid].sort());
    ours.release();
    // Our PID in a file we do not hold is a leftover of an earlier process, not a live owner.
    writeFileSync(join(runDir, 'leftover.pid'), String(process.pid));
    expect(liveLockOwners(runDir)).toEqual([sleeper.pid]);
  });

  describe('simultaneous_acquire_has_one_winner', () => {
    const RACERS = 6;

    /** Starts the racers, lets them all try at once, and returns what each printed. */
    async function race(): Promise<string[]> {
      const racers = Array.from({ length: RACERS }, () => {
        const child = spawn(process.execPath, ['--import', 'tsx', RACER, runDir, NODE_ID], {
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        children.push(child);
        const lines: string[] = [];
        const waiters: ((line: string) => void)[] = [];
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const w = waiters.shift();
          if (w) w(line);
          else lines.push(line);
        });
        const next = () =>
          new Promise<string>((resolve) => (lines.length ? resolve(lines.shift()!) : waiters.push(resolve)));
        return { child, next };
      });
      expect(await Promise.all(racers.map((r) => r.next()))).toEqual(Array(RACERS).fill('ready'));
      for (const r of racers) r.child.stdin!.write('go\n');
      const outcomes = await Promise.all(racers.map((r) => r.next()));
      const exited = racers.map((r) => new Promise((resolve) => r.child.once('exit', resolve)));
      for (const r of racers) r.child.stdin!.end();
      await Promise.all(exited);
      return outcomes;
    }

    it('on a free lock: exactly one wins, every other is told it is held', async () => {
      const outcomes = await race();
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'lost held')).toHaveLength(RACERS - 1);
      // The winner released on exit; nothing is left behind.
      expect(readdirSync(runDir)).toEqual([]);
    });

    it('on a stale lock all of them try to take over: still exactly one wins', async () => {
      new InstanceLock(runDir, NODE_ID);
      writeFileSync(lockPath, String(deadPid()));
      const outcomes = await race();
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'lost held')).toHaveLength(RACERS - 1);
      expect(readdirSync(runDir)).toEqual([]);
    });
  });
});
