/**
 * The Earnings page's "Claims and awards, day by day": the Verified column follows a check of the signed record as
 * soon as it finishes (the page asks for its report again, without being left and opened again), and the Directory
 * column, from the directory's short list of transactions, stays blank for a day that list did not show whole instead
 * of reading as credits gone missing.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EarningsReport, ReconciliationDay, VerificationInfo } from '@shared/contract';
import { ReconciliationCard } from '@renderer/pages/earnings/ReconciliationCard';
import { useEarningsReport } from '@renderer/pages/earnings/useEarningsReport';
import { useProviderStore } from '@renderer/store';
import { connectedTo, snapshot, verification } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const TODAY = '2026-11-21';

function day(d: string, patch: Partial<ReconciliationDay> = {}): ReconciliationDay {
  return {
    day: d,
    claimed: '0.288',
    awarded: '0.288',
    rejected: '0',
    expired: '0',
    pending: '0',
    difference: '0',
    directoryCredited: null,
    verified: '0',
    differing: 0,
    reasons: [],
    ...patch,
  };
}

function report(reconciliation: ReconciliationDay[]): EarningsReport {
  return {
    timeZone: 'UTC',
    days: 7,
    totals: {
      jobs: 52,
      errors: 0,
      tokens: 0,
      awarded: 0.288,
      pending: 0,
      rejected: 0,
      expired: 0,
      energyJ: 0,
      energyTasks: 0,
      spent: 0,
      spentTasks: 0,
      freeTasks: 0,
    },
    perDay: [],
    perMachine: [],
    perModel: [],
    rejectedReasons: [],
    reconciliation,
    transactions: [],
  };
}

/** The card as the page shows it: fed by the page's own report hook. */
function DayByDay() {
  const { report: r } = useEarningsReport(7);
  return <ReconciliationCard report={r} />;
}

/** The page connected to a node whose last check of the signed record is `v`; `version` orders the snapshots. */
function publish(v: VerificationInfo, version: number) {
  const base = snapshot();
  const snap = { ...base, version, earnings: { ...base.earnings, verification: v } };
  if (version === 1) connectedTo(snap);
  else act(() => useProviderStore.getState().applySnapshot(snap));
}

const card = () => within(screen.getByRole('region', { name: 'Claims and awards, day by day' }));
const verifiedOf = (d: string) =>
  card()
    .getAllByTestId('reconciliation-verified')
    .find((c) => c.closest('tr')!.dataset.day === d)!;

describe('ReconciliationCard', () => {
  it('shows the day’s verified credits once a check finishes, without the page being opened again', async () => {
    provider.answer('getEarnings', ok(report([day(TODAY, { verified: '0' })])));
    publish(verification({ state: 'done', asOf: '2026-11-21T19:30:00.000Z', verified: { count: 0, credits: '0' } }), 1);
    render(<DayByDay />);
    await waitFor(() => expect(verifiedOf(TODAY).dataset.verified).toBe('0'), { timeout: 5000 });
    const asked = provider.requests('getEarnings').length;

    // "Verify now" finished: the engine wrote the day's verified figures and publishes the check's new time.
    provider.answer('getEarnings', ok(report([day(TODAY, { verified: '0.288' })])));
    publish(verification({ state: 'reading', asOf: '2026-11-21T19:30:00.000Z', progress: 40 }), 2);
    publish(
      verification({ state: 'done', asOf: '2026-11-21T19:36:00.000Z', verified: { count: 52, credits: '0.288' } }),
      3,
    );
    await waitFor(() => expect(verifiedOf(TODAY).dataset.verified).toBe('0.288'), { timeout: 5000 });
    expect(verifiedOf(TODAY).textContent).toBe('0.288');
    expect(provider.requests('getEarnings').length).toBeGreaterThan(asked);
  });

  it('leaves the Directory cell blank for a day the directory’s list did not show whole, and says why', async () => {
    provider.answer(
      'getEarnings',
      ok(report([day('2026-11-20', { directoryCredited: '0.288' }), day(TODAY, { directoryCredited: null })])),
    );
    publish(verification(), 1);
    render(<DayByDay />);
    const rows = await card().findAllByTestId('reconciliation-day', {}, { timeout: 5000 });
    expect(rows.map((r) => r.dataset.day)).toEqual([TODAY, '2026-11-20']);
    const directory = rows.map((r) => within(r).getByTestId('reconciliation-directory'));
    // Today: not a 0, not "not seen" beside 0.288 awarded — nothing, with the footnote saying why.
    expect(directory[0]!.dataset.listed).toBe('false');
    expect(directory[0]!.textContent).toBe('');
    expect(directory[1]!.dataset.listed).toBe('true');
    expect(directory[1]!.textContent).toBe('0.288');
    expect(card().getByTestId('earnings-difference-note').textContent).toContain(
      'That list holds only its 20 newest entries, so a day gets a figure there only once it is over and your node has seen every entry of it; the other days, today among them, stay blank.',
    );
  });

  it('does not list a day for a directory figure of 0 alone', async () => {
    provider.answer(
      'getEarnings',
      ok(report([day('2026-11-19', { claimed: '0', awarded: '0', directoryCredited: '0' }), day(TODAY)])),
    );
    publish(verification(), 1);
    render(<DayByDay />);
    await waitFor(
      () =>
        expect(
          card()
            .getAllByTestId('reconciliation-day')
            .map((r) => r.dataset.day),
        ).toEqual([TODAY]),
      { timeout: 5000 },
    );
  });
});
