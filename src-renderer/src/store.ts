/**
 * The renderer's mirror of the engine. It only ever holds what the host sent: the UI sends commands and
 * waits for the next snapshot instead of patching engine state itself, so it cannot drift from the truth.
 */
import { create } from 'zustand';
import type { AppInfo, NodeSnapshot, Settings } from '@shared/contract';
import type { ConnectionStatus } from './api/connection-status';
import { cacheLanguage, readCachedLanguage } from './i18n/language-cache';
import { readCachedTheme } from './theme';

export type ThemePreference = Settings['theme'];

export interface ProviderState {
  connection: ConnectionStatus;
  /**
   * When the link to the host last dropped (ms since the epoch), or null while connected or never connected: what is
   * on screen is the last news from the node as of then.
   */
  lostAt: number | null;
  snapshot: NodeSnapshot | null;
  /**
   * Set when (re)connecting: the host may have restarted and begun counting versions from 1 again, so the
   * next snapshot is taken whatever its version. Snapshots and results share one ordered channel, so
   * everything after that first one is in order again.
   */
  acceptAnyVersion: boolean;
  /** Why no snapshot could be loaded, when that happened; cleared by the next snapshot. */
  snapshotError: string | null;
  appInfo: AppInfo | null;
  theme: ThemePreference;
  /** The language chosen in Settings ("system": the browser's, which in the desktop app is the system's). */
  language: Settings['language'];

  applySnapshot(snapshot: NodeSnapshot): void;
  expectNewSnapshotEpoch(): void;
  setSnapshotError(message: string | null): void;
  setConnection(status: ConnectionStatus): void;
  setAppInfo(info: AppInfo): void;
  setTheme(theme: ThemePreference): void;
  setLanguage(language: Settings['language']): void;
}

export const useProviderStore = create<ProviderState>()((set) => ({
  connection: { kind: 'connecting' },
  lostAt: null,
  snapshot: null,
  acceptAnyVersion: true,
  snapshotError: null,
  appInfo: null,
  theme: readCachedTheme(),
  language: readCachedLanguage(),

  applySnapshot: (snapshot) =>
    set((state) => {
      if (!state.acceptAnyVersion && state.snapshot && snapshot.version <= state.snapshot.version) return state;
      return { snapshot, acceptAnyVersion: false, snapshotError: null };
    }),
  expectNewSnapshotEpoch: () => set({ acceptAnyVersion: true }),
  setSnapshotError: (snapshotError) => set({ snapshotError }),
  setConnection: (connection) =>
    set((state) => ({
      connection,
      lostAt:
        connection.kind === 'connected' ? null : state.connection.kind === 'connected' ? Date.now() : state.lostAt,
    })),
  setAppInfo: (appInfo) => set({ appInfo }),
  setTheme: (theme) => set({ theme }),
  setLanguage: (language) => {
    cacheLanguage(language);
    set({ language });
  },
}));
