import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '@shared/contract';
import { ProviderNode } from '@engine/node/provider-node';
import type { NodeServices } from '@engine/node/node-services';
import { ScriptedMapper } from '../../support/scripted-mapper';
import { tempDir } from '../../support/tmp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A running node with spies on every part a change of the settings may wake, reached through the command path. */
async function runningNode() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const nat = { interfaces: () => ({}), createMapper: () => new ScriptedMapper() };
  const node = new ProviderNode({
    dataDir: t.dir,
    host: 'headless',
    taskHost: '127.0.0.1',
    taskPort: 0,
    appVersion: '1.2.3',
    tuning: { snapshotIntervalMs: 0, nat },
  });
  cleanups.push(() => node.stop());
  await node.start();
  const parts = (node as unknown as { services: NodeServices }).services.parts;
  const reactions = {
    backendLook: vi.spyOn(parts.looks, 'refresh'),
    backendForgotten: vi.spyOn(parts.offer, 'forgetBackend'),
    capacity: vi.spyOn(parts.admission, 'capacityChanged'),
    reachability: vi.spyOn(parts.reach, 'settingsChanged'),
    pricing: vi.spyOn(parts.earnings, 'settingsChanged'),
    gateway: vi.spyOn(parts.gateway.listener, 'settingsChanged'),
  };
  const fired = () =>
    Object.entries(reactions)
      .filter(([, spy]) => spy.mock.calls.length > 0)
      .map(([name]) => name)
      .sort();
  const update = (patch: Partial<Settings>) => {
    for (const spy of Object.values(reactions)) spy.mockClear();
    return node.commands.updateSettings(patch);
  };
  return { node, update, fired };
}

describe('a change of the settings wakes only the parts that read it', () => {
  it('a spending limit changes nothing outside spending; a backend URL makes the node look at its server', async () => {
    const { node, update, fired } = await runningNode();
    const gateway = node.getSettings().gateway;
    expect(update({ gateway: { ...gateway, dailyCap: 7, monthlyCap: 70 } }).gateway.dailyCap).toBe(7);
    expect(fired()).toEqual([]);
    update({ gateway: { ...gateway, dailyCap: 7, monthlyCap: 70, perRequestMax: 1, keepBalance: 2 } });
    expect(fired()).toEqual([]);

    update({ backendUrl: 'http://127.0.0.1:1' });
    expect(fired()).toEqual(['backendForgotten', 'backendLook', 'capacity', 'gateway', 'pricing', 'reachability']);
  });

  it('maps the other fields to their reactions', async () => {
    const { node, update, fired } = await runningNode();
    update({ gateway: { ...node.getSettings().gateway, allowedOrigins: ['http://localhost:3000'] } });
    expect(fired()).toEqual(['gateway']);
    update({ theme: 'dark', notifications: { ...node.getSettings().notifications, earnings: false } });
    expect(fired()).toEqual([]);
    update({ maxConcurrent: 5 });
    expect(fired()).toContain('capacity');
    expect(fired()).toContain('backendLook');
    update({ maxConcurrent: 5 });
    expect(fired()).toEqual([]);
  });
});
