/**
 * "Your own use comes first" on the Settings page, as the person meets it: the stored owner-first and energy settings
 * in their fields, what this computer lets the app watch and its last GPU reading, programs picked from the running
 * ones or typed in, and "Save" sending the changed groups, never a value out of range.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type OwnerInfo, type Result, type Settings as SettingsValues } from '@shared/contract';
import { OWNER_NOT_WATCHING } from '@shared/contract/availability';
import { Settings } from '@renderer/pages/settings/Settings';
import { connectedTo, settings, snapshot } from '../../support/fixtures';
import { fact } from '../../support/facts';
import { ok, provider, refusal } from '../../support/provider';
import { useSettingsDrafts } from '@renderer/pages/settings/settings-drafts';

const STORED = settings();
const OWNER = DEFAULT_SETTINGS.ownerFirst;

const card = () => within(screen.getByTestId('owner-first-card'));
const input = (testId: string) => card().getByTestId(testId) as HTMLInputElement;
const save = () => card().getByTestId('owner-save');
const saidSaved = () => waitFor(() => expect(card().getByTestId('owner-save-status').textContent).toBe('Saved.'));

async function retype(user: ReturnType<typeof userEvent.setup>, testId: string, text: string) {
  await user.clear(input(testId));
  if (text !== '') await user.type(input(testId), text);
}

/**
 * The Settings page on a node that stored `stored` and watches as `owner` says; `updateSettings` stores what it is
 * sent.
 */
async function openSettings(
  options: {
    stored?: SettingsValues;
    owner?: Partial<OwnerInfo>;
    language?: string;
    update?: (patch: Partial<SettingsValues>) => Result<SettingsValues>;
  } = {},
) {
  const stored = options.stored ?? STORED;
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(options.language ?? 'en-US');
  provider.answer('getSettings', ok(stored));
  provider.answer('updateSettings', options.update ?? ((patch) => ok({ ...stored, ...patch })));
  connectedTo(snapshot({ availability: { owner: { ...OWNER_NOT_WATCHING, ...options.owner } } }));
  render(<Settings />);
  // A German browser gets the page in German (de-AT below), so the form is found by either name.
  await card().findByRole('form', { name: /^(Your own use comes first|Eigenbedarf zuerst)$/ });
}

// Each test opens the page afresh: no draft is left from another test.
beforeEach(() => useSettingsDrafts.setState({ edits: {}, unsaved: {} }));
afterEach(() => vi.restoreAllMocks());

describe('OwnerFirstSettings: what it shows', () => {
  it('comes right after the node settings and their LLM servers, and shows the defaults', async () => {
    await openSettings({ language: 'en-US' });
    const titles = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(titles.indexOf('LLM servers')).toBe(titles.indexOf('Node settings') + 1);
    expect(titles.indexOf('Your own use comes first')).toBe(titles.indexOf('LLM servers') + 1);

    expect(input('owner-gpu-programs').checked).toBe(true);
    expect(input('owner-fullscreen').checked).toBe(true);
    expect(input('owner-free-memory').checked).toBe(true);
    expect(input('owner-grace').value).toBe('10');
    expect(input('owner-cooldown').value).toBe('120');
    for (const id of [
      'owner-vram-floor',
      'owner-max-power',
      'owner-max-temperature',
      'energy-price',
      'energy-typical-watts',
    ])
      expect(input(id).value, id).toBe('');
    expect(card().getByTestId('owner-program-list').textContent).toBe('No programs chosen.');
    // No price yet: the currency of the language's region is offered.
    expect((card().getByTestId('energy-currency') as HTMLSelectElement).value).toBe('USD');
    expect(card().getByRole('button', { name: 'Undo' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('offers the currency of the region (Austria: euro), and keeps the one saved with a price', async () => {
    await openSettings({ language: 'de-AT' });
    expect((card().getByTestId('energy-currency') as HTMLSelectElement).value).toBe('EUR');
  });

  it('keeps the saved currency once a price is entered, whatever the language says', async () => {
    await openSettings({
      language: 'en-GB',
      stored: settings({ energy: { pricePerKwh: 0.25, currency: 'CHF', typicalWatts: 180 } }),
    });
    expect((card().getByTestId('energy-currency') as HTMLSelectElement).value).toBe('CHF');
    expect(input('energy-price').value).toBe('0.25');
    expect(input('energy-typical-watts').value).toBe('180');
  });

  it('says in one sentence each what this computer lets the app watch, and why watching is off', async () => {
    await openSettings({
      owner: { supported: { gpu: false, programs: true, fullscreen: false }, problem: 'xprop could not be started.' },
    });
    expect(card().getByTestId('owner-supported-gpu').textContent).toBe(
      'This computer has no GPU tool the app can read (nvidia-smi, rocm-smi), so it cannot see other programs on the GPU.',
    );
    expect(card().getByTestId('owner-supported-programs').textContent).toBe(
      'The app can see which programs are running.',
    );
    expect(card().getByTestId('owner-supported-fullscreen').textContent).toBe(
      'This computer does not tell the app when an app fills the screen.',
    );
    expect(card().getByTestId('owner-problem').textContent).toBe('xprop could not be started.');
    expect(card().queryByTestId('owner-gpu')).toBeNull();
  });

  it('shows the last GPU reading, the card’s name quoted as foreign text', async () => {
    await openSettings({
      owner: {
        supported: { gpu: true, programs: true, fullscreen: true },
        gpuTool: 'nvidia-smi',
        gpu: {
          name: 'NVIDIA GeForce RTX 4090',
          utilizationPct: 37,
          memoryUsedMiB: 6349,
          memoryTotalMiB: 24576,
          powerW: 182.4,
          temperatureC: 61,
        },
      },
    });
    expect(card().getByTestId('owner-supported-gpu').textContent).toBe(
      'The app reads your GPU with nvidia-smi, so it sees other programs on the GPU.',
    );
    const gpu = card().getByTestId('owner-gpu');
    expect(within(gpu).getByTestId('quoted').textContent).toBe('“NVIDIA GeForce RTX 4090”');
    expect(fact(gpu, 'Busy')).toBe('37%');
    expect(fact(gpu, 'Memory')).toBe('6.2 GB of 24 GB in use');
    expect(fact(gpu, 'Power')).toBe('182 W');
    expect(fact(gpu, 'Temperature')).toBe('61 °C');
  });
});

describe('OwnerFirstSettings: saving', () => {
  it('picks a program from the running ones and saves it with the changed times', async () => {
    const user = userEvent.setup();
    provider.answer(
      'listRunningPrograms',
      ok({ names: ['steam', 'ollama', 'blender', 'Ollama.exe'], supported: true }),
    );
    await openSettings();
    await user.click(card().getByTestId('owner-programs-pick'));
    const running = await card().findByTestId('owner-running-programs');
    // This app's LLM server is left out: pausing while it runs would pause for good.
    expect(
      within(running)
        .getAllByRole('checkbox')
        .map((c) => c.parentElement?.textContent),
    ).toEqual(['“blender”', '“steam”']);
    await user.type(card().getByRole('searchbox', { name: 'Find a program' }), 'ste');
    await user.click(within(running).getByRole('checkbox', { name: /steam/ }));
    expect(within(card().getByTestId('owner-program-list')).getByTestId('quoted').textContent).toBe('“steam”');

    await retype(user, 'owner-grace', '30');
    await retype(user, 'owner-cooldown', '300');
    await retype(user, 'owner-max-temperature', '85');
    await user.click(save());
    expect(provider.requests('updateSettings')).toEqual([
      { ownerFirst: { ...OWNER, programs: ['steam'], graceSeconds: 30, cooldownSeconds: 300, maxTemperatureC: 85 } },
    ]);
    await saidSaved();
    expect(input('owner-grace').value).toBe('30');
  });

  it('adds a typed name, removes a picked one, and turns a switch off', async () => {
    const user = userEvent.setup();
    await openSettings({ stored: settings({ ownerFirst: { ...OWNER, programs: ['blender'] } }) });
    await user.type(card().getByTestId('owner-program-name'), '  Cyberpunk2077.exe {Enter}');
    await user.click(card().getByRole('button', { name: 'Remove blender' }));
    await user.click(input('owner-fullscreen'));
    await user.click(save());
    expect(provider.requests('updateSettings')).toEqual([
      { ownerFirst: { ...OWNER, programs: ['Cyberpunk2077.exe'], fullscreen: false } },
    ]);
  });

  it('says so when this computer cannot list its programs', async () => {
    const user = userEvent.setup();
    provider.answer('listRunningPrograms', ok({ names: [], supported: false }));
    await openSettings();
    await user.click(card().getByTestId('owner-programs-pick'));
    await card().findByText(
      'This computer does not let the app list its running programs. Type a program’s name below instead.',
    );
  });

  it('saves the price of a kWh with its currency and the typical watts', async () => {
    const user = userEvent.setup();
    await openSettings({ language: 'en-US' });
    await retype(user, 'energy-price', '0.32');
    await user.selectOptions(card().getByTestId('energy-currency'), 'GBP');
    await retype(user, 'energy-typical-watts', '250');
    await user.click(save());
    expect(provider.requests('updateSettings')).toEqual([
      { energy: { pricePerKwh: 0.32, currency: 'GBP', typicalWatts: 250 } },
    ]);
    await saidSaved();
  });

  it('sends nothing when only the offered currency differs and no price is entered', async () => {
    const user = userEvent.setup();
    await openSettings({ language: 'en-GB' });
    await user.click(save());
    expect(card().getByTestId('owner-save-status').textContent).toBe('Nothing to save.');
    expect(provider.requests('updateSettings')).toEqual([]);
  });
});

describe('OwnerFirstSettings: problems', () => {
  it('marks a time out of range in words, moves there, and sends nothing', async () => {
    const user = userEvent.setup();
    await openSettings();
    await retype(user, 'owner-grace', '700');
    await retype(user, 'owner-max-power', 'lots');
    await user.click(save());
    const grace = card().getByRole('textbox', {
      name: 'Time for running tasks to finish (seconds)',
      description: /^Enter a whole number of seconds from 0 to 600\./,
    });
    expect(grace.getAttribute('aria-invalid')).toBe('true');
    card().getByRole('textbox', {
      name: 'Pause above this GPU power (watts)',
      description: /^Enter whole watts from 10 to 5000, or leave it empty\./,
    });
    expect(document.activeElement).toBe(grace);
    expect(card().getByRole('alert').textContent).toBe('Nothing was saved: please correct the marked fields.');
    expect(provider.requests('updateSettings')).toEqual([]);

    // Fixing the fields lets it save; an empty limit is no limit.
    await retype(user, 'owner-grace', '600');
    await retype(user, 'owner-max-power', '');
    await user.click(save());
    expect(provider.requests('updateSettings')).toEqual([{ ownerFirst: { ...OWNER, graceSeconds: 600 } }]);
  });

  it('shows the engine’s refusal of a field at that field', async () => {
    const user = userEvent.setup();
    await openSettings({
      update: () =>
        refusal('invalid_request', 'Invalid settings.', [
          { path: 'ownerFirst.cooldownSeconds', code: 'too_big', message: 'Too big' },
        ]),
    });
    await retype(user, 'owner-cooldown', '60');
    await user.click(save());
    await card().findByRole('textbox', {
      name: 'Wait after your use ends (seconds)',
      description: /^Enter a whole number of seconds from 0 to 3600\./,
    });
    expect(card().getByTestId('owner-save-status').textContent).toBe('');
  });

  it('says why when the engine could not store the change at all', async () => {
    const user = userEvent.setup();
    await openSettings({
      update: () => refusal('store_error', 'The settings could not be written: the disk is full.'),
    });
    await retype(user, 'owner-cooldown', '60');
    await user.click(save());
    expect((await card().findByRole('alert')).textContent).toBe(
      'Nothing was saved: The settings could not be written: the disk is full.',
    );
  });
});
