/**
 * The tunnel rungs of a whole node, with stand-ins for the tools on PATH: a tunnel the
 * person already runs (IICP_TUNNEL_URL, an ngrok agent) is used as it is; a Cloudflare quick tunnel is started only
 * when allowed, registered once its public /iicp/health answers, watched, and — when it stops answering — reported
 * unavailable, rebuilt, and re-registered with the new URL (proved with the current token). Public URLs are called
 * through `tunnel-fetch`, which plays DNS and Cloudflare's edge for the stand-in cloudflared.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import type { Settings } from '@shared/contract';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually, startNode, type NodeHarness } from '../support/node-harness';
import { stepWords } from '../support/step-words';
import { startForwarder } from '../support/tunnels/forwarder';
import { startNgrokAgent } from '../support/tunnels/ngrok-agent';
import { FAST_TIMINGS } from '../support/tunnels/quick-tunnel-harness';
import { installStandIns, type StandIns } from '../support/tunnels/standins';
import { createTunnelFetch } from '../support/tunnels/tunnel-fetch';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
});

async function world(): Promise<{ dir: TestDirectory; backendUrl: string; standins: StandIns }> {
  // The directory cannot resolve tunnel host names here, so it skips its dial-back (production's
  // IICP_SKIP_LIVENESS_CHECK).
  const dir = await startTestDirectory({
    routabilityCheck: true,
    livenessProbe: false,
    heartbeatIntervalMs: 400,
    activeProbeIntervalMs: null,
  });
  cleanups.push(() => dir.close());
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  cleanups.push(() => backend.close());
  const standins = installStandIns();
  cleanups.push(() => standins.cleanup());
  return { dir, backendUrl: backend.url, standins };
}

async function node(
  w: { dir: TestDirectory; backendUrl: string; standins: StandIns },
  settings: Partial<Settings>,
  env: NodeJS.ProcessEnv,
  ngrokApiUrl = 'http://127.0.0.1:9',
  otherHosts?: (host: string) => number | null,
): Promise<NodeHarness> {
  const h = await startNode(
    { backendUrl: w.backendUrl, directoryUrl: w.dir.url, relayFallback: false, ...settings },
    {
      tuning: {
        directoryStartupRetryDelaysMs: [100, 200],
        directoryBackoffBaseMs: 100,
        tunnels: { env, ngrokApiUrl, timings: FAST_TIMINGS },
        earnings: { retryBaseMs: 100, syncIntervalMs: 60_000, listingIntervalMs: 150 },
      },
      publicFetch: createTunnelFetch(w.standins.cloudflaredDir, fetch, otherHosts),
    },
  );
  cleanups.push(() => h.stop());
  return h;
}

const lastRegistration = (dir: TestDirectory) =>
  dir.state.registrations.filter((r) => r.status === 201).at(-1)?.body as Record<string, unknown> | undefined;

describe('tunnels on the ladder', () => {
  it('uses a tunnel URL set for this computer, advertised as a tunnel', async () => {
    const w = await world();
    const h = await node(w, {}, { ...w.standins.env, IICP_TUNNEL_URL: 'https://node.example-tunnel.net' });
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 15_000);
    expect(lastRegistration(w.dir)).toMatchObject({
      endpoint: 'https://node.example-tunnel.net',
      transport_method: 'external_tunnel',
      exposure_mode: 'tunnel_required',
    });
    const r = h.node.getSnapshot().reachability;
    expect(r).toMatchObject({
      status: 'tunnel',
      method: 'tunnel',
      tunnel: { kind: 'existing', source: 'env', url: 'https://node.example-tunnel.net' },
    });
    expect(english.said(r.rungWords!)).toMatch(/tunnel you already run/);
    // No quick tunnel was started for it.
    expect(w.standins.cloudflaredInvocations()).toHaveLength(0);
  });

  it("finds an ngrok agent's tunnel to the task port, and uses it once a request through it reached the node", async () => {
    const w = await world();
    const agent = await startNgrokAgent();
    cleanups.push(() => agent.close());
    // ngrok's edge: passes requests for its public name on to the node's task port.
    let nodePort = 0;
    const edge = await startForwarder(() => nodePort, 'a1b2-81-2-69-160.ngrok-free.app');
    cleanups.push(() => edge.close());
    // The node's port is known only once it listens: the agent is told right after, and the ladder is run again.
    const h = await node(w, {}, w.standins.env, agent.apiUrl, (host) =>
      host === 'a1b2-81-2-69-160.ngrok-free.app' ? edge.port : null,
    );
    nodePort = h.port;
    agent.setTunnels([{ publicUrl: 'https://a1b2-81-2-69-160.ngrok-free.app', addr: `http://localhost:${h.port}` }]);
    await h.node.commandHandlers().recheckReachability({});
    await eventually(
      () =>
        expect(h.node.getSnapshot().reachability).toMatchObject({
          method: 'tunnel',
          endpoint: 'https://a1b2-81-2-69-160.ngrok-free.app',
          tunnel: { source: 'ngrok' },
        }),
      15_000,
    );
    await eventually(
      () => expect(lastRegistration(w.dir)?.endpoint).toBe('https://a1b2-81-2-69-160.ngrok-free.app'),
      15_000,
    );
    expect(edge.requests.some((r) => r.startsWith('GET /iicp/health?iicp_reach='))).toBe(true);
  });

  it('starts no quick tunnel unless allowed, and says one could be used', async () => {
    const w = await world();
    const h = await node(w, {}, w.standins.env);
    await eventually(() => expect(h.node.getSnapshot().reachability.status).toBe('local_only'), 15_000);
    expect(stepWords(h.node.getSnapshot().reachability.steps).join('\n')).toMatch(
      /quick tunnel could be used if you allow it/,
    );
    expect(w.standins.cloudflaredInvocations()).toHaveLength(0);
  });

  it('a quick tunnel: registered once it answers, watched, rebuilt when it stops answering, re-registered with the new URL', async () => {
    const w = await world();
    const h = await node(w, { quickTunnel: true }, w.standins.env);
    const nodeId = h.node.getSnapshot().node.nodeId!;
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
    const first = h.node.getSnapshot().reachability;
    expect(first).toMatchObject({
      status: 'tunnel',
      method: 'quick_tunnel',
      tunnel: { kind: 'quick', source: 'cloudflared' },
    });
    expect(first.endpoint).toMatch(/^https:\/\/[a-z0-9-]+\.trycloudflare\.com$/);
    expect(lastRegistration(w.dir)).toMatchObject({
      endpoint: first.endpoint,
      transport_method: 'external_tunnel',
      exposure_mode: 'tunnel_required',
    });
    expect(w.standins.cloudflaredInvocations()[0]!.args).toEqual(['tunnel', '--url', `http://127.0.0.1:${h.port}`]);

    // "Check my node" goes through the tunnel like a consumer would.
    await h.node.commandHandlers().checkNode({});
    await eventually(
      () =>
        expect(h.node.getSnapshot().reachability.check.last?.items.find((x) => x.id === 'task')?.outcome).toBe('ok'),
      15_000,
    );

    // The tunnel loses its edge: the watchdog notices, the directory hears "not available", and a new tunnel is built.
    const beats = w.dir.state.heartbeats.length;
    w.standins.controlCloudflared({ edge: 'down' });
    await eventually(
      () =>
        expect(
          w.dir.state.heartbeats
            .slice(beats)
            .some((b) => b.nodeId === nodeId && (b.body as { available?: boolean }).available === false),
        ).toBe(true),
      15_000,
    );
    w.standins.controlCloudflared({ edge: 'up' });
    await eventually(() => {
      const r = h.node.getSnapshot().reachability;
      expect(r.endpoint).not.toBe(first.endpoint);
      expect(w.dir.state.nodes[nodeId]!.endpoint).toBe(r.endpoint);
    }, 20_000);
    // The move was proven with the current token, and the node is offered again.
    expect(typeof lastRegistration(w.dir)!.current_node_token).toBe('string');
    await eventually(() => expect(w.dir.state.nodes[nodeId]!.available).toBe(true), 10_000);
    expect(w.standins.cloudflaredInvocations().length).toBeGreaterThanOrEqual(2);
  });
});
