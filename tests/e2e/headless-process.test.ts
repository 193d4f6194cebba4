import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startHeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/tmp';

function runHeadless(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['out/main/headless.js', ...args], { env: { ...process.env, IICP_HOST: '127.0.0.1', IICP_PORT: '0', ...env }, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('headless host process', () => {
  it('binds loopback only and stops cleanly on SIGINT too', async () => {
    const t = tempDir();
    try {
      const host = await startHeadlessProcess({ IICP_HOME: t.dir });
      expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{48}$/);
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
      const host = await startHeadlessProcess({ IICP_HOME: t.dir, IICP_UI_PORT: String(freePort), IICP_UI_TOKEN: token });
      expect(host.url).toBe(`http://127.0.0.1:${freePort}/#token=${token}`);
      expect(await host.stop()).toBe(0);
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
