import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import { SettingsChange } from '@engine/node/settings-change';

function change(patch: Partial<Settings>): SettingsChange {
  return new SettingsChange(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, ...patch });
}

describe('SettingsChange', () => {
  it('names the fields whose value moved, with the old and the new value', () => {
    const c = change({ backendUrl: 'http://127.0.0.1:11434', maxConcurrent: DEFAULT_SETTINGS.maxConcurrent });
    expect(c.fields).toEqual(['backendUrl']);
    expect(c.changed('backendUrl')).toBe(true);
    expect(c.changed('maxConcurrent', 'displayName')).toBe(false);
    expect(c.old.backendUrl).toBeNull();
    expect(c.new.backendUrl).toBe('http://127.0.0.1:11434');
  });

  it('compares groups by value, not by object', () => {
    expect(change({ ownerFirst: { ...DEFAULT_SETTINGS.ownerFirst } }).fields).toEqual([]);
    expect(change({ ownerFirst: { ...DEFAULT_SETTINGS.ownerFirst, graceSeconds: 30 } }).changed('ownerFirst')).toBe(
      true,
    );
  });

  it('moves nothing outside spending when only a spending limit changes', () => {
    for (const limit of ['dailyCap', 'monthlyCap', 'perRequestMax', 'keepBalance'] as const) {
      const c = change({ gateway: { ...DEFAULT_SETTINGS.gateway, [limit]: 3 } });
      expect(c.gatewayChanged(limit)).toBe(true);
      expect(c.offerMayMove).toBe(false);
      expect(c.gatewayMayMove).toBe(false);
    }
  });

  it('moves the gateway, and only the gateway, for its listener and peer fields', () => {
    const c = change({ gateway: { ...DEFAULT_SETTINGS.gateway, allowedOrigins: ['http://localhost:3000'] } });
    expect(c.gatewayMayMove).toBe(true);
    expect(c.offerMayMove).toBe(false);
  });

  it('moves the offer and the gateway for a field the node offers, and nothing for the shell-only ones', () => {
    const offer = change({ backendUrl: 'http://127.0.0.1:1' });
    expect(offer.offerMayMove).toBe(true);
    expect(offer.gatewayMayMove).toBe(true);
    const shell = change({ theme: 'dark', language: 'de', checkForUpdates: false });
    expect(shell.offerMayMove).toBe(false);
    expect(shell.gatewayMayMove).toBe(false);
  });
});
