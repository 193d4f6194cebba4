/**
 * A name that looks public but leads back to this computer. The directory lists a relay at
 * `http://relay.public-relays.net:PORT`, or a program on this computer (an ngrok agent) names a tunnel at
 * `https://tunnel.public-tunnels.net:PORT`, and the name resolves to 127.0.0.1, where a real test relay (or a server
 * counting connections) listens. Written as they are, both addresses are public; only what they resolve to is not.
 *
 * Without the owner's allowance (`--allow-private-endpoint`) the node must send nothing there, bind nothing, register
 * nothing, and say "points back at this computer". With it, the relay binds. A name that answers a public address
 * first and 127.0.0.1 the next time (DNS rebinding) must never get a connection to loopback.
 *
 * "DNS" is tests/support/fake-dns.ts: the node's resolver seam, and the process's own `dns.lookup` for code without
 * that seam, answer the same names the same way.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { stepWords } from '../support/step-words';
import type { Settings } from '@shared/contract';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { installFakeDns, type FakeAnswer, type FakeDns } from '../support/fake-dns';
import { freePort } from '../support/free-port';
import { eventually, startNode, type NodeHarness } from '../support/node-harness';
import { startTestRelay, type TestRelay } from '../support/relay';
import { startNgrokAgent } from '../support/tunnels/ngrok-agent';
import type { ProviderNodeOptions } from '@engine/node/provider-node';

const RELAY_NAME = 'relay.public-relays.net';
const TUNNEL_NAME = 'tunnel.public-tunnels.net';
/**
 * Global unicast by the literal-address rules, yet routed nowhere (RFC 9637): the "public" first answer of a rebinding
 * name.
 */
const PUBLIC_LOOKING_ADDRESS = '3fff::1';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
});

interface World {
  dir: TestDirectory;
  backendUrl: string;
  dns: FakeDns;
}

async function world(answer: FakeAnswer): Promise<World> {
  const dns = installFakeDns(answer);
  cleanups.push(() => dns.restore());
  const dir = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 500,
    activeProbeIntervalMs: null,
  });
  cleanups.push(() => dir.close());
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  cleanups.push(() => backend.close());
  return { dir, backendUrl: backend.url, dns };
}

/** The real test relay on loopback, listed by the directory under `name`. */
async function relayNamed(w: World, name: string): Promise<{ relay: TestRelay; listedAs: string }> {
  const relay = await startTestRelay({ pollTimeoutMs: 1_000 });
  cleanups.push(() => relay.close());
  const listedAs = `http://${name}:${relay.port}`;
  await relay.registerWith(w.dir.url, { heartbeatIntervalMs: 500, extra: { endpoint: listedAs } });
  return { relay, listedAs };
}

async function node(
  w: World,
  allowPrivate: boolean,
  settings: Partial<Settings> = {},
  options: Partial<ProviderNodeOptions> = {},
): Promise<NodeHarness> {
  const h = await startNode(
    { backendUrl: w.backendUrl, directoryUrl: w.dir.url, ...settings },
    {
      allowPrivateEndpoint: allowPrivate,
      ...options,
      tuning: {
        directoryStartupRetryDelaysMs: [100, 200],
        directoryBackoffBaseMs: 100,
        relay: { retryBaseMs: 100, retryMaxMs: 1_000 },
        resolveHost: w.dns.resolve,
        ...options.tuning,
      },
    },
  );
  cleanups.push(() => h.stop());
  return h;
}

const registered = (dir: TestDirectory) =>
  dir.state.registrations.map((r) => (r.body as { endpoint?: string } | undefined)?.endpoint ?? '');
const steps = (h: NodeHarness) => stepWords(h.node.getSnapshot().reachability.steps).join('\n');
const events = (h: NodeHarness, event: string) => h.node.getSnapshot().recentEvents.filter((e) => e.event === event);
const relayBound = (h: NodeHarness) => h.node.getSnapshot().reachability.relay?.state === 'bound';

/** Done looking for a relay: bound, or the ladder says it looks again later. */
async function relaySettled(h: NodeHarness, timeoutMs = 20_000): Promise<void> {
  await eventually(() => expect(relayBound(h) || /Looking again later/.test(steps(h))).toBe(true), timeoutMs);
}

/** A server that counts the connections made to it and drops each at once: where a tunnel name leads. */
async function connectionCounter(): Promise<{ port: number; connections: () => number }> {
  let n = 0;
  const server: Server = createServer((s: Socket) => {
    n++;
    s.on('error', () => undefined);
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as { port: number }).port, connections: () => n };
}

describe('a relay whose public-looking name resolves to this computer', () => {
  it('without the allowance: nothing is sent to it, it is not bound or registered, and the node says it points back at this computer', async () => {
    const w = await world((host) => (host === RELAY_NAME ? ['127.0.0.1'] : null));
    const { relay, listedAs } = await relayNamed(w, RELAY_NAME);
    const h = await node(w, false);
    await relaySettled(h);
    // A node that bound registers the relay's endpoint right after: give it that chance, to count what it sent.
    if (relayBound(h))
      await eventually(
        () => expect(registered(w.dir).some((e) => e.startsWith(`${listedAs}/v1/relay-for/`))).toBe(true),
        10_000,
      ).catch(() => undefined);
    const toRelay = registered(w.dir).filter((e) => e.startsWith(`${listedAs}/v1/relay-for/`));
    const refusals = events(h, 'relay_bind_failed');
    console.log(
      `relay name -> 127.0.0.1, no allowance: requests that reached the relay ${relay.requests.length}; relay worker ${h.node.getSnapshot().reachability.relay?.state ?? 'none'}`,
    );
    console.log(
      `registrations with the relay's endpoint: ${toRelay.length}; lookups of the name: ${w.dns.asked.filter((x) => x === RELAY_NAME).length}`,
    );
    console.log(`what the node said: ${refusals.map((e) => e.details).join(' | ') || 'no relay_bind_failed event'}`);
    expect(w.dns.asked).toContain(RELAY_NAME);
    expect(relay.requests).toEqual([]);
    expect(relayBound(h)).toBe(false);
    expect(toRelay).toEqual([]);
    expect(steps(h)).toContain(`${RELAY_NAME} points back at this computer`);
    expect(refusals.some((e) => /place=this_computer/.test(e.details ?? ''))).toBe(true);
  });

  it('with the allowance (a LAN-only directory, tests): the same relay binds and its endpoint is registered', async () => {
    const w = await world((host) => (host === RELAY_NAME ? ['127.0.0.1'] : null));
    const { relay, listedAs } = await relayNamed(w, RELAY_NAME);
    const h = await node(w, true);
    const nodeId = h.node.getSnapshot().node.nodeId!;
    await eventually(() => expect(registered(w.dir)).toContain(`${listedAs}/v1/relay-for/${nodeId}`), 20_000);
    console.log(
      `relay name -> 127.0.0.1, allowance on: relay worker ${h.node.getSnapshot().reachability.relay?.state}; binds the relay saw ${relay.log.filter((x) => x.kind === 'bind').length}`,
    );
    expect(relayBound(h)).toBe(true);
    expect(relay.log.some((x) => x.kind === 'bind')).toBe(true);
  });

  it('a name that answers a public address first and 127.0.0.1 the next time: no connection ever reaches loopback', async () => {
    let calls = 0;
    const w = await world((host) => {
      if (host !== RELAY_NAME) return null;
      calls++;
      return calls === 1 ? [PUBLIC_LOOKING_ADDRESS] : ['127.0.0.1'];
    });
    const { relay, listedAs } = await relayNamed(w, RELAY_NAME);
    // The ladder looks again every 300 ms: round after round, each lookup answers loopback.
    const h = await node(w, false, {}, { tuning: { nat: { interfaces: () => ({}), recheckIntervalMs: 300 } } });
    await eventually(() => expect(relayBound(h) || calls >= 4).toBe(true), 40_000);
    if (relayBound(h))
      await eventually(
        () => expect(registered(w.dir).some((e) => e.startsWith(`${listedAs}/v1/relay-for/`))).toBe(true),
        10_000,
      ).catch(() => undefined);
    const toRelay = registered(w.dir).filter((e) => e.startsWith(`${listedAs}/v1/relay-for/`));
    console.log(
      `rebinding name: lookups ${calls} (first ${PUBLIC_LOOKING_ADDRESS}, then 127.0.0.1); requests that reached the relay ${relay.requests.length}; ` +
        `relay worker ${h.node.getSnapshot().reachability.relay?.state ?? 'none'}; registrations with the relay's endpoint ${toRelay.length}`,
    );
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(relay.requests).toEqual([]);
    expect(relayBound(h)).toBe(false);
    expect(toRelay).toEqual([]);
    expect(steps(h)).toContain(`${RELAY_NAME} points back at this computer`);
  }, 60_000);
});

describe('a tunnel whose public-looking name resolves to this computer', () => {
  /**
   * An ngrok agent naming `https://tunnel.public-tunnels.net:PORT` "to the task port"; the name leads to a connection
   * counter.
   */
  async function tunnelWorld(allowPrivate: boolean) {
    const w = await world((host) => (host === TUNNEL_NAME ? ['127.0.0.1'] : null));
    const edge = await connectionCounter();
    const url = `https://${TUNNEL_NAME}:${edge.port}`;
    const agent = await startNgrokAgent();
    cleanups.push(() => agent.close());
    const h = await node(
      w,
      allowPrivate,
      { relayFallback: false },
      { taskPort: await freePort(), tuning: { tunnels: { env: { PATH: '' }, ngrokApiUrl: agent.apiUrl } } },
    );
    await eventually(
      () => expect(['tunnel', 'local_only']).toContain(h.node.getSnapshot().reachability.status),
      20_000,
    );
    // Named with the port the node really listens on (one picked ahead may be taken by then, and the node moves on),
    // then looked at again, as "Check again" on the Network page does.
    agent.setTunnels([{ publicUrl: url, addr: `http://localhost:${h.port}` }]);
    h.node.commandHandlers().recheckReachability({});
    await eventually(() => {
      const r = h.node.getSnapshot().reachability;
      expect(stepWords(r.steps)[0]).toContain('(asked from the Network page)');
      expect(['tunnel', 'local_only']).toContain(r.status);
    }, 20_000);
    return { w, h, url, edge };
  }

  it('without the allowance: no connection is made to it, it is not registered, and the node says it points back at this computer', async () => {
    const { w, h, url, edge } = await tunnelWorld(false);
    const r = h.node.getSnapshot().reachability;
    const notOurs = events(h, 'tunnel_not_ours');
    console.log(
      `tunnel name -> 127.0.0.1, no allowance: connections to where it leads ${edge.connections()}; endpoint ${r.endpoint ?? 'none'} (${r.status})`,
    );
    console.log(`what the node said: ${notOurs.map((e) => e.details).join(' | ') || 'no tunnel_not_ours event'}`);
    expect(edge.connections()).toBe(0);
    expect(r.endpoint).not.toBe(url);
    expect(registered(w.dir)).not.toContain(url);
    expect(steps(h)).toContain(`${url} is not used: its address points back at this computer`);
    expect(notOurs.some((e) => /place=this_computer/.test(e.details ?? ''))).toBe(true);
  });

  it('with the allowance it is called (and, leading nowhere near this node, still not registered)', async () => {
    const { w, h, url, edge } = await tunnelWorld(true);
    await eventually(() => expect(edge.connections()).toBeGreaterThan(0), 10_000);
    console.log(
      `tunnel name -> 127.0.0.1, allowance on: connections ${edge.connections()}; endpoint ${h.node.getSnapshot().reachability.endpoint ?? 'none'}`,
    );
    expect(registered(w.dir)).not.toContain(url);
    expect(steps(h)).not.toContain('points back at this computer');
  });
});
