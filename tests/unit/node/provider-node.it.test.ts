import { afterEach, describe, expect, it, vi } from 'vitest';
import { english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import type { NodeSnapshot } from '@shared/contract';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { ProviderNode } from '@engine/node/provider-node';
import { eventually } from '../../support/eventually';
import { ScriptedMapper } from '../../support/scripted-mapper';
import { freePort } from '../../support/free-port';
import { tempDir } from '../../support/tmp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  vi.useRealTimers();
});

function makeNode(dataDir?: string, extra: Partial<ConstructorParameters<typeof ProviderNode>[0]> = {}) {
  let dir = dataDir;
  if (!dir) {
    const t = tempDir();
    cleanups.push(t.cleanup);
    dir = t.dir;
  }
  // No router answers and the computer has no public address: the node finds no way in (its ladder is tested
  // in tests/unit/nat/reachability.test.ts and against a real router in tests/integration/router).
  const nat = { interfaces: () => ({}), createMapper: () => new ScriptedMapper() };
  const node = new ProviderNode({
    dataDir: dir,
    host: 'headless',
    taskHost: '127.0.0.1',
    taskPort: 0,
    appVersion: '1.2.3',
    ...extra,
    tuning: { snapshotIntervalMs: 0, nat, ...extra.tuning },
  });
  cleanups.push(() => node.stop());
  return { node, dir };
}

describe('ProviderNode lifecycle', () => {
  it('comes up online with default settings on a fresh data directory', async () => {
    const { node } = makeNode();
    expect(node.state).toBe('stopped');
    await node.start();
    const s = node.getSnapshot();
    expect(s).toMatchObject({ state: 'online', available: true, host: 'headless', appVersion: '1.2.3', schema: 1 });
    expect(s.capacity).toEqual({
      maxConcurrent: DEFAULT_SETTINGS.maxConcurrent,
      effectiveMaxConcurrent: DEFAULT_SETTINGS.maxConcurrent,
      activeJobs: 0,
    });
    expect(s.recentEvents.map((e) => e.event)).toEqual(expect.arrayContaining(['engine_start', 'serve_start']));
    expect(s.node.nodeId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // No backend and no public address yet: it serves locally and says why it does not register.
    expect(s.directory.link).toBe('not_configured');
    await eventually(() => expect(node.getSnapshot().reachability.status).toBe('local_only'));
    expect(english.said(node.getSnapshot().reachability.message!)).toMatch(/Forward TCP port \d+ on your router/);
  });

  it('passes through starting before it is online', async () => {
    const { node } = makeNode();
    const states: string[] = [];
    node.onSnapshot((s) => states.push(s.state));
    await node.start();
    expect(states[0]).toBe('starting');
    expect(states.at(-1)).toBe('online');
  });

  it('pauses and resumes, with capacity following', async () => {
    const { node } = makeNode();
    await node.start();
    const paused = node.commands.pause();
    expect(paused).toMatchObject({ state: 'paused', available: false, pausedUntil: null });
    expect(paused.capacity.effectiveMaxConcurrent).toBe(0);
    expect(english.said(paused.stateReason!)).toMatch(/switched off/);
    const resumed = node.commands.resume();
    expect(resumed).toMatchObject({ state: 'online', available: true });
    expect(resumed.version).toBeGreaterThan(paused.version);
  });

  it('remembers the switch across restarts', async () => {
    const { node, dir } = makeNode();
    await node.start();
    node.commands.pause();
    await node.stop();
    const { node: again } = makeNode(dir);
    await again.start();
    expect(again.getSnapshot()).toMatchObject({ state: 'paused', available: false });
  });

  it('ends a timed pause by itself', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-21T10:00:00Z') });
    const { node } = makeNode();
    await node.start();
    node.commands.pause(Date.now() + 60_000);
    expect(node.getSnapshot()).toMatchObject({ state: 'paused', pausedUntil: '2026-11-21T10:01:00.000Z' });
    vi.advanceTimersByTime(60_001);
    expect(node.getSnapshot()).toMatchObject({ state: 'online', available: true, pausedUntil: null });
  });

  it('resumes at start when a timed pause ended while the app was closed', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-21T10:00:00Z') });
    const { node, dir } = makeNode();
    await node.start();
    node.commands.pause(Date.now() + 60_000);
    await node.stop();
    vi.setSystemTime(new Date('2026-11-21T12:00:00Z'));
    const { node: again } = makeNode(dir);
    await again.start();
    expect(again.getSnapshot()).toMatchObject({ state: 'online', available: true });
  });

  it('refuses pauses that end in the past or more than 7 days ahead', async () => {
    const { node } = makeNode();
    await node.start();
    expect(() => node.commands.pause(Date.now() - 1)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(() => node.commands.pause(Date.now() + 8 * 24 * 3600_000)).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
    expect(node.getSnapshot().state).toBe('online');
  });

  it('is degraded while a problem is reported, and recovers when it clears', async () => {
    const { node } = makeNode();
    await node.start();
    node.setProblem('backend', said('status.reason.backendSilent'));
    expect(node.getSnapshot()).toMatchObject({ state: 'degraded' });
    expect(english.said(node.getSnapshot().stateReason!)).toBe('The local LLM server is not responding.');
    node.setProblem('backend', null);
    expect(node.getSnapshot().state).toBe('online');
  });

  it('stays paused (the person decided) even when a problem appears', async () => {
    const { node } = makeNode();
    await node.start();
    node.commands.pause();
    node.setProblem('backend', said('status.reason.backendSilent'));
    expect(node.getSnapshot().state).toBe('paused');
    node.commands.resume();
    expect(node.getSnapshot().state).toBe('degraded');
  });

  it('refuses commands that need a running node while stopped', async () => {
    const { node } = makeNode();
    expect(() => node.commands.pause()).toThrow(expect.objectContaining({ code: 'invalid_state' }));
    expect(() => node.getSettings()).toThrow(expect.objectContaining({ code: 'engine_unavailable' }));
    await node.start();
    await node.stop();
    expect(node.state).toBe('stopped');
    expect(() => node.commands.resume()).toThrow(expect.objectContaining({ code: 'invalid_state' }));
  });

  it('refuses a second engine on the same node before touching its data', async () => {
    const { node, dir } = makeNode();
    await node.start();
    const { node: second } = makeNode(dir);
    await expect(second.start()).rejects.toMatchObject({ name: 'InstanceLockError', code: 'held' });
    expect(second.state).toBe('stopped');
    expect(node.commands.listEvents(50).filter((e) => e.event === 'engine_start')).toHaveLength(1);
    expect(node.getSnapshot().state).toBe('online');
  });

  it('stops cleanly more than once', async () => {
    const { node } = makeNode();
    await node.start();
    await node.stop();
    await node.stop();
    expect(node.getSnapshot().state).toBe('stopped');
  });
});

describe('ProviderNode settings', () => {
  it('saves a change and publishes it', async () => {
    const { node, dir } = makeNode();
    await node.start();
    const seen: NodeSnapshot[] = [];
    node.onSnapshot((s) => seen.push(s));
    expect(node.commands.updateSettings({ maxConcurrent: 6 }).maxConcurrent).toBe(6);
    expect(seen.at(-1)?.capacity.maxConcurrent).toBe(6);
    await node.stop();
    const { node: again } = makeNode(dir);
    await again.start();
    expect(again.getSettings().maxConcurrent).toBe(6);
  });

  it('lets run-time overrides win without persisting them', async () => {
    const { node, dir } = makeNode(undefined, { overrides: { region: 'eu-test' } });
    await node.start();
    expect(node.getSettings().region).toBe('eu-test');
    expect(node.getSnapshot().node.region).toBe('eu-test');
    await node.stop();
    const { node: plain } = makeNode(dir);
    await plain.start();
    expect(plain.getSettings().region).toBe(DEFAULT_SETTINGS.region);
  });

  it('writes an event for every change of the switch', async () => {
    const { node } = makeNode();
    await node.start();
    node.commands.pause();
    node.commands.resume();
    const names = node.commands.listEvents(10).map((e) => e.event);
    expect(names.slice(0, 2)).toEqual(['availability_on', 'availability_off']);
  });
});

describe('settings fixed by the host', () => {
  it('lists them in the app info and refuses to change them (the same value is fine)', async () => {
    const { node } = makeNode(undefined, { overrides: { portMapping: 'off' } });
    await node.start();
    expect(node.commands.appInfo().fixedSettings).toEqual(['portMapping']);
    expect(() => node.commands.updateSettings({ portMapping: 'auto' })).toThrow(
      expect.objectContaining({
        body: expect.objectContaining({
          code: 'invalid_request',
          issues: [
            expect.objectContaining({ path: 'portMapping', message: expect.stringMatching(/Fixed for this run/) }),
          ],
        }),
      }),
    );
    expect(node.getSettings().portMapping).toBe('off');
    expect(node.commands.updateSettings({ portMapping: 'off', displayName: 'Attic box' }).displayName).toBe(
      'Attic box',
    );
  });

  // Settings showed the stored 9484 while the node listened where the host's IICP_PORT said: a port not in force.
  it('counts a task port the host chose for this run among them, as the port in force', async () => {
    const taskPort = await freePort();
    const { node } = makeNode(undefined, { taskPort });
    await node.start();
    expect(node.commands.appInfo().fixedSettings).toEqual(['taskPort']);
    expect(node.getSettings().taskPort).toBe(taskPort);
    expect(() => node.commands.updateSettings({ taskPort: 9484 })).toThrow(
      expect.objectContaining({ body: expect.objectContaining({ code: 'invalid_request' }) }),
    );
  });

  it('leaves any free port (0) to the run alone: the stored port stays the setting', async () => {
    const { node } = makeNode();
    await node.start();
    expect(node.commands.appInfo().fixedSettings).toEqual([]);
    expect(node.getSettings().taskPort).toBe(DEFAULT_SETTINGS.taskPort);
  });
});
