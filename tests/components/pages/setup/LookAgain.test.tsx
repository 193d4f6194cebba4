/**
 * Step 1's "Look again" keeps the server the person chose: a search that finds it keeps it chosen, and a search that
 * misses it once (a server slow to answer) neither picks another server in its place nor forgets the choice, so the
 * next search that finds it has it chosen again and "Next" works; meanwhile "Next" says the chosen server did not
 * answer. The intro says what the page offers.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DetectedBackend, DetectionResult } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { StepDetect } from '@renderer/pages/setup/StepDetect';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { connectedTo, DETECTED_OLLAMA, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const LLAMA: DetectedBackend = {
  ...DETECTED_OLLAMA,
  url: 'http://127.0.0.1:8080',
  flavour: 'llamacpp',
  version: null,
  models: [{ name: 'Qwen2.5-7B-Instruct', kind: 'chat', modalities: ['text'], loaded: true }],
};
/** The same server when it was too slow to answer this once. */
const LLAMA_SLOW: DetectedBackend = {
  ...LLAMA,
  found: false,
  flavour: null,
  models: [],
  problem: said('setup.problem.stuck', { url: LLAMA.url }),
};

const found = (...candidates: DetectedBackend[]): DetectionResult => ({ candidates, elapsedMs: 20 });
const card = (url: string) => document.querySelector(`[data-testid="detect-candidate"][data-url="${url}"]`);
const next = () => screen.getByTestId('wizard-next');
const lookAgain = () => screen.findByRole('button', { name: 'Look again' });

beforeEach(() => {
  useWizard.getState().reset();
  window.location.hash = '#/setup';
});

describe('"Look again" in step 1', () => {
  it('keeps the chosen server, also through a search that missed it once', async () => {
    const user = userEvent.setup();
    const answers = [found(DETECTED_OLLAMA, LLAMA), found(DETECTED_OLLAMA, LLAMA), found(DETECTED_OLLAMA, LLAMA_SLOW)];
    provider.answer('detectBackends', () => ok(answers.shift() ?? found(DETECTED_OLLAMA, LLAMA)));
    connectedTo(snapshot());
    useWizard.setState({ settings: settings() });
    render(<StepDetect />);
    expect(
      screen.getByText(
        'Your node hands tasks from the network to LLM servers on this computer or your local network. Choose the main one. You can also use the others found.',
      ),
    ).toBeTruthy();

    await waitFor(() => expect(card(LLAMA.url)).not.toBeNull());
    await user.click(card(LLAMA.url)!.querySelector('input[type="radio"]')!);
    expect(next().getAttribute('aria-disabled')).toBeNull();

    // Found again: still chosen.
    await user.click(await lookAgain());
    await waitFor(() => expect(provider.requests('detectBackends')).toHaveLength(2));
    await lookAgain();
    expect(card(LLAMA.url)!.getAttribute('data-selected')).toBe('true');
    expect(next().getAttribute('aria-disabled')).toBeNull();

    // Missed once: no other server is chosen in its place, and Next waits.
    await user.click(await lookAgain());
    await waitFor(() => expect(provider.requests('detectBackends')).toHaveLength(3));
    await lookAgain();
    expect(card(DETECTED_OLLAMA.url)!.getAttribute('data-selected')).toBe('false');
    expect(next().getAttribute('aria-disabled')).toBe('true');
    // Next says why: the chosen server did not answer, not that no server was chosen.
    expect(screen.getByText('The server you chose did not answer this search. Look again to use it.')).toBeTruthy();
    expect(screen.queryByText('Choose a server to continue.')).toBeNull();

    // Found again: chosen again, and Next works.
    await user.click(await lookAgain());
    await waitFor(() => expect(provider.requests('detectBackends')).toHaveLength(4));
    await waitFor(() => expect(card(LLAMA.url)?.getAttribute('data-selected')).toBe('true'));
    expect(next().getAttribute('aria-disabled')).toBeNull();
  });
});

describe('removing the chosen server after a search missed it', () => {
  it('is no longer the choice: Next asks for one, and a later search does not bring it back', async () => {
    const user = userEvent.setup();
    const added = { ...LLAMA, source: 'added' as const };
    const addedSlow = { ...LLAMA_SLOW, source: 'added' as const };
    const answers = [found(DETECTED_OLLAMA, added), found(DETECTED_OLLAMA, addedSlow)];
    provider.answer('detectBackends', () => ok(answers.shift() ?? found(DETECTED_OLLAMA, added)));
    connectedTo(snapshot());
    useWizard.setState({ settings: settings() });
    render(<StepDetect />);

    await waitFor(() => expect(card(LLAMA.url)).not.toBeNull());
    await user.click(card(LLAMA.url)!.querySelector('input[type="radio"]')!);
    await user.click(await lookAgain());
    await waitFor(() => expect(provider.requests('detectBackends')).toHaveLength(2));
    await lookAgain();
    expect(screen.getByText('The server you chose did not answer this search. Look again to use it.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: `Remove ${LLAMA.url}` }));
    expect(screen.getByText('Choose a server to continue.')).toBeTruthy();
    expect(next().getAttribute('aria-disabled')).toBe('true');
    // A search that still lists it (another program put it back) leaves the choice to the person.
    await user.click(await lookAgain());
    await waitFor(() => expect(provider.requests('detectBackends')).toHaveLength(3));
    await lookAgain();
    expect(card(LLAMA.url)?.getAttribute('data-selected')).toBe('false');
  });
});
