/**
 * The Earnings page's "Earned and spent": what the node earned beside what this computer's apps spent on the network
 * through the local gateway, one sentence per fact, then per day and per machine with the net; a short sentence when
 * the apps sent nothing; nothing at all from a host that sends no spent side.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EarningsReport, MachineBooks } from '@shared/contract';
import { EarnedSpentCard } from '@renderer/pages/earnings/EarnedSpentCard';

const SELF = '2f1e3d4c-8a9b-4c5d-9e0f-112233445566';

function day(d: string, awarded: number, spent: number): EarningsReport['perDay'][number] {
  return {
    day: d,
    jobs: awarded > 0 ? 3 : 0,
    tokens: 0,
    awarded,
    pending: 0,
    energyJ: 0,
    energyTasks: 0,
    spent,
    net: Math.round((awarded - spent) * 1e6) / 1e6,
  };
}

function report(over: {
  perDay: EarningsReport['perDay'];
  perMachine: MachineBooks[];
  spentTasks: number;
  freeTasks?: number;
}): EarningsReport {
  const awarded = over.perDay.reduce((s, d) => s + d.awarded, 0);
  const spent = over.perDay.reduce((s, d) => s + d.spent, 0);
  return {
    timeZone: 'UTC',
    days: over.perDay.length,
    totals: {
      jobs: 0,
      errors: 0,
      tokens: 0,
      awarded,
      pending: 0,
      rejected: 0,
      expired: 0,
      energyJ: 0,
      energyTasks: 0,
      spent,
      spentTasks: over.spentTasks,
      freeTasks: over.freeTasks ?? 0,
    },
    perDay: over.perDay,
    perMachine: over.perMachine,
    perModel: [],
    rejectedReasons: [],
    reconciliation: [],
    transactions: [],
  };
}

const card = () => within(screen.getByRole('region', { name: 'Earned and spent' }));
const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('EarnedSpentCard', () => {
  it('says what was earned, what was spent and the net, then each day and each machine', () => {
    const r = report({
      perDay: [day('2026-11-19', 0, 0), day('2026-11-20', 1.5, 0.25), day('2026-11-21', 0.5, 1.25)],
      perMachine: [
        { nodeId: SELF, self: true, own: true, earned: 2, spent: 0, tasks: 0, name: null },
        { nodeId: 'a1b2c3d4e5f6a7b8c9d0', self: false, own: false, earned: null, spent: 1.5, tasks: 1234, name: null },
        { nodeId: 'desk-at-home-0001', self: false, own: true, earned: null, spent: 0, tasks: 2, name: 'Ana laptop' },
      ],
      spentTasks: 1234,
      freeTasks: 2,
    });
    render(<EarnedSpentCard report={r} />);
    expect(card().getByTestId('earned-spent-earned').textContent).toBe(
      'Your node earned 2 credits in the last 3 days.',
    );
    expect(card().getByTestId('earned-spent-spent').textContent).toBe(
      'Your apps spent 1.5 credits on 1,234 paid tasks they sent to the network.',
    );
    // The own machine's two answers are free: said apart, never counted among the paid tasks beside the spend.
    expect(card().getByTestId('earned-spent-free').textContent).toBe(
      'Your own machines answered 2 more tasks for free.',
    );
    expect(card().getByTestId('earned-spent-net').textContent).toBe('Net: +0.5 credits.');
    card().getByText('Tasks your own machines answered cost nothing.');

    // Days with something earned or spent, newest first; today says so.
    const days = card().getAllByTestId('earned-spent-day');
    expect(days.map((d) => d.dataset.day)).toEqual(['2026-11-21', '2026-11-20']);
    expect(within(days[0]!).getByRole('rowheader').textContent).toMatch(/^Today \(/);
    expect(cells(days[0]!)).toEqual(['0.5', '1.25', '−0.75']);
    expect(cells(days[1]!)).toEqual(['1.5', '0.25', '+1.25']);

    const machines = card().getAllByTestId('earned-spent-machine');
    // The person's own machines first; another person's node after them, under its own heading.
    expect(machines.map((m) => within(m).getByRole('rowheader').textContent)).toEqual([
      'This computer',
      '“Ana laptop”',
      'Node a1b2c3d4…c9d0',
    ]);
    expect(cells(machines[0]!)).toEqual(['2', '0', '+2', '0']);
    expect(cells(machines[1]!)).toEqual(['—', '0', '0', '2']);
    expect(cells(machines[2]!)).toEqual(['—', '1.5', '−1.5', '1,234']);
    expect(within(machines[2]!).getByRole('rowheader').getAttribute('title')).toBe('a1b2c3d4e5f6a7b8c9d0');
  });

  it('names another person’s node as a node of its operator, under "Other people’s nodes", never among one’s own', () => {
    const r = report({
      perDay: [day('2026-11-21', 0, 0.5)],
      perMachine: [
        { nodeId: SELF, self: true, own: true, earned: 0, spent: 0, tasks: 0, name: null },
        {
          nodeId: 'rig-0001',
          self: false,
          own: false,
          earned: null,
          spent: 0.5,
          tasks: 3,
          name: 'Bob’s Rig',
          operator: 'Bob’s Rig',
        },
        {
          nodeId: 'desk-at-home-0001',
          self: false,
          own: true,
          earned: null,
          spent: 0,
          tasks: 2,
          name: 'My IICP node 2',
        },
      ],
      spentTasks: 5,
    });
    render(<EarnedSpentCard report={r} />);
    const rows = within(card().getByTestId('earned-spent-machines')).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('th')?.textContent)).toEqual([
      'This computer',
      '“My IICP node 2”',
      'Other people’s nodes',
      'A node of “Bob’s Rig”',
    ]);
    expect(rows[3]!.dataset.own).toBe('false');
  });

  it('says a loss plainly, and nothing about own machines when none answered', () => {
    const r = report({
      perDay: [day('2026-11-21', 0, 0.3)],
      perMachine: [
        { nodeId: SELF, self: true, own: true, earned: 0, spent: 0, tasks: 0, name: null },
        { nodeId: 'far', self: false, own: false, earned: null, spent: 0.3, tasks: 1, name: null },
      ],
      spentTasks: 1,
    });
    render(<EarnedSpentCard report={r} />);
    expect(card().getByTestId('earned-spent-earned').textContent).toBe('Your node earned 0 credits in the last 1 day.');
    expect(card().getByTestId('earned-spent-spent').textContent).toBe(
      'Your apps spent 0.3 credits on 1 paid task they sent to the network.',
    );
    expect(card().queryByTestId('earned-spent-free')).toBeNull();
    expect(card().getByTestId('earned-spent-net').textContent).toBe('Net: −0.3 credits.');
    expect(card().queryByText('Tasks your own machines answered cost nothing.')).toBeNull();
  });

  it('when only own machines answered: nothing spent, their tasks said as free, none counted as paid', () => {
    const r = report({
      perDay: [day('2026-11-21', 0, 0)],
      perMachine: [
        { nodeId: SELF, self: true, own: true, earned: 0, spent: 0, tasks: 2, name: null },
        { nodeId: 'desk-at-home-0001', self: false, own: true, earned: null, spent: 0, tasks: 1, name: 'Ana laptop' },
      ],
      spentTasks: 0,
      freeTasks: 3,
    });
    render(<EarnedSpentCard report={r} />);
    expect(card().getByTestId('earned-spent-spent').textContent).toBe(
      'Your apps spent nothing: your own machines answered their 3 tasks for free.',
    );
    expect(card().queryByTestId('earned-spent-free')).toBeNull();
  });

  it('when the apps sent nothing: what was earned, one sentence that nothing was sent, and no tables', () => {
    const r = report({
      perDay: [day('2026-11-20', 0.25, 0), day('2026-11-21', 0, 0)],
      perMachine: [{ nodeId: SELF, self: true, own: true, earned: 0.25, spent: 0, tasks: 0, name: null }],
      spentTasks: 0,
    });
    render(<EarnedSpentCard report={r} />);
    expect(card().getByTestId('earned-spent-earned').textContent).toBe(
      'Your node earned 0.25 credits in the last 2 days.',
    );
    expect(card().getByTestId('earned-spent-spent').textContent).toBe(
      'Your apps sent no tasks to the network in these days.',
    );
    expect(card().queryByTestId('earned-spent-net')).toBeNull();
    expect(card().queryByRole('table')).toBeNull();
  });

  it('says nothing while loading, or from a host that sends no spent side', () => {
    const { container, rerender } = render(<EarnedSpentCard report={null} />);
    expect(container.textContent).toBe('');
    const old = report({ perDay: [day('2026-11-21', 1, 0)], perMachine: [], spentTasks: 0 });
    const { spent: _spent, spentTasks: _tasks, freeTasks: _free, ...totals } = old.totals;
    rerender(<EarnedSpentCard report={{ ...old, totals: totals as EarningsReport['totals'] }} />);
    expect(container.textContent).toBe('');
  });
});
