import { runProgram } from '../../subprocess';
import { said, type Said } from '@shared/i18n/said';

export type CommandResult =
  | { ok: true; stdout: string }
  /**
   * `missing`: the program is not installed (or not on PATH); `timeout`: it did not finish in time and was
   * stopped; `failed`: it ran and reported an error. `detail` is short: an exit code and the first line it
   * printed on stderr, never the whole output. `waitMs`: how long a `timeout` waited, so a page can say it.
   */
  | { ok: false; kind: 'missing' | 'timeout' | 'failed'; detail: string; waitMs?: number };

// `tailscale status --json` lists every peer; a large tailnet stays far below this, a runaway program does not.
const MAX_STDOUT_BYTES = 8 * 1024 * 1024;
const MAX_DETAIL_CHARS = 160;

/**
 * Runs `file args…` without a shell (nothing in `args` is ever interpreted), waits at most `timeoutMs`, and
 * collects its standard output (`../../subprocess/run-program.ts` reads it within caps). Never throws.
 */
export async function runCommand(
  file: string,
  args: readonly string[],
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  const r = await runProgram(file, args, { timeoutMs, maxStdoutBytes: MAX_STDOUT_BYTES, readStderr: true, env });
  if (r.ok) {
    if (r.code === 0) return { ok: true, stdout: r.stdout.toString('utf8') };
    const firstLine =
      r.stderrHead
        .split(/\r?\n/)
        .find((l) => l.trim().length > 0)
        ?.trim() ?? '';
    const why = r.code !== null ? `exit code ${r.code}` : `stopped by ${r.signal ?? 'a signal'}`;
    return { ok: false, kind: 'failed', detail: clip(firstLine ? `${why}: ${firstLine}` : why) };
  }
  switch (r.kind) {
    case 'not_started':
      if (r.errno === 'ENOENT') return { ok: false, kind: 'missing', detail: 'not installed' };
      return {
        ok: false,
        kind: 'failed',
        detail: clip(r.errno ? `could not be started (${r.errno})` : 'could not be started'),
      };
    case 'timeout':
      return { ok: false, kind: 'timeout', detail: `no answer within ${formatSeconds(timeoutMs)}`, waitMs: timeoutMs };
    case 'too_large':
      return { ok: false, kind: 'failed', detail: 'printed far more than expected' };
  }
}

function clip(s: string): string {
  return s.length > MAX_DETAIL_CHARS ? `${s.slice(0, MAX_DETAIL_CHARS - 1)}…` : s;
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** The same wait as a sentence part, in the locale's figures. */
export function secondsSaid(ms: number): Said {
  const s = ms / 1000;
  return said('tunnel.time.seconds', { seconds: Number.isInteger(s) ? s : Math.round(s * 10) / 10 });
}
