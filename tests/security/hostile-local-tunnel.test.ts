/**
 * A hostile program on this computer names the node's tunnel. It binds the ngrok agent's API port and lists a tunnel
 * "to the task port" at an address it controls (or a doctored `tailscale` reports a Funnel there); its server answers
 * `/iicp/health` like a node and echoes back everything it is sent. The node must never register that address: an
 * address another program names is used only once a request sent through it reached this node's own task server.
 * An honest tunnel (a forwarder to the task port) is still found, checked and registered.
 *
 * "The internet" is `tunnel-fetch`: each public name goes to a loopback server (the attacker's, or an honest edge).
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { serveOnLoopback } from '../support/http-server';
import { eventually, startNode, type NodeHarness } from '../support/node-harness';
import { stepWords } from '../support/step-words';
import { startForwarder } from '../support/tunnels/forwarder';
import { startNgrokAgent } from '../support/tunnels/ngrok-agent';
import { installStandIns, type StandIns } from '../support/tunnels/standins';
import { serveConfig, tailscaleStatus, TAILNET_SUFFIX } from '../support/tunnels/tailscale-fixtures';
import { createTunnelFetch } from '../support/tunnels/tunnel-fetch';

const ATTACKER_HOST = 'attacker-controlled.example';
const ATTACKER_URL = `https://${ATTACKER_HOST}`;

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
});

interface Attacker {
  port: number;
  /** Request targets it received. */
  requests: string[];
}

/**
 * The attacker's public server: answers every health request 200 with a node-like body, and puts whatever code it
 * was sent into every place a proof could be looked for (the proof header, the body, a cookie).
 */
async function startAttacker(): Promise<Attacker> {
  const requests: string[] = [];
  const server = await serveOnLoopback((req, res) => {
    requests.push(req.url ?? '');
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const echoed = [...q.values()].join(',');
    const body = JSON.stringify({
      status: 'ok',
      node_id: 'attacker',
      max_concurrent: 4,
      available: true,
      reach_proof: echoed,
      iicp_reach: echoed,
    });
    res.writeHead(200, {
      'content-type': 'application/json',
      'iicp-reach-proof': echoed,
      'set-cookie': `iicp_reach=${echoed}`,
    });
    res.end(body);
  });
  cleanups.push(server.close);
  return { port: server.port, requests };
}

async function world(): Promise<{ dir: TestDirectory; backendUrl: string; standins: StandIns }> {
  // Tunnel names do not resolve for the test directory, so it skips its dial-back (production's
  // IICP_SKIP_LIVENESS_CHECK):
  // the node's own check is all that stands between a named address and the registration.
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
  port: number,
  tunnels: { env: NodeJS.ProcessEnv; ngrokApiUrl: string },
  hosts: Record<string, number>,
): Promise<NodeHarness> {
  const h = await startNode(
    { backendUrl: w.backendUrl, directoryUrl: w.dir.url, relayFallback: false },
    {
      taskPort: port,
      tuning: { directoryStartupRetryDelaysMs: [100, 200], directoryBackoffBaseMs: 100, tunnels },
      publicFetch: createTunnelFetch(w.standins.cloudflaredDir, fetch, (host) => hosts[host] ?? null),
    },
  );
  cleanups.push(() => h.stop());
  return h;
}

const registered = (dir: TestDirectory) =>
  dir.state.registrations.map((r) => (r.body as { endpoint?: string } | undefined)?.endpoint);

/** Waits for the ladder to settle on something other than "checking". */
async function settled(h: NodeHarness): Promise<void> {
  await eventually(() => expect(['tunnel', 'local_only']).toContain(h.node.getSnapshot().reachability.status), 20_000);
}

/**
 * Starts the node, then names its tunnel with the port it really listens on (`nameTunnel`) and has it look again
 * (the Network page's "Check again"). A port picked ahead can be taken by the time the node listens — on a busy
 * machine another connection may hold it — and the node then moves to the next one; a tunnel named to the old port
 * would be passed over, never checked, and the attack never tried.
 */
async function nodeWithTunnel(
  w: Parameters<typeof node>[0],
  tunnels: Parameters<typeof node>[2],
  hosts: Record<string, number>,
  nameTunnel: (port: number) => void,
): Promise<NodeHarness> {
  const h = await node(w, await freePort(), tunnels, hosts);
  await settled(h);
  nameTunnel(h.port);
  h.node.commandHandlers().recheckReachability({});
  await eventually(() => {
    const r = h.node.getSnapshot().reachability;
    expect(stepWords(r.steps)[0]).toContain('Looking for a way in from the internet (asked from the Network page).');
    expect(['tunnel', 'local_only']).toContain(r.status);
  }, 20_000);
  return h;
}

describe('a hostile local program names the tunnel', () => {
  it('a fake ngrok agent listing the attacker URL "to the task port": the node never registers it', async () => {
    const w = await world();
    const attacker = await startAttacker();
    const agent = await startNgrokAgent();
    cleanups.push(() => agent.close());
    const started = performance.now();
    const h = await nodeWithTunnel(
      w,
      { env: w.standins.env, ngrokApiUrl: agent.apiUrl },
      { [ATTACKER_HOST]: attacker.port },
      (port) => agent.setTunnels([{ publicUrl: ATTACKER_URL, addr: `http://localhost:${port}` }]),
    );
    // A node that found a way in registers it right after the ladder: give it that chance, to count what it sent.
    if (h.node.getSnapshot().reachability.status === 'tunnel')
      await eventually(() => expect(registered(w.dir).length).toBeGreaterThan(0), 10_000).catch(() => undefined);
    const r = h.node.getSnapshot().reachability;
    console.log(
      `ngrok: registrations with the attacker URL: ${registered(w.dir).filter((e) => e === ATTACKER_URL).length}`,
    );
    console.log(`ngrok: endpoint chosen: ${r.endpoint ?? 'none'} (status ${r.status})`);
    console.log(`ngrok: requests the attacker's server received: ${attacker.requests.length}`);
    console.log(`ngrok: time to settle: ${Math.round(performance.now() - started)} ms`);
    expect(r.endpoint).not.toBe(ATTACKER_URL);
    expect(registered(w.dir)).not.toContain(ATTACKER_URL);
    // It was asked (a one-time code went to it), and the answer was not taken for this node's.
    expect(attacker.requests.some((u) => u.startsWith('/iicp/health?iicp_reach='))).toBe(true);
    expect(stepWords(r.steps).join('\n')).toContain(
      `${ATTACKER_URL} is not used: a request sent through it did not reach this node`,
    );
    expect(r.status).toBe('local_only');
  });

  it('a doctored tailscale reporting a Funnel to the task port at an address that is not this node: not registered either', async () => {
    const w = await world();
    const attacker = await startAttacker();
    const funnelHost = `desk.${TAILNET_SUFFIX}`;
    const h = await nodeWithTunnel(
      w,
      { env: w.standins.env, ngrokApiUrl: `http://127.0.0.1:${await freePort()}` },
      { [funnelHost]: attacker.port },
      (port) =>
        w.standins.tailscaleFiles({
          status: tailscaleStatus(),
          serve: serveConfig({ target: `http://127.0.0.1:${port}`, funnel: true }),
        }),
    );
    if (h.node.getSnapshot().reachability.status === 'tunnel')
      await eventually(() => expect(registered(w.dir).length).toBeGreaterThan(0), 10_000).catch(() => undefined);
    const r = h.node.getSnapshot().reachability;
    console.log(
      `tailscale: registrations with the hostile Funnel URL: ${registered(w.dir).filter((e) => e === `https://${funnelHost}`).length}`,
    );
    console.log(`tailscale: endpoint chosen: ${r.endpoint ?? 'none'} (status ${r.status})`);
    expect(r.endpoint).not.toBe(`https://${funnelHost}`);
    expect(registered(w.dir)).not.toContain(`https://${funnelHost}`);
    expect(stepWords(r.steps).join('\n')).toContain(`https://${funnelHost} is not used`);
  });

  it('an attacker that asks the node itself for the proof (from another address) and passes it on: not registered', async () => {
    const w = await world();
    let port = 0;
    // 127.0.0.2 stands for any address that is not 127.0.0.1 or ::1: a remote server holding the code.
    const from = '127.0.0.2';
    const oracleHits: (string | null)[] = [];
    const server = await serveOnLoopback((req, res) => {
      const ask = httpRequest({ host: '127.0.0.1', port, path: req.url ?? '/', localAddress: from }, (nodeRes) => {
        const proof = nodeRes.headers['iicp-reach-proof'];
        oracleHits.push(typeof proof === 'string' ? proof : null);
        nodeRes.resume();
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(typeof proof === 'string' ? { 'iicp-reach-proof': proof } : {}),
        });
        res.end('{"status":"ok"}');
      });
      ask.on('error', () => res.destroy());
      ask.end();
    });
    cleanups.push(server.close);
    const agent = await startNgrokAgent();
    cleanups.push(() => agent.close());
    const h = await nodeWithTunnel(
      w,
      { env: w.standins.env, ngrokApiUrl: agent.apiUrl },
      { [ATTACKER_HOST]: server.port },
      (bound) => {
        port = bound;
        agent.setTunnels([{ publicUrl: ATTACKER_URL, addr: `http://localhost:${bound}` }]);
      },
    );
    const r = h.node.getSnapshot().reachability;
    console.log(
      `oracle: asked the node ${oracleHits.length}× from ${from}; proofs handed out: ${oracleHits.filter((p) => p !== null).length}`,
    );
    expect(oracleHits.length).toBeGreaterThan(0);
    expect(oracleHits.every((p) => p === null)).toBe(true);
    expect(r.endpoint).not.toBe(ATTACKER_URL);
    expect(registered(w.dir)).not.toContain(ATTACKER_URL);
    // A code the node did not issue gets no proof on any connection, its own loopback included.
    const forged = await fetch(`http://127.0.0.1:${h.port}/iicp/health?iicp_reach=${'A'.repeat(43)}`);
    await forged.body?.cancel();
    expect(forged.headers.get('iicp-reach-proof')).toBeNull();
  });

  it('an honest ngrok tunnel (a forwarder to the task port) is checked through, then registered', async () => {
    const w = await world();
    let port = 0;
    const honestHost = 'c3d4-198-51-100-7.ngrok-free.app';
    const edge = await startForwarder(() => port, honestHost);
    cleanups.push(() => edge.close());
    const agent = await startNgrokAgent();
    cleanups.push(() => agent.close());
    const h = await nodeWithTunnel(
      w,
      { env: w.standins.env, ngrokApiUrl: agent.apiUrl },
      { [honestHost]: edge.port },
      (bound) => {
        port = bound;
        agent.setTunnels([{ publicUrl: `https://${honestHost}`, addr: `http://localhost:${bound}` }]);
      },
    );
    await eventually(() => expect(registered(w.dir)).toContain(`https://${honestHost}`), 20_000);
    const r = h.node.getSnapshot().reachability;
    console.log(
      `honest ngrok: endpoint chosen: ${r.endpoint ?? 'none'} (status ${r.status}); requests through its edge: ${edge.requests.length}`,
    );
    expect(r).toMatchObject({ status: 'tunnel', method: 'tunnel', endpoint: `https://${honestHost}` });
    expect(edge.requests.some((u) => u.startsWith('GET /iicp/health?iicp_reach='))).toBe(true);
    expect(stepWords(r.steps).join('\n')).toContain(`A request sent through https://${honestHost} reached this node.`);
  });
});

describe('the check through a named address costs little', () => {
  it('an address that never answers is given up on within the budget; one that streams an endless body is not read', async () => {
    let bytesSent = 0;
    const server = await serveOnLoopback((req, res) => {
      if (req.url?.startsWith('/hang/')) return; // never answers
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) bytesSent += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    cleanups.push(server.close);
    const base = `http://127.0.0.1:${server.port}`;
    // Loaded here, so the file's other tests still run (and show their figures) where the module does not exist.
    const { probeReach, ReachProof } = await import('@engine/net/reach-proof');
    const proof = new ReachProof();

    const t0 = performance.now();
    const hung = await probeReach(`${base}/hang`, proof, fetch, 500);
    const hungMs = performance.now() - t0;
    const t1 = performance.now();
    const rssBefore = process.memoryUsage().rss;
    const flood = await probeReach(base, proof, fetch, 5_000);
    const floodMs = performance.now() - t1;
    const rssGrowth = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.log(
      `hanging address: decided in ${Math.round(hungMs)} ms (budget 500 ms): ${hung.ok ? 'accepted' : hung.why}`,
    );
    console.log(
      `endless body: decided in ${Math.round(floodMs)} ms, ${(bytesSent / 2 ** 20).toFixed(1)} MiB sent by the server, RSS growth ${rssGrowth.toFixed(1)} MiB`,
    );
    expect(hung).toMatchObject({ ok: false, why: 'no answer within 0.5 s' });
    expect(hungMs).toBeLessThan(5_000);
    expect(flood).toMatchObject({ ok: false, why: 'something answered there, but not this node' });
    expect(floodMs).toBeLessThan(5_000);
  });
});
