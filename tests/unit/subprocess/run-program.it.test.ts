/**
 * The one-shot runner behind tailscale and the owner watcher's tools: output read within caps, and a program that
 * overruns its caps or its time ended with everything it started, even a child that holds its pipes and keeps writing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '@engine/subprocess/run-program';
import { cleanupAfterEach } from '../../support/cleanup';
import { eventually } from '../../support/eventually';
import { tempDir } from '../../support/tmp';
import { processExists } from '../../support/tunnels/standins';

const cleanup = cleanupAfterEach();
const node = (script: string, ...args: string[]) => [process.execPath, ['-e', script, ...args]] as const;

/** A script that starts a child sharing its stdout, writes both pids to `pidFile`, and lets the child `childDoes`. */
function withChild(pidFile: string, childDoes: string): string {
  const child = JSON.stringify(childDoes);
  return `
    const { spawn } = require('node:child_process');
    const c = spawn(process.execPath, ['-e', ${child}], { stdio: ['ignore', 'inherit', 'ignore'] });
    require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, process.pid + ' ' + c.pid);
    setInterval(() => {}, 1 << 30);`;
}
const FLOOD = `const b = Buffer.alloc(1 << 20, 120); const w = () => process.stdout.write(b) ? setImmediate(w) : process.stdout.once('drain', w); w();`;

function pidsIn(file: string): number[] {
  return readFileSync(file, 'utf8').split(' ').map(Number);
}

describe('runProgram', () => {
  it('collects stdout and the start of stderr, with the exit code', async () => {
    const [file, args] = node(
      `process.stdout.write('out'); process.stderr.write('first line\\n' + 'e'.repeat(10000)); process.exitCode = 3;`,
    );
    const r = await runProgram(file, args, { timeoutMs: 10_000, maxStdoutBytes: 1024, readStderr: true });
    expect(r).toMatchObject({ ok: true, code: 3, signal: null });
    if (!r.ok) return;
    expect(r.stdout.toString()).toBe('out');
    expect(r.stderrHead.startsWith('first line\n')).toBe(true);
    expect(r.stderrHead.length).toBe(4096);
  });

  it('says a program that is not there was not started (ENOENT)', async () => {
    expect(await runProgram('/nonexistent/tool', [], { timeoutMs: 1_000, maxStdoutBytes: 10 })).toMatchObject({
      ok: false,
      kind: 'not_started',
      errno: 'ENOENT',
    });
  });

  it('ends a program printing past its cap, and the child it started that shares the pipe and floods on', async () => {
    const dir = tempDir();
    cleanup.defer(dir.cleanup);
    const pidFile = join(dir.dir, 'pids');
    const [file, args] = node(withChild(pidFile, FLOOD));
    const r = await runProgram(file, args, { timeoutMs: 20_000, maxStdoutBytes: 4 * 1024 * 1024 });
    expect(r).toEqual({ ok: false, kind: 'too_large', stream: 'stdout' });
    for (const pid of pidsIn(pidFile)) await eventually(() => expect(processExists(pid)).toBe(false));
  });

  it('ends a program that floods stderr past its cap', async () => {
    const [file, args] = node(
      `const b = Buffer.alloc(1 << 20, 120); const w = () => process.stderr.write(b) ? setImmediate(w) : process.stderr.once('drain', w); w();`,
    );
    expect(await runProgram(file, args, { timeoutMs: 20_000, maxStdoutBytes: 1024, readStderr: true })).toEqual({
      ok: false,
      kind: 'too_large',
      stream: 'stderr',
    });
  });

  it('gives up at its time budget on a program that exited while its child keeps the pipe open, and ends the child', async () => {
    const dir = tempDir();
    cleanup.defer(dir.cleanup);
    const pidFile = join(dir.dir, 'pids');
    const script = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: ['ignore', 'inherit', 'ignore'] });
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, process.pid + ' ' + c.pid);
      c.unref();
      process.exit(0);`;
    const [file, args] = node(script);
    expect(await runProgram(file, args, { timeoutMs: 1_500, maxStdoutBytes: 1024 })).toEqual({
      ok: false,
      kind: 'timeout',
    });
    const [, grandchild] = pidsIn(pidFile);
    await eventually(() => expect(processExists(grandchild!)).toBe(false));
  });
});
