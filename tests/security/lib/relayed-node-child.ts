/**
 * Child process of hostile-relay-costs.test.ts: a provider node with no way in but a relay, and its real headless
 * dashboard bridge, in a process of its own, so the parent measures the node's resident memory alone, its task port's
 * health answers, and every message the bridge pushes to a dashboard.
 *
 *   relayed-node-child.ts '{"dataDir": …, "directoryUrl": …, "backendUrl": …}'
 *
 * The node keeps the shipped hosts' snapshot throttle (the ProviderNode default) and a file secret store, so a
 * second child on the same data folder is the same node restarted.
 */
import { join } from 'node:path';
import { loopDelayWindows } from '../../support/loop-delay';
import { createDispatcher } from '@shared/contract/dispatch';
import { fixedHostHandlers } from '@main/headless/fixed-host-handlers';
import { FileSecretStore } from '@engine/identity/secret-store';
import type { HeadlessConfig } from '@main/headless/config';
import { serveDashboard } from '@main/headless/host';
import { serveChild } from '../../bench/lib/server-child';
import { startNode } from '../../support/node-harness';

export interface RelayedNodeConfig {
  dataDir: string;
  directoryUrl: string;
  backendUrl: string;
}

export interface RelayedNodeInfo {
  taskPort: number;
  uiPort: number;
  token: string;
  nodeId: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as RelayedNodeConfig;
const TOKEN = 'c0575'.padEnd(64, '0');

serveChild<RelayedNodeInfo>(async () => {
  const h = await startNode(
    { backendUrl: config.backendUrl, directoryUrl: config.directoryUrl },
    {
      allowPrivateEndpoint: true,
      tuning: {
        snapshotIntervalMs: undefined,
        directoryStartupRetryDelaysMs: [100, 200],
        directoryBackoffBaseMs: 100,
        relay: { retryBaseMs: 100, retryMaxMs: 1_000 },
        earnings: { retryBaseMs: 100, syncIntervalMs: 60_000, listingIntervalMs: 150 },
      },
      secretStore: new FileSecretStore(join(config.dataDir, 'test-secrets.json')),
    },
    config.dataDir,
  );
  const node = h.node;
  const dispatch = createDispatcher({
    ...node.commandHandlers(),
    ...fixedHostHandlers(() => node.getSnapshot().update),
  });
  // The real dashboard server and bridge, without page files: the bridge is what is measured.
  const ui = { uiHost: '127.0.0.1', uiPort: 0, uiToken: TOKEN, dataDir: config.dataDir } as HeadlessConfig;
  const dashboard = await serveDashboard(ui, new Map(), dispatch, node);
  const loop = loopDelayWindows();
  return {
    info: { taskPort: h.port, uiPort: dashboard.port, token: TOKEN, nodeId: node.getSnapshot().node.nodeId! },
    handlers: {
      // The event loop's delay since the last call (ms): beside the health figures, whether the node itself waited.
      loop,
    },
    close: async () => {
      await dashboard.close();
      await h.stop();
    },
  };
});
