/**
 * The "Your machines" page: every machine under the operator identity with its state in words, its figures and where
 * they come from, a machine down inside its window standing out, this computer renamed (a name another machine has
 * said at the field), another machine forgotten only after the question, the webhook saved and removed, sharing the
 * owner-first state, the page with no operator identity, the directory's count when it knows more machines, and the
 * page asking the engine again while it is shown.
 */
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FleetInfo, FleetMachine } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { formatUntil } from '@shared/text/wall-clock';
import { formatAt } from '@renderer/format';
import { FleetPage } from '@renderer/pages/fleet/FleetPage';
import { FLEET_POLL_MAX_MS, FLEET_POLL_MIN_MS, pollEvery } from '@renderer/pages/fleet/useFleet';
import { useProviderStore } from '@renderer/store';
import { fact } from '../../support/facts';
import { connectedTo, snapshot } from '../../support/fixtures';
import { ok, provider, refusal } from '../../support/provider';

const MINUTE_MS = 60_000;
const ATTIC = 'b7e4c2a9-5d31-4f8e-9a60-2c1d0e7f3b84';
const LAPTOP = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

/** A moment `minutes` ago, as the engine stamps it. */
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE_MS).toISOString();

/** This computer: online, read from both sources just now, with two models and a slot busy. */
function machine(patch: Partial<FleetMachine> = {}): FleetMachine {
  return {
    nodeId: 'node-1',
    name: 'Kitchen PC',
    self: true,
    state: 'online',
    words: said('fleet.words.selfRunning'),
    lastSeen: ago(0),
    models: ['qwen2.5:7b', 'llama3:8b'],
    slots: { busy: 2, total: 4 },
    reputation: { score: 0.934, completedTasks: 1204 },
    today: { tasks: 12, credits: 0.35 },
    window: {
      inside: true,
      switchedOn: true,
      inForce: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59', share: 1 },
      nextChangeAt: null,
      timeZone: 'Europe/Berlin',
    },
    ownerFirst: null,
    alertSince: null,
    sources: { directory: { at: ago(0), problem: null }, machine: { at: ago(0), problem: null } },
    ...patch,
  };
}

const DOWN_SINCE = ago(20);

/** The attic machine, down inside its window for 20 minutes; the directory could not be read about it. */
const attic = (patch: Partial<FleetMachine> = {}) =>
  machine({
    nodeId: ATTIC,
    name: 'Attic PC',
    self: false,
    state: 'down',
    words: said('fleet.words.down'),
    lastSeen: DOWN_SINCE,
    models: ['a', 'b', 'c', 'd', 'e'],
    slots: null,
    reputation: null,
    today: null,
    alertSince: DOWN_SINCE,
    sources: {
      directory: { at: null, problem: said('fleet.problem.directoryUnreachable') },
      machine: { at: DOWN_SINCE, problem: null },
    },
    ...patch,
  });

/** The laptop: asleep outside its schedule, back on later, giving the GPU to its owner when last heard. */
const laptop = () =>
  machine({
    nodeId: LAPTOP,
    name: 'Laptop',
    self: false,
    state: 'asleep',
    words: said('fleet.words.asleep'),
    window: {
      inside: false,
      switchedOn: true,
      inForce: null,
      nextChangeAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      timeZone: 'Europe/Berlin',
    },
    ownerFirst: 'yielding',
    sources: { directory: { at: ago(0), problem: null }, machine: { at: null, problem: null } },
  });

function fleetInfo(patch: Partial<FleetInfo> = {}): FleetInfo {
  return {
    state: 'active',
    machines: [machine(), attic(), laptop()],
    walletNodes: 3,
    intervalMs: 30_000,
    webhook: { set: false, pending: 0, last: null },
    shareOwnerFirst: false,
    discoveredAt: null,
    ...patch,
  };
}

async function openPage(info: FleetInfo = fleetInfo()) {
  provider.answer('getFleet', ok(info));
  connectedTo(snapshot());
  render(<FleetPage />);
  await screen.findByRole('heading', { level: 1, name: 'Your machines' });
  if (info.state === 'active') await screen.findByRole('list', { name: 'Your machines' });
  else await screen.findByTestId('fleet-none');
}

const items = () => within(screen.getByRole('list', { name: 'Your machines' })).getAllByRole('listitem');
const item = (name: string) => screen.getByRole('listitem', { name });
const card = (name: string) => within(screen.getByRole('region', { name }));

afterEach(() => {
  vi.useRealTimers();
});

describe('FleetPage: the machines', () => {
  it('lists this computer first, marked, then the others, each with its state in words and the engine’s sentence', async () => {
    await openPage();
    expect(items().map((i) => within(i).getByRole('heading', { level: 3 }).textContent)).toEqual([
      'Kitchen PC',
      'Attic PC',
      'Laptop',
    ]);
    expect(items().map((i) => within(i).getByTestId('machine-state').textContent)).toEqual([
      'Online',
      'Down',
      'Asleep as planned',
    ]);
    within(item('Kitchen PC')).getByText('This computer');
    expect(within(item('Attic PC')).queryByText('This computer')).toBeNull();
    expect(within(item('Laptop')).getByTestId('machine-words').textContent).toBe(
      'Not heard, outside its availability windows: as planned.',
    );
    expect(screen.getByTestId('fleet-online').textContent).toBe('1 of 3 online.');
  });

  it('says the words for paused and not-heard-yet machines too', async () => {
    await openPage(
      fleetInfo({
        machines: [
          machine(),
          machine({ nodeId: ATTIC, self: false, name: 'A', state: 'paused' }),
          machine({ nodeId: LAPTOP, self: false, name: 'B', state: 'unknown' }),
        ],
      }),
    );
    expect(items().map((i) => within(i).getByTestId('machine-state').textContent)).toEqual([
      'Online',
      'Paused',
      'Not heard yet',
    ]);
  });

  it('shows each machine’s figures: models (a few, then how many more), slots, reputation, today, availability, owner-first', async () => {
    await openPage();
    const kitchen = item('Kitchen PC');
    expect(fact(kitchen, 'Models')).toBe('qwen2.5:7b, llama3:8b');
    expect(fact(kitchen, 'Slots')).toBe('2 of 4 busy');
    expect(fact(kitchen, 'Reputation')).toBe('0.93 · 1,204 tasks completed by the directory’s count');
    expect(fact(kitchen, 'Today')).toBe('12 tasks by this machine’s own count · 0.35 credits');
    expect(fact(kitchen, 'Last seen')).toBe('just now');
    expect(fact(kitchen, 'Availability now')).toBe('Inside its availability windows');
    expect(fact(kitchen, 'Owner first')).toBe('');

    const atticItem = item('Attic PC');
    expect(fact(atticItem, 'Models')).toBe('a, b, c +2 more');
    expect(fact(atticItem, 'Slots')).toBe('Not known');
    expect(fact(atticItem, 'Reputation')).toBe('Not read from the directory yet');
    expect(fact(atticItem, 'Last seen')).toBe('20 min ago');

    const lap = item('Laptop');
    // The laptop's window ends on its own clock, labelled with its zone unless the browser's is the same.
    const label = Intl.DateTimeFormat().resolvedOptions().timeZone === 'Europe/Berlin' ? '' : ' (Europe/Berlin)';
    expect(fact(lap, 'Availability now')).toBe(
      `Outside its availability windows until ${formatUntil(laptop().window!.nextChangeAt!, Date.now(), 'Europe/Berlin')}${label}`,
    );
    expect(fact(lap, 'Owner first')).toBe('Giving the GPU to its owner');
  });

  it('says where the figures come from and how old they are, or the source’s problem', async () => {
    await openPage();
    expect(within(item('Kitchen PC')).getByTestId('machine-sources').textContent).toBe(
      'Directory: read just now · The machine itself: read just now',
    );
    expect(within(item('Attic PC')).getByTestId('machine-sources').textContent).toBe(
      'Directory: The directory cannot be reached. · The machine itself: read 20 min ago',
    );
    expect(within(item('Laptop')).getByTestId('machine-sources').textContent).toBe(
      'Directory: read just now · The machine itself: not read yet',
    );
  });

  it('says how old the directory’s list of nodes is, as the dashboard does, and nothing before it was read', async () => {
    const at = new Date(2026, 10, 26, 9, 5).toISOString();
    await openPage(fleetInfo({ discoveredAt: at }));
    expect(screen.getByTestId('fleet-discovered').textContent).toBe(
      `The directory's list of nodes is from ${formatAt(at)}.`,
    );
    cleanup();
    await openPage(fleetInfo({ discoveredAt: null }));
    expect(screen.queryByTestId('fleet-discovered')).toBeNull();
  });

  it('makes a down machine stand out, with since when on this computer’s clock', async () => {
    await openPage();
    const alert = within(item('Attic PC')).getByTestId('machine-alert');
    expect(alert.textContent).toBe(`Down since ${formatUntil(DOWN_SINCE, Date.now())}`);
    expect(item('Attic PC').getAttribute('data-state')).toBe('down');
    expect(within(item('Kitchen PC')).queryByTestId('machine-alert')).toBeNull();
    expect(within(item('Laptop')).queryByTestId('machine-alert')).toBeNull();
  });

  it('shows a name as text, never as markup', async () => {
    await openPage(fleetInfo({ machines: [machine(), attic({ name: '<img src=x onerror=alert(1)>' })] }));
    expect(items()[1]!.querySelector('img')).toBeNull();
    expect(within(items()[1]!).getByRole('heading', { level: 3 }).textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('says what the directory counts under the identity when it knows more machines than this computer', async () => {
    await openPage(fleetInfo({ walletNodes: 5 }));
    expect(screen.getByTestId('fleet-wallet').textContent).toBe(
      'The directory counts 5 machines under your operator identity. 3 of them are known here. A machine is added here once it registers, or when you import the identity file exported after it joined.',
    );
  });

  it('says nothing of the directory’s count when it agrees or was not read', async () => {
    await openPage(fleetInfo({ walletNodes: 3 }));
    expect(screen.queryByTestId('fleet-wallet')).toBeNull();
  });

  it('with no operator identity: one card that says so, and the way to Settings', async () => {
    await openPage(fleetInfo({ state: 'none', machines: [], walletNodes: null }));
    const none = card('No operator identity');
    none.getByText('This computer has no operator identity, so it has no other machines to list.');
    expect(none.getByRole('link', { name: 'Open Settings to make or import one' }).getAttribute('href')).toBe(
      '#/settings',
    );
    expect(screen.queryByRole('list', { name: 'Your machines' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Notifications' })).toBeNull();
  });

  it('says when the machines cannot be read, and reads them again on "Try again"', async () => {
    const user = userEvent.setup();
    provider.answer('getFleet', refusal('engine_unavailable', 'The node is starting.'));
    connectedTo(snapshot());
    render(<FleetPage />);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Your machines could not be read: The node is starting.',
    );
    provider.answer('getFleet', ok(fleetInfo()));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('list', { name: 'Your machines' });
  });
});

describe('FleetPage: rename and forget', () => {
  it('renames this computer with renameMachine, and says the new name is saved', async () => {
    const user = userEvent.setup();
    await openPage();
    provider.answer('renameMachine', ok(fleetInfo({ machines: [machine({ name: 'Study PC' }), attic(), laptop()] })));
    await user.click(within(item('Kitchen PC')).getByRole('button', { name: 'Rename this computer' }));
    const form = within(screen.getByRole('form', { name: 'Rename this computer' }));
    const input = form.getByRole('textbox', { name: 'Name of this computer' });
    await user.clear(input);
    await user.type(input, '  Study PC ');
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect(provider.requests('renameMachine')).toEqual([{ name: 'Study PC' }]);
    await screen.findByRole('listitem', { name: 'Study PC' });
    expect(screen.queryByRole('form', { name: 'Rename this computer' })).toBeNull();
    expect(within(item('Study PC')).getByTestId('machine-status').textContent).toMatch(/^The new name is saved/);
  });

  it('shows a name another machine has at the field (name_taken)', async () => {
    const user = userEvent.setup();
    await openPage();
    provider.answer(
      'renameMachine',
      refusal('invalid_request', 'Another machine is called “Attic PC”.', [
        { path: 'name', code: 'name_taken', message: 'is taken' },
      ]),
    );
    await user.click(within(item('Kitchen PC')).getByRole('button', { name: 'Rename this computer' }));
    const form = within(screen.getByRole('form', { name: 'Rename this computer' }));
    const input = form.getByRole('textbox', { name: 'Name of this computer' });
    await user.clear(input);
    await user.type(input, 'Attic PC{Enter}');
    await form.findByText('Another of your machines already has this name. Choose another one.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(form.queryByRole('alert')).toBeNull();
  });

  it('refuses an empty name before sending anything', async () => {
    const user = userEvent.setup();
    await openPage();
    await user.click(within(item('Kitchen PC')).getByRole('button', { name: 'Rename this computer' }));
    const form = within(screen.getByRole('form', { name: 'Rename this computer' }));
    await user.clear(form.getByRole('textbox', { name: 'Name of this computer' }));
    await user.click(form.getByRole('button', { name: 'Save' }));
    form.getByText('Enter a name.');
    expect(provider.requests('renameMachine')).toEqual([]);
  });

  it('offers no "Forget" for this computer, and no "Rename" for the others', async () => {
    await openPage();
    expect(within(item('Kitchen PC')).queryByRole('button', { name: /^Forget/ })).toBeNull();
    expect(within(item('Attic PC')).queryByRole('button', { name: 'Rename this computer' })).toBeNull();
  });

  it('forgets another machine only after the question, with forgetMachine', async () => {
    const user = userEvent.setup();
    await openPage();
    provider.answer('forgetMachine', ok(fleetInfo({ machines: [machine(), laptop()] })));
    await user.click(within(item('Attic PC')).getByRole('button', { name: 'Forget Attic PC' }));
    const question = within(screen.getByRole('group', { name: 'Forget this machine?' }));
    await user.click(question.getByRole('button', { name: 'Cancel' }));
    expect(provider.requests('forgetMachine')).toEqual([]);
    expect(screen.queryByRole('group', { name: 'Forget this machine?' })).toBeNull();

    await user.click(within(item('Attic PC')).getByRole('button', { name: 'Forget Attic PC' }));
    await user.click(
      within(screen.getByRole('group', { name: 'Forget this machine?' })).getByRole('button', {
        name: 'Yes, forget it',
      }),
    );
    expect(provider.requests('forgetMachine')).toEqual([{ nodeId: ATTIC }]);
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Attic PC' })).toBeNull());
    expect(items()).toHaveLength(2);
  });

  it('says a refused forget in words, and keeps the machine', async () => {
    const user = userEvent.setup();
    await openPage();
    provider.answer('forgetMachine', refusal('invalid_state', 'This computer cannot be forgotten.'));
    await user.click(within(item('Attic PC')).getByRole('button', { name: 'Forget Attic PC' }));
    await user.click(screen.getByRole('button', { name: 'Yes, forget it' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The machine was not forgotten: This computer cannot be forgotten.',
    );
    item('Attic PC');
  });
});

describe('FleetPage: notifications', () => {
  const webhook = () => within(screen.getByRole('form', { name: 'Webhook' }));

  it('explains when the desktop tells, and that no webhook is set', async () => {
    await openPage();
    const notes = card('Notifications');
    notes.getByText(
      /stops inside its availability window, this computer shows a desktop notification and its tray lists the machines that are down/,
    );
    expect(webhook().getByTestId('fleet-webhook-set').textContent).toBe('No webhook is set.');
    const address = webhook().getByRole('textbox', { name: 'Webhook address' }) as HTMLInputElement;
    expect(address.type).toBe('url');
    expect(address.placeholder).toBe('https://ntfy.sh/your-topic');
    expect(webhook().queryByRole('button', { name: 'Remove the webhook' })).toBeNull();
  });

  it('saves the address with updateFleet, then says it is set and shows it no more', async () => {
    const user = userEvent.setup();
    await openPage();
    provider.answer('updateFleet', ok(fleetInfo({ webhook: { set: true, pending: 0, last: null } })));
    await user.type(webhook().getByRole('textbox', { name: 'Webhook address' }), ' https://ntfy.sh/attic-alerts ');
    await user.click(webhook().getByRole('button', { name: 'Save' }));
    expect(provider.requests('updateFleet')).toEqual([{ webhookUrl: 'https://ntfy.sh/attic-alerts' }]);
    await waitFor(() =>
      expect(webhook().getByTestId('fleet-webhook-set').textContent).toBe(
        'A webhook is set; its address is kept as a secret and not shown again.',
      ),
    );
    expect((webhook().getByRole('textbox', { name: 'New webhook address' }) as HTMLInputElement).value).toBe('');
    expect(document.body.textContent).not.toContain('attic-alerts');
  });

  it('refuses an address with a password in it before sending anything', async () => {
    const user = userEvent.setup();
    await openPage();
    await user.type(webhook().getByRole('textbox', { name: 'Webhook address' }), 'https://me:secret@ntfy.sh/topic');
    await user.click(webhook().getByRole('button', { name: 'Save' }));
    webhook().getByText('The address must not carry a user name or password.');
    expect(provider.requests('updateFleet')).toEqual([]);
  });

  it('removes the webhook with updateFleet(null), and shows what waits and the last delivery', async () => {
    const user = userEvent.setup();
    const last = {
      at: ago(5),
      ok: false,
      words: said('fleet.webhook.words.retryStatus', {
        status: '503',
        delay: said('fleet.webhook.words.seconds', { count: 4 }),
      }),
    };
    await openPage(fleetInfo({ webhook: { set: true, pending: 2, last } }));
    expect(webhook().getByTestId('fleet-webhook-pending').textContent).toBe('2 messages wait to be delivered.');
    expect(webhook().getByTestId('fleet-webhook-last').textContent).toBe(
      `Last delivery, ${formatUntil(last.at, Date.now())}: Failed The webhook answered HTTP 503; trying again in 4 s.`,
    );
    provider.answer('updateFleet', ok(fleetInfo()));
    await user.click(webhook().getByRole('button', { name: 'Remove the webhook' }));
    expect(provider.requests('updateFleet')).toEqual([{ webhookUrl: null }]);
    await waitFor(() => expect(webhook().getByTestId('fleet-webhook-set').textContent).toBe('No webhook is set.'));
  });

  it('shares the owner-first state with the other machines when ticked', async () => {
    const user = userEvent.setup();
    await openPage();
    provider.answer('updateFleet', ok(fleetInfo({ shareOwnerFirst: true })));
    const box = screen.getByRole('checkbox', {
      name: 'Tell my other machines when this one gives the GPU to me (owner-first)',
    }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await user.click(box);
    expect(provider.requests('updateFleet')).toEqual([{ shareOwnerFirst: true }]);
    await waitFor(() => expect(box.checked).toBe(true));
  });
});

describe('FleetPage: keeping up to date', () => {
  it('asks at the engine’s pace, kept between 2 and 60 s', () => {
    expect(pollEvery(30_000)).toBe(30_000);
    expect(pollEvery(100)).toBe(FLEET_POLL_MIN_MS);
    expect(pollEvery(3_600_000)).toBe(FLEET_POLL_MAX_MS);
    expect(pollEvery(undefined)).toBeGreaterThanOrEqual(FLEET_POLL_MIN_MS);
  });

  it('asks the engine again at its interval while shown, and stops when the page goes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    provider.answer('getFleet', ok(fleetInfo({ intervalMs: 5_000 })));
    connectedTo(snapshot());
    const { unmount } = render(<FleetPage />);
    await screen.findByRole('list', { name: 'Your machines' });
    const asked = provider.requests('getFleet').length;
    await act(async () => {
      vi.advanceTimersByTime(5_000);
    });
    expect(provider.requests('getFleet').length).toBe(asked + 1);
    unmount();
    vi.advanceTimersByTime(15_000);
    expect(provider.requests('getFleet').length).toBe(asked + 1);
  });

  it('asks again when the snapshot’s short view of the machines moves (one went down)', async () => {
    await openPage();
    const asked = provider.requests('getFleet').length;
    act(() =>
      useProviderStore.getState().applySnapshot(
        snapshot({
          version: 2,
          fleet: { machines: 3, online: 1, down: [{ nodeId: ATTIC, name: 'Attic PC', since: DOWN_SINCE }] },
        }),
      ),
    );
    await waitFor(() => expect(provider.requests('getFleet').length).toBe(asked + 1));
  });
});
