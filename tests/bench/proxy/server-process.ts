/**
 * Child-process entry of the proxy bench: `server-process.ts backend`, `server-process.ts proxy <backendUrl>`,
 * `server-process.ts directory` and `server-process.ts node <backendUrl> <dataDir> [directoryUrl]`.
 * Each server runs in its own process (see run.ts for why). A node given a directory registers with it and claims
 * a receipt for every task; without one it serves unregistered (no receipts).
 */
import { startNullBackend } from '../../support/backends';
import { startTestDirectory } from '../../support/directory';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { startNode } from '../../support/node-harness';
import { untilModelAdvertised } from '../lib/node-ready';
import { serveChild } from '../lib/server-child';
import { agentFetch } from './agent-fetch';
import { startMinimalProxy } from './minimal-proxy';

export interface BackendInfo {
  url: string;
  model: string;
}
export interface ProxyInfo {
  url: string;
}
export interface DirectoryInfo {
  url: string;
}
export interface NodeInfo {
  url: string;
  nodeId: string;
  /** Registered with the bench's directory: every task claims a receipt, posted as an award. */
  registered: boolean;
  snapshotIntervalMs: number;
  /** 'fetch' (as shipped) or 'agent' (experiment: see agent-fetch.ts). */
  backendClient: string;
}

const [role, backendUrl, dataDir, directoryUrl] = process.argv.slice(2);

if (role === 'backend') {
  serveChild<BackendInfo>(async () => {
    const nb = await startNullBackend();
    return {
      info: { url: nb.url, model: nb.model },
      handlers: { requests: () => nb.requests, maxInFlight: () => nb.maxInFlight },
      close: () => nb.close(),
    };
  });
} else if (role === 'proxy') {
  serveChild<ProxyInfo>(async () => {
    const p = await startMinimalProxy({ backendUrl: backendUrl! });
    return {
      info: { url: p.url },
      handlers: { heapUsed: () => process.memoryUsage().heapUsed },
      close: () => p.close(),
    };
  });
} else if (role === 'directory') {
  serveChild<DirectoryInfo>(async () => {
    // Loopback endpoints are not routable: the production rule is off, as in every local test. The liveness probe
    // stays on, so the node registers exactly as it would with the real directory.
    const d = await startTestDirectory({ routabilityCheck: false, livenessProbe: true });
    // Accepted awards, counted as the log grows: the bench asks often while a node's awards drain, and a scan of the
    // whole log per question would be CPU charged to that node's awards.
    let scanned = 0;
    let accepted = 0;
    const acceptedAwards = () => {
      const log = d.state.awards;
      for (; scanned < log.length; scanned++) if (log[scanned]!.outcome === 'accepted') accepted += 1;
      return accepted;
    };
    return {
      info: { url: d.url },
      handlers: { awards: () => d.state.awards.length, accepted: acceptedAwards },
      close: () => d.close(),
    };
  });
} else if (role === 'node') {
  serveChild<NodeInfo>(async () => {
    // The shipped hosts (Electron, headless) keep ProviderNode's default 250 ms snapshot throttle; the test
    // harness sets 0 (publish on every change) for deterministic tests, which is not what a user runs.
    const snapshotIntervalMs = Number(process.env.BENCH_SNAPSHOT_INTERVAL_MS ?? 250);
    const backendClient = process.env.BENCH_NODE_FETCH === 'agent' ? 'agent' : 'fetch';
    const client = backendClient === 'agent' ? { fetchImpl: agentFetch() } : {};
    const registered = directoryUrl !== undefined && directoryUrl !== '';
    // One slot more than the load's 64 at once: one source (this bench's one client) never holds every slot.
    const port = registered ? await freePort() : 0;
    const h = registered
      ? await startNode(
          { backendUrl: backendUrl!, maxConcurrent: 65, directoryUrl, publicEndpoint: `http://127.0.0.1:${port}` },
          {
            tuning: { snapshotIntervalMs, directoryStartupRetryDelaysMs: [200, 400], directoryBackoffBaseMs: 200 },
            taskPort: port,
            allowPrivateEndpoint: true,
            ...client,
          },
          dataDir,
        )
      : await startNode(
          // A loopback directory URL (nothing listens there) on top of "no public endpoint": the node never
          // registers, so it claims no receipts and makes no traffic off 127.0.0.1.
          { backendUrl: backendUrl!, maxConcurrent: 65, directoryUrl: 'http://127.0.0.1:9' },
          { tuning: { snapshotIntervalMs }, ...client },
          dataDir,
        );
    await untilModelAdvertised(h.base, 10_000);
    // Registered means it holds the key receipts are signed with: from here every task with tokens claims one.
    if (registered)
      await eventually(() => h.secrets.get('node_hmac_key') ?? Promise.reject(new Error('not registered yet')), 20_000);
    return {
      info: {
        url: h.base,
        nodeId: h.node.getSnapshot().node.nodeId ?? '',
        registered,
        snapshotIntervalMs,
        backendClient,
      },
      handlers: { heapUsed: () => process.memoryUsage().heapUsed },
      close: () => h.stop(),
    };
  });
} else {
  console.error(`unknown role ${role}`);
  process.exit(2);
}
