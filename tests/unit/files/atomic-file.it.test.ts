/**
 * A crash between the write and the rename: a child process writes a file with writeFileAtomic and is killed with
 * SIGKILL at the moment it would rename the temp file into place. What stood there before is still whole, the next
 * write (of a new process) succeeds beside the leftover temp file, and no reader ever sees half a file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '@engine/files/atomic-file';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/**
 * Runs writeFileAtomic(path, body) in a child whose `renameSync` kills the process instead (node:fs's ESM exports are
 * synced from the patched module, so the engine's own import sees the patch): the crash lands after the write and its
 * fsync, before the rename.
 */
function writeAndDieBeforeRename(path: string, body: string): { signal: NodeJS.Signals | null; out: string } {
  const script = `
    import { createRequire, syncBuiltinESMExports } from 'node:module';
    const fs = createRequire(import.meta.url)('node:fs');
    fs.renameSync = () => process.kill(process.pid, 'SIGKILL');
    syncBuiltinESMExports();
    const { writeFileAtomic } = await import('./src-main/engine/files/atomic-file.ts');
    writeFileAtomic(${JSON.stringify(path)}, ${JSON.stringify(body)});
    console.log('renamed');`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { signal: r.signal, out: `${r.stdout}${r.stderr}` };
}

describe('writeFileAtomic across a crash', () => {
  it('keeps the old content whole when the process dies before the rename; the next write succeeds', () => {
    const t = tempDir('iicp-atomic-crash-');
    cleanups.push(t.cleanup);
    const path = join(t.dir, 'settings.json');
    const old = JSON.stringify({ version: 1, note: 'o'.repeat(50_000) });
    const next = JSON.stringify({ version: 2, note: 'n'.repeat(80_000) });
    writeFileSync(path, old);

    const r = writeAndDieBeforeRename(path, next);
    expect(r.signal, r.out).toBe('SIGKILL');
    expect(r.out).not.toContain('renamed');
    expect(readFileSync(path, 'utf8')).toBe(old);
    // The temp file the crash left holds the whole new content (it was synced), under a name no reader opens.
    const left = readdirSync(t.dir).filter((f) => f !== 'settings.json');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^settings\.json\.\d+\.[0-9a-f]{12}\.tmp$/);
    expect(readFileSync(join(t.dir, left[0]!), 'utf8')).toBe(next);

    writeFileAtomic(path, next);
    expect(readFileSync(path, 'utf8')).toBe(next);
  });
});
