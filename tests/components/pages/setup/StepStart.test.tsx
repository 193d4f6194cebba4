/**
 * The setup wizard's last step: what was typed in steps 3 and 4 (public URL, directory, tasks at once) shown as it
 * will be and saved only by "Start my node", first; and the local gateway, a check box off unless ticked, stored
 * (only when it differs from what is stored) before setup is completed.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type Settings } from '@shared/contract';
import { StepStart } from '@renderer/pages/setup/StepStart';
import type { Typed } from '@renderer/pages/setup/typed-settings';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { useProviderStore } from '@renderer/store';
import { AT, connectedTo, DETECTED_OLLAMA, settings, snapshot } from '../../support/fixtures';
import { ok, provider, refusal } from '../../support/provider';
import { said } from '@shared/i18n/said';

const SERVER = DETECTED_OLLAMA;

const LABEL = 'Let apps on this computer use the IICP network (a local gateway, off by default)';
const box = () => screen.getByRole('checkbox', { name: LABEL }) as HTMLInputElement;

/**
 * Step 7 with a server and its models chosen, on a node whose settings are `stored`; each command stores or answers.
 */
function openStep(stored: Settings = settings(), typed: Typed = {}) {
  let current = stored;
  provider.answer('chooseBackend', () => ok(current));
  provider.answer('updateSettings', (patch) => {
    current = { ...current, ...patch };
    return ok(current);
  });
  provider.answer('completeSetup', ok(snapshot()));
  provider.answer('resume', ok(snapshot()));
  connectedTo(snapshot());
  useWizard.setState({
    step: 7,
    settings: stored,
    detection: { status: 'done', result: { candidates: [SERVER], elapsedMs: 12 }, error: null },
    selectedUrl: SERVER.url,
    modelChoice: { url: SERVER.url, excluded: [], defaultModel: 'qwen2.5:7b' },
    typed,
  });
  render(<StepStart />);
}

beforeEach(() => {
  useWizard.getState().reset();
});

describe('StepStart: the local gateway', () => {
  it('is off by default, and starting leaves the stored choice alone', async () => {
    const user = userEvent.setup();
    openStep();
    expect(box().checked).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(provider.commands()).toContain('resume'));
    expect(provider.requests('updateSettings')).toEqual([]);
  });

  it('ticked, stores gateway.enabled before setup is completed', async () => {
    const user = userEvent.setup();
    openStep();
    await user.click(box());
    expect(useWizard.getState().gatewayOn).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(provider.commands()).toContain('resume'));
    expect(provider.requests('updateSettings')).toEqual([{ gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true } }]);
    const order = provider.commands();
    expect(order.indexOf('updateSettings')).toBeLessThan(order.indexOf('completeSetup'));
  });

  it('shows a gateway already on as ticked, and unticking it turns it off', async () => {
    const user = userEvent.setup();
    openStep(settings({ gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true, onlyMine: true } }));
    expect(box().checked).toBe(true);
    await user.click(box());
    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(provider.commands()).toContain('resume'));
    expect(provider.requests('updateSettings')).toEqual([
      { gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: false, onlyMine: true } },
    ]);
  });

  it('says so when the choice could not be stored, and does not complete setup', async () => {
    const user = userEvent.setup();
    openStep();
    provider.answer('updateSettings', refusal('store_error', 'The disk is full.'));
    await user.click(box());
    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await screen.findByText('Your choice about the local gateway was not saved.');
    expect(provider.commands()).not.toContain('completeSetup');
  });
});

describe('StepStart: what was typed in the earlier steps', () => {
  const summary = () => within(screen.getByTestId('wizard-summary'));
  const rowValue = (label: string) => summary().getByText(label).nextElementSibling!.textContent;

  it('shows the typed public URL and tasks at once, and saves them first, with "Start my node"', async () => {
    const user = userEvent.setup();
    openStep(settings(), { publicEndpoint: 'https://node.example.net', maxConcurrent: '3' });
    expect(rowValue('Public address')).toBe('https://node.example.net');
    expect(rowValue('Tasks at once')).toBe('3');
    expect(provider.requests('updateSettings')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(provider.commands()).toContain('resume'));
    expect(provider.requests('updateSettings')).toEqual([
      { publicEndpoint: 'https://node.example.net', maxConcurrent: 3 },
    ]);
    const order = provider.commands();
    expect(order.indexOf('updateSettings')).toBeLessThan(order.indexOf('chooseBackend'));
  });

  it('says what happens without a public URL, as the relay setting is', () => {
    openStep(settings({ relayFallback: true }));
    expect(rowValue('Public address')).toBe(
      'None: your node looks for a way in by itself, through a relay when nothing else works',
    );
  });

  it('says "local only" without a public URL when serving through a relay is off', () => {
    openStep(settings({ relayFallback: false }));
    expect(rowValue('Public address')).toBe('None: local only, not registered with the network');
  });

  it('stops before anything else when the node refuses what was typed, and says which field', async () => {
    const user = userEvent.setup();
    openStep(settings(), { publicEndpoint: 'https://node.example.net' });
    provider.answer(
      'updateSettings',
      refusal('invalid_request', 'Invalid settings.', [
        { path: 'publicEndpoint', code: 'invalid_format', message: 'Invalid URL' },
      ]),
    );
    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your choices were not saved.');
    expect(alert.textContent).toContain('Public URL:');
    expect(provider.commands()).not.toContain('chooseBackend');
    expect(provider.commands()).not.toContain('completeSetup');
  });

  it('waits for a typed value that does not read, and says where to correct it', () => {
    openStep(settings(), { maxConcurrent: '65' });
    const start = screen.getByRole('button', { name: 'Start my node' });
    expect(start.getAttribute('aria-disabled')).toBe('true');
    screen.getByText('Correct the number of tasks at once in step 4 first.');
  });

  it('counts the directory check for the typed directory, the one that will be used', () => {
    openStep(settings(), { directoryUrl: 'https://directory.example.org' });
    useWizard.setState({
      directoryCheck: {
        status: 'done',
        url: 'https://directory.example.org',
        result: {
          url: 'https://directory.example.org',
          ok: true,
          words: said('setup.dirCheck.answered', { ms: 80 }),
          ms: 80,
          details: null,
          at: AT,
        },
      },
    });
    return waitFor(() =>
      expect(screen.getByTestId('wizard-summary-directory').textContent).toBe('The directory answered in 80 ms.'),
    );
  });
});

describe('StepStart: the computer’s first name', () => {
  const firstRun = () => connectedTo(snapshot({ setup: { completed: false, startAtLogin: false } }));
  const startIn = async (button: string) => {
    await userEvent.setup().click(screen.getByRole('button', { name: button }));
    await waitFor(() => expect(provider.commands()).toContain('resume'));
  };

  it('is made in German when the first setup runs in German', async () => {
    useProviderStore.getState().setLanguage('de');
    try {
      openStep();
      firstRun();
      await startIn('Meinen Knoten starten');
      expect(provider.requests('updateSettings')).toEqual([{ displayName: 'Mein IICP-Knoten' }]);
    } finally {
      useProviderStore.getState().setLanguage('system');
    }
  });

  it('stays as it is in English, after the first setup, and once the person named the computer', async () => {
    openStep();
    firstRun();
    await startIn('Start my node');
    useProviderStore.getState().setLanguage('de');
    try {
      for (const [stored, done] of [
        [settings(), true],
        [settings({ displayName: 'Küchen-PC' }), false],
      ] as const) {
        cleanup();
        openStep(stored);
        if (!done) firstRun();
        await startIn('Meinen Knoten starten');
      }
      // Three starts, none of them saving a name.
      expect(provider.commands().filter((c) => c === 'resume')).toHaveLength(3);
      expect(provider.requests('updateSettings')).toEqual([]);
    } finally {
      useProviderStore.getState().setLanguage('system');
    }
  });
});
