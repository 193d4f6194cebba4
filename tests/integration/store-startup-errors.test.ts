import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '@engine/store';
import { tempDir } from '../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Opens the store in a child process, as the app would at launch, and reports what happened. */
function openInChild(dbPath: string, wrap: string[] = []): { status: number | null; out: string } {
  const script = `
    import { Store } from './src-main/engine/store/index.ts';
    import { StoreOpenError } from './src-main/engine/store/errors.ts';
    try { Store.open(${JSON.stringify(dbPath)}).close(); console.log('opened'); }
    catch (e) { if (e instanceof StoreOpenError) { console.log(e.code + ': ' + e.message); process.exit(78); } throw e; }`;
  const cmd = [...wrap, process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function canUseReadOnlyBindMount(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync('unshare', ['-m', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('startup with an unusable database', () => {
  it('reports a corrupt file with a clear message and a distinct exit code, every time', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const path = `${t.dir}/provider.db`;
    writeFileSync(path, Buffer.from('this is not a database, it is a shopping list. '.repeat(200)));
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = openInChild(path);
      expect(r.status).toBe(78);
      expect(r.out).toMatch(/^corrupt: The database at .* is damaged/m);
      expect(r.out).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('reports a database on a read-only file system', (ctx) => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dir = `${t.dir}/data`;
    mkdirSync(dir);
    const path = `${dir}/provider.db`;
    Store.open(path).close();
    let r: { status: number | null; out: string };
    if (process.getuid?.() !== 0) {
      // As a normal user, permissions are enough to make the folder read-only.
      execFileSync('chmod', ['-R', 'a-w', dir]);
      cleanups.unshift(() => execFileSync('chmod', ['-R', 'u+w', dir]));
      r = openInChild(path);
    } else if (canUseReadOnlyBindMount()) {
      // Root ignores permissions, so mount the folder read-only in a private mount namespace.
      const script = `mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"`;
      r = openInChild(path, ['unshare', '-m', 'sh', '-c', script, 'sh', dir]);
    } else {
      ctx.skip('running as root without mount namespaces: cannot make a folder read-only here');
      return;
    }
    expect(r.status).toBe(78);
    expect(r.out).toMatch(/^read_only: The database at .* cannot be written/m);
  });

  it('opens fine again once the problem is gone', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const r = openInChild(`${t.dir}/fresh/provider.db`);
    expect(r.status).toBe(0);
    expect(r.out).toContain('opened');
  });
});
