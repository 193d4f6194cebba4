/**
 * Child-process entry of the proxy bench: `server-process.ts <backend|proxy|node> [backendUrl]`.
 * Each of the three servers runs in its own process (see run.ts for why).
 */
import { startNullBackend } from '../../support/backends';
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
export interface NodeInfo {
  url: string;
  nodeId: string;
  snapshotIntervalMs: number;
  /** 'fetch' (as shipped) or 'agent' (experiment: see agent-fetch.ts). */
  backendClient: string;
}

const [role, backendUrl] = process.argv.slice(2);

if (role === 'backend') {
  serveChild<BackendInfo>(async () => {
    const nb = await startNullBackend();
    return { info: { url: nb.url, model: nb.model }, handlers: { requests: () => nb.requests, maxInFlight: () => nb.maxInFlight }, close: () => nb.close() };
  });
} else if (role === 'proxy') {
  serveChild<ProxyInfo>(async () => {
    const p = await startMinimalProxy({ backendUrl: backendUrl! });
    return { info: { url: p.url }, handlers: { heapUsed: () => process.memoryUsage().heapUsed }, close: () => p.close() };
  });
} else if (role === 'node') {
  serveChild<NodeInfo>(async () => {
    // The shipped hosts (Electron, headless) keep ProviderNode's default 250 ms snapshot throttle; the test
    // harness sets 0 (publish on every change) for deterministic tests, which is not what a user runs.
    const snapshotIntervalMs = Number(process.env.BENCH_SNAPSHOT_INTERVAL_MS ?? 250);
    const backendClient = process.env.BENCH_NODE_FETCH === 'agent' ? 'agent' : 'fetch';
    const h = await startNode(
      // A loopback directory URL (nothing listens there) on top of "no public endpoint": the node never
      // registers, so the bench makes no traffic off 127.0.0.1. It serves tasks locally meanwhile.
      { backendUrl: backendUrl!, maxConcurrent: 64, directoryUrl: 'http://127.0.0.1:9' },
      { tuning: { snapshotIntervalMs }, ...(backendClient === 'agent' ? { fetchImpl: agentFetch() } : {}) },
    );
    await untilModelAdvertised(h.base, 10_000);
    return {
      info: { url: h.base, nodeId: h.node.getSnapshot().node.nodeId ?? '', snapshotIntervalMs, backendClient },
      handlers: { heapUsed: () => process.memoryUsage().heapUsed },
      close: () => h.stop(),
    };
  });
} else {
  console.error(`unknown role ${role}`);
  process.exit(2);
}
