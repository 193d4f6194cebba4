/**
 * The notification switches are settings like any other: all on by default, so a data folder from a version
 * without them loads with every switch on; a change is stored whole and survives a reopen; a half-written value is
 * refused by the contract.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS, DEFAULT_SETTINGS } from '@shared/contract';
import { Store } from '@engine/store';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function openStore() {
  const t = tempDir();
  const path = `${t.dir}/provider.db`;
  const store = Store.open(path, () => new Date('2026-11-21T10:00:00Z'));
  cleanups.push(() => t.cleanup());
  return { store, path };
}

describe('notification switches', () => {
  it('are all on by default', () => {
    expect(DEFAULT_SETTINGS.notifications).toEqual({
      offline: true,
      backend: true,
      reachability: true,
      earnings: true,
      fleet: true,
    });
  });

  it('load as all on from settings stored by a version that had none', () => {
    const { store } = openStore();
    // What an older version stored: its own fields, no `notifications` row.
    store.db
      .prepare(
        "INSERT INTO settings (key, value, updated_at) VALUES ('displayName', '\"Desk PC\"', 't'), ('maxConcurrent', '4', 't')",
      )
      .run();
    const { settings, invalidFields } = store.settings.load();
    expect(invalidFields).toEqual([]);
    expect(settings).toMatchObject({
      displayName: 'Desk PC',
      maxConcurrent: 4,
      notifications: DEFAULT_SETTINGS.notifications,
    });
    store.close();
  });

  it('keep a change across a reopen', () => {
    const { store, path } = openStore();
    store.settings.update({
      notifications: { offline: true, backend: false, reachability: true, earnings: false, fleet: true },
    });
    store.close();
    const reopened = Store.open(path);
    expect(reopened.settings.load().settings.notifications).toEqual({
      offline: true,
      backend: false,
      reachability: true,
      earnings: false,
      fleet: true,
    });
    reopened.close();
  });

  it('are changed whole: a patch missing a switch or naming an unknown one is refused', () => {
    const ok = COMMANDS.updateSettings.safeParse({
      notifications: { offline: false, backend: true, reachability: true, earnings: true },
    });
    expect(ok.success).toBe(true);
    expect(COMMANDS.updateSettings.safeParse({ notifications: { offline: false } }).success).toBe(false);
    expect(
      COMMANDS.updateSettings.safeParse({
        notifications: { offline: false, backend: true, reachability: true, earnings: true, sound: true },
      }).success,
    ).toBe(false);
  });

  it('fall back to all on when the stored value is damaged, and say so', () => {
    const { store } = openStore();
    store.db
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('notifications', '{\"offline\":\"yes\"}', 't')")
      .run();
    const { settings, invalidFields } = store.settings.load();
    expect(settings.notifications).toEqual(DEFAULT_SETTINGS.notifications);
    expect(invalidFields).toEqual(['notifications']);
    store.close();
  });
});
