/**
 * The settings in force: the stored ones with this run's host overrides (flags, environment) on top. A value fixed
 * by the host would be stored but never take effect, so changing it is refused with a reason instead of "saved".
 * A group of settings (an object, such as the gateway's) is fixed field by field: its other fields stay the person's
 * to change.
 */
import type { Settings } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import type { Store } from '../store';
import type { SettingsOverrides } from './options';

/** A group of settings (an object of fields), which a host fixes field by field. */
const isGroup = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The same value, whatever the order of an object's keys (a page may send them in another order). */
function sameValue(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown) =>
    JSON.stringify(v, (_key, x: unknown) =>
      x !== null && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)))
        : x,
    );
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
    if (!stored) throw new ContractError('engine_unavailable', said('refusal.node.notRunning'));
    if (this.merged?.stored !== stored) this.merged = { stored, value: Object.freeze(this.onTop(stored)) };
    return this.merged.value;
  }

  /** Stores a change; returns the effective settings after it. */
  update(store: Store, patch: Partial<Settings>): Settings {
    const refused = this.refusedKeys(patch);
    if (refused.length > 0) {
      throw new ContractError(
        'invalid_request',
        said('refusal.settings.fixed'),
        refused.map((path) => ({ path, message: said('refusal.settings.fixedField') })),
      );
    }
    const storable = this.withoutFixedGroupFields(patch);
    try {
      store.settings.update(storable);
    } catch (err) {
      throw new ContractError(
        'store_error',
        said('refusal.settings.notSaved', { detail: err instanceof Error ? err.message : String(err) }),
      );
    }
    this.stored = { ...this.effectiveStored(), ...storable };
    return this.effective();
  }

  private onTop(stored: Settings): Settings {
    const out: Record<string, unknown> = { ...stored };
    for (const [k, fixed] of Object.entries(this.overrides))
      out[k] = isGroup(fixed) ? { ...(out[k] as object), ...fixed } : fixed;
    return out as Settings;
  }

  /** The fixed values the patch would change: whole settings first, then a group's fields (`gateway.enabled`). */
  private refusedKeys(patch: Partial<Settings>): string[] {
    const fixed: Record<string, unknown> = this.overrides;
    const asked: Record<string, unknown> = patch;
    const wanted = Object.keys(asked).filter((k) => k in fixed);
    const refused = wanted.filter((k) => !isGroup(fixed[k]) && !sameValue(fixed[k], asked[k]));
    for (const k of wanted) {
      const group = fixed[k];
      const fields = asked[k];
      if (!isGroup(group) || !isGroup(fields)) continue;
      for (const [f, v] of Object.entries(group)) if (!sameValue(v, fields[f])) refused.push(`${k}.${f}`);
    }
    return refused;
  }

  /** A group's field the host fixed keeps its stored value: the person's own choice is back once the flag is gone. */
  private withoutFixedGroupFields(patch: Partial<Settings>): Partial<Settings> {
    const stored: Record<string, unknown> = this.effectiveStored();
    const out: Record<string, unknown> = { ...patch };
    for (const [k, group] of Object.entries(this.overrides)) {
      if (!isGroup(group) || !isGroup(out[k])) continue;
      const kept = Object.fromEntries(Object.keys(group).map((f) => [f, (stored[k] as Record<string, unknown>)[f]]));
      out[k] = { ...(out[k] as object), ...kept };
    }
    return out as Partial<Settings>;
  }

  private effectiveStored(): Settings {
    if (!this.stored) throw new ContractError('engine_unavailable', said('refusal.node.notRunning'));
    return this.stored;
  }
}
