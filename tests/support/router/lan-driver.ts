/**
 * Runs inside the LAN namespace (behind the router): drives the real NatApiMapper, serves a mapped HTTP port,
 * and runs a real ProviderNode with a fake LLM backend on the namespace's loopback. Spoken to over stdio by
 * LanDriver (driver-client.ts); see protocol.ts for the commands.
 */
import { english } from '@shared/i18n/say';
import { createServer, type Server } from 'node:http';
import type { PortMapperProtocol } from '@engine/nat/port-mapper';
import { NatApiMapper } from '@engine/nat/nat-api-mapper';
import { MemorySecretStore } from '@engine/identity/secret-store';
import { ProviderNode } from '@engine/node/provider-node';
import type { NodeSnapshot } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../backends';
import { tempDir } from '../tmp';
import { DriverError, httpGet, serveDriver, type Handlers } from './driver-runtime';
import type { LanCommands, SnapshotLite } from './protocol';
import { listen } from '../http-server';

const mappers = new Map<PortMapperProtocol, NatApiMapper>();
const servers = new Map<number, Server>();
const backends: FakeBackend[] = [];
let node: { node: ProviderNode; unsubscribe: () => void; cleanup: () => void } | null = null;

// Default options, as the engine creates it: the router sees the production description ('IICP Provider').
function mapper(protocol: PortMapperProtocol): NatApiMapper {
  let m = mappers.get(protocol);
  if (!m) {
    m = new NatApiMapper(protocol);
    mappers.set(protocol, m);
  }
  return m;
}

function lite(s: NodeSnapshot): SnapshotLite {
  return {
    version: s.version,
    emittedAt: s.emittedAt,
    state: s.state,
    stateReason: s.stateReason === null ? null : english.said(s.stateReason),
    available: s.available,
    nodeId: s.node.nodeId,
    directory: s.directory,
    backendStatus: s.backend.status,
    reachability: s.reachability,
  };
}

function requireNode(): ProviderNode {
  if (!node) throw new DriverError('no node is running', 'no_node');
  return node.node;
}

async function stopNode(): Promise<void> {
  const n = node;
  node = null;
  if (!n) return;
  try {
    await n.node.stop();
  } finally {
    n.unsubscribe();
    n.cleanup();
  }
}

const handlers: Handlers<LanCommands> = {
  probe: ({ protocol }) => mapper(protocol).probe(),
  install: ({ protocol, internalPort, externalPort, leaseSeconds }) =>
    mapper(protocol).install({ internalPort, externalPort, leaseSeconds }),
  renew: ({ protocol, mapping }) => mapper(protocol).renew(mapping),
  remove: async ({ protocol, mapping }) => {
    await mapper(protocol).remove(mapping);
    return null;
  },
  close: async ({ protocol }) => {
    const m = mappers.get(protocol);
    mappers.delete(protocol);
    await m?.close();
    return null;
  },

  httpServe: async ({ port }) => {
    if (servers.has(port)) return { port };
    const server = createServer((req, res) => {
      const ok = req.url === '/iicp/health';
      res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { status: 'ok', servedBy: 'lan-driver', port } : { error: 'not_found' }));
    });
    await listen(server, { port, host: '0.0.0.0' });
    servers.set(port, server);
    return { port };
  },
  httpClose: async ({ port }) => {
    const s = servers.get(port);
    servers.delete(port);
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    return null;
  },

  backendStart: async ({ flavour }) => {
    const b = await startFakeBackend({ flavour: flavour ?? 'ollama' });
    backends.push(b);
    return { url: b.url, port: b.port };
  },

  nodeStart: async ({ settings, taskHost, taskPort, nat }) => {
    if (node) throw new DriverError('a node is already running', 'busy');
    const t = tempDir('iicp-router-node-');
    const n = new ProviderNode({
      dataDir: t.dir,
      host: 'headless',
      appVersion: '0.1.0-test',
      taskHost,
      taskPort,
      tuning: {
        snapshotIntervalMs: 0,
        directoryStartupRetryDelaysMs: [500, 1000, 2000],
        directoryBackoffBaseMs: 500,
        relay: { retryBaseMs: 500, retryMaxMs: 2_000 },
        tunnels: { env: { PATH: '' }, ngrokApiUrl: 'http://127.0.0.1:9' },
        ...(nat ? { nat } : {}),
      },
      secretStore: new MemorySecretStore(),
      overrides: settings,
    });
    const unsubscribe = n.onSnapshot((s) => runtime.emit('snapshot', lite(s)));
    try {
      await n.start();
    } catch (err) {
      unsubscribe();
      t.cleanup();
      throw err;
    }
    node = { node: n, unsubscribe, cleanup: t.cleanup };
    const snapshot = lite(n.getSnapshot());
    return { nodeId: snapshot.nodeId, taskPort: n.runtime?.taskPort ?? null, snapshot };
  },
  nodeSnapshot: () => lite(requireNode().getSnapshot()),
  nodePause: () => lite(requireNode().commands.pause()),
  nodeResume: () => lite(requireNode().commands.resume()),
  nodeRecheck: async () => lite(await requireNode().commandHandlers().recheckReachability({})),
  nodeStop: async () => {
    await stopNode();
    return null;
  },

  fetch: ({ url, timeoutMs }) => httpGet(url, timeoutMs),
};

const runtime = serveDriver<LanCommands>('lan-driver', handlers, async () => {
  await stopNode().catch(() => undefined);
  for (const m of mappers.values()) await m.close().catch(() => undefined);
  mappers.clear();
  for (const s of servers.values()) {
    s.closeAllConnections();
    s.close();
  }
  for (const b of backends) await b.close().catch(() => undefined);
});
