/**
 * The Earnings page's "Operator wallet": the directory's pooled numbers for every computer of the operator, whether
 * they add up, and the operator's fingerprint; one sentence while the directory has not shown the wallet; a way to
 * Settings while there is no identity.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EarningsInfo, OperatorWallet } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { OPERATOR_UNVERIFIED } from '../../../support/operator-english';
import { OperatorWalletCard } from '@renderer/pages/earnings/OperatorWalletCard';
import { fact } from '../../support/facts';
import { activeOperator, AT, operator, snapshot } from '../../support/fixtures';

const WALLET: OperatorWallet = {
  totalBalance: 12.5,
  totalEarned: 20.25,
  totalSpent: 7.75,
  txCount: 1234,
  nodeCount: 3,
  reconciles: true,
  fingerprint: '3f2a9c1e7b21',
};

const earnings = (wallet: OperatorWallet | null): EarningsInfo => ({
  ...snapshot().earnings,
  asOf: AT,
  operatorWallet: wallet,
});
const card = () => screen.getByRole('region', { name: 'Operator wallet' });

describe('OperatorWalletCard', () => {
  it('shows the pooled balance, what was credited and spent, the computers and the fingerprint', () => {
    render(<OperatorWalletCard earnings={earnings(WALLET)} operator={activeOperator()} />);
    expect(within(card()).getByTestId('operator-wallet-balance').textContent).toBe('12.5 credits');
    expect(fact(card(), 'Credited in all')).toBe('20.25 credits');
    expect(fact(card(), 'Spent')).toBe('7.75 credits');
    expect(fact(card(), 'Computers')).toBe('3 computers');
    expect(fact(card(), 'Transactions')).toBe('1,234');
    expect(fact(card(), 'Operator fingerprint')).toBe('3f2a9c1e7b21');
    expect(within(card()).getByTestId('operator-wallet-reconciles').textContent).toBe(
      'The directory’s sums add up: the balance is what was credited less what was spent.',
    );
  });

  it('says one computer, and that the sums do not add up when the directory says so', () => {
    render(
      <OperatorWalletCard
        earnings={earnings({ ...WALLET, nodeCount: 1, reconciles: false })}
        operator={activeOperator()}
      />,
    );
    expect(fact(card(), 'Computers')).toBe('1 computer');
    expect(within(card()).getByTestId('operator-wallet-reconciles').textContent).toMatch(
      /^The directory’s sums do not add up/,
    );
  });

  it('says in one sentence that the directory has not shown the wallet yet, with the directory’s problem', () => {
    render(
      <OperatorWalletCard
        earnings={earnings(null)}
        operator={activeOperator({ directory: 'unverified', problem: said('fleet.operator.unverified') })}
      />,
    );
    expect(within(card()).getByTestId('operator-wallet-waiting').textContent).toBe(
      'The directory has not shown your operator wallet yet; it does once it has bound this node to your operator identity.',
    );
    within(card()).getByText(OPERATOR_UNVERIFIED);
    expect(within(card()).queryByTestId('operator-wallet-numbers')).toBeNull();
    expect(within(card()).queryByRole('link')).toBeNull();
  });

  it('once the directory has confirmed the node, says so, and when the earnings were last read without the wallet', () => {
    // The log says "The IICP directory confirmed this node as yours": the card must not say it has not bound it.
    render(<OperatorWalletCard earnings={earnings(null)} operator={activeOperator({ directory: 'bound' })} />);
    const waiting = within(card()).getByTestId('operator-wallet-waiting').textContent ?? '';
    expect(waiting).toMatch(
      /^The directory has confirmed this node as yours\. Its answer when your node last read its earnings, at .+, did not show your operator wallet yet; /,
    );
    expect(waiting).not.toMatch(/once it has bound/);
  });

  it('confirmed but never read: says the wallet comes with the first read', () => {
    render(
      <OperatorWalletCard
        earnings={{ ...earnings(null), asOf: null }}
        operator={activeOperator({ directory: 'bound' })}
      />,
    );
    expect(within(card()).getByTestId('operator-wallet-waiting').textContent).toBe(
      'The directory has confirmed this node as yours. Your operator wallet shows here once your node has read its earnings from the directory; "Sync now" reads them at once.',
    );
  });

  it('without an identity, says what one is for and links to Settings', () => {
    render(<OperatorWalletCard earnings={earnings(null)} operator={operator()} />);
    expect(within(card()).getByTestId('operator-wallet-none').textContent).toBe(
      'This computer has no operator identity yet. Make or import one in Settings, under “Your operator identity”.',
    );
    expect(
      within(card()).getByRole('link', { name: 'Settings, under “Your operator identity”' }).getAttribute('href'),
    ).toBe('#/settings');
  });

  it('treats a host that sends no wallet and no identity like one without an identity', () => {
    const { operatorWallet: _none, ...old } = earnings(null);
    render(<OperatorWalletCard earnings={old as EarningsInfo} operator={null} />);
    within(card()).getByTestId('operator-wallet-none');
  });
});
