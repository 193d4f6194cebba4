/**
 * Runs another program of this computer (a driver tool, `ps`, `xprop`) the careful way: no shell, a time budget, a cap
 * on what it may print, and its window hidden on Windows (`../subprocess/run-program.ts`). A program that overruns is
 * ended with everything it started. Whatever it does, the caller gets a plain result or error.
 */
import { runProgram } from '../subprocess';

export interface ToolRun {
  code: number | null;
  stdout: string;
}

export class ToolRunError extends Error {
  constructor(
    readonly code: 'missing' | 'timeout' | 'too_large' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'ToolRunError';
  }
}

export async function runTool(
  path: string,
  args: readonly string[],
  o: { timeoutMs: number; maxBytes: number; env?: NodeJS.ProcessEnv },
): Promise<ToolRun> {
  const r = await runProgram(path, args, { timeoutMs: o.timeoutMs, maxStdoutBytes: o.maxBytes, env: o.env });
  if (r.ok) return { code: r.code, stdout: r.stdout.toString('utf8') };
  switch (r.kind) {
    case 'not_started':
      throw new ToolRunError(r.errno === 'ENOENT' || r.errno === 'EACCES' ? 'missing' : 'failed', r.message);
    case 'timeout':
      throw new ToolRunError('timeout', `no answer within ${o.timeoutMs} ms`);
    case 'too_large':
      throw new ToolRunError('too_large', `printed more than ${o.maxBytes} bytes`);
  }
}
