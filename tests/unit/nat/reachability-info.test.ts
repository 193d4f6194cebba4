/**
 * What the reachability cards say about the way in, judged against the directory: confirmed once the directory reports
 * reaching the address, a claim until then, and during an outage of the directory about a node it already registered,
 * what is true of that node — the directory has its address — not the words for a node that never registered.
 */
import { describe, expect, it } from 'vitest';
import type { DirectoryProbe } from '@shared/contract';
import type { DirectoryStatus } from '@engine/directory/link-session';
import type { RegistryListing } from '@engine/directory/registry-listing';
import type { ReachabilityView } from '@engine/nat/reachability-options';
import { describeReachability } from '@engine/nat/reachability-info';
import { english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';

const URL_ = 'http://203.0.113.7:9484';
const REGISTERED_AT = Date.parse('2026-08-22T12:00:00Z');

const view: ReachabilityView = {
  checking: false,
  endpoint: {
    url: URL_,
    method: 'public_ipv4',
    transportMethod: 'direct',
    exposureMode: 'ipv4_public_direct',
    tier: 0,
    address: '203.0.113.7',
  },
  usable: true,
  suspended: false,
  endpointSince: REGISTERED_AT - 60_000,
  localAddress: null,
  routerExternalIp: null,
  natWarning: null,
  ignoredPublicUrl: null,
  mapping: null,
  fallback: { relay: null, tunnel: null, pinhole: null },
  steps: [],
};

function directory(patch: Partial<DirectoryStatus>): DirectoryStatus {
  return {
    link: 'registered',
    message: null,
    lastHeartbeatAt: REGISTERED_AT,
    registeredAt: REGISTERED_AT,
    reputationScore: null,
    reputationAsOf: null,
    heartbeatIntervalMs: 30_000,
    acceptedEndpoint: URL_,
    acceptedModels: [],
    unreachableEndpoint: null,
    consecutiveFailures: 0,
    nextAttemptAt: null,
    ...patch,
  };
}

const listing: RegistryListing = {
  listed: true,
  asOf: REGISTERED_AT + 5_000,
  multiplier: null,
  attested: null,
  observedReachable: true,
  routeEvidence: 'directory_observed',
  recoveryState: null,
  reputationTier: null,
};

const describe_ = (dir: DirectoryStatus, l: RegistryListing | null, probe: DirectoryProbe | null = null) =>
  describeReachability({
    view,
    directory: dir,
    listing: l,
    boundPort: 9484,
    settingsPort: 9484,
    check: { running: false, last: null, probe },
  });

/** The directory's instant check, answered `at` ms after the registration. */
const dialled = (outcome: DirectoryProbe['outcome'], after: number): DirectoryProbe => ({
  at: new Date(REGISTERED_AT + after).toISOString(),
  outcome,
  latencyMs: outcome === 'reachable' ? 40 : null,
  words: said(outcome === 'reachable' ? 'network.probe.words.reached' : 'network.probe.words.refused'),
});

describe('reachability judged against the directory', () => {
  it('is confirmed once the directory reports reaching the registered address', () => {
    expect(describe_(directory({}), listing)).toMatchObject({
      status: 'public',
      verified: true,
      message: said('network.message.verified'),
    });
  });

  it('is a claim while the directory has not reported it yet', () => {
    expect(describe_(directory({}), null)).toMatchObject({ status: 'public', verified: false });
    expect(english.said(describe_(directory({}), null).message!)).toContain('not yet confirmed reachable');
  });

  it('during a directory outage, says the directory already has the address of a registered node', () => {
    const r = describe_(directory({ link: 'unreachable', message: said('network.link.unreachableServing') }), listing);
    expect(r.verified).toBe(false);
    expect(english.said(r.message!)).toBe(
      'The directory already has this address from the registration; it can confirm reaching it once it answers again.',
    );
    expect(english.said(r.message!)).not.toMatch(/when the node registers/);
  });

  it('before any registration, says the directory hears of the address when the node registers', () => {
    const r = describe_(directory({ link: 'unreachable', registeredAt: null, acceptedEndpoint: null }), null);
    expect(english.said(r.message!)).toMatch(/when the node registers/);
  });
});

describe('the instant check and the registry: the fresher report is the verdict', () => {
  it('is confirmed, as of the check, when the instant check reached the address the registry has not confirmed', () => {
    const r = describe_(directory({}), null, dialled('reachable', 2_000));
    expect(r).toMatchObject({ status: 'public', verified: true, message: said('network.message.verified') });
    expect(r.verifiedAt).toBe(new Date(REGISTERED_AT + 2_000).toISOString());
  });

  it('lets a later instant check that reached the node overrule an older "not reached" in the registry', () => {
    const older = { ...listing, observedReachable: false };
    expect(describe_(directory({}), older, dialled('reachable', 9_000))).toMatchObject({ verified: true });
  });

  it('lets a later registry report overrule an older instant check', () => {
    const newer = { ...listing, observedReachable: false, asOf: REGISTERED_AT + 9_000 };
    const r = describe_(directory({}), newer, dialled('reachable', 2_000));
    expect(r.verified).toBe(false);
    expect(r.message).toEqual(said('network.message.reportedUnreached', { url: URL_ }));
  });

  it('does not count an instant check made before this address came into use, nor one that could not dial', () => {
    expect(describe_(directory({}), null, dialled('reachable', -120_000)).verified).toBe(false);
    expect(describe_(directory({}), null, dialled('unavailable', 2_000)).verified).toBe(false);
  });
});
