/**
 * The operator wallet of a node that has earned nothing yet: the directory's total_earned then holds only its free
 * starting credit, so the card calls the figure what it is, credited (as the node's own books do), never "earned";
 * and German names the computers with one word, label and value alike.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EarningsInfo, OperatorWallet } from '@shared/contract';
import { OperatorWalletCard } from '@renderer/pages/earnings/OperatorWalletCard';
import { fact } from '../../support/facts';
import { activeOperator, AT, snapshot } from '../../support/fixtures';
import { inLocale } from '../../support/locale';

/** Five starting credits and nothing served: the directory's sums for a fresh operator of three computers. */
const FRESH: OperatorWallet = {
  totalBalance: 5,
  totalEarned: 5,
  totalSpent: 0,
  txCount: 1,
  nodeCount: 3,
  reconciles: true,
  fingerprint: '3f2a9c1e7b21',
};

const earnings = (): EarningsInfo => ({ ...snapshot().earnings, asOf: AT, operatorWallet: FRESH });

function labels(card: HTMLElement): string[] {
  return [...card.querySelectorAll('dt')].map((t) => t.textContent ?? '');
}

describe('the wallet’s starting credit (en-US)', () => {
  inLocale('en-US');
  it('shows the starting credit as credited, not earned', () => {
    render(<OperatorWalletCard earnings={earnings()} operator={activeOperator()} />);
    const card = screen.getByRole('region', { name: 'Operator wallet' });
    expect(fact(card, 'Credited in all')).toBe('5 credits');
    expect(labels(card)).not.toContain('Earned');
    expect(card.textContent).not.toMatch(/\bearned\b/i);
  });
});

describe('the wallet’s starting credit (de-DE)', () => {
  inLocale('de-DE');
  it('nennt das Startguthaben gutgeschrieben, nicht verdient, und die Computer mit einem Wort', () => {
    render(<OperatorWalletCard earnings={earnings()} operator={activeOperator()} />);
    const card = screen.getByRole('region', { name: 'Betreiber-Wallet' });
    expect(fact(card, 'Insgesamt gutgeschrieben')).toBe('5 Credits');
    expect(card.textContent).not.toMatch(/verdient/i);
    expect(fact(card, 'Computer')).toBe('3 Computer');
    expect(labels(card)).not.toContain('Rechner');
  });
});
