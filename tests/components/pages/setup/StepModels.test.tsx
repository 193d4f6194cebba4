/**
 * Step 2 with several servers: the models of every server the node will use, listed by server, each one to untick,
 * any chat model the default; step 7 counts the same models, and "Start my node" saves that choice.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DetectedBackend, DetectionResult, Settings } from '@shared/contract';
import { StepDetect } from '@renderer/pages/setup/StepDetect';
import { StepModels } from '@renderer/pages/setup/StepModels';
import { StepStart } from '@renderer/pages/setup/StepStart';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { useProviderStore } from '@renderer/store';
import { connectedTo, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const MAIN: DetectedBackend = {
  url: 'http://127.0.0.1:11434',
  source: 'well_known',
  found: true,
  flavour: 'ollama',
  version: '0.5.0',
  models: [
    { name: 'qwen2.5:7b', kind: 'chat', modalities: ['text'], loaded: true },
    { name: 'nomic-embed-text', kind: 'embedding', modalities: ['text'], loaded: false },
  ],
  needsApiKey: false,
  problem: null,
  elapsedMs: 12,
};

/** A second Ollama on another port, as the tour had it. */
const SECOND: DetectedBackend = {
  ...MAIN,
  url: 'http://127.0.0.1:8080',
  source: 'added',
  models: [
    { name: 'llama3.1:8b', kind: 'chat', modalities: ['text'], loaded: false },
    { name: 'mistral:7b', kind: 'chat', modalities: ['text'], loaded: false },
  ],
};

const found = (...candidates: DetectedBackend[]): DetectionResult => ({ candidates, elapsedMs: 20 });

function Steps() {
  const step = useWizard((s) => s.step);
  return step === 1 ? <StepDetect /> : step === 2 ? <StepModels /> : step === 7 ? <StepStart /> : null;
}

function openWizard(result: DetectionResult, stored: Settings = settings()) {
  let current = stored;
  provider.answer('detectBackends', ok(result));
  provider.answer('chooseBackend', (request) => {
    current = {
      ...current,
      backendUrl: request.url,
      defaultModel: request.defaultModel,
      excludedModels: request.excludedModels,
    };
    return ok(current);
  });
  provider.answer('addServer', (request) => {
    current = {
      ...current,
      moreBackends: [...current.moreBackends, { id: `srv${current.moreBackends.length + 1}x`, url: request.url }],
    };
    return ok(current);
  });
  provider.answer('completeSetup', ok(snapshot()));
  provider.answer('resume', ok(snapshot()));
  connectedTo(snapshot());
  useWizard.setState({ settings: stored });
  render(<Steps />);
}

const card = (url: string) =>
  screen.getAllByTestId('detect-candidate').find((c) => c.getAttribute('data-url') === url)!;
const group = (url: string) => screen.getAllByTestId('model-group').find((g) => g.getAttribute('data-key') === url)!;
const offerBox = (scope: HTMLElement, model: string) =>
  within(scope)
    .getAllByTestId('model-row')
    .find((r) => r.getAttribute('data-model') === model)!
    .querySelector('input') as HTMLInputElement;
const modelsOffered = () => screen.getByText('Models offered').closest('div')!.textContent;

beforeEach(() => {
  useWizard.getState().reset();
  useProviderStore.setState({ language: 'en' });
  window.location.hash = '#/setup';
});

describe('step 2 with several servers', () => {
  it('lists every ticked server’s models by server, lets any be unticked or the default, and saves what step 7 counts', async () => {
    const user = userEvent.setup();
    openWizard(found(MAIN, SECOND));
    await screen.findByText('Found 2 servers.');
    await user.click(within(card(MAIN.url)).getByRole('radio'));
    await user.click(screen.getByTestId('also-use-http-127-0-0-1-8080'));
    await user.click(screen.getByTestId('wizard-next'));

    // Both servers, each under its own heading, with all four models.
    expect(screen.getAllByTestId('model-group').map((g) => g.getAttribute('data-key'))).toEqual([MAIN.url, SECOND.url]);
    expect(group(SECOND.url).textContent).toContain('Ollama at http://127.0.0.1:8080 (2 models)');
    expect(screen.getAllByTestId('model-row')).toHaveLength(4);
    expect(screen.getByText(/ticked models of your 2 servers/)).toBeTruthy();

    // A model of the second server can be kept private, and another one made the default.
    await user.click(offerBox(group(SECOND.url), 'mistral:7b'));
    expect(offerBox(group(SECOND.url), 'mistral:7b').checked).toBe(false);
    await user.selectOptions(screen.getByTestId('default-model'), 'llama3.1:8b');

    act(() => useWizard.getState().goTo(7));
    await screen.findByTestId('wizard-summary');
    expect(modelsOffered()).toContain('(3 of 4 models)');
    expect(modelsOffered()).toContain('llama3.1:8b');
    expect(screen.getByText('Default chat model').closest('div')!.textContent).toContain('llama3.1:8b');

    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(window.location.hash).toBe('#/dashboard'));
    expect(provider.requests('chooseBackend')).toEqual([
      { url: MAIN.url, defaultModel: 'llama3.1:8b', excludedModels: ['mistral:7b'] },
    ]);
    expect(provider.requests('addServer')).toEqual([{ url: SECOND.url }]);
  });

  it('on "Run setup again" lists the models of the server the node already uses besides the main one', async () => {
    const user = userEvent.setup();
    openWizard(
      found(MAIN, SECOND),
      settings({ backendUrl: MAIN.url, defaultModel: 'mistral:7b', moreBackends: [{ id: 'olla2', url: SECOND.url }] }),
    );
    await screen.findByText('Found 2 servers.');
    await user.click(screen.getByTestId('wizard-next'));

    expect(screen.getAllByTestId('model-row').map((r) => r.getAttribute('data-model'))).toEqual([
      'qwen2.5:7b',
      'nomic-embed-text',
      'llama3.1:8b',
      'mistral:7b',
    ]);
    // The stored default, a model of the other server, is kept.
    expect((screen.getByTestId('default-model') as HTMLSelectElement).value).toBe('mistral:7b');
    act(() => useWizard.getState().goTo(7));
    await screen.findByTestId('wizard-summary');
    expect(modelsOffered()).toContain('(4 of 4 models)');
  });
});
