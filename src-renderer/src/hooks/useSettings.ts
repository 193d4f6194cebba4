import type { Settings } from '@shared/contract';
import { getApi } from '../api';
import { useHostQuery } from './useHostQuery';

export type SettingsState =
  { status: 'loading' } | { status: 'ready'; settings: Settings } | { status: 'error'; message: string };

/** The stored settings, loaded whenever the host (re)connects, since they may have changed meanwhile. */
export function useSettings() {
  const { state, connected, reload, replace } = useHostQuery(() => getApi().getSettings({}));
  const settings: SettingsState =
    state.status === 'ready'
      ? { status: 'ready', settings: state.value }
      : state.status === 'error'
        ? { status: 'error', message: state.error.message }
        : state;
  return { state: settings, connected, reload, replace };
}
