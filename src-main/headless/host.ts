/** What both headless hosts share: the engine's options from the flags, and the dashboard server. */
import { fileURLToPath } from 'node:url';
import { newAccessToken } from './auth';
import type { EngineNodeOptions } from '../supervisor/protocol';
import type { EngineEvent, NodeSnapshot } from '../../src-preload/contract';
import type { Dispatch } from '../contract/dispatch';
import type { BridgeSource } from './bridge';
import type { HeadlessConfig } from './config';
import { loadStaticFiles } from './static-files';
import { UiServer } from './ui-server';

/** What the headless host cannot observe, shown on the dashboard so nobody wonders why a toggle is missing. */
export const HEADLESS_LIMITATIONS = [
  'Running headless: power source and idle time cannot be observed, so conditions based on them are unavailable.',
  'Running headless: there is no tray icon; use this dashboard to switch availability.',
];

export interface HeadlessOptions {
  appVersion: string;
  /** The built renderer (out/renderer); defaults to the folder beside the built host. */
  rendererDir?: string;
  onInternalError?: (err: unknown) => void;
}

/** The engine's options for a headless run (plain data: they also cross to the engine's own process). */
export function headlessNodeOptions(config: HeadlessConfig, appVersion: string): EngineNodeOptions {
  return {
    dataDir: config.dataDir,
    host: 'headless',
    appVersion,
    overrides: config.overrides,
    limitations: HEADLESS_LIMITATIONS,
    backendApiKey: config.backendApiKey,
    allowPrivateEndpoint: config.allowPrivateEndpoint,
    ...(config.noticeDebounceMs !== undefined ? { noticeDebounceMs: config.noticeDebounceMs } : {}),
    ...(config.taskHost ? { taskHost: config.taskHost } : {}),
    ...(config.taskPort !== null ? { taskPort: config.taskPort } : {}),
  };
}

export interface Dashboard {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** What the dashboard shows and stops: the engine, in this process or behind its supervisor. */
export interface DashboardEngine {
  onSnapshot(listener: (snapshot: NodeSnapshot) => void): () => void;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  stop(): Promise<void>;
}

/**
 * Serves the dashboard and its bridge on the configured address; the URL carries the access token. If the address
 * cannot be bound, the engine is stopped before the error is thrown: nothing runs without its dashboard.
 */
export async function serveDashboard(config: HeadlessConfig, files: ReturnType<typeof loadStaticFiles>, dispatch: Dispatch, engine: DashboardEngine): Promise<Dashboard> {
  const token = config.uiToken ?? newAccessToken();
  const source: BridgeSource = {
    dispatch,
    subscribe: (event, listener) => (event === 'snapshot' ? engine.onSnapshot(listener) : engine.onEvent(listener)),
  };
  const server = new UiServer({ host: config.uiHost, port: config.uiPort, token, files, source });
  let port: number;
  try {
    port = await server.listen();
  } catch (err) {
    await engine.stop();
    throw err;
  }
  const hostPart = config.uiHost.includes(':') ? `[${config.uiHost}]` : config.uiHost;
  return { url: `http://${hostPart}:${port}/#token=${token}`, port, close: () => server.close() };
}

/** The built renderer beside the built host (out/renderer), unless given. */
export function dashboardFiles(rendererDir?: string): ReturnType<typeof loadStaticFiles> {
  return loadStaticFiles(rendererDir ?? fileURLToPath(new URL('../renderer/', import.meta.url)));
}

