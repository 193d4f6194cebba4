/**
 * The wizard in German: with the page's language German, each step's words are German (the step row, the steps, the
 * counts and the sentences plain functions make) and none of its English sentences is left.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DetectedBackend, DetectionResult } from '@shared/contract';
import { speakWith } from '@shared/i18n/current';
import { english } from '@shared/i18n/say';
import { SetupWizard } from '@renderer/pages/setup/SetupWizard';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { currentSay } from '@renderer/i18n/useT';
import { useProviderStore } from '@renderer/store';
import { connectedTo, DETECTED_OLLAMA, operator, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const SECOND: DetectedBackend = {
  ...DETECTED_OLLAMA,
  url: 'http://127.0.0.1:8080',
  source: 'added',
  models: [
    { name: 'llama3.1:8b', kind: 'chat', modalities: ['text'], loaded: false },
    { name: 'mistral:7b', kind: 'chat', modalities: ['text'], loaded: false },
  ],
};

const found = (...candidates: DetectedBackend[]): DetectionResult => ({ candidates, elapsedMs: 20 });

/** English sentences of the wizard that must not show in German. */
const ENGLISH = [
  'Set up your node',
  'Find your LLM server',
  'Step 1 of 7',
  'Your node hands tasks',
  'Look again',
  'Found 2 servers',
  'Also use other servers',
  'Add a server address',
  'Next',
  'Your node offers the ticked models',
  'Models offered',
  'Start my node',
  'None: your node looks for a way in',
  'Not checked for this address',
];

const page = () => document.body.textContent ?? '';

beforeAll(() => speakWith(currentSay));
afterAll(() => {
  speakWith(() => english);
  useProviderStore.getState().setLanguage('system');
});

beforeEach(() => {
  useWizard.getState().reset();
  useProviderStore.getState().setLanguage('de');
  window.location.hash = '#/setup';
});

describe('the setup wizard in German', () => {
  it('says every step in German, the counts with German plurals, and no English sentence of its own', async () => {
    const user = userEvent.setup();
    provider.answer('getSettings', ok(settings()));
    provider.answer('detectBackends', ok(found(DETECTED_OLLAMA, SECOND)));
    provider.answer('getOperator', ok(operator()));
    connectedTo(snapshot());
    render(<SetupWizard />);

    await screen.findByText('2 Server gefunden.');
    expect(page()).toContain('Ihren Knoten einrichten');
    expect(page()).toContain('Schritt 1 von 7');
    expect(screen.getByTestId('wizard-title').textContent).toBe('Ihren LLM-Server finden');
    expect(page()).toContain('Erneut suchen');
    expect(page()).toContain('Eine Serveradresse hinzufügen');

    await user.click(within(screen.getAllByTestId('detect-candidate')[0]!).getByRole('radio'));
    expect(page()).toContain('Weitere Server mitverwenden');
    await user.click(screen.getByTestId('also-use-http-127-0-0-1-8080'));
    await user.click(screen.getByRole('button', { name: 'Weiter' }));

    expect(screen.getByTestId('wizard-title').textContent).toBe('Die angebotenen Modelle wählen');
    expect(page()).toContain('Ihr Knoten bietet dem Netzwerk die angehakten Modelle Ihrer 2 Server an');
    expect(page()).toContain('Ollama unter http://127.0.0.1:8080 (2 Modelle)');

    act(() => useWizard.getState().goTo(7));
    await screen.findByTestId('wizard-summary');
    expect(screen.getByTestId('wizard-title').textContent).toBe('Ihren Knoten starten');
    expect(page()).toContain('Angebotene Modelle');
    expect(page()).toContain('(3 von 3 Modellen)');
    // A sentence a plain function makes (no React) follows the page's language too.
    expect(page()).toContain('Keine: Ihr Knoten sucht selbst einen Zugang');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Meinen Knoten starten' })).toBeTruthy());

    for (const words of ENGLISH) expect(page()).not.toContain(words);
  });
});
