/**
 * Settings → Notifications: one switch per kind of desktop notification, saved as soon as it is switched, including
 * the one for the person's machines; a switch an older host does not send yet shows as on, its default.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Settings } from '@shared/contract';
import type { SettingsState } from '@renderer/hooks/useSettings';
import { NotificationSettings } from '@renderer/pages/settings/NotificationSettings';
import { connectedTo, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const FLEET = 'One of my machines stops inside its availability window';

function showCard(stored: Settings) {
  let current = stored;
  const replace = (next: Settings) => {
    current = next;
    view.rerender(<NotificationSettings state={{ status: 'ready', settings: current }} replace={replace} />);
  };
  provider.answer('updateSettings', (patch) => ok({ ...current, ...patch }));
  connectedTo(snapshot());
  const state: SettingsState = { status: 'ready', settings: current };
  const view = render(<NotificationSettings state={state} replace={replace} />);
  return view;
}

describe('NotificationSettings: the machines’ switch', () => {
  it('lists the switch for the machines, on by default', () => {
    showCard(settings());
    const box = screen.getByRole('checkbox', { name: FLEET }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    screen.getByText(/not heard while its schedule says it should be on/);
  });

  it('switches it off with updateSettings, keeping the other switches', async () => {
    const user = userEvent.setup();
    showCard(settings());
    const box = screen.getByRole('checkbox', { name: FLEET }) as HTMLInputElement;
    await user.click(box);
    expect(provider.requests('updateSettings')).toEqual([
      { notifications: { offline: true, backend: true, reachability: true, earnings: true, fleet: false } },
    ]);
    await waitFor(() => expect(box.checked).toBe(false));
  });

  it('shows the switch on when an older host sends no value for it', () => {
    const old = settings();
    const { fleet: _fleet, ...without } = old.notifications;
    showCard({ ...old, notifications: without as Settings['notifications'] });
    expect((screen.getByRole('checkbox', { name: FLEET }) as HTMLInputElement).checked).toBe(true);
  });
});
