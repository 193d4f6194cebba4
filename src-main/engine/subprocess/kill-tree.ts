import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

/*
 * How a program the node started (a tunnel, a driver tool) and anything it started are ended. On Linux and macOS the
 * program is started as the leader of its own process group (spawn `detached`), so a signal to the group reaches it
 * and its children: a child that shares its output pipes cannot live on and keep writing to them. On Windows a
 * `.cmd` shim runs the real program under cmd.exe; `taskkill /T` ends that whole tree.
 */

/** spawn() options that make killTree() able to reach the whole tree. */
export function treeSpawnOptions(platform: NodeJS.Platform = process.platform): {
  detached: boolean;
  windowsHide: boolean;
} {
  // A detached child on Windows would get a console window of its own; there the tree is found by taskkill instead.
  return { detached: platform !== 'win32', windowsHide: true };
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Asks the tree to stop (SIGTERM; cloudflared then closes its connections), and force-kills it if it is still there
 * after `graceMs`. Resolves once the child itself has exited. Safe to call on an exited child.
 */
export async function killTree(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => {
    if (hasExited(child)) resolve();
    else child.once('exit', () => resolve());
  });
  if (process.platform === 'win32') {
    await taskkill(child.pid);
  } else {
    signalGroup(child, 'SIGTERM');
  }
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      if (process.platform !== 'win32') signalGroup(child, 'SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([exited, forced]);
  clearTimeout(timer);
  await exited;
  // The leader may have exited on SIGTERM while something it started ignored it.
  if (process.platform !== 'win32') signalGroup(child, 'SIGKILL');
}

/** Ends the tree at once, without a grace period and without waiting (a program that printed far too much). */
export function forceEndTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (process.platform === 'win32') void taskkill(child.pid);
  else signalGroup(child, 'SIGKILL');
}

/** For process 'exit' handlers, where nothing asynchronous runs any more: ends the tree at once. */
export function killTreeNow(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (process.platform === 'win32') {
    try {
      execFileSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], {
        stdio: 'ignore',
        windowsHide: true,
        timeout: 5_000,
      });
    } catch {
      // Already gone.
    }
    return;
  }
  signalGroup(child, 'SIGKILL');
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // A negative pid addresses the process group the detached child leads.
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already (ESRCH); fall back to the child alone in case it was not started detached.
    try {
      if (!hasExited(child)) child.kill(signal);
    } catch {
      // Gone as well.
    }
  }
}

function taskkill(pid: number): Promise<void> {
  return new Promise((resolve) => {
    const p = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    p.once('error', () => resolve());
    p.once('exit', () => resolve());
  });
}
