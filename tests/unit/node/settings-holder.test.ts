/** The settings in force: the host's fixed values on top of the stored ones, the gateway's field by field. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { SettingsHolder } from '@engine/node/settings-holder';
import type { SettingsOverrides } from '@engine/node/options';
import type { Store } from '@engine/store';

const STORED: Settings = {
  ...DEFAULT_SETTINGS,
  region: 'eu-stored',
  gateway: { ...DEFAULT_SETTINGS.gateway, dailyCap: 2, allowedOrigins: ['http://localhost:3000'] },
};

/** A store that keeps the settings in memory and records every change written. */
function holderWith(overrides: SettingsOverrides) {
  const written: Partial<Settings>[] = [];
  const store = {
    settings: {
      load: () => ({ settings: STORED, invalidFields: [] }),
      update: (patch: Partial<Settings>) => written.push(patch),
    },
  } as unknown as Store;
  const holder = new SettingsHolder(overrides);
  holder.load(store);
  return { holder, store, written };
}

function refusal(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ContractError);
    return err as ContractError;
  }
  throw new Error('accepted');
}

describe('settings fixed by the host', () => {
  it('puts whole values on top of the stored ones', () => {
    const { holder } = holderWith({ region: 'eu-flag' });
    expect(holder.effective()).toMatchObject({ region: 'eu-flag', gateway: STORED.gateway });
  });

  it('turns the gateway on and keeps its stored limits, keys and origins', () => {
    const { holder } = holderWith({ gateway: { enabled: true } });
    expect(holder.effective().gateway).toEqual({ ...STORED.gateway, enabled: true });
    expect(holder.effective()).toBe(holder.effective());
  });

  it('refuses turning a fixed gateway off, naming the field', () => {
    const { holder, store, written } = holderWith({ gateway: { enabled: true } });
    const err = refusal(() => holder.update(store, { gateway: { ...STORED.gateway, enabled: false } }));
    expect(err.body.issues).toEqual([expect.objectContaining({ path: 'gateway.enabled' })]);
    expect(written).toEqual([]);
  });

  it("lets the person change the gateway's other fields, storing their own on/off choice, not the host's", () => {
    const { holder, store, written } = holderWith({ gateway: { enabled: true } });
    // The page sends the gateway as it sees it (on), in any key order.
    const { enabled: _e, ...rest } = { ...holder.effective().gateway, dailyCap: 7 };
    const after = holder.update(store, { gateway: { ...rest, enabled: true } });
    expect(after.gateway).toEqual({ ...STORED.gateway, dailyCap: 7, enabled: true });
    expect(written).toEqual([{ gateway: { ...STORED.gateway, dailyCap: 7, enabled: false } }]);
  });

  it('still refuses a whole fixed value that differs, and accepts the same one', () => {
    const { holder, store } = holderWith({ region: 'eu-flag' });
    expect(refusal(() => holder.update(store, { region: 'us' })).body.issues).toEqual([
      expect.objectContaining({ path: 'region' }),
    ]);
    expect(holder.update(store, { region: 'eu-flag', displayName: 'box' })).toMatchObject({
      region: 'eu-flag',
      displayName: 'box',
    });
  });

  it('leaves the gateway alone when the host fixed none of it', () => {
    const { holder, store, written } = holderWith({ region: 'eu-flag' });
    holder.update(store, { gateway: { ...STORED.gateway, enabled: true } });
    expect(holder.effective().gateway.enabled).toBe(true);
    expect(written).toEqual([{ gateway: { ...STORED.gateway, enabled: true } }]);
  });
});
