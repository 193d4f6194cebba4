/**
 * The Dashboard's directory card and reachability card read the way in from one verdict, so they never disagree: the
 * directory card says "reachable" only when the reachability card shows the directory's confirmation, in every state a
 * person meets (confirmed, not confirmed yet, a directory outage, no way in).
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { NodeFacts } from '@renderer/pages/dashboard/NodeFacts';
import { AT, connectedTo, snapshot, type SnapshotPatch } from '../../support/fixtures';

/** The engine's words for a registered node while the directory does not answer (node/reachability-info.ts). */
const OUTAGE_REACH =
  'The directory already has this address from the registration; it can confirm reaching it once it answers again.';

const STATES: Record<string, SnapshotPatch> = {
  confirmed: {
    reachability: { status: 'public', verified: true, verifiedAt: AT, message: said('network.message.verified') },
  },
  'not confirmed yet': {
    reachability: { status: 'public', verified: false, verifiedAt: null, message: said('network.message.registered') },
  },
  'directory outage': {
    directory: { link: 'unreachable', message: said('network.link.unreachableServing') },
    reachability: { status: 'public', verified: false, verifiedAt: null, message: said('network.message.outOfTouch') },
  },
  'no way in': {
    reachability: {
      status: 'not_reachable',
      verified: false,
      verifiedAt: null,
      message: said('network.message.mappingLost', { port: '9484' }),
    },
  },
};

function show(patch: SnapshotPatch): { directory: string; reach: HTMLElement; reachTone: string | null } {
  const snap: NodeSnapshot = snapshot(patch);
  connectedTo(snap);
  render(<NodeFacts snapshot={snap} />);
  const reach = screen.getByTestId('reachability-status');
  return {
    directory: screen.getByTestId('directory-link').textContent ?? '',
    reach,
    reachTone: reach.querySelector('[data-tone]')!.getAttribute('data-tone'),
  };
}

describe('NodeFacts: the directory card and the reachability card agree', () => {
  for (const [state, patch] of Object.entries(STATES)) {
    it(`${state}: the directory card claims reachable only when the reachability card shows it confirmed`, () => {
      const { directory, reach, reachTone } = show(patch);
      const claimsReachable = /reachable:|can send consumers/.test(directory);
      const confirmed = reachTone === 'ok';
      expect(claimsReachable).toBe(confirmed);
      if (/not confirmed yet/.test(reach.textContent ?? '')) expect(directory).not.toMatch(/and reachable/);
    });
  }

  it('confirmed: "Registered and reachable" beside "Reachable from the internet" in the ok colour', () => {
    const { directory, reach, reachTone } = show(STATES.confirmed!);
    expect(directory).toContain('Registered and reachable: the directory can send consumers to your node.');
    expect(within(reach).getByText('Reachable from the internet')).toBeTruthy();
    expect(reachTone).toBe('ok');
  });

  it('not confirmed yet: both cards say the directory has not confirmed it', () => {
    const { directory, reach, reachTone } = show(STATES['not confirmed yet']!);
    expect(directory).toContain('Registered, but the directory has not confirmed reaching your node yet.');
    expect(within(reach).getByText('Reachable from the internet (not confirmed yet)')).toBeTruthy();
    expect(reachTone).toBe('neutral');
  });

  it('directory outage: the directory card says it cannot be reached, the reachability card what is true of the address', () => {
    const { directory, reach } = show(STATES['directory outage']!);
    expect(directory).toContain('Directory unreachable');
    expect(reach.textContent).toContain(OUTAGE_REACH);
    expect(reach.textContent).not.toMatch(/when the node registers/);
  });

  it('no way in: both cards say consumers cannot get through', () => {
    const { directory, reachTone } = show(STATES['no way in']!);
    expect(directory).toContain('consumers cannot get through to your node');
    expect(reachTone).toBe('warn');
  });
});

describe('NodeFacts with the last figures of a node that cannot be reached', () => {
  it('shows no status colour and says each badge is the last known', () => {
    const snap = snapshot();
    connectedTo(snap);
    render(<NodeFacts snapshot={snap} stale />);
    const badges = screen.getAllByText(/^Last known: /);
    expect(badges.map((b) => b.textContent)).toEqual([
      'Last known: Registered',
      'Last known: Reachable from the internet',
      'Last known: Running',
    ]);
    expect(document.querySelectorAll('[data-tone="ok"]')).toHaveLength(0);
  });
});
