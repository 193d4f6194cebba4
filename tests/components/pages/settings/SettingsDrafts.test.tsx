/**
 * The Settings page keeps what is typed as a draft, as the Availability page does: saving one card never throws away
 * another card's edits (even when the host's answer brings settings changed elsewhere), a visit to another page keeps
 * them with "Unsaved changes" beside Save and Undo, a save or "Undo changes" ends them, and the page's index leads to
 * each section and marks the ones with unsaved changes.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Result, ServerModels, Settings as SettingsValues } from '@shared/contract';
import { Settings } from '@renderer/pages/settings/Settings';
import { useSettingsDrafts } from '@renderer/pages/settings/settings-drafts';
import { AT, connectedTo, settings, snapshot } from '../../support/fixtures';
import { later, ok, provider } from '../../support/provider';

const STORED = settings({
  displayName: 'Kitchen PC',
  region: 'eu-west',
  backendUrl: 'http://127.0.0.1:11434',
  defaultModel: 'qwen2.5:7b',
});

const MODELS: ServerModels = {
  url: 'http://127.0.0.1:11434',
  flavour: 'ollama',
  status: 'healthy',
  models: [{ name: 'qwen2.5:7b', kind: 'chat', modalities: ['text'], loaded: true }],
  current: true,
  problem: null,
  checkedAt: AT,
};

const nodeForm = () => within(screen.getByRole('form', { name: 'Node settings' }));
const ownForm = () => within(screen.getByRole('form', { name: 'Your own use comes first' }));
const displayName = () => nodeForm().getByLabelText('Display name') as HTMLInputElement;
const index = () => within(screen.getByRole('navigation', { name: 'Settings on this page' }));

/** The Settings page; `updateSettings` answers as `update` says (by default it stores what it is sent). */
async function openSettings(
  update: (patch: Partial<SettingsValues>) => Result<SettingsValues> | Promise<Result<SettingsValues>> = (patch) =>
    ok({ ...STORED, ...patch }),
) {
  provider.answer('getSettings', ok(STORED));
  provider.answer('listServerModels', ok(MODELS));
  provider.answer('listRegions', (request) =>
    ok({ url: request.url ?? STORED.directoryUrl, regions: [], ok: true, words: null, asOf: AT }),
  );
  provider.answer('updateSettings', update);
  connectedTo(snapshot());
  const page = render(<Settings />);
  await screen.findByRole('form', { name: 'Node settings' });
  await screen.findByRole('form', { name: 'Your own use comes first' });
  return page;
}

async function retype(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, text: string) {
  await user.clear(input);
  await user.type(input, text);
}

beforeEach(() => useSettingsDrafts.setState({ edits: {}, unsaved: {} }));

describe('Settings: drafts', () => {
  it('keeps the typed display name when the electricity card is saved, also when the answer brings settings changed elsewhere', async () => {
    const user = userEvent.setup();
    // Meanwhile another window changed the region: the host's answer carries it, and the node's form takes it in.
    await openSettings((patch) => ok({ ...STORED, ...patch, region: 'us-east' }));
    await retype(user, displayName(), 'Study PC');
    await user.type(ownForm().getByTestId('energy-price'), '0.3');
    await user.click(ownForm().getByTestId('owner-save'));
    await waitFor(() => expect(ownForm().getByTestId('owner-save-status').textContent).toBe('Saved.'));

    expect(provider.requests('updateSettings')).toEqual([
      { energy: { pricePerKwh: 0.3, currency: 'USD', typicalWatts: null } },
    ]);
    expect(displayName().value).toBe('Study PC');
    expect((nodeForm().getByLabelText('Region') as HTMLInputElement).value).toBe('us-east');
    nodeForm().getByText('Unsaved changes');
    expect(ownForm().queryByText('Unsaved changes')).toBeNull();

    // Saving it later sends the display name alone: the region shown is the stored one.
    await user.click(nodeForm().getByRole('button', { name: 'Save changes' }));
    expect(provider.requests('updateSettings')[1]).toEqual({ displayName: 'Study PC' });
  });

  it('keeps a draft across a visit to another page, says "Unsaved changes" beside Save and Undo, and marks it in the index', async () => {
    const user = userEvent.setup();
    const page = await openSettings();
    await retype(user, displayName(), 'Study PC');
    await retype(user, ownForm().getByTestId('owner-grace'), '30');
    page.unmount();

    await openSettings();
    expect(displayName().value).toBe('Study PC');
    expect((ownForm().getByTestId('owner-grace') as HTMLInputElement).value).toBe('30');
    const actions = nodeForm().getByRole('button', { name: 'Save changes' }).parentElement!;
    within(actions).getByText('Unsaved changes');
    expect(within(actions).getByRole('button', { name: 'Undo changes' }).getAttribute('aria-disabled')).toBeNull();
    ownForm().getByText('Unsaved changes');
    expect(index().getByTestId('settings-index-node').parentElement!.textContent).toBe('Node settings Unsaved changes');
    expect(index().getByTestId('settings-index-own-use').parentElement!.textContent).toBe(
      'Your own use comes first Unsaved changes',
    );
    expect(index().getByTestId('settings-index-servers').parentElement!.textContent).toBe('LLM servers');
    expect(provider.requests('updateSettings')).toEqual([]);

    // Undo ends the node form's draft, and only that one.
    await user.click(nodeForm().getByRole('button', { name: 'Undo changes' }));
    expect(displayName().value).toBe('Kitchen PC');
    expect(nodeForm().queryByText('Unsaved changes')).toBeNull();
    await waitFor(() =>
      expect(index().getByTestId('settings-index-node').parentElement!.textContent).toBe('Node settings'),
    );
    expect((ownForm().getByTestId('owner-grace') as HTMLInputElement).value).toBe('30');
  });

  it('ends the draft once it is saved, but keeps what was typed while the save was on its way', async () => {
    const user = userEvent.setup();
    const answer = later<Result<SettingsValues>>();
    let sent: Partial<SettingsValues> = {};
    await openSettings((patch) => {
      sent = patch;
      return answer.promise;
    });
    await retype(user, displayName(), 'Study PC');
    await user.click(nodeForm().getByRole('button', { name: 'Save changes' }));
    nodeForm().getByRole('button', { name: 'Saving…' });
    await retype(user, nodeForm().getByLabelText('Tasks at once'), '5');
    answer.resolve(ok({ ...STORED, ...sent }));
    await waitFor(() => nodeForm().getByText('Saved.'));
    expect(sent).toEqual({ displayName: 'Study PC' });

    // The form was put in place afresh with the stored name; the number typed meanwhile is still the draft.
    expect(displayName().value).toBe('Study PC');
    expect((nodeForm().getByLabelText('Tasks at once') as HTMLInputElement).value).toBe('5');
    expect(useSettingsDrafts.getState().edits.node).toEqual({ maxConcurrent: '5' });
    nodeForm().getByText('Unsaved changes');
  });
});

describe('Settings: the index', () => {
  it('lists every card in order and moves the focus to the one chosen', async () => {
    const user = userEvent.setup();
    await openSettings();
    const links = index()
      .getAllByRole('link')
      .map((a) => a.textContent);
    const titles = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    // Every card the page shows now has its link, in the page's order (a card still loading shows no heading yet).
    expect(links.filter((l) => titles.includes(l))).toEqual(titles);
    expect(links).toContain('Danger zone');

    await user.click(index().getByRole('link', { name: 'Your own use comes first' }));
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'Your own use comes first' }));
    // The link leaves the route alone: a real fragment would be taken for another page.
    expect(window.location.hash).not.toMatch(/own-use/);
  });
});
