/**
 * A save through the contract (validated as main validates it, then the engine's `updateSettings`) stores only what
 * was sent and logs only the fields whose value moved: a save of the gateway's limits neither sets the language
 * back nor names it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, Settings } from '@shared/contract';
import { dispatchingNode } from '../../support/dispatching-node';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function savedNode() {
  const { dispatch } = await dispatchingNode(cleanups);
  const ok = async <T>(command: string, request: unknown): Promise<T> => {
    const r = await dispatch(command as 'getSettings', request as Record<string, never>);
    if (!r.ok) throw new Error(`${command}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  const changes = async () =>
    (await ok<EngineEvent[]>('listEvents', { limit: 100 }))
      .filter((e) => e.event === 'settings_changed')
      .map((e) => e.details);
  return { ok, changes };
}

describe('a saved change names what changed', () => {
  it('a save of the spending limits keeps the chosen language and names only the gateway', async () => {
    const { ok, changes } = await savedNode();
    await ok('updateSettings', { language: 'de' });
    const before = await ok<Settings>('getSettings', {});
    expect(before.language).toBe('de');

    const saved = await ok<Settings>('updateSettings', { gateway: { ...before.gateway, dailyCap: 7 } });
    expect(saved.language).toBe('de');
    expect((await ok<Settings>('getSettings', {})).language).toBe('de');
    expect((await changes())[0]).toBe('fields=gateway');
  });

  it('a save that moves nothing logs nothing, and a group sent whole is named only when a value in it moved', async () => {
    const { ok, changes } = await savedNode();
    const settings = await ok<Settings>('getSettings', {});
    const logged = (await changes()).length;
    await ok('updateSettings', { gateway: settings.gateway, theme: settings.theme });
    expect(await changes()).toHaveLength(logged);

    await ok('updateSettings', { theme: 'dark', displayName: settings.displayName, gateway: settings.gateway });
    expect((await changes())[0]).toBe('fields=theme');
  });
});
