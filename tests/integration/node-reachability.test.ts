/**
 * The node and its router mapping, with a scripted router and the PHP-faithful test directory: what
 * the node registers when it is reached through a mapping, what it tells heartbeats and the dashboard when the
 * mapping is gone or the directory cannot dial in, and that the mapping only lives while the node is offered.
 * The same story against a real router (miniupnpd) is in tests/integration/router.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually, startNode, type NodeHarness } from '../support/node-harness';
import { done, grant, ip, ScriptedMapper } from '../support/scripted-mapper';

const ROUTER_IP = '100.128.7.9'; // public (outside 100.64/10): a plain home router

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function homeRouter(): ScriptedMapper {
  const m = new ScriptedMapper('upnp');
  for (let i = 0; i < 6; i++) m.script.probe.push(ip(ROUTER_IP));
  for (let i = 0; i < 6; i++) m.script.install.push(grant(ROUTER_IP));
  for (let i = 0; i < 100; i++) m.script.renew.push((x) => grant(ROUTER_IP)(x));
  for (let i = 0; i < 6; i++) m.script.remove.push(done);
  return m;
}

async function setup(opts: {
  livenessProbe: boolean;
  router: ScriptedMapper;
}): Promise<{ h: NodeHarness; dir: TestDirectory; backend: FakeBackend }> {
  // The directory's own active probe is driven by hand (observeReachability): the router address here is made up.
  const dir = await startTestDirectory({
    routabilityCheck: true,
    livenessProbe: opts.livenessProbe,
    heartbeatIntervalMs: 1000,
    activeProbeIntervalMs: null,
  });
  cleanups.push(() => dir.close());
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  cleanups.push(() => backend.close());
  const h = await startNode(
    { backendUrl: backend.url, directoryUrl: dir.url, portMapping: 'upnp' },
    {
      tuning: {
        nat: { createMapper: () => opts.router, probeTimeoutMs: 500 },
        directoryStartupRetryDelaysMs: [200, 400],
        directoryBackoffBaseMs: 200,
        earnings: { listingIntervalMs: 200 },
      },
    },
  );
  cleanups.push(() => h.stop());
  return { h, dir, backend };
}

const registrations = (dir: TestDirectory) =>
  dir.state.registrations.filter((r) => r.status === 201).map((r) => r.body as Record<string, unknown>);

describe('a node behind a home router', () => {
  it('registers the router address with transport upnp_mapped; "confirmed" only once the directory reports reaching it', async () => {
    const router = homeRouter();
    const { h, dir } = await setup({ livenessProbe: false, router });
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
    // Registered is not reachable: with the directory's probe switched off (production's skip flag) a 201 proves
    // nothing.
    await eventually(() => {
      const r = h.node.getSnapshot().reachability;
      expect(r).toMatchObject({ status: 'mapped', verified: false });
      expect(r.message && english.said(r.message)).toMatch(/^Registered, not yet confirmed reachable/);
    });
    dir.observeReachability(h.node.getSnapshot().node.nodeId!, true);
    await eventually(() =>
      expect(h.node.getSnapshot().reachability).toMatchObject({
        status: 'mapped',
        verified: true,
        verifiedAt: expect.any(String),
      }),
    );
    const [reg] = registrations(dir);
    expect(reg).toMatchObject({
      endpoint: `http://${ROUTER_IP}:${h.port}`,
      transport_method: 'upnp_mapped',
      nat_type: 'unknown',
      exposure_mode: 'ipv4_public_direct',
      transport_metadata: { tier: 1 },
      // A router mapping forwards TCP to the task port: the native transport goes through it too.
      transport_endpoint: `iicp://${ROUTER_IP}:${h.port}`,
    });
    const r = h.node.getSnapshot().reachability;
    expect(r).toMatchObject({
      method: 'upnp',
      endpoint: `http://${ROUTER_IP}:${h.port}`,
      routerExternalIp: ROUTER_IP,
      transportMethod: 'upnp_mapped',
    });
    expect(r.mapping).toMatchObject({
      protocol: 'upnp',
      state: 'mapped',
      externalAddress: `${ROUTER_IP}:${h.port}`,
      internalPort: h.port,
    });
    // Only the task port was ever asked for: never the LLM server's.
    expect(router.calls.filter((c) => c.method === 'install').map((c) => c.ports)).toEqual([
      { internalPort: h.port, externalPort: h.port },
    ]);
  });

  it('does not claim reachability the directory could not confirm (IICP-E036)', async () => {
    // The directory dials http://100.128.7.9:<port>, which leads nowhere from this machine.
    const { h } = await setup({ livenessProbe: true, router: homeRouter() });
    await eventually(() => expect(h.node.getSnapshot().reachability.status).toBe('not_reachable'), 15_000);
    const r = h.node.getSnapshot().reachability;
    expect(r.verified).toBe(false);
    expect(english.said(r.message!)).toMatch(/router mapped the port, but the directory could not reach this node/);
  });

  it('removes the mapping when switched off, says so, and maps and re-registers when switched on', async () => {
    const router = homeRouter();
    const { h, dir } = await setup({ livenessProbe: false, router });
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
    const nodeId = h.node.getSnapshot().node.nodeId;
    dir.observeReachability(nodeId!, true);
    await eventually(() => expect(h.node.getSnapshot().reachability.verified).toBe(true));

    h.node.commands.pause();
    await eventually(() => expect(router.count('remove')).toBe(1));
    const off = h.node.getSnapshot().reachability;
    expect(off.status).toBe('not_reachable');
    expect(english.said(off.message!)).toMatch(/Availability is off/);
    const beatsAfter = dir.state.heartbeats.length;
    await eventually(() => {
      const beats = dir.state.heartbeats.slice(beatsAfter).filter((b) => b.nodeId === nodeId && b.status === 200);
      expect(beats.length).toBeGreaterThan(0);
      expect(beats.every((b) => (b.body as { available: boolean }).available === false)).toBe(true);
    });

    const before = registrations(dir).length;
    h.node.commands.resume();
    await eventually(() => expect(router.count('install')).toBe(2));
    await eventually(() => expect(registrations(dir).length).toBe(before + 1));
    // The directory probes on its own schedule; here it sees the mapped address again.
    dir.observeReachability(nodeId!, true);
    await eventually(() =>
      expect(h.node.getSnapshot().reachability).toMatchObject({ status: 'mapped', verified: true }),
    );
  });

  it('removes the mapping when the node stops', async () => {
    const router = homeRouter();
    const { h } = await setup({ livenessProbe: false, router });
    await eventually(() => expect(h.node.getSnapshot().reachability.status).toBe('mapped'));
    await h.stop();
    expect(router.count('remove')).toBe(1);
    expect(router.closeCount).toBeGreaterThanOrEqual(1);
  });

  it('Check again runs the ladder anew and lands on the same mapping', async () => {
    const router = homeRouter();
    const { h } = await setup({ livenessProbe: false, router });
    await eventually(() => expect(h.node.getSnapshot().reachability.status).toBe('mapped'));
    const snap = await h.node.commandHandlers().recheckReachability({});
    expect(snap.reachability.status).toBe('checking');
    await eventually(() => expect(h.node.getSnapshot().reachability.status).toBe('mapped'));
    expect(router.count('remove')).toBe(1);
    expect(router.count('install')).toBe(2);
  });
});
