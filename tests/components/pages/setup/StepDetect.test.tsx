/**
 * The wizard's first step with an added address that is link-local (169.254.169.254 is where a cloud provider's
 * metadata service answers): the host's search does not call it and says why; "Use it anyway" searches again with it
 * confirmed, and "Start my node" saves it with that confirmation, the one the host asks for. The form that adds an
 * address is Settings' own, with its checks.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DetectedBackend, DetectionResult } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { StepDetect } from '@renderer/pages/setup/StepDetect';
import { StepStart } from '@renderer/pages/setup/StepStart';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { connectedTo, DETECTED_OLLAMA, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const METADATA = 'http://169.254.169.254:11434';
const WORDS =
  "This is a link-local address, like a cloud provider's metadata service. The node does not call it unless you confirm it.";

/** What the host's search says of the address before it is confirmed: not called, and why. */
const ASKING: DetectedBackend = {
  ...DETECTED_OLLAMA,
  url: METADATA,
  source: 'added',
  found: false,
  flavour: null,
  version: null,
  models: [],
  problem: said('setup.problem.linkLocal', { byName: 'no' }),
  needsConfirmation: true,
};
/** And once confirmed: called, and an Ollama answers there. */
const FOUND: DetectedBackend = { ...DETECTED_OLLAMA, url: METADATA, source: 'added' };

function Steps() {
  const step = useWizard((s) => s.step);
  return step === 1 ? <StepDetect /> : step === 7 ? <StepStart /> : null;
}

/** The host's search: the added address is called only when the request confirms it. */
function openWizard() {
  provider.answer('detectBackends', (request): ReturnType<typeof ok<DetectionResult>> => {
    const added = request.extraUrls ?? [];
    const confirmed = request.confirmedUrls ?? [];
    const candidates = added.includes(METADATA) ? [confirmed.includes(METADATA) ? FOUND : ASKING] : [];
    return ok({ candidates, elapsedMs: 20 });
  });
  provider.answer('chooseBackend', (request) => ok(settings({ backendUrl: request.url })));
  provider.answer('completeSetup', ok(snapshot()));
  provider.answer('resume', ok(snapshot()));
  connectedTo(snapshot());
  useWizard.setState({ settings: settings() });
  render(<Steps />);
}

beforeEach(() => {
  useWizard.getState().reset();
  window.location.hash = '#/setup';
});

describe('a link-local server address in the setup wizard', () => {
  it('says why it is not called, offers "Use it anyway", and is then found, chosen and saved with the confirmation', async () => {
    const user = userEvent.setup();
    openWizard();
    await screen.findByText('No LLM server answers on the usual ports.');

    await user.type(screen.getByTestId('add-server-url'), METADATA);
    await user.click(screen.getByTestId('add-server-submit'));
    const problem = await screen.findByTestId('detect-problem');
    expect(problem.getAttribute('data-url')).toBe(METADATA);
    expect(problem.textContent).toContain(WORDS);
    expect(screen.queryByTestId('detect-candidate')).toBeNull();
    expect(provider.requests('detectBackends').at(-1)).toEqual({ extraUrls: [METADATA], apiKeys: [] });

    await user.click(within(problem).getByRole('button', { name: `Use ${METADATA} anyway` }));
    const card = await screen.findByTestId('detect-candidate');
    expect(provider.requests('detectBackends').at(-1)).toEqual({
      extraUrls: [METADATA],
      apiKeys: [],
      confirmedUrls: [METADATA],
    });
    expect(card.getAttribute('data-url')).toBe(METADATA);
    // The address the person confirmed is the one picked, and nothing is left to confirm.
    expect(card.getAttribute('data-selected')).toBe('true');
    expect(screen.queryByTestId('detect-problem')).toBeNull();

    await user.click(screen.getByTestId('wizard-next'));
    act(() => useWizard.getState().goTo(7));
    await screen.findByTestId('wizard-summary');
    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(window.location.hash).toBe('#/dashboard'));
    expect(provider.requests('chooseBackend')).toEqual([
      { url: METADATA, confirmLinkLocal: true, defaultModel: 'qwen2.5:7b', excludedModels: [] },
    ]);
  });

  it('forgets the confirmation when the address is removed', async () => {
    const user = userEvent.setup();
    openWizard();
    await screen.findByText('No LLM server answers on the usual ports.');
    await user.type(screen.getByTestId('add-server-url'), METADATA);
    await user.click(screen.getByTestId('add-server-submit'));
    await user.click(
      within(await screen.findByTestId('detect-problem')).getByRole('button', { name: `Use ${METADATA} anyway` }),
    );
    await screen.findByTestId('detect-candidate');
    expect(useWizard.getState().confirmedUrls).toEqual([METADATA]);
    act(() => useWizard.getState().removeAdded(METADATA));
    expect(useWizard.getState().confirmedUrls).toEqual([]);
  });
});

describe('"Add a server address" in the setup wizard (the form Settings uses too)', () => {
  it('checks the address and the key as Settings does before searching, then searches with both and empties the form', async () => {
    const user = userEvent.setup();
    openWizard();
    await screen.findByText('No LLM server answers on the usual ports.');
    const searches = provider.requests('detectBackends').length;
    const form = within(screen.getByRole('form', { name: 'Add a server address' }));

    await user.type(form.getByRole('textbox', { name: 'Server address' }), '192.168.1.20:11434');
    await user.click(form.getByLabelText('API key (optional)'));
    await user.paste('k'.repeat(513));
    await user.click(form.getByRole('button', { name: 'Add and check' }));
    form.getByText('An API key can be at most 512 characters long.');
    expect(provider.requests('detectBackends')).toHaveLength(searches);

    await user.clear(form.getByLabelText('API key (optional)'));
    await user.type(form.getByLabelText('API key (optional)'), 'sk-lan');
    await user.click(form.getByRole('button', { name: 'Add and check' }));
    await waitFor(() => expect(provider.requests('detectBackends')).toHaveLength(searches + 1));
    expect(provider.requests('detectBackends').at(-1)?.extraUrls).toEqual(['http://192.168.1.20:11434']);
    expect(useWizard.getState().apiKeys).toEqual({ 'http://192.168.1.20:11434': 'sk-lan' });
    expect((form.getByRole('textbox', { name: 'Server address' }) as HTMLInputElement).value).toBe('');
    expect((form.getByLabelText('API key (optional)') as HTMLInputElement).value).toBe('');
  });
});
