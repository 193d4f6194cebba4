/**
 * One machine on the Machines page: a name at the one limit of every name shown whole and saved again as it is, the
 * rename form with the focus in its field and closed by Escape, a paused machine saying it is paused, one outside its
 * windows saying so, a window's end on the machine's own clock with its zone, the window in force ending at
 * midnight, and which count of tasks each figure is.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type * as ZoneTime from '@renderer/lib/zone-time';
import { NAME_MAX } from '@shared/text/name-rule';
import { formatUntil } from '@shared/text/wall-clock';
import { FleetPage } from '@renderer/pages/fleet/FleetPage';
import { fact } from '../../support/facts';
import { connectedTo, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';
import { fleetInfo, machine } from './fleet-fixtures';

/** The browser's zone in these tests: never the machines' own, whatever zone the test runner is in. */
const BROWSER_ZONE = 'America/New_York';
vi.mock('@renderer/lib/zone-time', async (load) => ({
  ...(await load<typeof ZoneTime>()),
  browserTimeZone: () => BROWSER_ZONE,
}));

async function openPage(machines = [machine()]) {
  provider.answer('getFleet', ok(fleetInfo(machines)));
  connectedTo(snapshot());
  render(<FleetPage />);
  await screen.findByRole('list', { name: 'Your machines' });
}

const item = (name: string) => screen.getByRole('listitem', { name });

describe('MachineItem: this computer’s name', () => {
  it('shows a name at the limit whole, and "Rename → Save" sends it as it is', async () => {
    const user = userEvent.setup();
    // 49 characters: a valid display name in Settings, once cut here and refused by the rename.
    const long = 'Workstation in the upstairs office, left of desk';
    expect(long).toHaveLength(48);
    const name = `${long}!`.padEnd(NAME_MAX, 'x');
    await openPage([machine({ name })]);
    expect(within(item(name)).getByRole('heading', { level: 3 }).textContent).toBe(name);
    provider.answer('renameMachine', ok(fleetInfo([machine({ name })])));
    await user.click(within(item(name)).getByRole('button', { name: 'Rename this computer' }));
    const form = within(screen.getByRole('form', { name: 'Rename this computer' }));
    form.getByText(
      `How your other machines list this one. At most ${NAME_MAX} characters, and not the name of another of your machines.`,
    );
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect(provider.requests('renameMachine')).toEqual([{ name }]);
  });

  it('opens with the focus in the name field; Escape closes it and gives the focus back to the button', async () => {
    const user = userEvent.setup();
    await openPage();
    const button = within(item('Kitchen PC')).getByRole('button', { name: 'Rename this computer' });
    await user.click(button);
    const input = within(screen.getByRole('form', { name: 'Rename this computer' })).getByRole('textbox', {
      name: 'Name of this computer',
    });
    expect(document.activeElement).toBe(input);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'Rename this computer' })).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('MachineItem: figures', () => {
  it('says a paused machine is paused, not "0 of 0 busy" nor "Serving"', async () => {
    await openPage([machine({ state: 'paused', slots: { busy: 0, total: 0 }, ownerFirst: 'serving' })]);
    const kitchen = item('Kitchen PC');
    expect(fact(kitchen, 'Slots')).toBe('None: paused');
    expect(fact(kitchen, 'Owner first')).toBe('Not serving: paused');
  });

  it('says this computer outside its windows takes no tasks, not "0 of 0 busy" nor "Serving"', async () => {
    const outside = { inside: false, switchedOn: true, inForce: null, nextChangeAt: null, timeZone: BROWSER_ZONE };
    await openPage([
      machine({ state: 'online', slots: { busy: 0, total: 0 }, ownerFirst: 'serving', window: outside }),
    ]);
    const kitchen = item('Kitchen PC');
    expect(fact(kitchen, 'Availability now')).toBe('Outside its availability windows');
    expect(fact(kitchen, 'Slots')).toBe('None: outside its availability windows');
    expect(fact(kitchen, 'Owner first')).toBe('Not serving: outside its availability windows');
  });

  it('shows a window’s end on the machine’s own clock, with its zone when it is not the browser’s', async () => {
    const now = Date.now();
    const end = new Date(now + 5 * 3_600_000).toISOString();
    const berlin = machine({
      window: { inside: true, switchedOn: true, inForce: null, nextChangeAt: end, timeZone: 'Europe/Berlin' },
    });
    const local = machine({
      nodeId: 'node-2',
      self: false,
      name: 'Laptop',
      window: { inside: false, switchedOn: true, inForce: null, nextChangeAt: end, timeZone: BROWSER_ZONE },
    });
    await openPage([berlin, local]);
    expect(fact(item('Kitchen PC'), 'Availability now')).toBe(
      `Inside its availability windows until ${formatUntil(end, now, 'Europe/Berlin')} (Europe/Berlin)`,
    );
    expect(fact(item('Laptop'), 'Availability now')).toBe(
      `Outside its availability windows until ${formatUntil(end, now, BROWSER_ZONE)}`,
    );
  });

  it('names the window in force as the schedule list does: its end the minute after the stored one', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US');
    const evening = { days: [7], start: '22:00', end: '23:59', share: 1 };
    await openPage([
      machine({
        window: { inside: true, switchedOn: true, inForce: evening, nextChangeAt: null, timeZone: 'Europe/Berlin' },
      }),
    ]);
    const said = screen
      .getByText('Inside its availability windows')
      .getAttribute('title')!
      .replace(/\u202f/g, ' ');
    expect(said).toBe('Its window now: Sun 10:00 PM–midnight (Europe/Berlin)');
  });

  it('says which count of tasks each figure is: the directory’s, or the machine’s own', async () => {
    await openPage();
    const kitchen = item('Kitchen PC');
    expect(fact(kitchen, 'Reputation')).toBe('0.90 · 6 tasks completed by the directory’s count');
    expect(fact(kitchen, 'Today')).toBe('6 tasks by this machine’s own count · 0.35 credits');
  });
});
