/**
 * A node that has not registered yet has no earnings to fetch: the directory knows nothing of it (its node page
 * answers 404), so reading the books then is no failure and no event. Once registered, a directory that fails the
 * books is a real problem and is logged — once per failed read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { startFaultProxy } from '../support/fault-proxy';
import { freePort } from '../support/free-port';
import { eventually, startNode } from '../support/node-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

describe('earnings read before and after the first registration', () => {
  it('a fresh node logs no earnings failure; a failure after registration is logged once', async () => {
    const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
    cleanups.push(() => backend.close());
    const directory = await startTestDirectory({
      routabilityCheck: false,
      livenessProbe: false,
      heartbeatIntervalMs: 1000,
    });
    cleanups.push(() => directory.close());
    const proxy = await startFaultProxy(directory.url);
    cleanups.push(() => proxy.close());
    // The directory does not take the registration yet: the node stays new for as long as the test needs.
    proxy.fail({ status: 503, body: { message: 'Service Unavailable' }, routes: ['register'] });
    const port = await freePort();
    const h = await startNode(
      { backendUrl: backend.url, directoryUrl: proxy.url, publicEndpoint: `http://127.0.0.1:${port}` },
      {
        taskPort: port,
        allowPrivateEndpoint: true,
        tuning: {
          directoryStartupRetryDelaysMs: [100, 200],
          directoryBackoffBaseMs: 100,
          earnings: { retryBaseMs: 100, syncIntervalMs: 60_000 },
        },
      },
    );
    cleanups.push(() => h.stop());
    const nodeId = h.node.getSnapshot().node.nodeId!;
    const failures = () => h.node.commands.listEvents(1000).filter((e) => e.event === 'earnings_sync_failed');

    // Before the first registration: the books are read (as the timer and the Earnings page do), twice.
    await eventually(() => expect(proxy.requests('register').length).toBeGreaterThanOrEqual(1), 10_000);
    const before = await h.node.commandHandlers().syncEarnings({});
    await h.node.commandHandlers().syncEarnings({});
    expect(h.node.getSnapshot().directory.link).not.toBe('registered');
    expect(failures()).toEqual([]);
    expect(before.earnings.syncError).toBeNull();
    // Nothing was asked about a node the directory cannot know yet.
    expect(proxy.log.filter((e) => e.route.includes(nodeId)).map((e) => `${e.method} ${e.route} ${e.status}`)).toEqual(
      [],
    );

    // Registered: the books are read once by themselves, without a failure.
    proxy.fail(null);
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 10_000);
    await eventually(
      () =>
        expect(proxy.requests('credits').some((e) => e.route === '/v1/credits/balance' && e.status === 200)).toBe(true),
      10_000,
    );
    const synced = await h.node.commandHandlers().syncEarnings({});
    expect(synced.earnings.syncError).toBeNull();
    expect(failures()).toEqual([]);

    // A directory failing the books after registration: one read, one event.
    proxy.fail({
      status: 500,
      body: { error: { code: 'server_error', message: 'Server Error' } },
      routes: ['credits'],
    });
    const failed = await h.node.commandHandlers().syncEarnings({});
    expect(failed.earnings.syncError).toMatch(/^Could not read your balance, earnings summary and transactions: /);
    expect(failures()).toHaveLength(1);
  });
});
