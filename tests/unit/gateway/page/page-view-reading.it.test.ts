/**
 * The page's reading of the network's offer and the quote: one at a time, and a look that finds the view stale while
 * one is under way is not lost. The gateway as the node runs it (its three parts), at a directory whose discovery is
 * held: the quote that reading asked was answered before a credit was granted, so only a reading after it shows it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { composeGateway, type GatewayParts } from '@engine/gateway/compose-gateway';
import { fakeClock } from '../../../support/fake-clock';
import { eventually } from '../../../support/node-harness';
import { testGatewayOptions } from '../gateway-test-options';

const json = (body: unknown): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

/** A directory that lists no node, holds discovery while `held`, and quotes the balance `balance()` says then. */
function directory(balance: () => string) {
  let quotes = 0;
  let discovers = 0;
  let release: () => void = () => {};
  let held: Promise<void> | null = null;
  const impl = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/v1/credits/quote')) {
      quotes += 1;
      return json({ quote_id: 'q_1', estimated_credits: 1, effective_balance: balance(), balance_scope: 'node' });
    }
    if (!url.pathname.endsWith('/v1/discover')) return new Response('{}', { status: 404 });
    discovers += 1;
    if (held) await held;
    return json({ nodes: [] });
  };
  return {
    fetch: impl as typeof fetch,
    quotes: () => quotes,
    discovers: () => discovers,
    hold: () => {
      held = new Promise((resolve) => (release = resolve));
    },
    release: () => {
      held = null;
      release();
    },
  };
}

const gateways: GatewayParts[] = [];
afterEach(async () => {
  for (const g of gateways.splice(0)) await g.listener.stop();
});

describe("the page's reading of the offer and the quote", () => {
  it('follows a reading under way with one more when a look finds the view stale meanwhile', async () => {
    const clock = fakeClock();
    let balance = '5.0000';
    const dir = directory(() => balance);
    const gateway = composeGateway(
      testGatewayOptions({
        directoryFetch: dir.fetch,
        // No node is listed, so none is ever called.
        nodeFetch: () => Promise.reject(new Error('no node is called')),
        now: clock.now,
      }),
    );
    gateways.push(gateway);
    const balanceShown = async () => (await gateway.page.info()).budget.balance;

    // The first look starts a reading; its quote is answered while its discovery is held.
    dir.hold();
    await balanceShown();
    await eventually(async () => expect(await balanceShown()).toBe(5));
    expect(dir.quotes()).toBe(1);

    // Credits are granted and the view grows stale while that reading is still under way.
    balance = '500.0000';
    clock.advance(31_000);
    expect(await balanceShown()).toBe(5);
    const discoversBefore = dir.discovers();
    dir.release();

    // One reading follows it, and the next look shows what it read, with no further look needed to start it.
    await eventually(async () => expect(await balanceShown()).toBe(500));
    expect(dir.quotes()).toBe(2);
    expect(dir.discovers()).toBeGreaterThan(discoversBefore);

    // Looks within half a minute of it start nothing more.
    await balanceShown();
    await balanceShown();
    expect(dir.quotes()).toBe(2);
  });
});
