/**
 * The Dashboard's line about the person's machines: how many are online, and each one down inside its window with
 * since when, each a link to the Machines page; nothing for a person with one machine or no operator identity.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FleetSummary } from '@shared/contract';
import { formatUntil } from '@shared/text/wall-clock';
import { FleetLine } from '@renderer/pages/dashboard/FleetLine';
import { connectedTo, snapshot } from '../../support/fixtures';

const SINCE = new Date(Date.now() - 20 * 60_000).toISOString();

function showLine(fleet: FleetSummary | null) {
  connectedTo(snapshot({ fleet }));
  render(<FleetLine />);
}

describe('FleetLine', () => {
  it('says how many machines are online, linking to the Machines page', () => {
    showLine({ machines: 3, online: 3, down: [] });
    const line = within(screen.getByRole('region', { name: 'Your machines' }));
    const link = line.getByRole('link', { name: 'Your machines: 3 of 3 online' });
    expect(link.getAttribute('href')).toBe('#/fleet');
    expect(line.queryAllByTestId('fleet-line-down')).toEqual([]);
  });

  it('names each machine that is down, with since when, as a link to the Machines page', () => {
    showLine({ machines: 3, online: 2, down: [{ nodeId: 'attic', name: 'Attic PC', since: SINCE }] });
    const line = within(screen.getByRole('region', { name: 'Your machines' }));
    line.getByRole('link', { name: 'Your machines: 2 of 3 online' });
    const down = within(line.getByTestId('fleet-line-down')).getByRole('link');
    expect(down.textContent).toBe(`“Attic PC” is down since ${formatUntil(SINCE, Date.now())}`);
    expect(down.getAttribute('href')).toBe('#/fleet');
  });

  it('shows a name as text, never as markup', () => {
    showLine({ machines: 2, online: 1, down: [{ nodeId: 'x', name: '<b>bold</b>', since: SINCE }] });
    const down = screen.getByTestId('fleet-line-down');
    expect(down.querySelector('b')).toBeNull();
    expect(down.textContent).toContain('“<b>bold</b>” is down since');
  });

  it('says nothing with one machine', () => {
    showLine({ machines: 1, online: 1, down: [] });
    expect(screen.queryByTestId('fleet-line')).toBeNull();
  });

  it('says nothing without an operator identity', () => {
    showLine(null);
    expect(screen.queryByTestId('fleet-line')).toBeNull();
  });
});
