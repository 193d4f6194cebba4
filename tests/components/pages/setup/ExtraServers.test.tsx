/**
 * Several LLM servers behind one node, as the setup wizard sets them up: step 1 lists the other servers found, each to
 * tick to "also use" besides the main one (off by default); "Start my node" saves the main one, then adds each ticked
 * one, and a refusal is said without stopping the node from starting.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DetectedBackend, DetectionResult, Settings } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { StepDetect } from '@renderer/pages/setup/StepDetect';
import { StepStart } from '@renderer/pages/setup/StepStart';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { connectedTo, DETECTED_OLLAMA, settings, snapshot } from '../../support/fixtures';
import { ok, provider, refusal } from '../../support/provider';

const OLLAMA = DETECTED_OLLAMA;

const LM_STUDIO: DetectedBackend = {
  url: 'http://127.0.0.1:1234',
  source: 'well_known',
  found: true,
  flavour: 'lmstudio',
  version: null,
  models: [
    { name: 'llama-3.2-3b-instruct', kind: 'chat', modalities: ['text'], loaded: false },
    { name: 'nomic-embed-text', kind: 'embedding', modalities: ['text'], loaded: false },
  ],
  needsApiKey: false,
  problem: null,
  elapsedMs: 15,
};

/** LM Studio before its key is given: it answers, but lists nothing. */
const LM_STUDIO_LOCKED: DetectedBackend = {
  ...LM_STUDIO,
  models: [],
  needsApiKey: true,
  problem: said('setup.problem.keyNeeded', { server: 'LM Studio' }),
};

const HINT = 'Your node offers the models of all the servers you use and sends each task to one that has its model.';

const found = (...candidates: DetectedBackend[]): DetectionResult => ({ candidates, elapsedMs: 20 });

/** Step 1, then (after "Next") step 7: the store keeps what step 1 chose, as it does between the wizard's steps. */
function Steps() {
  const step = useWizard((s) => s.step);
  return step === 1 ? <StepDetect /> : step === 7 ? <StepStart /> : null;
}

/**
 * The wizard on a node whose settings are `stored`, where the search finds `result`; each command stores or answers,
 * `addServer` as `addServer` says.
 */
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
const alsoUse = (id: string) => screen.getByTestId(`also-use-${id}`) as HTMLInputElement;

/** Chooses the main server and goes on to the last step (the steps between are covered elsewhere). */
async function chooseAndGoToStart(user: ReturnType<typeof userEvent.setup>, main: DetectedBackend) {
  await user.click(within(card(main.url)).getByRole('radio'));
  await user.click(screen.getByTestId('wizard-next'));
  act(() => useWizard.getState().goTo(7));
  await screen.findByTestId('wizard-summary');
}

beforeEach(() => {
  useWizard.getState().reset();
  window.location.hash = '#/setup';
});

describe('the setup wizard with several servers', () => {
  it('offers the other servers found to "also use", unticked, once the main one is chosen', async () => {
    const user = userEvent.setup();
    openWizard(found(OLLAMA, LM_STUDIO));
    await screen.findByText('Found 2 servers.');
    // No main server chosen yet: nothing to add others to.
    expect(screen.queryByTestId('also-use-list')).toBeNull();

    await user.click(within(card(OLLAMA.url)).getByRole('radio'));
    const list = screen.getByTestId('also-use-list');
    expect(list.textContent).toContain(HINT);
    expect(within(list).getAllByRole('checkbox')).toHaveLength(1);
    const box = alsoUse('http-127-0-0-1-1234');
    expect(box.checked).toBe(false);
    const row = box.closest('li')!;
    expect(row.textContent).toContain('LM Studio');
    expect(row.textContent).toContain(LM_STUDIO.url);
    expect(row.textContent).toContain('2 models');

    await user.click(box);
    expect(useWizard.getState().alsoUse).toEqual([LM_STUDIO.url]);

    // Making the ticked one the main server unticks it: a server is either the main one or one also used.
    await user.click(within(card(LM_STUDIO.url)).getByRole('radio'));
    expect(useWizard.getState().alsoUse).toEqual([]);
    expect(alsoUse('http-127-0-0-1-11434').checked).toBe(false);
    expect(screen.queryByTestId('also-use-http-127-0-0-1-1234')).toBeNull();
  });

  it('starting saves the main server first, then adds the ticked one, and lists it in the summary', async () => {
    const user = userEvent.setup();
    openWizard(found(OLLAMA, LM_STUDIO));
    await screen.findByText('Found 2 servers.');
    await user.click(within(card(OLLAMA.url)).getByRole('radio'));
    await user.click(alsoUse('http-127-0-0-1-1234'));
    await chooseAndGoToStart(user, OLLAMA);

    const extras = screen.getByTestId('wizard-summary-extras');
    expect(extras.textContent).toContain('LM Studio at http://127.0.0.1:1234');
    expect(extras.textContent).toContain('2 models');

    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(window.location.hash).toBe('#/dashboard'));
    expect(provider.requests('chooseBackend')).toEqual([
      { url: OLLAMA.url, defaultModel: 'qwen2.5:7b', excludedModels: [] },
    ]);
    expect(provider.requests('addServer')).toEqual([{ url: LM_STUDIO.url }]);
    const order = provider.commands();
    expect(order.indexOf('chooseBackend')).toBeLessThan(order.indexOf('addServer'));
    expect(order.indexOf('addServer')).toBeLessThan(order.indexOf('completeSetup'));
    expect(order).toContain('resume');
    expect(screen.queryByTestId('wizard-extra-refused')).toBeNull();
  });

  it('adds nothing more when no other server is ticked', async () => {
    const user = userEvent.setup();
    openWizard(found(OLLAMA, LM_STUDIO));
    await screen.findByText('Found 2 servers.');
    await chooseAndGoToStart(user, OLLAMA);
    expect(screen.queryByTestId('wizard-summary-extras')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(window.location.hash).toBe('#/dashboard'));
    expect(provider.requests('addServer')).toEqual([]);
  });

  it('says which server was refused and why, and still starts the node', async () => {
    const user = userEvent.setup();
    openWizard(found(OLLAMA, LM_STUDIO));
    provider.answer('addServer', refusal('invalid_request', 'This node already uses 8 servers.'));
    await screen.findByText('Found 2 servers.');
    await user.click(within(card(OLLAMA.url)).getByRole('radio'));
    await user.click(alsoUse('http-127-0-0-1-1234'));
    await chooseAndGoToStart(user, OLLAMA);

    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    const refused = await screen.findByTestId('wizard-extra-refused');
    expect(refused.textContent).toBe(
      'LM Studio at http://127.0.0.1:1234 was not added as another server: This node already uses 8 servers.',
    );
    expect(refused.getAttribute('data-code')).toBe('invalid_request');
    // The node was started all the same, and the page stays until the person has read why.
    await screen.findByTestId('wizard-started');
    expect(provider.commands()).toEqual(
      expect.arrayContaining(['chooseBackend', 'addServer', 'completeSetup', 'resume']),
    );
    expect(screen.queryByTestId('wizard-error')).toBeNull();
    expect(window.location.hash).toBe('#/setup');
    expect(screen.queryByRole('button', { name: 'Start my node' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Open the Dashboard' }));
    expect(window.location.hash).toBe('#/dashboard');
    expect(useWizard.getState().alsoUse).toEqual([]);
  });

  it('lets a server behind a key be ticked once its key works, and adds it with the key', async () => {
    const user = userEvent.setup();
    openWizard(found(OLLAMA, LM_STUDIO_LOCKED));
    await screen.findByText('Found 2 servers.');
    await user.click(within(card(OLLAMA.url)).getByRole('radio'));
    const waiting = alsoUse('http-127-0-0-1-1234');
    expect(waiting.disabled).toBe(true);
    expect(waiting.closest('li')!.textContent).toContain('Enter its API key on its card above first.');

    // The key is typed where step 1 always takes it: on the server's card; the search then finds its models.
    provider.answer('detectBackends', ok(found(OLLAMA, LM_STUDIO)));
    await user.type(within(card(LM_STUDIO.url)).getByLabelText('API key for LM Studio'), 'sk-local-123');
    await user.click(within(card(LM_STUDIO.url)).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(alsoUse('http-127-0-0-1-1234').disabled).toBe(false));
    expect(provider.requests('detectBackends').at(-1)!.apiKeys).toEqual([
      { url: LM_STUDIO.url, apiKey: 'sk-local-123' },
    ]);
    await user.click(alsoUse('http-127-0-0-1-1234'));

    await chooseAndGoToStart(user, OLLAMA);
    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(window.location.hash).toBe('#/dashboard'));
    expect(provider.requests('addServer')).toEqual([{ url: LM_STUDIO.url, apiKey: 'sk-local-123' }]);
  });

  it('shows a server the node already uses as such, and does not add it again', async () => {
    const user = userEvent.setup();
    openWizard(
      found(OLLAMA, LM_STUDIO),
      settings({ backendUrl: OLLAMA.url, moreBackends: [{ id: 'lms1', url: LM_STUDIO.url }] }),
    );
    await screen.findByText('Found 2 servers.');
    // The configured server is chosen by itself.
    expect(card(OLLAMA.url).getAttribute('data-selected')).toBe('true');
    const box = alsoUse('http-127-0-0-1-1234');
    expect(box.checked).toBe(true);
    expect(box.disabled).toBe(true);
    expect(box.closest('li')!.textContent).toContain('Your node uses it already.');

    await chooseAndGoToStart(user, OLLAMA);
    expect(screen.getByTestId('wizard-summary-extras').textContent).toContain('http://127.0.0.1:1234 (used already)');
    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(window.location.hash).toBe('#/dashboard'));
    expect(provider.requests('addServer')).toEqual([]);
  });
});
