/**
 * The dashboard server both headless hosts share. The supervised host loads it while its engine's process starts:
 * with its WebSocket library it is tens of milliseconds of a launch that need not come before the engine's.
 */
import type { EngineEvent, NodeSnapshot } from '@shared/contract';
import type { Dispatch } from '@shared/contract/dispatch';
import type { BridgeSource } from './bridge';
import type { HeadlessConfig } from './config';
import { keepDashboardPort, keptDashboardPort, keptDashboardToken } from './dashboard-link';
import type { StaticFile } from './static-files';
import { UiServer } from './ui-server';

/** How a headless host is started. */
export interface HeadlessOptions {
  appVersion: string;
  /** The built renderer (out/renderer); defaults to the folder beside the built host. */
  rendererDir?: string;
  onInternalError?: (err: unknown) => void;
}

export interface Dashboard {
  url: string;
  port: number;
  /**
   * What a person should know about the link, in words (it changed, or its token file was replaced); printed by the
   * host.
   */
  notes: string[];
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
 *
 * Without a token or port given, both are kept in the data folder (dashboard-link.ts), so the same link works after a
 * restart and a tab left open reconnects by itself. Called once the engine holds the node's lock, so no other host
 * writes them at the same time.
 */
export async function serveDashboard(
  config: HeadlessConfig,
  files: Map<string, StaticFile>,
  dispatch: Dispatch,
  engine: DashboardEngine,
): Promise<Dashboard> {
  const source: BridgeSource = {
    dispatch,
    subscribe: (event, listener) => (event === 'snapshot' ? engine.onSnapshot(listener) : engine.onEvent(listener)),
  };
  const notes: string[] = [];
  const last = config.uiPort === 0 ? keptDashboardPort(config.dataDir) : null;
  let served: { server: UiServer; port: number; token: string };
  try {
    let token = config.uiToken;
    if (token === null) {
      const kept = keptDashboardToken(config.dataDir);
      token = kept.token;
      if (kept.action === 'replaced')
        notes.push(
          `The dashboard token file was replaced with a new token (${kept.reason ?? 'it was unusable'}); links printed before no longer work.`,
        );
    }
    const serve = async (port: number) => {
      const server = new UiServer({ host: config.uiHost, port, token, files, source });
      return { server, port: await server.listen(), token };
    };
    if (last === null) served = await serve(config.uiPort);
    else {
      try {
        served = await serve(last);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
        notes.push(
          `The dashboard's port from last time (${last}) is taken by another program, so its link has changed: open the new one below (pages still open at the old link cannot reconnect).`,
        );
        served = await serve(0);
      }
    }
  } catch (err) {
    await engine.stop();
    throw err;
  }
  const { server, port, token } = served;
  if (config.uiPort === 0 && port !== last) keepDashboardPort(config.dataDir, port);
  const hostPart = config.uiHost.includes(':') ? `[${config.uiHost}]` : config.uiHost;
  return { url: `http://${hostPart}:${port}/#token=${token}`, port, notes, close: () => server.close() };
}
