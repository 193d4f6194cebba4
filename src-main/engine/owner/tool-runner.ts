/**
 * Runs another program of this computer (a driver tool, `ps`, `xprop`) the careful way: no shell, a time budget, a cap
 * on what it may print, and its window hidden on Windows. Whatever it does, the caller gets a plain result or error.
 */
import { spawn } from 'node:child_process';

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

export function runTool(path: string, args: readonly string[], o: { timeoutMs: number; maxBytes: number; env?: NodeJS.ProcessEnv }): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(path, args, { stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true, env: o.env ?? process.env });
    } catch (err) {
      reject(new ToolRunError('missing', err instanceof Error ? err.message : String(err)));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failure: ToolRunError | null = null;
    const stop = (e: ToolRunError) => {
      failure ??= e;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(new ToolRunError('timeout', `no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > o.maxBytes) return stop(new ToolRunError('too_large', `printed more than ${o.maxBytes} bytes`));
      chunks.push(chunk);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      failure ??= new ToolRunError(err.code === 'ENOENT' || err.code === 'EACCES' ? 'missing' : 'failed', err.message);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else resolve({ code, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
}
