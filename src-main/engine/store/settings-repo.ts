import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '@shared/contract';
import type { Clock } from './clock';
import type { Db } from './database';

type Field = keyof Settings;
const FIELDS = Object.keys(DEFAULT_SETTINGS) as Field[];

/**
 * The person's settings, one row per field (JSON value). Missing rows take the default; a stored value that
 * no longer validates (hand-edited file, older schema) falls back to the default and is reported, never
 * crashes the app.
 */
export class SettingsRepository {
  private readonly upsert;
  private readonly selectAll;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  }

  /** Current settings and the fields whose stored value was unusable. */
  load(): { settings: Settings; invalidFields: Field[] } {
    const settings: Settings = { ...DEFAULT_SETTINGS };
    const invalidFields: Field[] = [];
    const shape = SettingsSchema.shape;
    for (const row of this.selectAll.all()) {
      if (!FIELDS.includes(row.key as Field)) continue; // a setting retired by a later version
      const field = row.key as Field;
      let value: unknown;
      try {
        value = JSON.parse(row.value);
      } catch {
        invalidFields.push(field);
        continue;
      }
      const parsed = shape[field].safeParse(value);
      if (parsed.success) (settings as Record<Field, unknown>)[field] = parsed.data;
      else invalidFields.push(field);
    }
    return { settings, invalidFields };
  }

  /** Writes the given fields in one transaction: either all of them are stored or none. */
  update(patch: Partial<Settings>): void {
    const now = this.clock().toISOString();
    const entries = Object.entries(patch).filter(([k, v]) => FIELDS.includes(k as Field) && v !== undefined);
    this.db.transaction(() => {
      for (const [key, value] of entries) this.upsert.run(key, JSON.stringify(value), now);
    })();
  }
}
