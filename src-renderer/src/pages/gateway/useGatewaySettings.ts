import type { GatewaySettings, NodeSnapshot, Result, Settings } from '@shared/contract';
import { getApi } from '../../api';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import type { useSettings } from '../../hooks/useSettings';
import { sayNow } from '@shared/i18n/current';

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
  /** A switch of the page turned: the choice stored the other way, then the node's state read again for the page. */
  flip(choice: SwitchedChoice, on: boolean): Promise<Result<NodeSnapshot>>;
}

/** The gateway's choices the page shows as switches. */
export type SwitchedChoice = 'enabled' | 'onlyMine' | 'keylessOllama';

/** What a switch says when its choice could not be stored. */
export const choiceNotSaved = (message: string): string => sayNow()('gateway.choiceNotSaved', { message });

/** The gateway's part of the stored settings, and the one way this page changes it: `updateSettings({ gateway })`. */
export function useGatewaySettings(settings: ReturnType<typeof useSettings>): GatewaySettingsView {
  const fixed = useFixedSettings().has('gateway');
  const stored = settings.state.status === 'ready' ? settings.state.settings.gateway : null;
  const { replace } = settings;

  const save = async (change: Partial<GatewaySettings>): Promise<Result<Settings>> => {
    if (!stored)
      return { ok: false, error: { code: 'engine_unavailable', message: sayNow()('gateway.settingsNotLoaded') } };
    const result = await getApi().updateSettings({ gateway: { ...stored, ...change } });
    if (result.ok) replace(result.value);
    return result;
  };

  const flip = async (choice: SwitchedChoice, on: boolean): Promise<Result<NodeSnapshot>> => {
    const saved = await save({ [choice]: !on });
    if (!saved.ok) return saved;
    return getApi().getSnapshot({});
  };

  return { stored, fixed, connected: settings.connected, save, flip };
}
