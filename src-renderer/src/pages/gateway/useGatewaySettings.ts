import type { GatewaySettings, Result, Settings } from '@shared/contract';
import { getApi } from '../../api';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import type { useSettings } from '../../hooks/useSettings';

export interface GatewaySettingsView {
  /** The gateway's stored settings; null while they are read (or could not be). */
  stored: GatewaySettings | null;
  /**
   * The host turned the gateway on for this run (`--gateway`): the switch is shown, not changed. Only `enabled` is
   * fixed; the limits, machines and origins stay the person's to change.
   */
  fixed: boolean;
  connected: boolean;
  /** Stores a change of some of the gateway's settings, the others as stored; the stored settings come back. */
  save(change: Partial<GatewaySettings>): Promise<Result<Settings>>;
}

/** The gateway's part of the stored settings, and the one way this page changes it: `updateSettings({ gateway })`. */
export function useGatewaySettings(settings: ReturnType<typeof useSettings>): GatewaySettingsView {
  const fixed = useFixedSettings().has('gateway');
  const stored = settings.state.status === 'ready' ? settings.state.settings.gateway : null;
  const { replace } = settings;

  const save = async (change: Partial<GatewaySettings>): Promise<Result<Settings>> => {
    if (!stored) return { ok: false, error: { code: 'engine_unavailable', message: 'The settings are not loaded yet.' } };
    const result = await getApi().updateSettings({ gateway: { ...stored, ...change } });
    if (result.ok) replace(result.value);
    return result;
  };

  return { stored, fixed, connected: settings.connected, save };
}
