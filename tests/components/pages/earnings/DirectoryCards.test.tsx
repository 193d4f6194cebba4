/**
 * The Earnings page's cards that show the directory's view: they say how old it is in words that cannot be read
 * against the node's live figures as a shortfall (awards after the read are not in it yet; the directory's count of
 * completed tasks trails the node's own), and the transaction list shows a task where the directory names one rather
 * than a column that stays empty.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EarningsInfo, EarningsReport } from '@shared/contract';
import { DirectoryBooks } from '@renderer/pages/earnings/DirectoryBooks';
import { StandingCard } from '@renderer/pages/earnings/StandingCard';
import { TransactionsCard } from '@renderer/pages/earnings/TransactionsCard';
import { connectedTo, snapshot } from '../../support/fixtures';

const READ_AT = '2026-11-21T19:36:00.000Z';

function earnings(patch: Partial<EarningsInfo> = {}): EarningsInfo {
  return {
    ...snapshot().earnings,
    balance: 5.222,
    totalEarned: 5.222,
    asOf: READ_AT,
    reputationScore: 0.52,
    probation: true,
    completedTasks: 0,
    ...patch,
  };
}

const region = (name: string) => within(screen.getByRole('region', { name }));

describe('StandingCard', () => {
  it('says the directory’s count of completed tasks with when it was read and why it trails, never “yours: 0”', () => {
    connectedTo();
    render(<StandingCard earnings={earnings({ standingAsOf: READ_AT })} link="registered" />);
    const card = region('Standing in the network');
    expect(card.queryByText(/yours:/)).toBeNull();
    const count = card.getByTestId('earnings-completed-tasks');
    expect(count.dataset.count).toBe('0');
    // Named as the directory's count, beside Machines' count of this machine's own, so the two cannot be mixed up.
    expect(count.textContent).toMatch(
      /^The directory’s count of your node’s completed tasks was 0 when your node last asked, at .+\. The directory counts the tasks your node reports with its heartbeats, so its count runs behind this machine’s own count\.$/,
    );
  });

  it('past probation, says what the directory counted rather than what the node did', () => {
    connectedTo();
    render(
      <StandingCard
        earnings={earnings({ probation: false, completedTasks: 140, standingAsOf: READ_AT })}
        link="registered"
      />,
    );
    const card = region('Standing in the network');
    card.getByText(
      'The directory has counted at least 100 completed tasks of your node, so it routes every kind of task to it.',
    );
    expect(card.getByTestId('earnings-completed-tasks').textContent).toMatch(
      /^The directory’s count of your node’s completed tasks was 140 when your node last asked, at /,
    );
  });
});

describe('DirectoryBooks', () => {
  it('says that awards after the read are not in the directory’s figures yet, and what “Credited in all” holds', () => {
    connectedTo();
    const { rerender } = render(<DirectoryBooks earnings={earnings({ booksBehind: true })} link="registered" />);
    const card = region('Balance in the directory');
    expect(card.getByTestId('earnings-asof').textContent).toMatch(
      /^As of .+ \(.+\), when your node last read them from the directory\.$/,
    );
    expect(card.getByTestId('earnings-books-behind').textContent).toBe(
      'Awards your node received after that are not in these figures yet; it reads them again within a minute or two.',
    );
    card.getByRole('button', { name: 'What “Credited in all” means' });
    expect(card.queryByText('Earned in all')).toBeNull();

    // Read again after the awards: nothing more to say.
    rerender(
      <DirectoryBooks
        earnings={earnings({ booksBehind: false, balance: 5.288, totalEarned: 5.288 })}
        link="registered"
      />,
    );
    expect(card.queryByTestId('earnings-books-behind')).toBeNull();
  });
});

describe('TransactionsCard', () => {
  const tx = (patch: Partial<EarningsReport['transactions'][number]>): EarningsReport['transactions'][number] => ({
    id: '1',
    amount: '0.006',
    type: 'credit',
    taskId: null,
    reason: 'task_completion',
    at: READ_AT,
    ...patch,
  });

  it('has no column that would stay empty: a task the directory names stands beside what the row is', () => {
    const transactions = [
      tx({ id: '3' }),
      tx({ id: '2', type: 'debit', reason: 'task_spend', amount: '0.25', taskId: 'gw-7f3a9c1e' }),
      tx({ id: '1', reason: 'free_allocation', amount: '5' }),
    ];
    const report = { transactions } as EarningsReport;
    render(<TransactionsCard report={report} asOf={READ_AT} />);
    const card = region('Directory transactions');
    expect(card.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Time', 'What', 'Credits']);
    const rows = card.getAllByTestId('earnings-transaction');
    expect(within(rows[0]!).queryByTestId('earnings-transaction-task')).toBeNull();
    expect(within(rows[1]!).getByTestId('earnings-transaction-task').textContent).toBe(' · task “gw-7f3a9c1e”');
    expect(card.getByText(/^The directory's newest entries for your node, up to 20, as read at /)).toBeTruthy();
  });
});
