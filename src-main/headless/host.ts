import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../contract/dispatch';
import { ProviderNode } from '../engine/provider-node';
import { newAccessToken } from './auth';
import type { HeadlessConfig } from './config';
import { loadStaticFiles } from './static-files';
import { UiServer } from './ui-server';

/** What the headless host cannot observe, shown on the dashboard so nobody wonders why a toggle is missing. */
export const HEADLESS_LIMITATIONS = [
  'Running headless: power source and idle time cannot be observed, so conditions based on them are unavailable.',
  'Running headless: there is no tray icon; use this dashboard to switch availability.',
];

export interface HeadlessHost {
  url: string;
  port: number;
  node: ProviderNode;
  stop(): Promise<void>;
}

export interface HeadlessOptions {
  appVersion: string;
  /** The built renderer (out/renderer); defaults to the folder beside the built host. */
  rendererDir?: string;
  onInternalError?: (err: unknown) => void;
}

/** Starts the engine and its dashboard. Throws `StoreOpenError` before binding anything if the DB is unusable. */
export async function startHeadless(config: HeadlessConfig, options: HeadlessOptions): Promise<HeadlessHost> {
  const rendererDir = options.rendererDir ?? fileURLToPath(new URL('../renderer/', import.meta.url));
  const files = loadStaticFiles(rendererDir);
  const node = new ProviderNode({
    dataDir: config.dataDir,
    host: 'headless',
    appVersion: options.appVersion,
    overrides: config.overrides,
    limitations: HEADLESS_LIMITATIONS,
    backendApiKey: config.backendApiKey,
    allowPrivateEndpoint: config.allowPrivateEndpoint,
    ...(config.noticeDebounceMs !== undefined ? { noticeDebounceMs: config.noticeDebounceMs } : {}),
    ...(config.taskHost ? { taskHost: config.taskHost } : {}),
    ...(config.taskPort !== null ? { taskPort: config.taskPort } : {}),
  });
  await node.start();
  const dispatch = createDispatcher(node.commandHandlers(), options.onInternalError);
  const token = config.uiToken ?? newAccessToken();
  const server = new UiServer({
    host: config.uiHost,
    port: config.uiPort,
    token,
    files,
    source: {
      dispatch,
      subscribe: (event, listener) => (event === 'snapshot' ? node.onSnapshot(listener) : node.onEvent(listener)),
    },
  });
  let port: number;
  try {
    port = await server.listen();
  } catch (err) {
    await node.stop();
    throw err;
  }
  const hostPart = config.uiHost.includes(':') ? `[${config.uiHost}]` : config.uiHost;
  let stopped = false;
  return {
    url: `http://${hostPart}:${port}/#token=${token}`,
    port,
    node,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await node.stop();
    },
  };
}
