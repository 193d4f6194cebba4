import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { GATE_FILE, LOCK_FILE, RATE_LIMIT_FILE, TunnelGuard } from '@engine/nat/tunnels/tunnel-guard';
import { QUICK_TUNNEL_TIMINGS } from '@engine/nat/tunnels/quick-tunnel-options';
import { cleanupAfterEach } from '../../../support/cleanup';
import { eventually } from '../../../support/eventually';
import {
  lastErrorWords,
  lastStepWords,
  quickTunnel,
  startHealthNode,
  type HealthNode,
  type TunnelUnderTest,
} from '../../../support/tunnels/quick-tunnel-harness';
import { installStandIns, type StandIns } from '../../../support/tunnels/standins';

/*
 * The host-wide limits on creating quick tunnels (Cloudflare refuses bursts): they live in files in a shared folder,
 * so a second instance (or the app after a restart) keeps to what the first one started.
 */

const cleanup = cleanupAfterEach();
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

let s: StandIns;
let node: HealthNode;
let stateDir: string;

beforeEach(async () => {
  s = installStandIns();
  cleanup.defer(() => s.cleanup());
  node = cleanup.close(await startHealthNode());
  stateDir = join(s.binDir, '..', 'shared-state');
});

function instance(o: Parameters<typeof quickTunnel>[3] = {}) {
  return cleanup.close(quickTunnel(s, node, stateDir, o));
}

/** When each cloudflared of this instance was started (its "starting" log line). */
const startedAt = (t: TunnelUnderTest) => t.logs.filter((l) => l.event === 'quick_tunnel_starting').map((l) => l.at);
const readJson = (file: string) => JSON.parse(readFileSync(join(stateDir, file), 'utf8')) as Record<string, unknown>;

describe('spacing between creations', () => {
  it('makes a second instance sharing the folder wait until the first creation is minSpacing old', async () => {
    const timings = { minSpacingMs: 1_500, jitterMaxMs: 0 };
    const a = instance({ timings });
    await a.tunnel.start();
    expect(a.tunnel.status.state).toBe('up');
    const gate = readJson(GATE_FILE);
    const firstAt = s.cloudflaredInvocations()[0]!.at;
    expect(gate.quick_tunnel_create_not_before as number).toBeGreaterThan(firstAt / 1000);
    expect(gate.interval_s).toBe(1.5);

    const b = instance({ timings });
    await b.tunnel.start();
    expect(b.tunnel.status.state).toBe('waiting');
    expect(b.tunnel.status.nextAttemptAt).toBeCloseTo((gate.quick_tunnel_create_not_before as number) * 1000, 0);
    // The wait it names is what is left of the spacing when B looked, however late a busy machine let B start.
    const step =
      /^A quick tunnel was created on this computer moments ago; the next may be created in (\d+(?:\.\d)?) s, /.exec(
        lastStepWords(b)!,
      );
    expect(step).not.toBeNull();
    const left = (b.tunnel.status.nextAttemptAt! - Date.parse(b.tunnel.status.steps.at(-1)!.at)) / 1000;
    // Rounded to a tenth, and the step's time is read a moment after the wait was.
    expect(Math.abs(Number(step![1]) - left)).toBeLessThanOrEqual(0.06);
    expect(Number(step![1])).toBeLessThanOrEqual(1.5);
    expect(s.cloudflaredInvocations()).toHaveLength(1);

    await eventually(() => expect(b.tunnel.status.state).toBe('up'));
    expect(s.cloudflaredInvocations()).toHaveLength(2);
    // The gate is written just before A's cloudflared starts, so B starts at least minSpacing after A.
    expect(startedAt(b)[0]!).toBeGreaterThanOrEqual((gate.quick_tunnel_create_not_before as number) * 1000);
    expect(startedAt(b)[0]! - startedAt(a)[0]!).toBeGreaterThan(1_400);
    expect(b.tunnel.status.url).not.toBe(a.tunnel.status.url);
  });

  it('also spaces the attempts after a failed creation, so a failing loop cannot reach Cloudflare faster', async () => {
    s.controlCloudflared({ sequence: ['no-network', 'normal'] });
    const t = instance({ timings: { minSpacingMs: 800, jitterMaxMs: 0 } });
    await t.tunnel.start();
    expect(t.tunnel.status.state).toBe('waiting');
    const notBefore = (readJson(GATE_FILE).quick_tunnel_create_not_before as number) * 1000;
    await eventually(() => expect(t.tunnel.status.state).toBe('up'));
    const [first, second] = startedAt(t);
    expect(second!).toBeGreaterThanOrEqual(notBefore);
    expect(second! - first!).toBeGreaterThan(700);
  });

  it('adds at most jitterMaxMs of random wait after the shared deadline', async () => {
    const now = () => T0 + 1_000;
    new TunnelGuard({ stateDir, now: () => T0, timings: QUICK_TUNNEL_TIMINGS }).begin();
    const deadline = T0 + QUICK_TUNNEL_TIMINGS.minSpacingMs;

    const latest = instance({ now, random: () => 0.999999, timings: { minSpacingMs: 120_000, jitterMaxMs: 15_000 } });
    await latest.tunnel.start();
    expect(latest.tunnel.status.state).toBe('waiting');
    const extra = latest.tunnel.status.nextAttemptAt! - deadline;
    expect(extra).toBeGreaterThan(14_990);
    expect(extra).toBeLessThanOrEqual(15_000);

    const earliest = instance({ now, random: () => 0, timings: { minSpacingMs: 120_000, jitterMaxMs: 15_000 } });
    await earliest.tunnel.start();
    expect(earliest.tunnel.status.nextAttemptAt).toBe(deadline);
    expect(s.cloudflaredInvocations()).toEqual([]);
  });
});

describe('the creation lock', () => {
  it('makes a second instance wait while the first is still creating its tunnel', async () => {
    s.controlCloudflared({ sequence: ['silent', 'normal'] });
    const timings = { leaseMs: 1_500, startTimeoutMs: 20_000 };
    // One still clock for both: on a busy machine the first cloudflared may take longer to start than the lease lasts,
    // and the second must still find the lease held, with all of it left.
    const at = Date.now();
    const now = () => at;
    const a = instance({ timings, now });
    void a.tunnel.start();
    await eventually(() => expect(s.cloudflaredInvocations()).toHaveLength(1));
    const lock = readJson(LOCK_FILE);
    expect(lock).toMatchObject({ pid: process.pid, lease_s: 1.5, reason: 'host_wide_quick_tunnel_creation_lock' });

    const b = instance({ timings, now });
    await b.tunnel.start();
    expect(b.tunnel.status.state).toBe('waiting');
    expect(b.tunnel.status.nextAttemptAt).toBeCloseTo((lock.expires_at as number) * 1000, 0);
    expect(lastStepWords(b)).toMatch(
      /Another program on this computer is creating a quick tunnel; trying again in 1(\.\d)? s\./,
    );

    await a.tunnel.stop();
    await eventually(() => expect(b.tunnel.status.state).toBe('up'));
    expect(s.cloudflaredInvocations()).toHaveLength(2);
  });

  it('left behind by a program that crashed is taken over once its lease has run out', async () => {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(
      join(stateDir, LOCK_FILE),
      JSON.stringify({ pid: 999_999, expires_at: (Date.now() - 1_000) / 1000, lease_s: 45 }),
    );
    const t = instance();
    await t.tunnel.start();
    expect(t.tunnel.status.state).toBe('up');
    // Given back once the address was known.
    expect(() => readJson(LOCK_FILE)).toThrow();
  });
});

describe('a folder for the limits that cannot be written', () => {
  it('means no quick tunnel is created at all (the limits could not be kept)', async () => {
    const notAFolder = join(s.binDir, '..', 'a-file');
    writeFileSync(notAFolder, '');
    const t = cleanup.close(quickTunnel(s, node, join(notAFolder, 'state')));
    await t.tunnel.start();
    await eventually(() => expect(t.tunnel.status.state).toBe('dead'));
    expect(lastErrorWords(t)).toMatch(
      /^The folder for the tunnel limits \(.+\) cannot be written \(ENOTDIR\), so no quick tunnel is created\.$/,
    );
    expect(s.cloudflaredInvocations()).toEqual([]);
  });
});

describe("Cloudflare's rate limit (HTTP 429 / error 1015)", () => {
  it('starts a 900 s cool-down that is written down and kept by the next instance, then creation resumes', async () => {
    let clock = T0;
    const now = () => clock;
    s.controlCloudflared({ sequence: ['rate-limited', 'normal'] });
    const timings = { rateLimitCooldownMs: 900_000, minSpacingMs: 120_000, jitterMaxMs: 15_000 };

    const first = instance({ now, random: () => 0.5, timings });
    await first.tunnel.start();
    expect(first.tunnel.status).toMatchObject({
      state: 'cooling_down',
      respawns: 1,
      nextAttemptAt: T0 + 900_000 + 7_500,
    });
    expect(lastErrorWords(first)).toBe(
      'Cloudflare refused to create another quick tunnel for now (too many requests from this network).',
    );
    expect(lastStepWords(first)).toMatch(
      /Cloudflare asked this network to slow down creating quick tunnels; the next one is tried in 15 min\.$/,
    );
    expect(readJson(RATE_LIMIT_FILE)).toEqual({
      quick_tunnel_rate_limited_until: (T0 + 900_000) / 1000,
      cooldown_s: 900,
      reason: 'cloudflare_quick_tunnel_rate_limit',
    });
    const rateLog = first.logs.find((l) => l.event === 'quick_tunnel_rate_limited');
    expect(rateLog).toMatchObject({
      level: 'warn',
      details: `cool-down until ${new Date(T0 + 900_000).toISOString()}`,
    });
    await first.tunnel.stop();

    // Ten minutes later, after a restart: still cooling down, and cloudflared is not even started.
    clock = T0 + 600_000;
    const second = instance({ now, random: () => 0, timings });
    await second.tunnel.start();
    expect(second.tunnel.status).toMatchObject({ state: 'cooling_down', nextAttemptAt: T0 + 900_000 });
    expect(s.cloudflaredInvocations()).toHaveLength(1);
    await second.tunnel.stop();

    // Once the cool-down is over, a tunnel is created again.
    clock = T0 + 900_001;
    const third = instance({ now, random: () => 0, timings });
    await third.tunnel.start();
    expect(third.tunnel.status.state).toBe('up');
    expect(s.cloudflaredInvocations()).toHaveLength(2);
  });
});
