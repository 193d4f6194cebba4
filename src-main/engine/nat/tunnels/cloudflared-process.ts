import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { hasExited, killTree, killTreeNow, treeSpawnOptions } from './kill-tree';

/**
 * The quick-tunnel address cloudflared prints in its banner. `api.trycloudflare.com` is the service cloudflared asks
 * for a tunnel and appears in its error lines ("Post "https://api.trycloudflare.com/tunnel": …"); it is never one.
 */
const TUNNEL_URL = /https:\/\/((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+trycloudflare\.com)\b/i;

// What cloudflared prints when Cloudflare refuses to create another quick tunnel for now, e.g.
// `ERR Error unmarshaling QuickTunnel response: error code: 1015 … status_code="429 Too Many Requests"`.
const RATE_LIMITED = /too many requests|error code:?\s*1015|status_code="?429|rate[ -]?limit/i;

const KEEP_LINES = 8;

export type CloudflaredOutcome =
  | { ok: true; url: string }
  | {
      ok: false;
      why: 'timeout' | 'exited' | 'spawn_failed';
      /** Cloudflare refused the creation with 429 / error 1015. */
      rateLimited: boolean;
      /** A plain sentence for people. */
      message: string;
      /** The last thing cloudflared said, stripped of its timestamp, for the log (short). */
      lastLine: string | null;
    };

export interface CloudflaredRun {
  readonly pid: number | undefined;
  /** The first tunnel address, or why none came within the start timeout (the child is then ended). */
  readonly outcome: Promise<CloudflaredOutcome>;
  /** Settles when the process has exited, for whatever reason. */
  readonly exited: Promise<void>;
  readonly hasExited: boolean;
  /** Ends the process and anything it started (SIGTERM, SIGKILL after `graceMs`). Idempotent. */
  stop(graceMs: number): Promise<void>;
}

export interface CloudflaredStartOptions {
  binary: string;
  port: number;
  startTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** Starts `cloudflared tunnel --url http://127.0.0.1:<port>` and watches its output for the tunnel address. */
export function startCloudflared(o: CloudflaredStartOptions): CloudflaredRun {
  const args = ['tunnel', '--url', `http://127.0.0.1:${o.port}`];
  let child: ChildProcess;
  try {
    child = spawnNoShell(o.binary, args, o.env);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    return exitedRun(`cloudflared could not be started (${code}).`);
  }

  const lines: string[] = [];
  let resolveOutcome!: (o: CloudflaredOutcome) => void;
  const outcome = new Promise<CloudflaredOutcome>((r) => (resolveOutcome = r));
  let settled = false;
  const settle = (value: CloudflaredOutcome) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    resolveOutcome(value);
  };
  const failure = (why: 'timeout' | 'exited' | 'spawn_failed', message: string): CloudflaredOutcome => {
    const rateLimited = lines.some((l) => RATE_LIMITED.test(l));
    return {
      ok: false,
      why,
      rateLimited,
      message: rateLimited ? 'Cloudflare refused to create another quick tunnel for now (too many requests from this network).' : message,
      lastLine: lastMeaningful(lines),
    };
  };

  // cloudflared logs to stderr; stdout is read too in case a version moves the banner. Reading both for the whole
  // life of the child keeps its pipes drained, so it never blocks on a full pipe.
  const onLine = (line: string) => {
    if (settled) return;
    lines.push(line);
    if (lines.length > KEEP_LINES) lines.shift();
    const m = TUNNEL_URL.exec(line);
    if (m && m[1]!.toLowerCase() !== 'api.trycloudflare.com') settle({ ok: true, url: `https://${m[1]!.toLowerCase()}` });
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
  if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);

  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => {
      if (child.pid === undefined) resolve();
    });
  });
  // An app that exits without stop() (a crash, process.exit) must not leave the tunnel running.
  const onProcessExit = () => killTreeNow(child);
  process.once('exit', onProcessExit);
  void exited.then(() => process.removeListener('exit', onProcessExit));

  child.once('error', (err: NodeJS.ErrnoException) => {
    settle(failure('spawn_failed', `cloudflared could not be started (${err.code ?? err.message}).`));
  });
  child.once('close', (code) => {
    settle(failure('exited', `cloudflared stopped${code !== null ? ` with exit code ${code}` : ''} before it printed a tunnel address.`));
  });
  const timer = setTimeout(() => {
    settle(failure('timeout', `cloudflared printed no tunnel address within ${Math.round(o.startTimeoutMs / 100) / 10} s.`));
    void stop(2_000);
  }, o.startTimeoutMs);

  let stopping: Promise<void> | null = null;
  const stop = (graceMs: number): Promise<void> => {
    stopping ??= hasExited(child) || child.pid === undefined ? exited : killTree(child, graceMs);
    return stopping;
  };

  return {
    get pid() {
      return child.pid;
    },
    outcome,
    exited,
    get hasExited() {
      return hasExited(child) || (child.pid === undefined && settled);
    },
    stop,
  };
}

/**
 * No shell ever: on Windows a `.cmd` (a package manager's shim) cannot be run directly since Node's fix for
 * CVE-2024-27980, so it is handed to cmd.exe as one quoted command line; the arguments are fixed and safe.
 */
function spawnNoShell(binary: string, args: string[], env: NodeJS.ProcessEnv | undefined): ChildProcess {
  const common = { stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[], env: env ?? process.env, ...treeSpawnOptions() };
  if (process.platform === 'win32' && /\.(cmd|bat)$/i.test(binary)) {
    const comspec = process.env.ComSpec ?? 'cmd.exe';
    return spawn(comspec, ['/d', '/s', '/c', `""${binary}" ${args.join(' ')}"`], { ...common, windowsVerbatimArguments: true });
  }
  return spawn(binary, args, common);
}

function exitedRun(message: string): CloudflaredRun {
  const done = Promise.resolve();
  return {
    pid: undefined,
    outcome: Promise.resolve({ ok: false, why: 'spawn_failed', rateLimited: false, message, lastLine: null }),
    exited: done,
    hasExited: true,
    stop: () => done,
  };
}

/** The last line that says something, without cloudflared's "2024-05-01T10:00:00Z INF " prefix, cut short. */
function lastMeaningful(lines: string[]): string | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!.replace(/^\S+Z\s+(?:DBG|INF|WRN|ERR|FTL)\s+/, '').trim();
    if (l && !/^[+|]/.test(l)) return l.length > 200 ? `${l.slice(0, 199)}…` : l;
  }
  return null;
}
