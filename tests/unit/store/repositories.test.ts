import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { Store } from '@engine/store';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function openStore(): { store: Store; path: string } {
  const t = tempDir();
  const path = `${t.dir}/provider.db`;
  const store = Store.open(path, () => new Date('2026-11-21T10:00:00Z'));
  cleanups.push(() => {
    store.close();
    t.cleanup();
  });
  return { store, path };
}

describe('settings repository', () => {
  it('starts with the defaults on a fresh database', () => {
    const { store } = openStore();
    expect(store.settings.load()).toEqual({ settings: DEFAULT_SETTINGS, invalidFields: [] });
  });

  it('persists changed fields and keeps the others', () => {
    const { store, path } = openStore();
    store.settings.update({ displayName: 'Desk PC', maxConcurrent: 4 });
    store.close();
    const reopened = Store.open(path);
    expect(reopened.settings.load().settings).toEqual({
      ...DEFAULT_SETTINGS,
      displayName: 'Desk PC',
      maxConcurrent: 4,
    });
    reopened.close();
  });

  it('falls back to the default for a stored value that no longer validates, and says which', () => {
    const { store } = openStore();
    store.db
      .prepare(
        "INSERT INTO settings (key, value, updated_at) VALUES ('maxConcurrent', '\"lots\"', 't'), ('region', 'not json', 't')",
      )
      .run();
    const { settings, invalidFields } = store.settings.load();
    expect(settings.maxConcurrent).toBe(DEFAULT_SETTINGS.maxConcurrent);
    expect(settings.region).toBe(DEFAULT_SETTINGS.region);
    expect(invalidFields.sort()).toEqual(['maxConcurrent', 'region']);
  });
});

describe('event log', () => {
  it('appends with increasing ids and pages newest first', () => {
    const { store } = openStore();
    for (let i = 1; i <= 5; i++) store.events.append('info', 'engine_start', `n=${i}`);
    const first = store.events.list(2);
    expect(first.map((e) => e.details)).toEqual(['n=5', 'n=4']);
    const next = store.events.list(2, first[1]!.id);
    expect(next.map((e) => e.details)).toEqual(['n=3', 'n=2']);
    expect(first[0]).toMatchObject({ level: 'info', event: 'engine_start', ts: '2026-11-21T10:00:00.000Z' });
  });

  it('is append-only: rows cannot be rewritten', () => {
    const { store } = openStore();
    store.events.append('warn', 'problem', 'x');
    expect(() => store.db.prepare("UPDATE events SET details = 'forged'").run()).toThrow(/append-only/);
    expect(store.events.list(1)[0]!.details).toBe('x');
  });

  it('rejects unknown levels at the database', () => {
    const { store } = openStore();
    expect(() => store.db.prepare("INSERT INTO events (ts, level, event) VALUES ('t', 'debug', 'e')").run()).toThrow(
      /CHECK/,
    );
  });

  it('caps very long details', () => {
    const { store } = openStore();
    const e = store.events.append('info', 'settings_changed', 'x'.repeat(10_000));
    expect(e.details.length).toBeLessThanOrEqual(2001);
  });
});
