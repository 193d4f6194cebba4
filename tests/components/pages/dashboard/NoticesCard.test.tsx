/**
 * The Dashboard's notices about the person's machines: one down is trouble and one back is good news, told apart in
 * words, and both open the Machines page, as a click on the desktop notification does (its route is the hash).
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Notice } from '@shared/contract';
import { NoticesCard } from '@renderer/pages/dashboard/NoticesCard';
import { parseRoute } from '@renderer/routes';
import { AT } from '../../support/fixtures';

const notice = (id: string, kind: Notice['kind'], title: string): Notice => ({ id, at: AT, kind, title, body: 'The Machines page shows what is known of it.', route: 'fleet' });

describe('NoticesCard: the machines’ notices', () => {
  it('links a machine’s notice to the Machines page, with its tone', () => {
    render(<NoticesCard notices={[notice('n2', 'machine_back', '“Attic PC” is back'), notice('n1', 'machine_down', '“Attic PC” is down')]} />);
    const items = within(screen.getByTestId('notices')).getAllByTestId('notice');
    expect(items.map((i) => i.querySelector('[data-tone]')?.getAttribute('data-tone'))).toEqual(['ok', 'warn']);
    for (const item of items) {
      const link = within(item).getByRole('link', { name: 'Open the Machines page' });
      expect(link.getAttribute('href')).toBe('#/fleet');
      expect(parseRoute(link.getAttribute('href')!)).toBe('fleet');
    }
  });
});
