/**
 * Runs another program of this computer once (tailscale, a driver tool, `ps`, `xprop`) the careful way: no shell
 * (nothing in the arguments is ever interpreted), its window hidden on Windows, a time budget, and what it prints read
 * as bytes within caps. A program that overruns its time or its caps is ended with everything it started, and its
 * pipes are closed, so a child that shares them cannot keep the reader busy. Never throws.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { OutputBudget } from './capped-lines';
import { forceEndTree, treeSpawnOptions } from './kill-tree';

export type ProgramRun =
  | {
      ok: true;
      /** The exit code, or null when a signal ended it. */
      code: number | null;
      signal: NodeJS.Signals | null;
      stdout: Buffer;
      /** The start of what it printed on stderr (when read), for a short detail; never the whole of it. */
      stderrHead: string;
    }
  /** It could not be started: `errno` is the system's code (ENOENT: not installed). */
  | { ok: false; kind: 'not_started'; errno: string | null; message: string }
  /** It did not finish within the time budget. */
  | { ok: false; kind: 'timeout' }
  /** It printed more than its caps allow on `stream`. */
  | { ok: false; kind: 'too_large'; stream: 'stdout' | 'stderr' };

export interface RunProgramOptions {
  timeoutMs: number;
  /** Most of stdout kept; a byte more ends the program as too large. */
  maxStdoutBytes: number;
  /** Read stderr for a detail (its first bytes are kept, at most `MAX_STDERR_BYTES` are read); default: not read. */
  readStderr?: boolean;
  env?: NodeJS.ProcessEnv;
}

const STDERR_HEAD_BYTES = 4096;
/** A program explaining itself on stderr writes a few lines; one writing more than this is not explaining. */
export const MAX_STDERR_BYTES = 1024 * 1024;

export function runProgram(file: string, args: readonly string[], o: RunProgramOptions): Promise<ProgramRun> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(file, [...args], {
        stdio: ['ignore', 'pipe', o.readStderr ? 'pipe' : 'ignore'],
        env: o.env ?? process.env,
        ...treeSpawnOptions(),
      });
    } catch (err) {
      resolve(notStarted(err));
      return;
    }
    const out: Buffer[] = [];
    const outBudget = new OutputBudget(o.maxStdoutBytes);
    const errHead: Buffer[] = [];
    const errBudget = new OutputBudget(MAX_STDERR_BYTES);
    let settled = false;
    const finish = (r: ProgramRun, endTree: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (endTree) forceEndTree(child);
      // Nothing more is read, even from a program it started that still holds the pipes.
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(r);
    };
    child.stdout!.on('data', (d: Buffer) => {
      const fit = outBudget.take(d.length);
      if (fit > 0) out.push(fit < d.length ? d.subarray(0, fit) : d);
      if (outBudget.exceeded) finish({ ok: false, kind: 'too_large', stream: 'stdout' }, true);
    });
    child.stderr?.on('data', (d: Buffer) => {
      const before = errBudget.used;
      const fit = errBudget.take(d.length);
      if (before < STDERR_HEAD_BYTES && fit > 0)
        errHead.push(Buffer.from(d.subarray(0, Math.min(fit, STDERR_HEAD_BYTES - before))));
      if (errBudget.exceeded) finish({ ok: false, kind: 'too_large', stream: 'stderr' }, true);
    });
    const timer = setTimeout(() => finish({ ok: false, kind: 'timeout' }, true), o.timeoutMs);
    child.once('error', (err) => finish(notStarted(err), child.pid !== undefined));
    child.once('close', (code, signal) =>
      finish(
        { ok: true, code, signal, stdout: Buffer.concat(out), stderrHead: Buffer.concat(errHead).toString('utf8') },
        false,
      ),
    );
  });
}

function notStarted(err: unknown): ProgramRun {
  const e = err as NodeJS.ErrnoException | null;
  return {
    ok: false,
    kind: 'not_started',
    errno: e?.code ?? null,
    message: e instanceof Error ? e.message : String(err),
  };
}
