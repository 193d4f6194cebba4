/**
 * The node settings form, on the Settings page as the person meets it: the stored values in their fields, "Save
 * changes" sending only what changed, every problem of the form at once (its own check and the engine's refusal),
 * and "Saved." once the engine stored the change.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Result, ServerModels, Settings as SettingsValues } from '@shared/contract';
import { Settings } from '@renderer/pages/settings/Settings';
import { AT, connectedTo, settings, snapshot } from '../../support/fixtures';
import { later, ok, provider, refusal } from '../../support/provider';
import { useSettingsDrafts } from '@renderer/pages/settings/settings-drafts';

const STORED = settings({
  displayName: 'Kitchen PC',
  region: 'eu-west',
  backendUrl: 'http://127.0.0.1:11434',
  defaultModel: 'qwen2.5:7b',
  maxConcurrent: 2,
});

const MODELS: ServerModels = {
  url: 'http://127.0.0.1:11434',
  flavour: 'ollama',
  status: 'healthy',
  models: [
    { name: 'qwen2.5:7b', kind: 'chat', modalities: ['text'], loaded: true },
    { name: 'llama3:8b', kind: 'chat', modalities: ['text'], loaded: false },
  ],
  current: true,
  problem: null,
  checkedAt: AT,
};

/** The form is found afresh each time: the page puts a new one in its place once the engine stored a change. */
const form = () => within(screen.getByRole('form', { name: 'Node settings' }));
const field = (name: string) => form().getByLabelText(name) as HTMLInputElement;
/** "Saved." in the form that replaced the one the change was typed in. */
const saidSaved = () => waitFor(() => form().getByText('Saved.'));
const save = () => form().getByRole('button', { name: 'Save changes' });
const status = () =>
  form()
    .getAllByRole('status')
    .map((s) => s.textContent ?? '');

/** The Settings page on a node whose stored settings are STORED; `updateSettings` stores whatever it is sent. */
async function openSettings(
  update: (patch: Partial<SettingsValues>) => Result<SettingsValues> | Promise<Result<SettingsValues>> = (patch) =>
    ok({ ...STORED, ...patch }),
) {
  provider.answer('getSettings', ok(STORED));
  provider.answer('listServerModels', ok(MODELS));
  provider.answer('listRegions', (request) =>
    ok({
      url: request.url ?? STORED.directoryUrl,
      regions: [{ name: 'eu-west', nodes: 4 }],
      ok: true,
      words: null,
      asOf: AT,
    }),
  );
  provider.answer('updateSettings', update);
  connectedTo(snapshot());
  render(<Settings />);
  await screen.findByRole('form', { name: 'Node settings' });
  await form().findByText('What Ollama lists right now.');
}

// Each test opens the page afresh: no draft is left from another test.
beforeEach(() => useSettingsDrafts.setState({ edits: {}, unsaved: {} }));

describe('SettingsForm: what it shows', () => {
  it('fills each field with what the node has stored', async () => {
    await openSettings();
    expect(field('Display name').value).toBe('Kitchen PC');
    expect(field('Region').value).toBe('eu-west');
    expect(field('Local LLM server').value).toBe('http://127.0.0.1:11434');
    expect(field('Tasks at once').value).toBe('2');
    expect(field('Directory URL').value).toBe('https://iicp.network/api');
    expect((form().getByRole('checkbox', { name: 'qwen2.5:7b' }) as HTMLInputElement).checked).toBe(true);
    expect((form().getByRole('combobox', { name: 'Default chat model' }) as HTMLSelectElement).value).toBe(
      'qwen2.5:7b',
    );
    expect(form().getByRole('button', { name: 'Undo changes' }).getAttribute('aria-disabled')).toBe('true');
  });
});

describe('SettingsForm: saving', () => {
  it('sends only the field that changed, says "Saved." and shows the stored value', async () => {
    const user = userEvent.setup();
    await openSettings();
    await user.clear(field('Display name'));
    await user.type(field('Display name'), '  Study PC');
    await user.click(save());
    expect(provider.requests('updateSettings')).toEqual([{ displayName: 'Study PC' }]);
    await saidSaved();
    expect(field('Display name').value).toBe('Study PC');
    // Saved: nothing left to undo.
    expect(form().getByRole('button', { name: 'Undo changes' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('sends a model kept private as the one change', async () => {
    const user = userEvent.setup();
    await openSettings();
    await user.click(form().getByRole('checkbox', { name: 'llama3:8b' }));
    await user.click(save());
    expect(provider.requests('updateSettings')).toEqual([{ excludedModels: ['llama3:8b'] }]);
    await saidSaved();
  });

  it('says "Saving…" while the engine stores the change', async () => {
    const user = userEvent.setup();
    const answer = later<Result<SettingsValues>>();
    await openSettings(() => answer.promise);
    await user.clear(field('Tasks at once'));
    await user.type(field('Tasks at once'), '4');
    await user.click(save());
    form().getByRole('button', { name: 'Saving…' });
    answer.resolve(ok({ ...STORED, maxConcurrent: 4 }));
    await saidSaved();
    expect(field('Tasks at once').value).toBe('4');
  });

  it('sends nothing when nothing changed, and says so', async () => {
    const user = userEvent.setup();
    await openSettings();
    await user.click(save());
    expect(status()).toContain('Nothing to save.');
    expect(provider.requests('updateSettings')).toEqual([]);
  });

  it('"Undo changes" puts the stored values back', async () => {
    const user = userEvent.setup();
    await openSettings();
    await user.clear(field('Display name'));
    await user.type(field('Display name'), 'Study PC');
    await user.click(form().getByRole('button', { name: 'Undo changes' }));
    expect(field('Display name').value).toBe('Kitchen PC');
    await user.click(save());
    expect(provider.requests('updateSettings')).toEqual([]);
  });
});

describe('SettingsForm: problems', () => {
  it('lists every problem of its own check at once, marks the fields, moves to the first, and sends nothing', async () => {
    const user = userEvent.setup();
    await openSettings();
    await user.clear(field('Region'));
    await user.type(field('Region'), '9 west');
    await user.clear(field('Tasks at once'));
    await user.type(field('Tasks at once'), '100');
    await user.click(save());

    const problems = form().getByRole('alert');
    expect(problems.textContent).toContain('2 things need fixing before your changes can be saved:');
    within(problems).getByRole('link', { name: 'Region' });
    within(problems).getByRole('link', { name: 'Tasks at once' });
    // The region field suggests the regions other nodes use: a combo box.
    const region = form().getByRole('combobox', {
      name: 'Region',
      description: /^A region starts with a letter and uses only letters, digits, - and _\./,
    });
    const tasks = form().getByRole('textbox', {
      name: 'Tasks at once',
      description: /^Tasks at once must be a whole number from 1 to 64\./,
    });
    expect(region.getAttribute('aria-invalid')).toBe('true');
    expect(tasks.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(region);
    expect(provider.requests('updateSettings')).toEqual([]);

    // Fixing a field takes its mark away.
    await user.clear(region);
    await user.type(region, 'eu-north');
    expect(region.hasAttribute('aria-invalid')).toBe(false);
  });

  it("shows the engine's refusal of a field at that field, and keeps what was typed", async () => {
    const user = userEvent.setup();
    await openSettings(() =>
      refusal('invalid_request', 'Invalid settings.', [
        { path: 'directoryUrl', code: 'invalid_format', message: 'Invalid URL' },
      ]),
    );
    await user.clear(field('Directory URL'));
    await user.type(field('Directory URL'), 'https://directory.example.org');
    await user.click(save());
    const problems = await form().findByRole('alert');
    expect(problems.textContent).toContain('One thing needs fixing before your changes can be saved:');
    const directory = form().getByRole('textbox', {
      name: 'Directory URL',
      description: /^Enter the directory’s address, starting with https:\/\/ or http:\/\/\./,
    });
    expect((directory as HTMLInputElement).value).toBe('https://directory.example.org');
    expect(status()).not.toContain('Saved.');
  });

  it('says why when the engine could not store the change at all', async () => {
    const user = userEvent.setup();
    await openSettings(() => refusal('store_error', 'The settings could not be written: the disk is full.'));
    await user.clear(field('Display name'));
    await user.type(field('Display name'), 'Study PC');
    await user.click(save());
    expect((await form().findByRole('alert')).textContent).toBe('The settings could not be written: the disk is full.');
    expect(field('Display name').value).toBe('Study PC');
    form().getByRole('button', { name: 'Save changes' });
  });
});
