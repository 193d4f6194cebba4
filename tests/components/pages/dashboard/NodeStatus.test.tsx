/**
 * The dashboard's status card: the one sentence for the node's state with its detail and next step, and the
 * Available switch beside it, which moves only when the engine's answer says so; while the person shares anyway,
 * until when, and the button that stops it.
 */
import { said } from '@shared/i18n/said';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NodeSnapshot, Result } from '@shared/contract';
import { NodeStatus } from '@renderer/pages/dashboard/NodeStatus';
import { useProviderStore } from '@renderer/store';
import { connectedTo, snapshot } from '../../support/fixtures';
import { later, ok, provider, refusal } from '../../support/provider';

const HOUR_MS = 3_600_000;

/** The card as the dashboard shows it: fed with the store's newest snapshot. */
function StatusCard() {
  const snap = useProviderStore((s) => s.snapshot);
  return <NodeStatus snapshot={snap} />;
}

function showCard(snap: NodeSnapshot | null) {
  connectedTo(snap);
  render(<StatusCard />);
  return within(screen.getByRole('region', { name: 'Node status' }));
}

const paused = (patch: Partial<NodeSnapshot> = {}) => snapshot({ state: 'paused', available: false, ...patch });

describe('NodeStatus: what the card says', () => {
  it('online: serving the network, how busy, and the switch on with "Pause for 1 hour"', () => {
    const card = showCard(snapshot({ capacity: { activeJobs: 1 }, today: { jobs: 3 } }));
    expect(card.getByRole('status').textContent).toContain('Serving the network');
    card.getByText('1 of 2 slots busy · 3 tasks today');
    expect(
      card
        .getByRole('switch', { name: 'Available', description: 'Your node accepts work from the network when it can.' })
        .getAttribute('aria-checked'),
    ).toBe('true');
    card.getByRole('button', { name: 'Pause for 1 hour' });
  });

  it('paused without an end: says so, offers "Resume now", and the switch is off', () => {
    const card = showCard(paused());
    expect(card.getByRole('status').textContent).toMatch(/^Paused/);
    card.getByText('Your node takes no new work from the network until you resume it.');
    expect(
      card
        .getByRole('switch', {
          name: 'Available',
          description: 'Your node takes no new work until you switch it back on.',
        })
        .getAttribute('aria-checked'),
    ).toBe('false');
    expect(card.queryByRole('button', { name: 'Pause for 1 hour' })).toBeNull();
  });

  it('paused until a time: says until when, and that the switch comes back by itself', () => {
    const card = showCard(paused({ pausedUntil: new Date(Date.now() + 2 * HOUR_MS).toISOString() }));
    expect(card.getByRole('status').textContent).toMatch(/Paused until \S/);
    card.getByText('Your node takes no new work from the network until then.');
    expect(
      card
        .getByRole('switch', {
          name: 'Available',
          description: 'Your node switches back on by itself at the end of the pause.',
        })
        .getAttribute('aria-checked'),
    ).toBe('false');
  });

  it('"Pause for 1 hour" ends an hour from now on the machine\'s clock, labelled with its zone when the viewer reads another', async () => {
    // The machine's schedule runs an hour off the viewer's clock: the same hour unlabelled would read as now.
    const viewer = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const zone = viewer === 'Atlantic/Azores' ? 'Atlantic/Cape_Verde' : 'Atlantic/Azores';
    const card = showCard(snapshot({ availability: { ...snapshot().availability, timeZone: zone } }));
    let sent = 0;
    provider.answer('pause', (r: { untilMs?: number | null }) => {
      sent = r.untilMs ?? 0;
      return ok(
        paused({
          version: 2,
          pausedUntil: new Date(sent).toISOString(),
          availability: { ...snapshot().availability, timeZone: zone, reason: 'switched_off' },
        }),
      );
    });
    const before = Date.now();
    await userEvent.click(card.getByRole('button', { name: 'Pause for 1 hour' }));
    const line = await card.findByText(/^Paused until/);
    expect(sent - before).toBeGreaterThanOrEqual(HOUR_MS);
    expect(sent - Date.now()).toBeLessThanOrEqual(HOUR_MS);
    const there = new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(
      sent,
    );
    expect(line.textContent).toContain(`(${zone})`);
    expect(line.textContent?.replace(/\s/g, ' ')).toContain(there.replace(/\s/g, ' ').replace(/^0/, ''));
  });

  it("a pause end on the viewer's own clock carries no zone label", () => {
    const viewer = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const card = showCard(
      paused({
        pausedUntil: new Date(Date.now() + HOUR_MS).toISOString(),
        availability: { ...snapshot().availability, timeZone: viewer },
      }),
    );
    expect(card.getByRole('status').textContent).not.toContain(`(${viewer})`);
  });

  it("degraded: the engine's reason, and a link to the log", () => {
    const card = showCard(
      snapshot({
        state: 'degraded',
        stateReason: said('status.reason.failed', { error: 'The task ledger cannot be written: the disk is full.' }),
      }),
    );
    expect(card.getByRole('status').textContent).toContain('Your node has a problem');
    card.getByText('The task ledger cannot be written: the disk is full.');
    expect(card.getByRole('link', { name: 'See the log' }).getAttribute('href')).toBe('#/logs');
    // Degraded still runs: the switch works.
    expect(card.getByRole('switch', { name: 'Available' }).hasAttribute('aria-disabled')).toBe(false);
  });

  it('starting: says so, and the switch waits for the node to run', async () => {
    const user = userEvent.setup();
    const card = showCard(snapshot({ state: 'starting' }));
    expect(card.getByRole('status').textContent).toContain('Starting your node…');
    const toggle = card.getByRole('switch', {
      name: 'Available',
      description: 'The switch works once the node is running.',
    });
    expect(toggle.getAttribute('aria-disabled')).toBe('true');
    await user.click(toggle);
    expect(provider.commands()).toEqual([]);
  });

  it('before any snapshot: connecting, and no switch yet', () => {
    connectedTo(null);
    useProviderStore.setState({ connection: { kind: 'connecting' } });
    render(<StatusCard />);
    const card = within(screen.getByRole('region', { name: 'Node status' }));
    expect(card.getByRole('status').textContent).toContain('Connecting to the node…');
    expect(card.queryByRole('switch')).toBeNull();
  });
});

describe('NodeStatus: acting on it', () => {
  it('"Resume now" asks the node to resume and shows what it answers', async () => {
    const user = userEvent.setup();
    provider.answer('resume', ok(snapshot({ version: 2 })));
    const card = showCard(paused());
    await user.click(card.getByRole('button', { name: 'Resume now' }));
    expect(provider.requests('resume')).toEqual([{}]);
    await card.findByText('Serving the network');
    expect(card.getByRole('switch', { name: 'Available' }).getAttribute('aria-checked')).toBe('true');
  });

  it('switching Available off sends pause, and the switch moves only when the answer says so', async () => {
    const user = userEvent.setup();
    const answer = later<Result<NodeSnapshot>>();
    provider.answer('pause', () => answer.promise);
    const card = showCard(snapshot());
    const toggle = card.getByRole('switch', { name: 'Available' });
    await user.click(toggle);
    expect(provider.requests('pause')).toEqual([{}]);
    // On its way: still on, marked busy, and a second click sends nothing more.
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(toggle.getAttribute('aria-busy')).toBe('true');
    await user.click(toggle);
    expect(provider.requests('pause')).toHaveLength(1);

    answer.resolve(ok(paused({ version: 2 })));
    await card.findByText('Paused');
    expect(toggle.getAttribute('aria-checked')).toBe('false');
  });

  it('switching Available on sends resume', async () => {
    const user = userEvent.setup();
    provider.answer('resume', ok(snapshot({ version: 2 })));
    const card = showCard(paused());
    await user.click(card.getByRole('switch', { name: 'Available' }));
    expect(provider.requests('resume')).toEqual([{}]);
    await card.findByText('Serving the network');
  });

  it('a refused switch says why and stays where it was', async () => {
    const user = userEvent.setup();
    provider.answer('pause', refusal('invalid_state', 'The node is stopping and cannot be paused now.'));
    const card = showCard(snapshot());
    const toggle = card.getByRole('switch', { name: 'Available' });
    await user.click(toggle);
    expect((await card.findByRole('alert')).textContent).toContain('The node is stopping and cannot be paused now.');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
  });

  it('"Pause for 1 hour" asks for a pause ending an hour from now', async () => {
    const user = userEvent.setup();
    provider.answer('pause', (request) =>
      ok(paused({ version: 2, pausedUntil: new Date(request.untilMs ?? 0).toISOString() })),
    );
    const card = showCard(snapshot());
    const before = Date.now();
    await user.click(card.getByRole('button', { name: 'Pause for 1 hour' }));
    const after = Date.now();
    const [request] = provider.requests('pause');
    expect(request?.untilMs).toBeGreaterThanOrEqual(before + HOUR_MS);
    expect(request?.untilMs).toBeLessThanOrEqual(after + HOUR_MS);
    await card.findByText(/^Paused until/);
  });

  it('while the link to the host is down, the switch says it works again once reconnected', async () => {
    const user = userEvent.setup();
    connectedTo(snapshot());
    useProviderStore.setState({
      connection: {
        kind: 'reconnecting',
        attempt: 1,
        retryAt: Date.now() + 60_000,
        reason: 'The connection to the node host was lost.',
      },
    });
    render(<StatusCard />);
    const card = within(screen.getByRole('region', { name: 'Node status' }));
    expect(card.getByRole('status').textContent).toContain('Not connected to the node');
    const toggle = card.getByRole('switch', {
      name: 'Available',
      description: 'The switch works again once reconnected.',
    });
    await user.click(toggle);
    expect(provider.commands()).toEqual([]);
  });
});

describe('NodeStatus: "share anyway" in force', () => {
  // Local times, so the expected clock does not depend on the zone the tests run in; a 24-hour English locale.
  const NOW = new Date(2025, 4, 12, 10, 0).getTime();
  const UNTIL = new Date(2025, 4, 12, 20, 51).toISOString();
  const sharing = (patch: Parameters<typeof snapshot>[0] = {}, until = UNTIL) =>
    snapshot({
      ...patch,
      availability: { owner: { ...snapshot().availability.owner, shareAnywayUntil: until }, ...patch.availability },
    });

  function inLocale(tag: string, now = NOW): void {
    vi.useFakeTimers({ now, toFake: ['Date'] });
    vi.spyOn(navigator, 'language', 'get').mockReturnValue(tag);
  }
  afterEach(() => {
    vi.useRealTimers();
  });

  it("the headline says the node shares anyway and until when, on the person's clock", () => {
    inLocale('en-GB');
    const card = showCard(sharing());
    expect(card.getByTestId('node-state').textContent).toBe('Serving the network — sharing anyway until 20:51');
    expect(card.getByTestId('share-anyway').textContent).toContain(
      'Your own use of the GPU does not pause the node until then.',
    );
    card.getByRole('button', { name: 'Stop sharing anyway' });
  });

  it('in a 12-hour locale, and for an end tomorrow', () => {
    inLocale('en-US');
    expect(showCard(sharing()).getByTestId('node-state').textContent).toBe(
      'Serving the network — sharing anyway until 8:51 PM',
    );
    cleanup();
    inLocale('en-GB', new Date(2025, 4, 12, 23, 30).getTime());
    expect(
      showCard(sharing({}, new Date(2025, 4, 13, 0, 30).toISOString())).getByTestId('node-state').textContent,
    ).toBe('Serving the network — sharing anyway until 00:30 tomorrow');
  });

  it('"Stop sharing anyway" sends the same command as the tray, and the card follows the answer', async () => {
    inLocale('en-GB');
    const user = userEvent.setup();
    provider.answer('shareAnyway', ok(snapshot({ version: 2 })));
    const card = showCard(sharing());
    await user.click(card.getByRole('button', { name: 'Stop sharing anyway' }));
    expect(provider.requests('shareAnyway')).toEqual([{ minutes: null }]);
    await card.findByText('Serving the network');
    expect(card.queryByTestId('share-anyway')).toBeNull();
    expect(card.queryByRole('button', { name: 'Stop sharing anyway' })).toBeNull();
  });

  it('a refused stop says why beside the button', async () => {
    inLocale('en-GB');
    const user = userEvent.setup();
    provider.answer('shareAnyway', refusal('invalid_state', 'The node is not running.'));
    const card = showCard(sharing());
    await user.click(card.getByRole('button', { name: 'Stop sharing anyway' }));
    expect((await card.findByRole('alert')).textContent).toBe('The node is not running.');
    expect(card.getByTestId('node-state').textContent).toContain('sharing anyway until 20:51');
  });

  it('under a more urgent headline, still says it shares anyway and until when, with the way to stop it', () => {
    inLocale('en-GB');
    const card = showCard(sharing({ directory: { link: 'unreachable', nextAttemptAt: null } }));
    expect(card.getByTestId('node-state').textContent).toMatch(/^Lost contact with the IICP directory/);
    expect(card.getByTestId('share-anyway').textContent).toContain(
      'You share the GPU anyway until 20:51. Your own use of the GPU does not pause the node until then.',
    );
    card.getByRole('button', { name: 'Stop sharing anyway' });
  });

  it('says nothing of it when nobody chose it', () => {
    inLocale('en-GB');
    const card = showCard(snapshot());
    expect(card.getByTestId('node-state').textContent).toBe('Serving the network');
    expect(card.queryByTestId('share-anyway')).toBeNull();
  });
});
