/**
 * The settings in force: the stored ones with this run's host overrides (flags, environment) on top. A value fixed
 * by the host would be stored but never take effect, so changing it is refused with a reason instead of "saved".
 * The gateway is fixed field by field (`--gateway` turns it on): its other fields stay the person's to change.
 */
import type { Settings } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import type { Store } from '../store';
import type { SettingsOverrides } from './options';

/** The same value, whatever the order of an object's keys (a page may send them in another order). */
function sameValue(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown) =>
    JSON.stringify(v, (_key, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x));
  return canonical(a) === canonical(b);
}

export class SettingsHolder {
  private stored: Settings | null = null;
  private merged: { stored: Settings; value: Settings } | null = null;

  constructor(private readonly overrides: SettingsOverrides = {}) {}

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
    if (this.merged?.stored !== stored) this.merged = { stored, value: Object.freeze(this.onTop(stored)) };
    return this.merged.value;
  }

  /** Stores a change; returns the effective settings after it. */
  update(store: Store, patch: Partial<Settings>): Settings {
    const refused = this.refusedKeys(patch);
    if (refused.length > 0) {
      throw new ContractError(
        'invalid_request',
        'Some settings are fixed for this run by the host.',
        refused.map((path) => ({ path, message: 'Fixed for this run by a command-line flag or environment variable; change it there.' })),
      );
    }
    const storable = this.withoutFixedGatewayFields(patch);
    try {
      store.settings.update(storable);
    } catch (err) {
      throw new ContractError('store_error', `The settings could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.stored = { ...this.effectiveStored(), ...storable };
    return this.effective();
  }

  private onTop(stored: Settings): Settings {
    const { gateway, ...whole } = this.overrides;
    return { ...stored, ...whole, ...(gateway ? { gateway: { ...stored.gateway, ...gateway } } : {}) };
  }

  /** The fixed values the patch would change (`gateway.enabled` for a gateway field). */
  private refusedKeys(patch: Partial<Settings>): string[] {
    const { gateway, ...whole } = this.overrides;
    const refused: string[] = (Object.keys(patch) as (keyof Settings)[]).filter((k) => k !== 'gateway' && k in whole && !sameValue(whole[k as keyof typeof whole], patch[k]));
    if (gateway && patch.gateway) {
      const asked = patch.gateway;
      for (const f of Object.keys(gateway) as (keyof typeof gateway)[]) if (!sameValue(gateway[f], asked[f])) refused.push(`gateway.${f}`);
    }
    return refused;
  }

  /** A gateway field the host fixed keeps its stored value: the person's own choice is back once the flag is gone. */
  private withoutFixedGatewayFields(patch: Partial<Settings>): Partial<Settings> {
    const fixed = this.overrides.gateway;
    if (!fixed || !patch.gateway) return patch;
    const stored = this.effectiveStored().gateway;
    const kept = Object.fromEntries(Object.keys(fixed).map((f) => [f, stored[f as keyof typeof stored]]));
    return { ...patch, gateway: { ...patch.gateway, ...kept } };
  }

  private effectiveStored(): Settings {
    if (!this.stored) throw new ContractError('engine_unavailable', 'The node is not running.');
    return this.stored;
  }
}
