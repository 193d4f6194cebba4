import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import {
  CappedLineSplitter,
  forceEndTree,
  hasExited,
  killTree,
  killTreeNow,
  OutputBudget,
  treeSpawnOptions,
} from '../../subprocess';
import { said, type Said } from '@shared/i18n/said';

/**
 * The quick-tunnel address cloudflared prints in its banner. `api.trycloudflare.com` is the service cloudflared asks
 * for a tunnel and appears in its error lines ("Post "https://api.trycloudflare.com/tunnel": …"); it is never one.
 */
const TUNNEL_URL = /https:\/\/((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+trycloudflare\.com)\b/i;

// What cloudflared prints when Cloudflare refuses to create another quick tunnel for now, e.g.
// `ERR Error unmarshaling QuickTunnel response: error code: 1015 … status_code="429 Too Many Requests"`.
const RATE_LIMITED = /too many requests|error code:?\s*1015|status_code="?429|rate[ -]?limit/i;

const KEEP_LINES = 8;

/**
 * What cloudflared's output may cost. Its longest line is the ~600-byte banner notice, and everything it prints before
 * the address is a few kilobytes: a longer line is dropped unread, and a program that prints more before its address
 * is not a tunnel starting. After the address it keeps logging (connections, errors per failed request: a few
 * kilobytes a minute), which is read and thrown away within a budget per minute hundreds of times that. The budget
 * stays small because every byte read is memory first: reading 16 MiB of a flood made the engine's memory jump and
 * its garbage collector stop the node for over 100 ms on a busy machine, delaying the answers it owes meanwhile.
 */
export const CLOUDFLARED_LIMITS = {
  maxLineBytes: 4 * 1024,
  maxStartBytes: 4 * 1024 * 1024,
  maxLogBytesPerMinute: 1024 * 1024,
};

export type CloudflaredOutcome =
  | { ok: true; url: string }
  | {
      ok: false;
      /** `flooded`: it printed more than a tunnel needs before its address; it was ended unread. */
      why: 'timeout' | 'exited' | 'spawn_failed' | 'flooded';
      /** Cloudflare refused the creation with 429 / error 1015. */
      rateLimited: boolean;
      /** A plain sentence for people. */
      message: Said;
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
  /** Why it was ended for printing far more than a tunnel needs (before or after its address), in words; else null. */
  readonly flooded: Said | null;
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
    return exitedRun(said('tunnel.cloudflared.notStarted', { code }));
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
  const failure = (why: Exclude<CloudflaredOutcome, { ok: true }>['why'], message: Said): CloudflaredOutcome => {
    const rateLimited = why !== 'flooded' && lines.some((l) => RATE_LIMITED.test(l));
    return {
      ok: false,
      why,
      rateLimited,
      message: rateLimited ? said('tunnel.cloudflared.rateLimited') : message,
      lastLine: lastMeaningful(lines),
    };
  };

  // cloudflared logs to stderr; stdout is read too in case a version moves the banner. Reading both for the whole
  // life of the child keeps its pipes drained, so it never blocks on a full pipe.
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > KEEP_LINES) lines.shift();
    const m = TUNNEL_URL.exec(line);
    if (m && m[1]!.toLowerCase() !== 'api.trycloudflare.com')
      settle({ ok: true, url: `https://${m[1]!.toLowerCase()}` });
  };
  let flooded: Said | null = null;
  const flood = (message: Said) => {
    if (flooded !== null) return;
    flooded = message;
    // Ended at once and read no further: a program that floods its pipes gets no grace period to flood them more.
    child.stdout?.destroy();
    child.stderr?.destroy();
    forceEndTree(child);
    settle(failure('flooded', message));
  };
  const startBudget = new OutputBudget(CLOUDFLARED_LIMITS.maxStartBytes);
  let logWindow = { from: performance.now(), budget: new OutputBudget(CLOUDFLARED_LIMITS.maxLogBytesPerMinute) };
  const read = (stream: Readable | null) => {
    if (!stream) return;
    const splitter = new CappedLineSplitter(CLOUDFLARED_LIMITS.maxLineBytes, startBudget);
    stream.on('data', (chunk: Buffer) => {
      if (flooded !== null) return;
      if (!settled) {
        for (const line of splitter.push(chunk)) if (!settled) onLine(line);
        if (startBudget.exceeded && !settled) {
          flood(said('tunnel.cloudflared.floodedStart', { mib: mib(CLOUDFLARED_LIMITS.maxStartBytes) }));
        }
        return;
      }
      // Once the address is known the output is only counted, never kept.
      if (performance.now() - logWindow.from >= 60_000)
        logWindow = { from: performance.now(), budget: new OutputBudget(CLOUDFLARED_LIMITS.maxLogBytesPerMinute) };
      logWindow.budget.take(chunk.length);
      if (logWindow.budget.exceeded)
        flood(said('tunnel.cloudflared.floodedMinute', { mib: mib(CLOUDFLARED_LIMITS.maxLogBytesPerMinute) }));
    });
    // Its last words may lack a newline (it exits right after them); they still say why it stopped.
    stream.once('end', () => {
      if (!settled && flooded === null) for (const line of splitter.end()) onLine(line);
    });
  };
  read(child.stdout);
  read(child.stderr);

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
    settle(failure('spawn_failed', said('tunnel.cloudflared.notStarted', { code: err.code ?? err.message })));
  });
  child.once('close', (code) => {
    settle(
      failure(
        'exited',
        code !== null
          ? said('tunnel.cloudflared.exitedCode', { code: String(code) })
          : said('tunnel.cloudflared.exited'),
      ),
    );
  });
  const timer = setTimeout(() => {
    settle(
      failure('timeout', said('tunnel.cloudflared.noAddress', { seconds: Math.round(o.startTimeoutMs / 100) / 10 })),
    );
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
    get flooded() {
      return flooded;
    },
    stop,
  };
}

/**
 * No shell ever: on Windows a `.cmd` (a package manager's shim) cannot be run directly since Node's fix for
 * CVE-2024-27980, so it is handed to cmd.exe as one quoted command line; the arguments are fixed and safe.
 */
function spawnNoShell(binary: string, args: string[], env: NodeJS.ProcessEnv | undefined): ChildProcess {
  const common = {
    stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[],
    env: env ?? process.env,
    ...treeSpawnOptions(),
  };
  if (process.platform === 'win32' && /\.(cmd|bat)$/i.test(binary)) {
    const comspec = process.env.ComSpec ?? 'cmd.exe';
    return spawn(comspec, ['/d', '/s', '/c', `""${binary}" ${args.join(' ')}"`], {
      ...common,
      windowsVerbatimArguments: true,
    });
  }
  return spawn(binary, args, common);
}

function exitedRun(message: Said): CloudflaredRun {
  const done = Promise.resolve();
  return {
    pid: undefined,
    outcome: Promise.resolve({ ok: false, why: 'spawn_failed', rateLimited: false, message, lastLine: null }),
    exited: done,
    hasExited: true,
    flooded: null,
    stop: () => done,
  };
}

function mib(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

/** The last line that says something, without cloudflared's "2024-05-01T10:00:00Z INF " prefix, cut short. */
function lastMeaningful(lines: string[]): string | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!.replace(/^\S+Z\s+(?:DBG|INF|WRN|ERR|FTL)\s+/, '').trim();
    if (l && !/^[+|]/.test(l)) return l.length > 200 ? `${l.slice(0, 199)}…` : l;
  }
  return null;
}
