/**
 * Picks the transport once per page: Electron's preload exposes `window.provider`; a page served by the
 * headless host has no preload and talks to that host over its WebSocket bridge instead.
 */
import type { ProviderApi } from '@shared/contract';
import { createBridgeClient, type BridgeClient } from './bridge-client';
import { inPageLanguage } from './in-page-language';
import { BRIDGE_PATH } from './protocol';
import { takeAccessToken } from './token';

let api: ProviderApi | undefined;
let bridge: BridgeClient | null = null;

function bridgeUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${BRIDGE_PATH}`;
}

export function getApi(): ProviderApi {
  if (!api) {
    if (window.provider) {
      api = inPageLanguage(window.provider);
    } else {
      bridge = createBridgeClient({ token: takeAccessToken(), url: bridgeUrl() });
      api = inPageLanguage(bridge);
    }
  }
  return api;
}

/** The bridge client when running headless (it has a connection to manage), else null. */
export function getBridge(): BridgeClient | null {
  getApi();
  return bridge;
}

export type { BridgeClient } from './bridge-client';
export type { ConnectionStatus } from './connection-status';
