/**
 * The setup wizard's last step, as far as the local gateway goes: a check box, off unless ticked, and "Start my node"
 * storing the choice (only when it differs from what is stored) before setup is completed.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type Settings } from '@shared/contract';
import { StepStart } from '@renderer/pages/setup/StepStart';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { connectedTo, DETECTED_OLLAMA, settings, snapshot } from '../../support/fixtures';
import { ok, provider, refusal } from '../../support/provider';

const SERVER = DETECTED_OLLAMA;

const LABEL = 'Let apps on this computer use the IICP network (a local gateway, off by default)';
const box = () => screen.getByRole('checkbox', { name: LABEL }) as HTMLInputElement;

/** Step 7 with a server and its models chosen, on a node whose settings are `stored`; each command stores or answers. */
function openStep(stored: Settings = settings()) {
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
    openStep(settings({ gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true, myNodes: ['node-2'] } }));
    expect(box().checked).toBe(true);
    await user.click(box());
    await user.click(screen.getByRole('button', { name: 'Start my node' }));
    await waitFor(() => expect(provider.commands()).toContain('resume'));
    expect(provider.requests('updateSettings')).toEqual([{ gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: false, myNodes: ['node-2'] } }]);
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
