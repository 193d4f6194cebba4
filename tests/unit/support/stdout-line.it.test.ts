/**
 * The acknowledging children of the durability tests write their lines through writeLine: a parent that falls behind
 * (a busy machine) fills the pipe, and the child must wait for it rather than die of EAGAIN.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../support/eventually';

describe('writeLine', () => {
  it('waits for a parent that stopped reading, and every line arrives whole', async () => {
    const lines = 20_000; // 2 MB: far more than the pipe and the parent's stream buffer hold together
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/stdout-line-child.ts', String(lines)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let ended = false;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    void exited.then(() => (ended = true));
    const out = child.stdout;
    out.pause();
    // The parent's buffer is full, so the pipe behind it fills too while the child goes on writing (a child that died
    // of a full pipe ends the wait too, and fails below).
    await eventually(() => expect(ended || out.readableLength >= out.readableHighWaterMark).toBe(true), 20_000, 10);
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    out.resume();
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    const got = Buffer.concat(chunks).toString().split('\n').filter(Boolean);
    expect(got).toHaveLength(lines);
    expect(got.every((l, i) => l.length === 99 && Number(l.slice(0, 9)) === i)).toBe(true);
  }, 60_000);
});
