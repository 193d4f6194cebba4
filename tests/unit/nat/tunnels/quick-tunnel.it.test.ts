import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '@engine/nat/tunnels/tunnel-guard';
import { QuickTunnel } from '@engine/nat/tunnels/quick-tunnel';
import { cleanupAfterEach } from '../../../support/cleanup';
import { eventually } from '../../../support/eventually';
import { tempDir } from '../../../support/tmp';
import {
  lastErrorWords,
  quickTunnel,
  startHealthNode,
  type HealthNode,
} from '../../../support/tunnels/quick-tunnel-harness';
import { installStandIns, processExists, standInRunning, type StandIns } from '../../../support/tunnels/standins';
import { createTunnelFetch } from '../../../support/tunnels/tunnel-fetch';

const cleanup = cleanupAfterEach();

let s: StandIns;
let node: HealthNode;
let stateDir: string;

beforeEach(async () => {
  s = installStandIns();
  cleanup.defer(() => s.cleanup());
  node = cleanup.close(await startHealthNode());
  stateDir = join(s.binDir, '..', 'iicp-state');
});

function start(o: Parameters<typeof quickTunnel>[3] = {}) {
  const t = quickTunnel(s, node, stateDir, o);
  cleanup.close(t);
  return t;
}

const hostOf = (url: string) => new URL(url).host;

describe('finding cloudflared', () => {
  it('finds it on PATH, and nowhere else on Linux', () => {
    expect(QuickTunnel.findBinary({ PATH: s.binDir }, 'linux')).toBe(s.cloudflared);
    const empty = tempDir();
    cleanup.defer(empty.cleanup);
    expect(QuickTunnel.findBinary({ PATH: empty.dir }, 'linux')).toBeNull();
  });

  it('ignores a file named cloudflared that may not be run', () => {
    const d = tempDir();
    cleanup.defer(d.cleanup);
    writeFileSync(join(d.dir, 'cloudflared'), '#!/bin/sh\n');
    chmodSync(join(d.dir, 'cloudflared'), 0o644);
    expect(QuickTunnel.findBinary({ PATH: d.dir }, 'linux')).toBeNull();
  });

  it('on Windows looks for cloudflared.exe, then cloudflared.cmd, on Path', () => {
    const d = tempDir();
    cleanup.defer(d.cleanup);
    writeFileSync(join(d.dir, 'cloudflared.cmd'), '@echo off\r\n');
    expect(QuickTunnel.findBinary({ Path: d.dir }, 'win32')).toBe(join(d.dir, 'cloudflared.cmd'));
    writeFileSync(join(d.dir, 'cloudflared.exe'), 'MZ');
    expect(QuickTunnel.findBinary({ Path: d.dir }, 'win32')).toBe(join(d.dir, 'cloudflared.exe'));
  });
});

describe('a quick tunnel', () => {
  it('runs `cloudflared tunnel --url http://127.0.0.1:<port>`, reads the address from its banner and reports it once it reaches the node', async () => {
    const t = start();
    await t.tunnel.start();
    const [inv] = s.cloudflaredInvocations();
    expect(inv!.args).toEqual(['tunnel', '--url', `http://127.0.0.1:${node.port}`]);
    const url = `https://${inv!.hostname}`;
    expect(t.tunnel.status).toMatchObject({ state: 'up', url, respawns: 0, lastError: null, nextAttemptAt: null });
    expect(t.urls).toEqual([{ url, reason: 'a new quick tunnel answers its health check' }]);
    // Reported only after a health check had come through the tunnel to the node.
    expect(node.healthRequests.some((r) => r.host === hostOf(url))).toBe(true);
    expect(t.states.map((x) => x.state)).toEqual(['starting', 'verifying', 'up']);
    expect(t.logs.map((l) => l.event)).toEqual(['quick_tunnel_starting', 'quick_tunnel_up']);
  });

  it('never takes api.trycloudflare.com from an error line for the tunnel address', async () => {
    s.controlCloudflared({ mode: 'no-network' });
    const t = start({ timings: { minSpacingMs: 60_000 } });
    await t.tunnel.start();
    expect(t.tunnel.status).toMatchObject({ state: 'waiting', url: null, respawns: 1 });
    expect(lastErrorWords(t)).toBe('cloudflared stopped with exit code 1 before it printed a tunnel address.');
    expect(t.urls).toEqual([]);
    const failed = t.logs.find((l) => l.event === 'quick_tunnel_failed');
    expect(failed?.details).toContain('Last cloudflared output: failed to request quick Tunnel');
  });

  it('that prints no address within the start timeout is ended and counted as a failed attempt', async () => {
    s.controlCloudflared({ mode: 'silent' });
    const t = start({ timings: { startTimeoutMs: 600, minSpacingMs: 60_000 } });
    await t.tunnel.start();
    expect(t.tunnel.status).toMatchObject({ state: 'waiting', url: null, respawns: 1 });
    expect(lastErrorWords(t)).toBe('cloudflared printed no tunnel address within 0.6 s.');
    // On a busy machine the stand-in may be ended before it records its start: it is looked for by its path.
    await eventually(() => expect(standInRunning(s.cloudflared)).toBe(false));
    expect(t.urls).toEqual([]);
  });

  it('is rebuilt when its address stops answering: down after two failed checks, the new address reported only once it answers', async () => {
    const t = start({ timings: { verifyTimeoutMs: 15_000 } });
    await t.tunnel.start();
    const first = t.tunnel.status.url!;
    const firstPid = s.cloudflaredInvocations()[0]!.pid;

    // Cloudflare's edge loses the tunnel: its address now answers 530 / error 1033.
    s.controlCloudflared({ edge: 'down' });
    await eventually(() => expect(t.urls).toHaveLength(2));
    expect(t.urls[1]).toEqual({
      url: null,
      reason:
        'the quick tunnel stopped working: Cloudflare answered that the tunnel has no connection to this computer (HTTP 530)',
    });
    expect(t.logs.filter((l) => l.event === 'quick_tunnel_health_failed')).toHaveLength(2);
    expect(t.states.map((x) => x.state)).toContain('recovering');

    // A new cloudflared is started; while its address does not answer either, nothing is reported.
    await eventually(() => expect(s.cloudflaredInvocations()).toHaveLength(2));
    await eventually(() => expect(t.tunnel.status.state).toBe('verifying'));
    await eventually(() => expect(processExists(firstPid)).toBe(false));
    expect(t.urls).toHaveLength(2);
    expect(t.tunnel.status.url).toBeNull();

    s.controlCloudflared({ edge: 'up' });
    await eventually(() => expect(t.urls).toHaveLength(3));
    const second = `https://${s.cloudflaredInvocations()[1]!.hostname}`;
    expect(second).not.toBe(first);
    expect(t.urls[2]).toEqual({ url: second, reason: 'a new quick tunnel answers its health check' });
    const reportedAt = Date.now();
    expect(node.healthRequests.some((r) => r.host === hostOf(second) && r.at <= reportedAt)).toBe(true);
    expect(t.tunnel.status).toMatchObject({ state: 'up', url: second, respawns: 0 });
    // The rebuilt tunnel really reaches the node from "outside".
    const res = await createTunnelFetch(s.cloudflaredDir)(`${second}/iicp/health`);
    expect(res.status).toBe(200);
  });

  it('is rebuilt when cloudflared exits on its own', async () => {
    s.controlCloudflared({ exitAfterMs: 400 });
    const t = start();
    await t.tunnel.start();
    const first = t.tunnel.status.url;
    // Only the first cloudflared drops its connection and exits.
    s.controlCloudflared({});
    await eventually(() =>
      expect(t.urls.map((u) => u.url)).toEqual([
        first,
        null,
        expect.stringMatching(/^https:\/\/.+\.trycloudflare\.com$/),
      ]),
    );
    expect(t.urls[1]!.reason).toBe('the quick tunnel stopped working: cloudflared stopped unexpectedly');
    expect(t.urls[2]!.url).not.toBe(first);
  });

  it('after three failed attempts in a row is dead, and retries after 30 s doubling (here 0.3 s, 0.6 s) until one works', async () => {
    s.controlCloudflared({ mode: 'no-network' });
    const t = start({ timings: { deadBackoffInitialMs: 300, deadBackoffMaxMs: 1_000 } });
    await t.tunnel.start();
    await eventually(() => expect(t.states.filter((x) => x.state === 'dead')).toHaveLength(1));
    expect(s.cloudflaredInvocations()).toHaveLength(3);
    expect(t.tunnel.status).toMatchObject({ state: 'dead', respawns: 3 });
    expect(t.logs.find((l) => l.event === 'quick_tunnel_dead')?.level).toBe('error');

    await eventually(() => expect(t.states.filter((x) => x.state === 'dead')).toHaveLength(2));
    expect(s.cloudflaredInvocations()).toHaveLength(6);
    const [firstPause, secondPause] = t.states.filter((x) => x.state === 'dead').map((x) => x.waitMs!);
    expect(firstPause).toBeGreaterThan(250);
    expect(firstPause).toBeLessThanOrEqual(300);
    expect(secondPause).toBeGreaterThan(550);
    expect(secondPause).toBeLessThanOrEqual(600);

    s.controlCloudflared({ mode: 'normal' });
    await eventually(() => expect(t.tunnel.status.state).toBe('up'));
    expect(t.tunnel.status).toMatchObject({ respawns: 0, lastError: null });
    expect(t.urls.map((u) => u.url)).toEqual([t.tunnel.status.url]);
  });

  it('counts an address that never answers its health check as a failed attempt, and ends that cloudflared', async () => {
    s.controlCloudflared({ edge: 'down' });
    const t = start({ timings: { verifyTimeoutMs: 500, minSpacingMs: 60_000 } });
    await t.tunnel.start();
    const [inv] = s.cloudflaredInvocations();
    expect(t.tunnel.status).toMatchObject({ state: 'waiting', respawns: 1, url: null });
    expect(lastErrorWords(t)).toBe(
      `The new address https://${inv!.hostname} did not reach this node within 0.5 s (Cloudflare answered that the tunnel has no connection to this computer (HTTP 530)).`,
    );
    expect(t.urls).toEqual([]);
    await eventually(() => expect(processExists(inv!.pid)).toBe(false));
  });
});

describe('a cloudflared that prints far more than a tunnel needs', () => {
  it('never takes an address from a line longer than any cloudflared writes: the line is dropped unread', async () => {
    s.controlCloudflared({ mode: 'long-line' });
    const t = start();
    await t.tunnel.start();
    const [inv] = s.cloudflaredInvocations();
    expect(t.tunnel.status).toMatchObject({ state: 'up', url: `https://${inv!.hostname}` });
    expect(t.urls.map((u) => u.url)).toEqual([`https://${inv!.hostname}`]);
  });

  it('that floods stderr without a newline before its address is ended after 4 MiB, and the quick tunnel is switched off for 30 min', async () => {
    s.controlCloudflared({ mode: 'flood', floodBytes: 256 * 1024 * 1024 });
    const at = Date.now();
    const t = start({ now: () => at, timings: { minSpacingMs: 60_000 } });
    await t.tunnel.start();
    const [inv] = s.cloudflaredInvocations();
    expect(t.tunnel.status).toMatchObject({ state: 'off', url: null, respawns: 0, nextAttemptAt: at + 1_800_000 });
    expect(lastErrorWords(t)).toBe(
      'cloudflared printed far more than a tunnel needs (over 4 MiB before its address), so the quick tunnel is switched off for 30 min; the node goes on without it.',
    );
    expect(t.logs.map((l) => `${l.level} ${l.event} ${l.details}`)).toEqual([
      'info quick_tunnel_starting port ' + node.port + ', attempt 1',
      'warn quick_tunnel_off off_ms=1800000 cloudflared printed far more than a tunnel needs (over 4 MiB before its address).',
    ]);
    expect(t.urls).toEqual([]);
    await eventually(() => expect(processExists(inv!.pid)).toBe(false));
    // No second creation is tried meanwhile.
    expect(s.cloudflaredInvocations()).toHaveLength(1);
  });

  it('that floods once its tunnel is up: the address is withdrawn and the quick tunnel switched off', async () => {
    s.controlCloudflared({ mode: 'flood-after-url', floodBytes: 256 * 1024 * 1024 });
    const t = start({ timings: { healthIntervalMs: 60_000 } });
    await t.tunnel.start().catch(() => undefined);
    await eventually(() => expect(t.tunnel.status.state).toBe('off'));
    const [inv] = s.cloudflaredInvocations();
    expect(lastErrorWords(t)).toMatch(
      /^cloudflared printed far more than a tunnel needs \(over 1 MiB in a minute\), so the quick tunnel is switched off for 30 min/,
    );
    // Reported, then withdrawn (or never reported when the flood came before its check was done).
    expect(t.urls.at(-1)?.url ?? null).toBeNull();
    await eventually(() => expect(processExists(inv!.pid)).toBe(false));
  });
});

describe('stopping', () => {
  it('ends cloudflared, withdraws the address, and does the same promise twice', async () => {
    const t = start();
    await t.tunnel.start();
    const { pid } = s.cloudflaredInvocations()[0]!;
    expect(processExists(pid)).toBe(true);
    const a = t.tunnel.stop();
    const b = t.tunnel.stop();
    expect(b).toBe(a);
    await a;
    expect(processExists(pid)).toBe(false);
    expect(t.tunnel.status).toMatchObject({ state: 'stopped', url: null, nextAttemptAt: null });
    expect(t.urls.at(-1)).toEqual({ url: null, reason: 'the quick tunnel was stopped' });
    await t.tunnel.stop();
    expect(t.urls.filter((u) => u.url === null)).toHaveLength(1);
  });

  it('kills a cloudflared that ignores SIGTERM once the grace period is over', async () => {
    s.controlCloudflared({ ignoreSigterm: true });
    const t = start({ timings: { stopGraceMs: 300 } });
    await t.tunnel.start();
    const { pid } = s.cloudflaredInvocations()[0]!;
    await t.tunnel.stop();
    expect(processExists(pid)).toBe(false);
  });

  it('while cloudflared is still starting ends it and gives the creation lock back', async () => {
    s.controlCloudflared({ mode: 'silent' });
    const t = start({ timings: { startTimeoutMs: 20_000 } });
    const started = t.tunnel.start();
    await eventually(() => expect(s.cloudflaredInvocations()).toHaveLength(1));
    expect(existsSync(join(stateDir, LOCK_FILE))).toBe(true);
    await t.tunnel.stop();
    await started;
    expect(processExists(s.cloudflaredInvocations()[0]!.pid)).toBe(false);
    expect(existsSync(join(stateDir, LOCK_FILE))).toBe(false);
    expect(t.tunnel.status.state).toBe('stopped');
    expect(t.urls).toEqual([]);
  });

  it('before anything started is quiet', async () => {
    mkdirSync(stateDir, { recursive: true });
    const t = start();
    await t.tunnel.stop();
    expect(t.tunnel.status.state).toBe('stopped');
    expect(s.cloudflaredInvocations()).toEqual([]);
    await expect(t.tunnel.start()).rejects.toThrow('quick tunnel cannot start from state stopped');
  });
});
