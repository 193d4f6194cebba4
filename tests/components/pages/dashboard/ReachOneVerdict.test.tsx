/**
 * One fact, one verdict: when the directory's instant check has just reached the node and its registry has not said
 * so yet, the wizard's step 3 and the Dashboard do not call the way in "not confirmed yet" beside "Reached": the
 * engine's verdict (nat/reachability-info.ts) is confirmed, and both pages say how old it is, as the Network page does.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DirectoryProbe, NodeSnapshot } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { NodeFacts } from '@renderer/pages/dashboard/NodeFacts';
import { SetupWizard } from '@renderer/pages/setup/SetupWizard';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { formatAt } from '@renderer/format';
import { AT, connectedTo, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

/** The instant check reached the node at AT; the registry has not reported on the address yet. */
const probe: DirectoryProbe = {
  at: AT,
  outcome: 'reachable',
  latencyMs: 40,
  words: said('network.probe.words.reached'),
};

/**
 * The reachability the engine reports then (tests/unit/nat/reachability-info.test.ts holds the engine to it): the
 * fresher report, the instant check, is the verdict, confirmed as of its time.
 */
const reachedByInstantCheck = (): NodeSnapshot =>
  snapshot({
    reachability: {
      status: 'public',
      verified: true,
      verifiedAt: AT,
      message: said('network.message.verified'),
      check: { running: false, last: null, probe },
    },
  });

const asOf = `(as of ${formatAt(AT)})`;

describe('the instant check and the reachability line agree', () => {
  it('step 3: "Reached" beside a way in that is confirmed, and how old that is', async () => {
    const snap = reachedByInstantCheck();
    provider.answer('getSettings', ok(settings({ directoryUrl: 'https://iicp.network/api' })));
    provider.answer('checkDirectory', () =>
      ok({
        url: '',
        ok: true,
        words: said('setup.dirCheck.answered', { ms: 80 }),
        ms: 80,
        details: 'HTTP 200',
        at: AT,
      }),
    );
    provider.answer('probeNode', ok(snap));
    connectedTo(snap);
    useWizard.getState().reset();
    useWizard.setState({ step: 3 });
    render(<SetupWizard />);
    const dial = await screen.findByTestId('wizard-directory-dial');
    expect(within(dial).getByTestId('directory-probe').getAttribute('data-outcome')).toBe('reachable');
    const reach = screen.getByTestId('wizard-reachability').textContent ?? '';
    expect(reach).not.toMatch(/not confirmed yet/);
    expect(reach).toContain('Reachable from the internet');
    expect(reach).toContain(asOf);
  });

  it('Dashboard: the reachability card is confirmed, with how old that is', () => {
    const snap = reachedByInstantCheck();
    connectedTo(snap);
    render(<NodeFacts snapshot={snap} />);
    const reach = screen.getByTestId('reachability-status').textContent ?? '';
    expect(reach).not.toMatch(/not confirmed yet/);
    expect(reach).toContain(asOf);
  });
});
