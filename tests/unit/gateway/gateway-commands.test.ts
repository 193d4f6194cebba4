/**
 * The "Use the network" page's commands reach the gateway's page view and key administration directly: they are
 * given those two parts only, never the listener, and still make, cap and revoke keys, show the page and refuse a try
 * while the gateway is off, as the node's command table runs them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS } from '@shared/contract';
import type { CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { composeGateway, type GatewayParts } from '@engine/gateway/compose-gateway';
import { gatewayCommands } from '@engine/gateway/gateway-commands';
import { fakeClock } from '../../support/fake-clock';
import { memoryShelf } from '../../support/memory-shelf';
import { memoryBook } from './memory-book';

const built: GatewayParts[] = [];
afterEach(async () => {
  for (const g of built.splice(0)) await g.listener.stop();
});

/** The page's commands over a gateway's page and keys parts alone; `saved` counts what was answered after a save. */
function pageCommands() {
  const clock = fakeClock();
  const logs: string[] = [];
  const gateway = composeGateway({
    settings: () => DEFAULT_GATEWAY_SETTINGS,
    directoryUrl: () => 'https://dir.example/api',
    shelf: memoryShelf(),
    book: memoryBook(),
    selfNodeId: 'n-self',
    nodeToken: () => null,
    operatorFingerprint: () => null,
    myMachines: () => [],
    balance: () => 100,
    directoryFetch: () => Promise.reject(new Error('the page of a gateway that is off asks no directory')),
    nodeFetch: { post: () => Promise.reject(new Error('no node is called')) },
    now: clock.now,
    timeZone: 'UTC',
    log: (level, event, details) => logs.push(`${level} ${event} ${details ?? ''}`.trim()),
    onChange: () => undefined,
  });
  built.push(gateway);
  const saved: unknown[] = [];
  const gate: CommandGate = {
    requireRunning: () => undefined,
    saved: (value) => {
      saved.push(value);
      return Promise.resolve(value);
    },
    publishNow: () => {
      throw new Error('the page commands publish no snapshot');
    },
  };
  const parts = { page: gateway.page, keys: gateway.keys };
  return { commands: gatewayCommands(gate, () => parts), saved, logs };
}

/** The body of the contract error a command refused with; fails when it answered. */
async function refusal(command: () => unknown): Promise<unknown> {
  try {
    await command();
  } catch (err) {
    expect(err).toBeInstanceOf(ContractError);
    return (err as ContractError).body;
  }
  throw new Error('the command answered instead of refusing');
}

describe('the gateway page commands use the page and key parts only', () => {
  it('make, cap and revoke a key and show the page, with no listener given', async () => {
    const { commands, saved, logs } = pageCommands();
    const made = await commands.createGatewayKey({ name: 'editor' });
    expect(made.key.name).toBe('editor');
    expect(made.secret).toMatch(/\S{20,}/);
    expect(made.info.keys.map((k) => k.name)).toEqual(['editor']);
    expect(made.info).toMatchObject({ enabled: false, baseUrl: null, problem: null });

    const capped = await commands.setGatewayKeyLimits({ id: made.key.id, dailyCap: 3, rpm: 5 });
    expect(capped.keys[0]).toMatchObject({ id: made.key.id, dailyCap: 3, rpm: 5 });
    expect((await commands.getGateway({})).keys).toEqual(capped.keys);

    expect((await commands.revokeGatewayKey({ id: made.key.id })).keys).toEqual([]);
    expect(saved).toHaveLength(3);
    expect(logs).toEqual([
      `info gateway_key_made id=${made.key.id}`,
      `info gateway_key_limits id=${made.key.id} daily=3 rpm=5`,
      `info gateway_key_revoked id=${made.key.id}`,
    ]);
  });

  it('refuse an unknown key and a try while the gateway is off, in the page’s words', async () => {
    const { commands, saved } = pageCommands();
    const noKey = await refusal(() => commands.revokeGatewayKey({ id: 'no-such-key' }));
    expect(noKey).toMatchObject({ code: 'invalid_request', said: { id: 'refusal.gateway.noKey' } });
    const noLimits = await refusal(() =>
      commands.setGatewayKeyLimits({ id: 'no-such-key', dailyCap: null, rpm: null }),
    );
    expect(noLimits).toMatchObject({ code: 'invalid_request', said: { id: 'refusal.gateway.noKeyForLimits' } });
    const off = await refusal(() => commands.tryGateway({ model: 'm1', prompt: 'hi' }));
    expect(off).toMatchObject({ code: 'invalid_state', said: { id: 'refusal.gateway.off' } });
    expect(saved).toEqual([]);
  });
});
