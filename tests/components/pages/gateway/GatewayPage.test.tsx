/**
 * The "Use the network" page: the gateway switched on and off and how an app connects to it, which machines answer,
 * the app keys (a new one shown once, one revoked after a question), what the network offers and when it was looked
 * at, "try it" through the gateway with the answer quoted, the spend and its limits, the last requests, and the page
 * asking the engine again while it is shown.
 */
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_GATEWAY_SETTINGS,
  type FleetInfo,
  type FleetMachine,
  type GatewayInfo,
  type GatewaySettings,
  type Result,
  type Settings,
} from '@shared/contract';
import { GatewayPage } from '@renderer/pages/gateway/GatewayPage';
import { browserTimeZone } from '@renderer/lib/zone-time';
import { GATEWAY_POLL_MS } from '@renderer/pages/gateway/useGateway';
import { useProviderStore } from '@renderer/store';
import { fact } from '../../support/facts';
import { AT, connectedTo, settings, snapshot } from '../../support/fixtures';
import { later, ok, provider, refusal } from '../../support/provider';
import { said } from '@shared/i18n/said';

const BASE_URL = 'http://127.0.0.1:9483/v1';
const OTHER_NODE = 'b7e4c2a9-5d31-4f8e-9a60-2c1d0e7f3b84';

/** A gateway that listens, with one key, two models on the network, some spend and two requests. */
function gatewayInfo(patch: Partial<GatewayInfo> = {}): GatewayInfo {
  return {
    enabled: true,
    baseUrl: BASE_URL,
    problem: null,
    nextPort: null,
    payingNode: 'node-1',
    keys: [
      {
        id: 'k1',
        name: 'Open WebUI',
        createdAt: AT,
        lastUsedAt: null,
        prefix: 'iicp_gw_3f2a',
        dailyCap: null,
        rpm: null,
      },
    ],
    offer: {
      at: AT,
      nodes: 7,
      ownNodes: 2,
      problem: null,
      models: [
        { model: 'qwen2.5:7b', intent: 'urn:iicp:intent:llm:chat:v1', nodes: 5, ownNodes: 2, lowestMultiplier: 0.8 },
        { model: 'llama3:8b', intent: 'urn:iicp:intent:llm:chat:v1', nodes: 2, ownNodes: 0, lowestMultiplier: 1.25 },
        {
          model: 'nomic-embed-text',
          intent: 'urn:iicp:intent:llm:embedding:v1',
          nodes: 1,
          ownNodes: 1,
          lowestMultiplier: null,
        },
      ],
    },
    budget: {
      spentToday: 0.12,
      dailyCap: 5,
      spentThisMonth: 1.5,
      monthlyCap: 50,
      perRequestMax: 1,
      keepBalance: null,
      balance: 12.5,
      held: 0,
      limitReached: null,
      timeZone: 'Europe/Berlin',
    },
    recent: [
      {
        taskId: 't2',
        at: AT,
        api: 'openai',
        model: 'llama3:8b',
        nodeId: OTHER_NODE,
        own: false,
        outcome: 'answered',
        code: 'ok',
        tokens: 300,
        credits: 0.0375,
        charged: null,
        latencyMs: 1200,
        attempts: 2,
        streamNote: 'node_cannot',
        route: 'paid',
        appKeyId: 'k1',
        app: 'Editor',
        machine: 'Bob desktop',
        // Its answer's bound was cut to the day's room: the limits held far more than it was expected to cost.
        planned: 0.0011,
        expected: 0.0375,
        worstCase: 0.0413,
        flag: null,
        notCharged: false,
        maxTokensLowered: null,
      },
      {
        taskId: 't1',
        at: AT,
        api: 'ollama',
        model: 'qwen2.5:7b',
        nodeId: null,
        own: null,
        outcome: 'refused',
        code: 'insufficient_quota',
        tokens: null,
        credits: null,
        charged: null,
        latencyMs: 3,
        attempts: 0,
        streamNote: null,
        route: null,
        appKeyId: 'k1',
        app: 'Editor',
        machine: null,
        planned: null,
        expected: null,
        worstCase: null,
        flag: null,
        notCharged: false,
        maxTokensLowered: null,
      },
    ],
    header: { kind: 'listening', limit: null },
    apps: [{ id: 'k1', name: 'Open WebUI', spentToday: 0.12, requestsToday: 2, dailyCap: null, rpm: null }],
    ...patch,
  };
}

const gatewaySettings = (patch: Partial<GatewaySettings> = {}): Settings =>
  settings({ gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true, ...patch } });

/** One machine of the machine list as the Machines page's command tells it (only what this page reads matters). */
const machine = (nodeId: string, self: boolean): FleetMachine => ({
  nodeId,
  name: self ? 'Home PC' : `Machine ${nodeId.slice(0, 8)}`,
  self,
  state: self ? 'online' : 'unknown',
  words: { id: 'fleet.words.unknown' },
  lastSeen: null,
  models: [],
  slots: null,
  reputation: null,
  today: null,
  window: null,
  ownerFirst: null,
  alertSince: null,
  sources: { directory: { at: null, problem: null }, machine: { at: null, problem: null } },
});

/** The machine list: this computer and `others`; `none` without an operator identity. */
const fleetOf = (others: string[], state: FleetInfo['state'] = 'active'): FleetInfo => ({
  state,
  machines: state === 'none' ? [] : [machine('node-1', true), ...others.map((id) => machine(id, false))],
  walletNodes: null,
  intervalMs: 30_000,
  webhook: { set: false, pending: 0, last: null },
  shareOwnerFirst: false,
  discoveredAt: null,
});

interface Opening {
  info?: GatewayInfo;
  stored?: Settings;
  update?: (patch: Partial<Settings>) => Result<Settings> | Promise<Result<Settings>>;
  /** The other machines on the machine list; null: no operator identity. */
  machines?: string[] | null;
}

/**
 * The page on a node whose gateway is `info` and whose stored settings are `stored`; updateSettings stores what it is
 * sent, and addMachine and forgetMachine change the machine list as the engine does.
 */
async function openPage({ info = gatewayInfo(), stored = gatewaySettings(), update, machines = [] }: Opening = {}) {
  let current = stored;
  let listed = machines ?? [];
  const fleet = () => ok(fleetOf(listed, machines === null ? 'none' : 'active'));
  provider.answer('getFleet', fleet);
  provider.answer('addMachine', (r) => {
    listed = [...listed, (r as { nodeId: string }).nodeId];
    return fleet();
  });
  provider.answer('forgetMachine', (r) => {
    listed = listed.filter((id) => id !== (r as { nodeId: string }).nodeId);
    return fleet();
  });
  provider.answer('getGateway', ok(info));
  provider.answer('getSettings', () => ok(current));
  provider.answer(
    'updateSettings',
    update ??
      ((patch) => {
        current = { ...current, ...patch };
        return ok(current);
      }),
  );
  provider.answer('getSnapshot', ok(snapshot()));
  connectedTo(snapshot());
  render(<GatewayPage />);
  await screen.findByRole('heading', { level: 1, name: 'Use the network' });
  await screen.findByTestId('gateway-status');
  await screen.findByRole('form', { name: 'Spending limits' });
}

const card = (name: string) => within(screen.getByRole('region', { name }));

afterEach(() => {
  vi.useRealTimers();
});

describe('GatewayPage: what it shows', () => {
  it('says the gateway listens, with the base URL, the two lines for an app and the Ollama address', async () => {
    await openPage();
    const gateway = card('Local gateway');
    expect(
      gateway.getByRole('switch', { name: 'Let apps on this computer use the network' }).getAttribute('aria-checked'),
    ).toBe('true');
    expect(gateway.getByTestId('gateway-status').textContent).toBe(
      'Listening Apps on this computer can use the network now.',
    );
    expect(gateway.getByTestId('gateway-paste-lines').textContent).toBe(
      `OPENAI_BASE_URL=${BASE_URL}\nOPENAI_API_KEY=<your app key>`,
    );
    gateway.getByRole('button', { name: 'Copy base URL' });
    gateway.getByRole('button', { name: 'Copy two lines' });
    expect(gateway.getByTestId('gateway-connect').textContent).toContain('http://127.0.0.1:9483 instead.');
  });

  it.each([
    ['directory_down', null, 'Directory down The directory cannot be reached: only your own machines can answer now.'],
    [
      'no_machine',
      null,
      'No machine No machine, yours or another person’s, offers a model now. Apps get an error until one does.',
    ],
    [
      'limit_reached',
      'day',
      'Limit reached Today’s spending limit is reached: only your own machines, which are free, can answer now.',
    ],
    [
      'balance_empty',
      null,
      'Balance too low The balance cannot pay for a request to another person’s machine: only your own machines, which are free, can answer now. Your node earns credits by serving tasks for the network.',
    ],
  ] as const)('the header says what is true when the engine says %s', async (kind, limit, words) => {
    await openPage({ info: gatewayInfo({ header: { kind, limit } }) });
    const status = card('Local gateway').getByTestId('gateway-status');
    expect(status.textContent).toBe(words);
    expect(status.getAttribute('data-state')).toBe(kind);
  });

  it('the header says a zero balance is empty and that serving tasks earns credits, never "Limit reached"', async () => {
    const budget = { ...gatewayInfo().budget, balance: 0, limitReached: 'balance' as const };
    await openPage({ info: gatewayInfo({ header: { kind: 'balance_empty', limit: null }, budget }) });
    expect(card('Local gateway').getByTestId('gateway-status').textContent).toBe(
      'Balance empty The balance is empty: only your own machines, which are free, can answer now. Your node earns credits by serving tasks for the network.',
    );
    expect(screen.queryByText(/Limit reached/)).toBeNull();
  });

  it('copies the base URL and says so', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    await openPage();
    await user.click(screen.getByRole('button', { name: 'Copy base URL' }));
    expect(writeText).toHaveBeenCalledWith(BASE_URL);
    await screen.findByText('The base URL is copied.');
  });

  it('says why the gateway does not listen although it is on, and shows no base URL', async () => {
    await openPage({
      info: gatewayInfo({ baseUrl: null, problem: said('gateway.listen.portTaken', { port: '9483' }) }),
    });
    const status = card('Local gateway').getByTestId('gateway-status');
    expect(status.textContent).toBe(
      'The gateway is on but does not listen. Port 9483 is used by another program; choose another port for the gateway.',
    );
    expect(screen.queryByTestId('gateway-connect')).toBeNull();
  });

  it('says another IICP Provider holds the port, and its button stores the next free port', async () => {
    const user = userEvent.setup();
    await openPage({
      info: gatewayInfo({
        baseUrl: null,
        problem: said('gateway.listen.portTakenByGateway', { port: '9483' }),
        nextPort: 9484,
      }),
    });
    const gateway = card('Local gateway');
    expect(gateway.getByTestId('gateway-status').textContent).toBe(
      'The gateway is on but does not listen. Port 9483 is used by the gateway of another IICP Provider on this computer, one with another data folder; choose another port for this gateway.',
    );
    await user.click(await gateway.findByRole('button', { name: 'Use port 9484' }));
    await waitFor(() =>
      expect(provider.requests('updateSettings')).toEqual([{ gateway: { ...gatewaySettings().gateway, port: 9484 } }]),
    );
  });

  it('offers no port to choose when none was found free', async () => {
    await openPage({
      info: gatewayInfo({ baseUrl: null, problem: said('gateway.listen.portTaken', { port: '9483' }) }),
    });
    expect(screen.queryByTestId('gateway-next-port')).toBeNull();
  });

  it('shows what the network offers, as of when it looked, with each model quoted', async () => {
    await openPage({
      info: gatewayInfo({
        offer: {
          ...gatewayInfo().offer!,
          problem: said('gateway.offer.problem', { kind: 'unreachable', noneKnown: 'no' }),
        },
      }),
    });
    const offer = card('What the network offers now');
    expect(fact(screen.getByTestId('gateway-offer'), 'Machines')).toBe('7');
    expect(fact(screen.getByTestId('gateway-offer'), 'Yours')).toBe('2');
    expect(offer.getByTestId('gateway-offer-lowest').textContent).toBe('0.8\u00a0×');
    expect(offer.getByTestId('gateway-offer-at').textContent).toMatch(/^As of .+ \(.+\)$/);
    expect(offer.getByTestId('gateway-offer-problem').textContent).toBe(
      'The last look failed. The directory cannot be reached to find nodes.',
    );
    const rows = within(offer.getByTestId('gateway-offer-models')).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByTestId('quoted').textContent)).toEqual([
      '“qwen2.5:7b”',
      '“llama3:8b”',
      '“nomic-embed-text”',
    ]);
    expect(rows.map((r) => r.lastElementChild!.textContent)).toEqual([
      '0.8\u00a0×',
      '1.25\u00a0×',
      'Free (yours only)',
    ]);
  });

  it('shows the spend against its limits, the balance and one sentence on where it stands', async () => {
    await openPage();
    const budget = screen.getByTestId('gateway-budget');
    expect(fact(budget, 'Spent today')).toBe('0.12 of 5 credits');
    expect(fact(budget, 'This month')).toBe('1.5 of 50 credits');
    expect(fact(budget, 'Most per request')).toBe('1 credit');
    expect(fact(budget, 'Keep in the balance')).toBe('Nothing: spend down to zero');
    expect(fact(budget, 'Balance')).toBe('12.5 credits');
    expect(screen.getByTestId('gateway-budget-sentence').textContent).toBe(
      'Requests are paid from this node’s credits within these limits. Your own machines answer for free.',
    );
  });

  it('says when today’s limit is reached', async () => {
    await openPage({ info: gatewayInfo({ budget: { ...gatewayInfo().budget, spentToday: 5 } }) });
    expect(screen.getByTestId('gateway-budget-sentence').textContent).toMatch(/^Today’s limit is reached/);
  });

  it('says whose midnight ends the day of the limit: the node’s zone', async () => {
    const budget = { ...gatewayInfo().budget, spentToday: 5, timeZone: 'Asia/Tokyo' };
    await openPage({ info: gatewayInfo({ budget }) });
    expect(screen.getByTestId('gateway-budget-sentence').textContent).toContain('until midnight, Asia/Tokyo time.');
  });

  it('names the node’s zone for today and this month when the browser reads another, and only then', async () => {
    const far = browserTimeZone() === 'Asia/Tokyo' ? 'Europe/Berlin' : 'Asia/Tokyo';
    await openPage({ info: gatewayInfo({ budget: { ...gatewayInfo().budget, timeZone: far } }) });
    expect(screen.getByTestId('gateway-budget-days').textContent).toBe(
      `Today and this month are counted from midnight, ${far} time: your node’s days.`,
    );
    cleanup();
    await openPage({ info: gatewayInfo({ budget: { ...gatewayInfo().budget, timeZone: browserTimeZone() } }) });
    expect(screen.queryByTestId('gateway-budget-days')).toBeNull();
  });

  it('says in the limits’ hints whose days and months they count: the node’s zone when the browser reads another', async () => {
    const far = browserTimeZone() === 'Asia/Tokyo' ? 'Europe/Berlin' : 'Asia/Tokyo';
    await openPage({ info: gatewayInfo({ budget: { ...gatewayInfo().budget, timeZone: far } }) });
    const form = await screen.findByTestId('gateway-limits');
    expect(within(form).getByText(/^Counted per day/).textContent).toBe(
      `Counted per day from midnight, ${far} time: your node’s days. In credits, with up to 4 decimal places. Leave it empty for no limit.`,
    );
    expect(within(form).getByText(/^Counted per calendar month/).textContent).toMatch(
      `Counted per calendar month, ${far} time.`,
    );
    expect(form.textContent).not.toContain('this computer’s clock');
    cleanup();
    await openPage({ info: gatewayInfo({ budget: { ...gatewayInfo().budget, timeZone: browserTimeZone() } }) });
    const here = await screen.findByTestId('gateway-limits');
    expect(within(here).getByText(/^Counted per day/).textContent).toMatch(
      /^Counted per day on this computer’s clock\./,
    );
  });

  it('shows "limit reached" in words and in the bad colour when the engine says a limit leaves no room', async () => {
    await openPage({
      info: gatewayInfo({ budget: { ...gatewayInfo().budget, spentToday: 4.99995, limitReached: 'day' } }),
    });
    const badge = within(screen.getByTestId('gateway-limit-reached')).getByText('Limit reached: today’s limit');
    expect(badge.closest('[data-tone]')?.getAttribute('data-tone')).toBe('bad');
    expect(screen.getByTestId('gateway-budget-sentence').textContent).toMatch(/^Today’s limit is reached/);
  });

  it('says a balance that cannot cover a paid request is too low, not a limit the person set', async () => {
    await openPage({
      info: gatewayInfo({ budget: { ...gatewayInfo().budget, balance: 0.0001, limitReached: 'balance' } }),
    });
    expect(screen.getByTestId('gateway-limit-reached').textContent).toBe('The balance is too low for a paid request');
    expect(screen.queryByText(/Limit reached/)).toBeNull();
    expect(screen.getByTestId('gateway-budget-sentence').textContent).toMatch(
      /^The balance cannot cover what a paid request could cost/,
    );
  });

  it('says a zero balance is empty and where credits come from, not that a limit was reached', async () => {
    await openPage({ info: gatewayInfo({ budget: { ...gatewayInfo().budget, balance: 0, limitReached: 'balance' } }) });
    expect(screen.getByTestId('gateway-limit-reached').textContent).toBe('The balance is empty');
    const sentence = screen.getByTestId('gateway-budget-sentence').textContent ?? '';
    expect(sentence).toMatch(/^The balance is empty, so requests to other people’s machines are refused\./);
    expect(sentence).toMatch(/earns credits for each task it serves for the network/);
    expect(screen.queryByText(/Limit reached/)).toBeNull();
  });

  it('lists the last requests: app, model, the machine by its name, own or paid, streamed, tokens, planned, charged, outcome', async () => {
    await openPage();
    const rows = within(card('Last requests').getByRole('table')).getAllByRole('row').slice(1);
    const cells = rows.map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );
    expect(cells[0]!.slice(1)).toEqual([
      '“Editor”',
      '“llama3:8b”',
      '“Bob desktop”',
      'Paid',
      'Not streamed',
      '300',
      '0.0011 creditslimits hold up to 0.0375 creditsnever more than 0.0413 credits',
      'Not read yet',
      '1.2 s',
      'Answered after 2 tries',
    ]);
    expect(within(rows[0]!).getByTestId('gateway-row-planned').closest('td')!.getAttribute('title')).toBe(
      'Expected 0.0011 credits; the limits hold up to 0.0375 credits; never more than 0.0413 credits; not charged yet',
    );
    expect(within(rows[0]!).getByTestId('gateway-row-machine').getAttribute('title')).toBe(OTHER_NODE);
    // A refused row says what refused it and names no machine, nor whose it was.
    expect(cells[1]!.slice(1)).toEqual([
      '“Editor”',
      '“qwen2.5:7b”',
      'Not sent: your spending limits refused it',
      '—',
      'No',
      '—',
      '—',
      '—',
      '3 ms',
      'Refused It would pass a spending limit.',
    ]);
    // The badge holds one short word, so the column stays narrow; why follows it as plain words.
    expect(
      within(rows[1]!).getByText('Refused').closest('td')!.querySelector('[data-testid="gateway-row-detail"]')!
        .textContent,
    ).toBe(' It would pass a spending limit.');
  });

  it('says under a row’s tokens when its answer was cut to fit a limit, and nothing under the others', async () => {
    const [answered, refused] = gatewayInfo().recent;
    await openPage({ info: gatewayInfo({ recent: [{ ...answered!, maxTokensLowered: 812 }, refused!] }) });
    const rows = within(card('Last requests').getByRole('table')).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByTestId('gateway-row-lowered').textContent).toBe('cut to 812 to fit a limit');
    expect(within(rows[1]!).queryByTestId('gateway-row-lowered')).toBeNull();
  });

  it('names another person’s node as a node of its operator, never by the operator’s name alone', async () => {
    const [answered, refused] = gatewayInfo().recent;
    const theirs = { ...answered!, own: false, machine: 'Bob’s Rig', operator: 'Bob’s Rig' };
    await openPage({ info: gatewayInfo({ recent: [theirs, refused!] }) });
    const rows = within(card('Last requests').getByRole('table')).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByTestId('gateway-row-machine').textContent).toBe('A node of “Bob’s Rig”');
  });

  it('says when the gateway cannot be read, and reads it again on "Try again"', async () => {
    const user = userEvent.setup();
    provider.answer('getGateway', refusal('engine_unavailable', 'The node is starting.'));
    provider.answer('getSettings', ok(gatewaySettings()));
    connectedTo(snapshot());
    render(<GatewayPage />);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The gateway’s state could not be read: The node is starting.',
    );
    // The switch and the limits still work from the stored settings; nothing waits for ever on what was not read.
    await screen.findByRole('form', { name: 'Spending limits' });
    screen.getByRole('switch', { name: 'Let apps on this computer use the network' });
    expect(screen.queryByText(/Reading/)).toBeNull();
    provider.answer('getGateway', ok(gatewayInfo()));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByTestId('gateway-connect');
  });
});

describe('GatewayPage: switches and lists', () => {
  it('turns the gateway off with updateSettings, keeping the other gateway settings', async () => {
    const user = userEvent.setup();
    await openPage({ stored: gatewaySettings({ onlyMine: true, dailyCap: 7 }) });
    const sw = screen.getByRole('switch', { name: 'Let apps on this computer use the network' });
    await user.click(sw);
    expect(provider.requests('updateSettings')).toEqual([
      { gateway: { ...DEFAULT_GATEWAY_SETTINGS, onlyMine: true, dailyCap: 7, enabled: false } },
    ]);
    await waitFor(() => expect(sw.getAttribute('aria-checked')).toBe('false'));
    expect(screen.getByTestId('gateway-status').textContent).toContain('Off');
  });

  it('turns "Only my machines" on', async () => {
    const user = userEvent.setup();
    await openPage();
    await user.click(screen.getByRole('switch', { name: 'Only my machines' }));
    expect(provider.requests('updateSettings')).toEqual([
      { gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true, onlyMine: true } },
    ]);
  });

  it('says a refused switch in words, and the switch stays as stored', async () => {
    const user = userEvent.setup();
    await openPage({ update: () => refusal('store_error', 'The disk is full.') });
    const sw = screen.getByRole('switch', { name: 'Only my machines' });
    await user.click(sw);
    expect((await screen.findByText('The choice could not be saved: The disk is full.')).getAttribute('role')).toBe(
      'alert',
    );
    expect(sw.getAttribute('aria-checked')).toBe('false');
  });

  it('adds another computer to the machine list by node ID (checked as the contract checks it) and removes it', async () => {
    const user = userEvent.setup();
    await openPage();
    const machines = within(await screen.findByTestId('gateway-my-nodes'));
    const input = machines.getByRole('textbox', { name: 'Node ID of another computer' });
    machines.getByText(/Each computer shows its node ID on its Dashboard\./);
    await user.type(input, 'not a node id!{Enter}');
    machines.getByRole('alert');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(provider.requests('addMachine')).toEqual([]);

    await user.clear(input);
    await user.type(input, ` ${OTHER_NODE} `);
    await user.click(machines.getByRole('button', { name: 'Add computer' }));
    // The Machines page's own command: both pages edit the one machine list, never a setting of the gateway's.
    expect(provider.requests('addMachine')).toEqual([{ nodeId: OTHER_NODE }]);
    await machines.findByRole('button', { name: 'Remove Machine b7e4c2a9' });
    expect((input as HTMLInputElement).value).toBe('');

    await user.click(machines.getByRole('button', { name: 'Remove Machine b7e4c2a9' }));
    expect(provider.requests('forgetMachine')).toEqual([{ nodeId: OTHER_NODE }]);
    await machines.findByText(/^No other computer is listed\./);
    expect(provider.requests('updateSettings')).toEqual([]);
  });

  it('lists the machines the Machines page lists, and says a full list in the engine’s words', async () => {
    const user = userEvent.setup();
    await openPage({ machines: [OTHER_NODE] });
    const machines = within(await screen.findByTestId('gateway-my-nodes'));
    await machines.findByRole('button', { name: 'Remove Machine b7e4c2a9' });
    expect(machines.queryByRole('button', { name: 'Remove node-1' })).toBeNull();
    provider.answer(
      'addMachine',
      refusal('invalid_request', 'Your list holds at most 32 machines. Forget one you no longer use first.', [
        { path: 'nodeId', message: 'full', code: 'list_full' },
      ]),
    );
    await user.type(
      machines.getByRole('textbox', { name: 'Node ID of another computer' }),
      'c0ffee00-1111-4222-8333-444455556666',
    );
    await user.click(machines.getByRole('button', { name: 'Add computer' }));
    await machines.findByText('Not saved: Your list holds at most 32 machines. Forget one you no longer use first.');
  });

  it('names each machine as the Machines page does, never by its raw node ID', async () => {
    await openPage({ machines: [OTHER_NODE] });
    const named = fleetOf([OTHER_NODE], 'active');
    named.machines[1] = { ...named.machines[1]!, name: 'My IICP node 2' };
    provider.answer('getFleet', ok(named));
    act(() =>
      useProviderStore.getState().applySnapshot(snapshot({ version: 2, fleet: { machines: 2, online: 2, down: [] } })),
    );
    const machines = within(await screen.findByTestId('gateway-my-nodes'));
    const name = await machines.findByText('My IICP node 2');
    // The node ID stays at hand, as the name's tooltip, and out of the words.
    expect(name.getAttribute('title')).toBe(OTHER_NODE);
    expect(machines.getByRole('list').textContent).not.toContain(OTHER_NODE.slice(0, 8));
    machines.getByRole('button', { name: 'Remove My IICP node 2' });
  });

  it('lists a machine the fleet met meanwhile, so the list never says none while the page counts yours', async () => {
    await openPage();
    const machines = within(await screen.findByTestId('gateway-my-nodes'));
    await machines.findByText(/^No other computer is listed\./);
    // The fleet met another of the person's machines: the engine's list has it, and the snapshot's count moved.
    provider.answer('getFleet', ok(fleetOf([OTHER_NODE], 'active')));
    act(() =>
      useProviderStore.getState().applySnapshot(snapshot({ version: 2, fleet: { machines: 2, online: 2, down: [] } })),
    );
    await machines.findByRole('button', { name: 'Remove Machine b7e4c2a9' });
  });

  it('without an operator identity, says that the machines are those that share one', async () => {
    await openPage({ machines: null });
    const none = await screen.findByTestId('gateway-my-nodes');
    expect(none.textContent).toMatch(/share this computer’s operator identity\. Make or import one in Settings/);
    expect(screen.queryByRole('textbox', { name: 'Node ID of another computer' })).toBeNull();
  });

  it('allows a browser origin under "Advanced", refusing one with a path', async () => {
    const user = userEvent.setup();
    await openPage();
    const advanced = screen.getByTestId('gateway-advanced');
    expect((advanced as HTMLDetailsElement).open).toBe(false);
    await user.click(within(advanced).getByText('Advanced'));
    const origins = within(screen.getByTestId('gateway-origins'));
    const input = origins.getByRole('textbox', { name: 'Origin of a web page' });
    await user.type(input, 'http://localhost:3000/app');
    await user.click(origins.getByRole('button', { name: 'Allow page' }));
    origins.getByText(/^Enter an origin only/);
    expect(provider.requests('updateSettings')).toEqual([]);
    await user.clear(input);
    await user.type(input, 'http://localhost:3000');
    await user.click(origins.getByRole('button', { name: 'Allow page' }));
    expect(provider.requests('updateSettings')).toEqual([
      { gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true, allowedOrigins: ['http://localhost:3000'] } },
    ]);
  });
});

describe('GatewayPage: app keys', () => {
  it('lets Ollama apps without a key in with a switch that says which apps need it and that paid machines never answer them', async () => {
    const user = userEvent.setup();
    await openPage();
    const keys = card('App keys');
    const sw = keys.getByRole('switch', { name: 'Let Ollama apps without a key use this computer and my machines' });
    expect(sw.getAttribute('aria-checked')).toBe('false');
    expect(keys.getByText(/Ollama apps that have no field for an API key/).textContent).toContain(
      'never by paid machines',
    );
    expect(keys.getByTestId('gateway-ollama-needs-key').textContent).toBe(
      'While this is off, the Ollama address (/api/…) needs an app key like every other app.',
    );
    await user.click(sw);
    expect(provider.requests('updateSettings')).toEqual([
      { gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true, keylessOllama: true } },
    ]);
    await waitFor(() => expect(sw.getAttribute('aria-checked')).toBe('true'));
    expect(keys.queryByTestId('gateway-ollama-needs-key')).toBeNull();
  });

  it('lists each app’s spend and requests today, and sets one app’s own limits with setGatewayKeyLimits', async () => {
    const user = userEvent.setup();
    await openPage();
    const keys = card('Each app today');
    const row = within(await keys.findByRole('row', { name: /Open WebUI/ }));
    row.getByText('2');
    row.getByText(/0[.,]12 credits/);
    await user.click(row.getByRole('button', { name: 'Limits' }));
    const form = within(keys.getByRole('form', { name: 'Limits of one app' }));
    await user.type(form.getByRole('textbox', { name: 'Requests per minute' }), '0');
    form.getByText(/Enter a whole number from 1 to/);
    expect((form.getByRole('button', { name: 'Save the limits' }) as HTMLButtonElement).disabled).toBe(true);
    await user.clear(form.getByRole('textbox', { name: 'Requests per minute' }));
    await user.type(form.getByRole('textbox', { name: 'Requests per minute' }), '30');
    await user.type(form.getByRole('textbox', { name: 'Daily limit in credits' }), '2.5');
    const after = gatewayInfo({
      apps: [{ id: 'k1', name: 'Open WebUI', spentToday: 0.12, requestsToday: 2, dailyCap: 2.5, rpm: 30 }],
    });
    provider.answer('setGatewayKeyLimits', ok(after));
    await user.click(form.getByRole('button', { name: 'Save the limits' }));
    expect(provider.requests('setGatewayKeyLimits')).toEqual([{ id: 'k1', dailyCap: 2.5, rpm: 30 }]);
    await within(await keys.findByRole('row', { name: /Open WebUI/ })).findByText('2.5 credits');
    expect(keys.queryByRole('form', { name: 'Limits of one app' })).toBeNull();
  });

  it('makes a key and shows its secret once, with the sentence that it will not be shown again', async () => {
    const user = userEvent.setup();
    await openPage();
    const made = {
      id: 'k2',
      name: 'laptop script',
      createdAt: AT,
      lastUsedAt: null,
      prefix: 'iicp_gw_9d8c',
      dailyCap: null,
      rpm: null,
    };
    provider.answer('createGatewayKey', (request) =>
      ok({
        key: { ...made, name: request.name },
        secret: 'iicp_gw_9d8c7b6a5f4e3d2c1b0a',
        info: gatewayInfo({ keys: [...gatewayInfo().keys, made] }),
      }),
    );
    const keys = card('App keys');
    const form = within(keys.getByRole('form', { name: 'Make an app key' }));
    await user.click(form.getByRole('button', { name: 'Make a key' }));
    form.getByText('Enter a name for the key, such as the app that will use it.');
    expect(provider.requests('createGatewayKey')).toEqual([]);

    await user.type(form.getByRole('textbox', { name: 'Name of the new key' }), '  laptop script ');
    await user.click(form.getByRole('button', { name: 'Make a key' }));
    expect(provider.requests('createGatewayKey')).toEqual([{ name: 'laptop script' }]);
    const box = within(await keys.findByRole('group', { name: /^Your new key/ }));
    expect((form.getByRole('textbox', { name: 'Name of the new key' }) as HTMLInputElement).value).toBe('');
    expect(box.getByTestId('gateway-new-secret').textContent).toBe('iicp_gw_9d8c7b6a5f4e3d2c1b0a');
    box.getByText('Copy the key now: it will not be shown again.');
    box.getByRole('button', { name: 'Copy key' });
    expect(box.getByText(/OPENAI_API_KEY=iicp_gw_9d8c7b6a5f4e3d2c1b0a/)).toBeTruthy();
    expect(within(keys.getByRole('table')).getAllByRole('row')).toHaveLength(3);

    await user.click(box.getByRole('button', { name: 'I have copied it' }));
    expect(keys.queryByRole('group', { name: /^Your new key/ })).toBeNull();
    expect(document.body.textContent).not.toContain('iicp_gw_9d8c7b6a5f4e3d2c1b0a');
  });

  it('copies the two lines with a new key and says so in a grammatical sentence', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    await openPage();
    const made = {
      id: 'k2',
      name: 'script',
      createdAt: AT,
      lastUsedAt: null,
      prefix: 'iicp_gw_9d8c',
      dailyCap: null,
      rpm: null,
    };
    provider.answer('createGatewayKey', () =>
      ok({
        key: made,
        secret: 'iicp_gw_9d8c7b6a5f4e3d2c1b0a',
        info: gatewayInfo({ keys: [...gatewayInfo().keys, made] }),
      }),
    );
    const keys = card('App keys');
    const form = within(keys.getByRole('form', { name: 'Make an app key' }));
    await user.type(form.getByRole('textbox', { name: 'Name of the new key' }), 'script');
    await user.click(form.getByRole('button', { name: 'Make a key' }));
    const box = within(await keys.findByRole('group', { name: /^Your new key/ }));
    await user.click(box.getByRole('button', { name: 'Copy two lines with the key' }));
    expect(writeText).toHaveBeenCalledWith(`OPENAI_BASE_URL=${BASE_URL}\nOPENAI_API_KEY=iicp_gw_9d8c7b6a5f4e3d2c1b0a`);
    await box.findByText('The two lines with the key are copied.');
  });

  it('says the engine’s refusal of a key’s name at the field, and any other refusal under the form', async () => {
    const user = userEvent.setup();
    await openPage();
    provider.answer(
      'createGatewayKey',
      refusal('invalid_request', 'The name is refused.', [{ path: 'name', code: 'too_big', message: 'is too long' }]),
    );
    const form = within(card('App keys').getByRole('form', { name: 'Make an app key' }));
    const name = form.getByRole('textbox', { name: 'Name of the new key' }) as HTMLInputElement;
    await user.type(name, 'laptop script');
    await user.click(form.getByRole('button', { name: 'Make a key' }));
    await form.findByRole('textbox', { name: 'Name of the new key', description: /long/i });
    expect(form.queryByText(/^No key was made/)).toBeNull();
    expect(name.value).toBe('laptop script');

    provider.answer('createGatewayKey', refusal('store_error', 'The database is full.'));
    await user.click(form.getByRole('button', { name: 'Make a key' }));
    await form.findByText('No key was made: The database is full.');
  });

  it('revokes a key only after the question, with revokeGatewayKey', async () => {
    const user = userEvent.setup();
    await openPage();
    provider.answer('revokeGatewayKey', ok(gatewayInfo({ keys: [] })));
    const keys = card('App keys');
    await user.click(keys.getByRole('button', { name: 'Revoke the key Open WebUI' }));
    const confirm = within(keys.getByRole('group', { name: 'Revoke this app key?' }));
    await user.click(confirm.getByRole('button', { name: 'Cancel' }));
    expect(provider.requests('revokeGatewayKey')).toEqual([]);

    await user.click(keys.getByRole('button', { name: 'Revoke the key Open WebUI' }));
    await user.click(
      within(keys.getByRole('group', { name: 'Revoke this app key?' })).getByRole('button', {
        name: 'Yes, revoke the key',
      }),
    );
    expect(provider.requests('revokeGatewayKey')).toEqual([{ id: 'k1' }]);
    await keys.findByText('No app key yet.');
    expect(keys.queryByRole('group', { name: 'Revoke this app key?' })).toBeNull();
  });
});

describe('GatewayPage: try it', () => {
  it('sends the question to the chosen chat model and shows the answer as quoted text, with the machine and its cost', async () => {
    const user = userEvent.setup();
    await openPage();
    provider.answer(
      'tryGateway',
      ok({
        text: 'Paris is the capital of France.',
        model: 'llama3:8b',
        nodeId: OTHER_NODE,
        own: false,
        credits: 0.0021,
        latencyMs: 850,
        machine: 'Bob desktop',
        route: 'paid',
      }),
    );
    const tryIt = card('Try it');
    const model = tryIt.getByRole('combobox', { name: 'Model' });
    expect(
      within(model)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['qwen2.5:7b', 'llama3:8b']);
    await user.selectOptions(model, 'llama3:8b');
    await user.type(tryIt.getByRole('textbox', { name: 'Your question' }), 'What is the capital of France?');
    await user.click(tryIt.getByRole('button', { name: 'Send' }));
    expect(provider.requests('tryGateway')).toEqual([{ model: 'llama3:8b', prompt: 'What is the capital of France?' }]);

    const answer = await tryIt.findByTestId('gateway-try-answer');
    const quoted = within(answer).getAllByTestId('quoted')[0]!;
    expect(quoted.textContent).toBe('“Paris is the capital of France.”');
    expect(quoted.hasAttribute('data-foreign')).toBe(true);
    expect(fact(answer, 'Machine')).toBe('“Bob desktop”');
    expect(fact(answer, 'Whose')).toBe('Paid');
    expect(fact(answer, 'Credits')).toBe('0.0021 credits');
    expect(fact(answer, 'Took')).toBe('850 ms');
  });

  it('says an answer of this computer’s own server came from this computer, free', async () => {
    const user = userEvent.setup();
    await openPage();
    provider.answer(
      'tryGateway',
      ok({
        text: 'Hello.',
        model: 'qwen2.5:7b',
        nodeId: OTHER_NODE,
        own: true,
        credits: 0,
        latencyMs: 40,
        route: 'this_computer',
        machine: 'Ana laptop',
      }),
    );
    const tryIt = card('Try it');
    await user.type(tryIt.getByRole('textbox', { name: 'Your question' }), 'Hi?');
    await user.click(tryIt.getByRole('button', { name: 'Send' }));
    const answer = await tryIt.findByTestId('gateway-try-answer');
    expect(fact(answer, 'Machine')).toBe('“Ana laptop”');
    expect(fact(answer, 'Whose')).toBe('This computer');
    expect(fact(answer, 'Credits')).toBe('Free');
  });

  it('says the engine’s own sentence when the gateway could not answer, and the wait while it runs', async () => {
    const user = userEvent.setup();
    await openPage();
    const reply = later<Result<never>>();
    provider.answer('tryGateway', () => reply.promise);
    const tryIt = card('Try it');
    await user.type(tryIt.getByRole('textbox', { name: 'Your question' }), 'Hello?');
    await user.click(tryIt.getByRole('button', { name: 'Send' }));
    tryIt.getByRole('button', { name: 'Waiting for the answer…' });
    await act(async () => reply.resolve(refusal('invalid_state', 'No machine answered in time. Nothing was charged.')));
    expect((await tryIt.findByRole('alert')).textContent).toBe('No machine answered in time. Nothing was charged.');
    expect(tryIt.queryByTestId('gateway-try-answer')).toBeNull();
  });

  it('asks for a question before sending anything', async () => {
    const user = userEvent.setup();
    await openPage();
    const tryIt = card('Try it');
    await user.click(tryIt.getByRole('button', { name: 'Send' }));
    tryIt.getByText('Write a question first.');
    expect(provider.requests('tryGateway')).toEqual([]);
  });

  it('says to turn the gateway on first when it is off', async () => {
    await openPage({
      info: gatewayInfo({ enabled: false, baseUrl: null }),
      stored: gatewaySettings({ enabled: false }),
    });
    const tryIt = card('Try it');
    expect(tryIt.getByRole('button', { name: 'Send' }).getAttribute('aria-disabled')).toBe('true');
    tryIt.getByText('Turn the gateway on first: the question goes through it like any app’s.');
  });
});

describe('GatewayPage: spending limits', () => {
  const limits = () => within(screen.getByRole('form', { name: 'Spending limits' }));
  const daily = () => limits().getByRole('textbox', { name: 'Daily limit (credits)' }) as HTMLInputElement;

  it('refuses more than 4 decimals at the field and sends nothing', async () => {
    const user = userEvent.setup();
    await openPage();
    expect(daily().value).toBe(String(DEFAULT_GATEWAY_SETTINGS.dailyCap));
    await user.clear(daily());
    await user.type(daily(), '0.12345');
    await user.click(limits().getByRole('button', { name: 'Save limits' }));
    limits().getByText('Use at most 4 decimal places, for example 0.0125.');
    expect(daily().getAttribute('aria-invalid')).toBe('true');
    expect(provider.requests('updateSettings')).toEqual([]);
  });

  it('saves 4 decimals, and an empty box as no limit', async () => {
    const user = userEvent.setup();
    await openPage();
    await user.clear(daily());
    await user.type(daily(), '0.1234');
    await user.clear(limits().getByRole('textbox', { name: 'Most one request may cost (credits)' }));
    await user.click(limits().getByRole('button', { name: 'Save limits' }));
    expect(provider.requests('updateSettings')).toEqual([
      { gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true, dailyCap: 0.1234, perRequestMax: null } },
    ]);
    await waitFor(() => limits().getByText('Saved. The new limits apply from the next request.'));
    expect(daily().value).toBe('0.1234');
  });
});

describe('GatewayPage: keeping up to date', () => {
  it('asks again when the snapshot’s headline of the gateway moves (a paid request raised today’s spend)', async () => {
    await openPage();
    const asked = provider.requests('getGateway').length;
    provider.answer('getGateway', ok(gatewayInfo({ budget: { ...gatewayInfo().budget, spentToday: 0.2 } })));
    act(() =>
      useProviderStore
        .getState()
        .applySnapshot(
          snapshot({ version: 2, gateway: { enabled: true, baseUrl: BASE_URL, problem: null, spentToday: 0.2 } }),
        ),
    );
    await waitFor(() => expect(provider.requests('getGateway').length).toBe(asked + 1));
    await waitFor(() => expect(screen.getByTestId('gateway-spent-today').textContent).toBe('0.2 of 5 credits'));
  });

  it('asks the engine again every few seconds while shown, and stops when the page goes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    provider.answer('getGateway', ok(gatewayInfo()));
    provider.answer('getSettings', ok(gatewaySettings()));
    connectedTo(snapshot());
    const { unmount } = render(<GatewayPage />);
    await screen.findByTestId('gateway-connect');
    // Opening the page asks once: the stored settings arriving after it are no change to ask again for.
    await waitFor(() => expect(provider.requests('getSettings').length).toBeGreaterThan(0));
    await act(async () => undefined);
    const asked = provider.requests('getGateway').length;
    expect(asked).toBe(1);
    await act(async () => {
      vi.advanceTimersByTime(GATEWAY_POLL_MS);
    });
    expect(provider.requests('getGateway').length).toBe(asked + 1);
    unmount();
    vi.advanceTimersByTime(GATEWAY_POLL_MS * 3);
    expect(provider.requests('getGateway').length).toBe(asked + 1);
  });
});
