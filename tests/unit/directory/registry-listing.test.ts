/**
 * The directory's public entry for this node (src-main/engine/directory/registry-listing.ts), which the books and
 * "Check my node" both read: a listed entry's fields each read on their own and its texts cleaned, a 404 as "not
 * listed now", and anything else as not known.
 */
import { describe, expect, it } from 'vitest';
import { readListing } from '@engine/directory/registry-listing';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const answering = (status: number, body: unknown): typeof fetch =>
  (() =>
    Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
    )) as typeof fetch;
const read = (fetchImpl: typeof fetch) =>
  readListing({ baseUrl: 'https://directory.example', nodeId: 'node-1', now: NOW, fetchImpl });

describe("the directory's entry for this node", () => {
  it('reads a listed entry field by field, its texts cleaned', async () => {
    const listing = await read(
      answering(200, {
        credit_cost_multiplier: 1.2,
        attested: true,
        directory_observed_reachable: 'yes',
        route_evidence: 'probe\u202e ok',
        recovery_state: null,
        reputation_tier: 'gold',
      }),
    );
    expect(listing).toEqual({
      listed: true,
      asOf: NOW,
      multiplier: 1.2,
      attested: true,
      observedReachable: null,
      routeEvidence: 'probe ok',
      recoveryState: null,
      reputationTier: 'gold',
    });
  });

  it('a 404 is "not listed now", not a fault', async () => {
    expect(await read(answering(404, { error: 'not_found' }))).toEqual({
      listed: false,
      asOf: NOW,
      multiplier: null,
      attested: null,
      observedReachable: null,
      routeEvidence: null,
      recoveryState: null,
      reputationTier: null,
    });
  });

  it('another failure or no answer at all is not known', async () => {
    expect(await read(answering(500, { error: 'boom' }))).toBeNull();
    expect(await read((() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch)).toBeNull();
  });
});
