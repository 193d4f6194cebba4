import { spawn } from 'node:child_process';

export type CommandResult =
  | { ok: true; stdout: string }
  /**
   * `missing`: the program is not installed (or not on PATH); `timeout`: it did not finish in time and was
   * stopped; `failed`: it ran and reported an error. `detail` is short: an exit code and the first line it
   * printed on stderr, never the whole output.
   */
  | { ok: false; kind: 'missing' | 'timeout' | 'failed'; detail: string };

// `tailscale status --json` lists every peer; a large tailnet stays far below this, a runaway program does not.
const MAX_STDOUT_BYTES = 8 * 1024 * 1024;
const MAX_DETAIL_CHARS = 160;

/**
 * Runs `file args…` without a shell (nothing in `args` is ever interpreted), waits at most `timeoutMs`, and
 * collects its standard output. Never throws.
 */
export function runCommand(file: string, args: readonly string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: CommandResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let child;
    try {
      child = spawn(file, [...args], { shell: false, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    } catch (err) {
      resolve(spawnFailure(err));
      return;
    }
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      outBytes += d.length;
      if (outBytes > MAX_STDOUT_BYTES) {
        child.kill('SIGKILL');
        finish({ ok: false, kind: 'failed', detail: 'printed far more than expected' });
        return;
      }
      out.push(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 4096) err += d.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, kind: 'timeout', detail: `no answer within ${formatSeconds(timeoutMs)}` });
    }, timeoutMs);
    child.once('error', (e) => finish(spawnFailure(e)));
    child.once('close', (code, signal) => {
      if (code === 0) {
        finish({ ok: true, stdout: Buffer.concat(out).toString('utf8') });
        return;
      }
      const firstLine = err.split(/\r?\n/).find((l) => l.trim().length > 0)?.trim() ?? '';
      const why = code !== null ? `exit code ${code}` : `stopped by ${signal ?? 'a signal'}`;
      finish({ ok: false, kind: 'failed', detail: clip(firstLine ? `${why}: ${firstLine}` : why) });
    });
  });
}

function spawnFailure(err: unknown): CommandResult {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return { ok: false, kind: 'missing', detail: 'not installed' };
  return { ok: false, kind: 'failed', detail: clip(code ? `could not be started (${code})` : 'could not be started') };
}

function clip(s: string): string {
  return s.length > MAX_DETAIL_CHARS ? `${s.slice(0, MAX_DETAIL_CHARS - 1)}…` : s;
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
