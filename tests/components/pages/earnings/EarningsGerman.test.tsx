/**
 * The Earnings page in German: with the language set to German, the cards say their words in German, with German
 * figures, and none of their English sentences is left.
 */
import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EarningsInfo, EarningsReport } from '@shared/contract';
import { useProviderStore } from '@renderer/store';
import { EarningsChart } from '@renderer/pages/earnings/EarningsChart';
import { OperatorWalletCard } from '@renderer/pages/earnings/OperatorWalletCard';
import { StandingCard } from '@renderer/pages/earnings/StandingCard';
import { activeOperator, connectedTo, snapshot } from '../../support/fixtures';

const READ_AT = '2026-11-21T19:36:00.000Z';

const earnings = (patch: Partial<EarningsInfo> = {}): EarningsInfo => ({
  ...snapshot().earnings,
  asOf: READ_AT,
  reputationScore: 0.52,
  probation: true,
  completedTasks: 6,
  standingAsOf: READ_AT,
  ...patch,
});

function report(): EarningsReport {
  const perDay = [
    {
      day: '2026-11-20',
      jobs: 3,
      tokens: 1200,
      awarded: 1.5,
      pending: 0,
      energyJ: 0,
      energyTasks: 0,
      spent: 0,
      net: 1.5,
    },
    {
      day: '2026-11-21',
      jobs: 2,
      tokens: 800,
      awarded: 0.5,
      pending: 0.25,
      energyJ: 0,
      energyTasks: 0,
      spent: 0,
      net: 0.5,
    },
  ];
  return {
    timeZone: 'Europe/Berlin',
    days: 2,
    totals: {
      jobs: 5,
      errors: 0,
      tokens: 2000,
      awarded: 2,
      pending: 0.25,
      rejected: 0,
      expired: 0,
      energyJ: 0,
      energyTasks: 0,
      spent: 0,
      spentTasks: 0,
      freeTasks: 0,
    },
    perDay,
    perMachine: [],
    perModel: [],
    rejectedReasons: [],
    reconciliation: [],
    transactions: [],
  };
}

beforeEach(() => {
  vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
  useProviderStore.setState({ language: 'de' });
});

describe('the Earnings page in German', () => {
  it('says the standing, the directory’s count and the wallet in German', () => {
    connectedTo();
    render(
      <>
        <StandingCard earnings={earnings()} link="registered" />
        <OperatorWalletCard
          earnings={earnings({ operatorWallet: null })}
          operator={activeOperator({ directory: 'bound' })}
        />
      </>,
    );
    const standing = within(screen.getByRole('region', { name: 'Ansehen im Netzwerk' }));
    standing.getByText('In der Probezeit');
    expect(standing.getByTestId('earnings-completed-tasks').textContent).toMatch(
      /^Nach der Zählung des Verzeichnisses hatte Ihr Knoten 6 Aufgaben erledigt/,
    );
    const wallet = within(screen.getByRole('region', { name: 'Betreiber-Wallet' }));
    expect(wallet.getByTestId('operator-wallet-waiting').textContent).toMatch(
      /^Das Verzeichnis hat diesen Knoten als Ihren bestätigt\./,
    );
    const text = document.body.textContent ?? '';
    for (const english of [
      'Standing in the network',
      'On probation',
      'directory’s count',
      'Operator wallet',
      'confirmed this node',
    ])
      expect(text).not.toContain(english);
  });

  it('counts the chart’s days as the node’s days, in German words and figures', () => {
    render(<EarningsChart report={report()} stale={false} />);
    const chart = within(screen.getByTestId('earnings-chart'));
    chart.getByRole('heading', { name: 'Credits pro Tag' });
    expect(chart.getByTestId('earnings-timezone').textContent).toMatch(
      /^Gezählt werden die Tage Ihres Knotens: von Mitternacht bis Mitternacht nach der Zeit von Europe\/Berlin \(/,
    );
    chart.getByText('Zahlen anzeigen (2 Tage mit Aufgaben)');
    expect(document.body.textContent).not.toMatch(/Credits per day|Days are|Show the numbers/);
  });
});
