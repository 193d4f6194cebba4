/**
 * One process per node, end to end with the built headless host (run after `npm run build`): a second
 * host on the same data folder leaves with exit code 73 and one clear sentence while the first keeps
 * serving; a host killed without a chance to clean up does not block the next start; an unsafe secrets
 * file ends the start with exit code 78.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process';
import { eventually } from '../support/eventually';
import { tempDir } from '../support/tmp';
import { pidAlive } from '@engine/identity/instance-lock';

/** Runs the built host to its exit and returns its exit code and everything it printed. */
function runToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['out/main/headless.js'], {
      env: { ...process.env, IICP_HOST: '127.0.0.1', IICP_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the host did not exit:\n${out}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

function dashboardStatus(host: HeadlessProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: host.port, path: '/' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('headless host: one process per node', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const dataDir = () => {
    const t = tempDir('iicp-e2e-lock-');
    cleanups.push(t.cleanup);
    return t.dir;
  };

  it('a second host on the same data folder exits 73 with a clear message; the first keeps serving', async () => {
    const home = dataDir();
    const first = await startHeadlessProcess({ IICP_HOME: home });
    cleanups.push(() => first.stop());

    // The lock is the engine's: it runs in its own process, which the host supervises.
    const enginePid = await first.enginePid();
    expect(enginePid).not.toBe(first.child.pid);
    const second = await runToExit({ IICP_HOME: home });
    expect(second.code).toBe(73);
    expect(second.out).toContain(`This node is already being served by another process (PID ${enginePid})`);
    expect(second.out).not.toMatch(/Dashboard:/);
    expect(second.out).not.toMatch(/\n\s+at /); // no stack trace

    expect(first.child.exitCode).toBeNull();
    expect(await dashboardStatus(first)).toBe(200);
    expect(readdirSync(join(home, 'run')).filter((n) => n.endsWith('.pid'))).toHaveLength(1);

    expect(await first.stop()).toBe(0);
    // The lock went with the first host, so the node can be started again.
    expect(readdirSync(join(home, 'run')).filter((n) => n.endsWith('.pid'))).toEqual([]);
    const again = await startHeadlessProcess({ IICP_HOME: home });
    cleanups.push(() => again.stop());
    expect(await dashboardStatus(again)).toBe(200);
  });

  it('a host and its engine killed outright (no cleanup) do not keep the node locked', async () => {
    const home = dataDir();
    const first = await startHeadlessProcess({ IICP_HOME: home });
    const enginePid = await first.enginePid();
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    process.kill(enginePid, 'SIGKILL');
    first.child.kill('SIGKILL');
    await exited;
    await eventually(() => expect(pidAlive(enginePid)).toBe(false));
    expect(readdirSync(join(home, 'run')).filter((n) => n.endsWith('.pid'))).toHaveLength(1); // left behind

    const next = await startHeadlessProcess({ IICP_HOME: home });
    cleanups.push(() => next.stop());
    expect(await dashboardStatus(next)).toBe(200);
  });

  it('a host killed outright takes its engine with it: the engine stops cleanly and releases the node', async () => {
    const home = dataDir();
    const first = await startHeadlessProcess({ IICP_HOME: home });
    const enginePid = await first.enginePid();
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    // Its channel to the host closed: no engine serves on alone, and its lock went with it.
    await eventually(() => expect(pidAlive(enginePid)).toBe(false), 30_000);
    expect(readdirSync(join(home, 'run')).filter((n) => n.endsWith('.pid'))).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')(
    'a secrets file others can read ends the start with exit 78 and the fix',
    async () => {
      const home = dataDir();
      mkdirSync(home, { recursive: true });
      writeFileSync(join(home, 'secrets.json'), '{}');
      chmodSync(join(home, 'secrets.json'), 0o644);
      const r = await runToExit({ IICP_HOME: home });
      expect(r.code).toBe(78);
      expect(r.out).toMatch(/chmod 600/);
      expect(r.out).not.toMatch(/Dashboard:/);
      expect(existsSync(join(home, 'secrets.json'))).toBe(true);
    },
  );
});
