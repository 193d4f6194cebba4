/**
 * The settings in force: the stored ones with this run's host overrides (flags, environment) on top. A value fixed
 * by the host would be stored but never take effect, so changing it is refused with a reason instead of "saved".
 */
import type { Settings } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import type { Store } from '../store';

export class SettingsHolder {
  private stored: Settings | null = null;
  private merged: { stored: Settings; value: Settings } | null = null;

  constructor(private readonly overrides: Partial<Settings> = {}) {}

  /** Reads the stored settings; fields that were invalid are reset to their defaults and named. */
  load(store: Store): string[] {
    const { settings, invalidFields } = store.settings.load();
    this.stored = settings;
    return invalidFields;
  }

  get loaded(): boolean {
    return this.stored !== null;
  }

  /** The effective settings; one object until they change. */
  effective(): Settings {
    const stored = this.stored;
    if (!stored) throw new ContractError('engine_unavailable', 'The node is not running.');
    if (this.merged?.stored !== stored) this.merged = { stored, value: Object.freeze({ ...stored, ...this.overrides }) };
    return this.merged.value;
  }

  /** Stores a change; returns the effective settings after it. */
  update(store: Store, patch: Partial<Settings>): Settings {
    const fixed = this.overrides;
    const refused = (Object.keys(patch) as (keyof Settings)[]).filter((k) => k in fixed && JSON.stringify(fixed[k]) !== JSON.stringify(patch[k]));
    if (refused.length > 0) {
      throw new ContractError(
        'invalid_request',
        'Some settings are fixed for this run by the host.',
        refused.map((k) => ({ path: k, message: 'Fixed for this run by a command-line flag or environment variable; change it there.' })),
      );
    }
    try {
      store.settings.update(patch);
    } catch (err) {
      throw new ContractError('store_error', `The settings could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.stored = { ...this.effectiveStored(), ...patch };
    return this.effective();
  }

  private effectiveStored(): Settings {
    if (!this.stored) throw new ContractError('engine_unavailable', 'The node is not running.');
    return this.stored;
  }
}
