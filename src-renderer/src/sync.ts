/**
 * Keeps the store in step with the host: subscribes to pushes and, on every (re)connection, fetches a
 * full snapshot, the app info and the theme, because pushes missed while disconnected are gone for good.
 */
import type { ProviderApi } from '@shared/contract';
import { getApi, getBridge } from './api';
import { API_VERSION } from './api/protocol';
import { forgetAccessToken } from './api/token';
import { useProviderStore } from './store';

/** Loads everything the shell shows; safe to call again (the "Try again" button does). */
export async function refreshFromHost(api: ProviderApi = getApi()): Promise<void> {
  const store = useProviderStore.getState();
  store.expectNewSnapshotEpoch();
  const [snapshot, info, settings] = await Promise.all([api.getSnapshot({}), api.getAppInfo({}), api.getSettings({})]);
  if (snapshot.ok) store.applySnapshot(snapshot.value);
  else store.setSnapshotError(snapshot.error.message);
  if (info.ok) store.setAppInfo(info.value);
  if (settings.ok) {
    store.setTheme(settings.value.theme);
    store.setLanguage(settings.value.language);
  }
}

export function startSync(): () => void {
  const api = getApi();
  const store = useProviderStore.getState();
  const cleanups = [api.onSnapshot((s) => useProviderStore.getState().applySnapshot(s))];

  const bridge = getBridge();
  if (!bridge) {
    if (api.apiVersion !== API_VERSION) {
      store.setConnection({ kind: 'incompatible', hostApiVersion: api.apiVersion });
    } else {
      store.setConnection({ kind: 'connected' });
      void refreshFromHost(api);
    }
  } else {
    cleanups.push(
      bridge.onStatus((status) => {
        useProviderStore.getState().setConnection(status);
        if (status.kind === 'connected') void refreshFromHost(api);
        // A refused token stays refused (the host makes a new one per run); a reload should not retry it.
        if (status.kind === 'unauthorized') forgetAccessToken();
      }),
    );
    const onOnline = () => bridge.retryNow();
    window.addEventListener('online', onOnline);
    cleanups.push(() => window.removeEventListener('online', onOnline));
    bridge.start();
  }
  return () => cleanups.forEach((c) => c());
}
