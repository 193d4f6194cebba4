/**
 * The wizard's and Settings' questions through the contract (`listRegions`, `checkDirectory`, bound by
 * `directory/directory-commands.ts`, and `listServerModels`, bound by `backends/server-commands.ts`): requests are
 * validated in main before the engine sees them, and answers come from a real engine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { said } from '@shared/i18n/said';
import type { RegionList, ServerModels } from '@shared/contract';
import { startFakeBackend } from '../../support/backends';
import { startTestDirectory } from '../../support/directory';
import { dispatchingNode } from '../../support/dispatching-node';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const runningNode = () => dispatchingNode(cleanups);

describe('setup questions through the contract', () => {
  it('refuses requests that do not match their schema before the engine sees them', async () => {
    const { dispatch } = await runningNode();
    for (const [command, request] of [
      ['checkDirectory', {}],
      ['checkDirectory', { url: 'ftp://directory.example.net' }],
      ['checkDirectory', { url: 'http://x', extra: 1 }],
      ['listRegions', { url: 'not a url' }],
      ['listRegions', { refresh: 'yes' }],
      ['listServerModels', { now: true }],
    ] as const) {
      const r = await dispatch(command, request);
      expect(r, `${command} ${JSON.stringify(request)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    }
  });

  it('lists the configured server’s models with their kinds', async () => {
    const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b', 'nomic-embed-text'] });
    cleanups.push(() => backend.close());
    const { node, dispatch } = await runningNode();
    const none = await dispatch('listServerModels', {});
    expect(none).toMatchObject({
      ok: true,
      value: { url: null, current: false, models: [], problem: said('engine.backend.list.notChosen') },
    });
    node.commands.updateSettings({ backendUrl: backend.url, excludedModels: ['nomic-embed-text'] });
    const r = await dispatch('listServerModels', {});
    if (!r.ok) throw new Error(r.error.message);
    const list = r.value as ServerModels;
    expect(list).toMatchObject({
      url: backend.url,
      flavour: 'ollama',
      status: 'healthy',
      current: true,
      problem: null,
    });
    // Exclusions are the picker's business: every model the server lists is there.
    expect(list.models.map((m) => [m.name, m.kind])).toEqual([
      ['qwen2.5:7b', 'chat'],
      ['nomic-embed-text', 'embedding'],
    ]);
  });

  it('asks the configured directory for regions unless given another, and checks any directory asked about', async () => {
    const directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
    cleanups.push(() => directory.close());
    const { node, dispatch } = await runningNode();
    node.commands.updateSettings({ directoryUrl: directory.url });
    const regions = await dispatch('listRegions', {});
    expect(regions).toMatchObject({
      ok: true,
      value: { url: directory.url, ok: true, regions: [] } satisfies Partial<RegionList>,
    });
    expect(await dispatch('checkDirectory', { url: directory.url })).toMatchObject({
      ok: true,
      value: { url: directory.url, ok: true },
    });
  });
});
