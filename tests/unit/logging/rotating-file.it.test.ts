/**
 * The log files' writer (src-main/engine/logging/rotating-file.ts): one open descriptor per file, lines written
 * asynchronously (sonic-boom), a fresh descriptor after rotation or when the path no longer leads to the open file,
 * every queued line written on close (and on an exit without close), and a disk that refuses writes survived.
 */
import { spawnSync } from 'node:child_process';
import fs, { existsSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECHECK_MS, RotatingFile } from '@engine/logging/rotating-file';
import { tempDir } from '../../support/tmp';

const read = (path: string) =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];

describe('RotatingFile', () => {
  let dir: string;
  let cleanup: () => void;
  let ms = Date.parse('2026-03-04T05:06:07Z');
  const clock = () => ms;
  beforeEach(() => ({ dir, cleanup } = tempDir('iicp-rot-')));
  afterEach(() => {
    vi.restoreAllMocks();
    cleanup();
  });

  it('keeps one descriptor open: a file moved away gets the lines until the path is looked at again, then a new file opens', async () => {
    const path = join(dir, 'node.log');
    const file = new RotatingFile(path, 1024 * 1024, 3, clock);
    file.append('one\n');
    await file.settled();
    renameSync(path, `${path}.moved`);
    file.append('two\n'); // same descriptor: no open per line
    await file.settled();
    expect(read(`${path}.moved`)).toEqual(['one', 'two']);
    expect(existsSync(path)).toBe(false);
    ms += RECHECK_MS;
    file.append('three\n');
    await file.close();
    expect(read(path)).toEqual(['three']);
    expect(read(`${path}.moved`)).toEqual(['one', 'two']);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('lines queued across rotations each land in the generation they were counted for', async () => {
    const path = join(dir, 'burst.log');
    const file = new RotatingFile(path, 1000, 3, clock);
    // 35 lines of 100 bytes, none awaited: the rotations happen while earlier generations still have lines queued.
    const lines = Array.from({ length: 35 }, (_, i) => `${String(i).padStart(3, '0')} ${'x'.repeat(95)}`);
    for (const l of lines) file.append(`${l}\n`);
    await file.settled();
    const generations = [`${path}.3`, `${path}.2`, `${path}.1`, path];
    for (const g of generations) {
      expect(statSync(g).size, g).toBeLessThanOrEqual(1000);
      if (process.platform !== 'win32') expect(statSync(g).mode & 0o777, g).toBe(0o600);
    }
    // Oldest to newest, without a gap or a repeat: 10 + 10 + 10 + 5.
    expect(generations.flatMap(read)).toEqual(lines);
    expect(read(path)).toHaveLength(5);
    await file.close();
  });

  it('close writes every queued line before it resolves; a line after close is still written', async () => {
    const path = join(dir, 'close.log');
    const file = new RotatingFile(path, 10 * 1024 * 1024, 3, clock);
    for (let i = 0; i < 2000; i++) file.append(`line ${i}\n`);
    await file.close();
    expect(read(path)).toHaveLength(2000);
    expect(read(path).at(-1)).toBe('line 1999');
    file.append('late\n');
    expect(read(path).at(-1)).toBe('late');
  });

  it('an exit without close (process.exit right after the lines) still writes them', () => {
    const path = join(dir, 'exit.log');
    const script = [
      "import { RotatingFile } from './src-main/engine/logging/rotating-file.ts';",
      `const file = new RotatingFile(${JSON.stringify(path)});`,
      "for (let i = 0; i < 500; i++) file.append('line ' + i + '\\n');",
      'process.exit(0);',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    expect(read(path)).toHaveLength(500);
    expect(read(path).at(-1)).toBe('line 499');
  }, 60_000);

  it('a full disk neither throws nor crashes; the lines wait and are written once the disk takes writes again', async () => {
    const path = join(dir, 'full.log');
    const file = new RotatingFile(path, 10 * 1024 * 1024, 3, clock);
    file.append('before\n');
    await file.settled();
    const realWrite = fs.write;
    let full = true;
    let refused = 0;
    vi.spyOn(fs, 'write').mockImplementation(((...args: unknown[]) => {
      if (!full) return (realWrite as (...a: unknown[]) => void)(...args);
      refused++;
      const callback = args.at(-1) as (err: NodeJS.ErrnoException) => void;
      process.nextTick(
        callback,
        Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
      );
    }) as unknown as typeof fs.write);
    for (let i = 0; i < 50; i++) expect(() => file.append(`while full ${i}\n`)).not.toThrow();
    await file.settled(); // resolves on the failure: nothing hangs on a full disk
    expect(refused).toBeGreaterThan(0);
    expect(read(path)).toEqual(['before']);
    full = false;
    file.append('after\n');
    await file.close();
    expect(read(path)).toEqual(['before', ...Array.from({ length: 50 }, (_, i) => `while full ${i}`), 'after']);
  });

  it.skipIf(process.platform !== 'linux')(
    'a real write error (a file on /dev/full) is survived, and logging goes on once the path leads to a writable file',
    async () => {
      const path = join(dir, 'dev-full.log');
      symlinkSync('/dev/full', path);
      const file = new RotatingFile(path, 10 * 1024 * 1024, 3, clock);
      for (let i = 0; i < 20; i++) expect(() => file.append(`lost ${i}\n`)).not.toThrow();
      await file.settled();
      rmSync(path);
      ms += RECHECK_MS;
      file.append('back\n');
      await file.close();
      expect(read(path)).toEqual(['back']);
    },
  );
});
