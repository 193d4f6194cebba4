import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/tmp';

function runHeadless(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['out/main/headless.js', ...args], {
    env: { ...process.env, IICP_HOST: '127.0.0.1', IICP_PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('headless host process', () => {
  it('binds loopback only and stops cleanly on SIGINT too', async () => {
    const t = tempDir();
    try {
      const host = await startHeadlessProcess({ IICP_HOME: t.dir });
      expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
      host.child.kill('SIGINT');
      expect(await host.stop()).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it('uses IICP_UI_PORT and IICP_UI_TOKEN when given', async () => {
    const t = tempDir();
    const token = 'c0ffee'.repeat(6);
    try {
      const probe = await startHeadlessProcess({ IICP_HOME: t.dir });
      const freePort = probe.port; // just released below, so very likely free again
      await probe.stop();
      const host = await startHeadlessProcess({
        IICP_HOME: t.dir,
        IICP_UI_PORT: String(freePort),
        IICP_UI_TOKEN: token,
      });
      expect(host.url).toBe(`http://127.0.0.1:${freePort}/#token=${token}`);
      expect(await host.stop()).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  // /proc/<pid>/cmdline is readable by every local user: a token there hands them the node.
  it.runIf(process.platform === 'linux')(
    'keeps a token given by --ui-token-file out of the process command line',
    async () => {
      const t = tempDir();
      const token = 'feedface'.repeat(5);
      try {
        const file = join(t.dir, 'ui-token');
        writeFileSync(file, `${token}\n`, { mode: 0o600 });
        const host = await startHeadlessProcess({ IICP_HOME: join(t.dir, 'data') }, ['--ui-token-file', file]);
        try {
          expect(host.token).toBe(token);
          // Nor in its output, which a service manager keeps in the system journal: the file is named instead.
          expect(host.output()).toContain(
            `Dashboard: http://127.0.0.1:${host.port}/ (sign in with the token in ${file})`,
          );
          expect(host.output()).not.toContain(token);
          const cmdline = readFileSync(`/proc/${host.child.pid}/cmdline`, 'utf8');
          expect(cmdline).toContain('--ui-token-file');
          expect(cmdline).not.toContain(token);
        } finally {
          expect(await host.stop()).toBe(0);
        }
      } finally {
        t.cleanup();
      }
    },
  );

  it('with --gateway prints where the gateway listens and keeps its first app key in an owner-only file', async () => {
    const t = tempDir();
    try {
      const host = await startHeadlessProcess({ IICP_HOME: t.dir, IICP_DIRECTORY_URL: 'http://127.0.0.1:9' }, [
        '--gateway',
        '--gateway-port',
        '0',
      ]);
      try {
        const keyPath = join(t.dir, 'gateway-key');
        await expect.poll(() => host.output(), { timeout: 20_000 }).toMatch(/^Gateway key: /m);
        await expect.poll(() => host.output(), { timeout: 20_000 }).toMatch(/^Gateway: /m);
        expect(host.output().match(/^Gateway: .*$/gm)).toEqual([
          expect.stringMatching(/^Gateway: http:\/\/127\.0\.0\.1:\d+\/v1$/),
        ]);
        // Port 0 reached the engine's own process: any free port, not the stored 9483.
        expect(host.output()).not.toContain('Gateway: http://127.0.0.1:9483/');
        expect(host.output()).toContain(`Gateway key: ${keyPath}\n`);
        expect(statSync(keyPath).mode & 0o777).toBe(0o600);
        const key = readFileSync(keyPath, 'utf8').trim();
        expect(key).not.toBe('');
        expect(host.output()).not.toContain(key);
      } finally {
        expect(await host.stop()).toBe(0);
      }
    } finally {
      t.cleanup();
    }
  });

  it('refuses --ui-token with exit code 64, saying why and what to use instead', () => {
    const t = tempDir();
    try {
      const r = runHeadless(['--ui-token', 'ab'.repeat(20)], { IICP_HOME: t.dir });
      expect(r.status).toBe(64);
      expect(r.out).toMatch(/process list/);
      expect(r.out).toMatch(/IICP_UI_TOKEN/);
      expect(r.out).toMatch(/--ui-token-file/);
      expect(r.out).not.toMatch(/Dashboard:/);
    } finally {
      t.cleanup();
    }
  });

  it.runIf(process.platform !== 'win32')('refuses a token file other users can read, with exit code 64', () => {
    const t = tempDir();
    try {
      const file = join(t.dir, 'ui-token');
      writeFileSync(file, 'ab'.repeat(20));
      chmodSync(file, 0o640);
      const r = runHeadless(['--ui-token-file', file], { IICP_HOME: join(t.dir, 'data') });
      expect(r.status).toBe(64);
      expect(r.out).toMatch(/chmod 600/);
      expect(r.out).not.toMatch(/Dashboard:/);
    } finally {
      t.cleanup();
    }
  });

  it('refuses bad flags with exit code 64 and one clear message', () => {
    const r = runHeadless(['--ui-port', 'lots']);
    expect(r.status).toBe(64);
    expect(r.out).toMatch(/UI port/);
    expect(r.out).not.toMatch(/\n\s+at /);
  });

  it('refuses a non-loopback dashboard without --allow-remote-ui', () => {
    const r = runHeadless(['--ui-host', '0.0.0.0']);
    expect(r.status).toBe(64);
    expect(r.out).toMatch(/allow-remote-ui/);
  });

  it('exits 78 with the reason on a corrupt database instead of crash-looping', () => {
    const t = tempDir();
    try {
      writeFileSync(`${t.dir}/provider.db`, 'garbage'.repeat(1000));
      const r = runHeadless([], { IICP_HOME: t.dir });
      expect(r.status).toBe(78);
      expect(r.out).toMatch(/damaged/);
      expect(r.out).not.toMatch(/Dashboard:/);
    } finally {
      t.cleanup();
    }
  });
});
