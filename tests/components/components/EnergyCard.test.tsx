/**
 * The Earnings page's "Power and its cost": today's sentence from the node's own figures, the chosen period, where
 * the figures come from, and that credits are not money; on Pricing the same card without the period.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EarningsInfo, EarningsReport } from '@shared/contract';
import { EnergyCard } from '@renderer/components/EnergyCard';
import { snapshot } from '../support/fixtures';

const KWH = 3_600_000;

function earnings(
  over: Omit<Partial<EarningsInfo>, 'today'> & { today?: Partial<EarningsInfo['today']> },
): EarningsInfo {
  const base = snapshot().earnings;
  return { ...base, ...over, today: { ...base.today, ...over.today }, energy: { ...base.energy, ...over.energy } };
}

const report = (days: number, energyJ: number, jobs: number) =>
  ({ days, totals: { jobs, energyJ, energyTasks: jobs } }) as unknown as EarningsReport;

function card() {
  return within(screen.getByRole('region', { name: 'Power and its cost' }));
}

describe('EnergyCard', () => {
  it("says today's energy, its cost and the credits in one sentence, the week beside it, and where it comes from", () => {
    const e = earnings({
      today: { jobs: 1240, awarded: 3.1, energyJ: 0.42 * KWH, energyTasks: 1240 },
      energy: {
        source: 'measured',
        meters: 'nvidia-smi',
        baselineW: 40,
        powerW: 220,
        typicalW: null,
        pricePerKwh: 0.3,
        currency: 'EUR',
      },
    });
    render(<EnergyCard earnings={e} report={report(7, 2.9 * KWH, 8400)} />);
    expect(card().getByTestId('energy-today').textContent).toMatch(
      /^Today: 0\.42 kWh ≈ €0\.13 for 1,240 tasks, 3\.1 credits\.$/,
    );
    expect(card().getByTestId('energy-period').textContent).toMatch(
      /^Last 7 days: 2\.90 kWh ≈ €0\.87 for 8,400 tasks\.$/,
    );
    expect(card().getByTestId('energy-source').textContent).toBe(
      'Measured from nvidia-smi: each task gets its share of the power while it generates, above the idle 40 W.',
    );
    card().getByText('Credits have no exchange value in the current phase of the network.');
    expect(card().queryByRole('link', { name: 'Settings' })).toBeNull();
  });

  it('without a price: kWh only, and where to enter the price', () => {
    const e = earnings({
      today: { jobs: 2, awarded: 0.5, energyJ: 900, energyTasks: 2 },
      energy: {
        source: 'typical',
        typicalW: 180,
        meters: null,
        baselineW: null,
        powerW: null,
        pricePerKwh: null,
        currency: 'EUR',
      },
    });
    render(<EnergyCard earnings={e} report={null} />);
    expect(card().getByTestId('energy-today').textContent).toBe('Today: 0.25 Wh for 2 tasks, 0.5 credits.');
    expect(card().getByTestId('energy-source').textContent).toMatch(/^Estimated from the 180 W you entered/);
    expect(card().getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('#/settings');
    expect(card().queryByTestId('energy-period')).toBeNull();
  });

  it('says nothing from a host that sends no energy figures', () => {
    const { energy: _none, ...old } = earnings({});
    const { container } = render(<EnergyCard earnings={old as EarningsInfo} report={null} />);
    expect(container.textContent).toBe('');
  });
});
