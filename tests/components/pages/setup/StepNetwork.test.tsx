/**
 * The setup wizard's network step (step 3): what the node knows about being reachable and what to do about it, the
 * directory checked as the step opens, the public URL's hint as the relay setting is, the status box answering a
 * typed URL, and "Next", which only checks what is typed (kept in the wizard's draft until "Start my node").
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DirectoryCheck, NodeSnapshot, Settings } from '@shared/contract';
import { SetupWizard } from '@renderer/pages/setup/SetupWizard';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { useProviderStore } from '@renderer/store';
import { fact } from '../../support/facts';
import { AT, connectedTo, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';
import { isShown } from '../../support/shown';
import { said } from '@shared/i18n/said';

const DIRECTORY = 'https://iicp.network/api';

const notReachable = (): NodeSnapshot =>
  snapshot({
    directory: { link: 'not_configured', registeredAt: null },
    reachability: {
      status: 'not_reachable',
      verified: false,
      method: null,
      endpoint: null,
      taskPort: 9484,
      localAddress: '192.168.1.20',
      routerExternalIp: '198.51.100.4',
    },
  });

const answers = (url: string, ok: boolean): DirectoryCheck => ({
  url,
  ok,
  words: ok ? said('setup.dirCheck.answered', { ms: 80 }) : said('setup.dirCheck.nothing'),
  ms: ok ? 120 : null,
  details: ok ? 'HTTP 200' : 'ECONNREFUSED',
  at: AT,
});

interface Opening {
  snap?: NodeSnapshot;
  stored?: Settings;
  /** Whether the directory answers the step's check. */
  directoryUp?: boolean;
}

/** The wizard opened at step 3, on a node whose settings are `stored`. */
async function openStep({
  snap = notReachable(),
  stored = settings({ directoryUrl: DIRECTORY }),
  directoryUp = true,
}: Opening = {}) {
  provider.answer('getSettings', ok(stored));
  provider.answer('checkDirectory', (request) => ok(answers(request.url, directoryUp)));
  connectedTo(snap);
  useWizard.setState({ step: 3 });
  render(<SetupWizard />);
  await screen.findByRole('heading', { name: 'Network and directory' });
  // The stored settings have arrived once Next is no longer waiting for them.
  await screen.findByText(/the node asks it to open the port by itself|Router port mapping is/);
}

const publicUrl = () => screen.getByRole('textbox', { name: 'Public URL (optional)' });
const next = () => screen.getByRole('button', { name: 'Next' });

beforeEach(() => {
  useWizard.getState().reset();
});

describe('StepNetwork: what the node knows', () => {
  it('says the node is not reachable, and how to forward the port to this computer', async () => {
    await openStep();
    screen.getByText('Not reachable');
    const step = screen.getByRole('region', { name: 'Network and directory' });
    expect(fact(step, 'Task port')).toBe('9484');
    expect(fact(step, 'This computer')).toBe('192.168.1.20');
    screen.getByRole('heading', { name: 'What to do' });
    expect(screen.getByText(/^Forward TCP port 9484 on your router/).textContent).toBe(
      'Forward TCP port 9484 on your router to this computer (192.168.1.20), then enter http://198.51.100.4:9484 below, or',
    );
    screen.getByText(
      'When your router allows it (UPnP or NAT-PMP), the node asks it to open the port by itself; the Network page shows how that went and lets you switch it off.',
    );
  });

  it('gives no advice when the internet already reaches the node', async () => {
    await openStep({ snap: snapshot() });
    screen.getByText('Reachable from the internet');
    expect(fact(screen.getByRole('region', { name: 'Network and directory' }), 'Public address')).toBe(
      'http://203.0.113.7:9484',
    );
    expect(screen.queryByRole('heading', { name: 'What to do' })).toBeNull();
  });

  it('checks the directory as the step opens and says whether it answers', async () => {
    await openStep();
    expect(provider.requests('checkDirectory')).toEqual([{ url: DIRECTORY }]);
    const directory = within(screen.getByRole('region', { name: 'The network directory' }));
    await directory.findByText('Answers');
    directory.getByText('The directory answered in 80 ms.');
  });

  it('says what starting means when the directory does not answer, and checks again on request', async () => {
    const user = userEvent.setup();
    await openStep({ directoryUp: false });
    const directory = within(screen.getByRole('region', { name: 'The network directory' }));
    await directory.findByText('Does not answer');
    directory.getByText(/^You can still start: the node will serve locally/);

    provider.answer('checkDirectory', (request) => ok(answers(request.url, true)));
    await user.click(directory.getByRole('button', { name: 'Check again' }));
    await directory.findByText('Answers');
    expect(directory.queryByText(/^You can still start/)).toBeNull();
    expect(provider.requests('checkDirectory')).toHaveLength(2);
  });
});

describe('StepNetwork: Next', () => {
  it('goes on without saving anything when nothing was changed', async () => {
    const user = userEvent.setup();
    await openStep();
    await user.click(next());
    await screen.findByRole('heading', { name: 'How much to share' });
    expect(provider.requests('updateSettings')).toEqual([]);
  });

  it('keeps a public URL typed here in the wizard’s draft, saves nothing, and goes on', async () => {
    const user = userEvent.setup();
    await openStep();
    await user.type(publicUrl(), 'https://node.example.net');
    await user.click(next());
    await screen.findByRole('heading', { name: 'How much to share' });
    // "Start my node" saves it, as the last step says; until then the node does not hear of it.
    expect(provider.requests('updateSettings')).toEqual([]);
    expect(useWizard.getState().typed.publicEndpoint).toBe('https://node.example.net');

    await user.click(screen.getByRole('button', { name: 'Back' }));
    await screen.findByRole('heading', { name: 'Network and directory' });
    expect((publicUrl() as HTMLInputElement).value).toBe('https://node.example.net');
  });

  it('keeps another directory typed under "Use another directory" in the draft, and saves nothing', async () => {
    const user = userEvent.setup();
    await openStep();
    const other = screen.getByText('Use another directory');
    const address = screen.getByRole('textbox', { name: 'Directory address' });
    expect(isShown(address)).toBe(false);
    await user.click(other);
    expect(isShown(address)).toBe(true);
    screen.getByText('Only for a directory of your own or your organisation. It is saved when you start your node.');
    await user.clear(address);
    await user.type(address, 'https://directory.example.org');
    await user.click(next());
    await screen.findByRole('heading', { name: 'How much to share' });
    expect(provider.requests('updateSettings')).toEqual([]);
    expect(useWizard.getState().typed.directoryUrl).toBe('https://directory.example.org');
  });

  it('keeps the step and marks the field when the public URL is not a web address', async () => {
    const user = userEvent.setup();
    await openStep();
    await user.type(publicUrl(), 'my-node.example.net');
    await user.click(next());
    const field = screen.getByRole('textbox', {
      name: 'Public URL (optional)',
      description: /^Enter a full address starting with http:\/\/ or https:\/\//,
    });
    expect(field.getAttribute('aria-invalid')).toBe('true');
    screen.getByRole('heading', { name: 'Network and directory' });
    expect(provider.requests('updateSettings')).toEqual([]);

    // Typing again takes the mark away.
    await user.type(field, 'x');
    expect(field.hasAttribute('aria-invalid')).toBe(false);
  });

  it('shows a public URL the host fixed for this run read-only, and never sends it', async () => {
    const user = userEvent.setup();
    useProviderStore.setState({
      appInfo: {
        apiVersion: 1,
        appVersion: '0.1.0',
        host: 'headless',
        platform: 'linux',
        dataDir: '/data',
        limitations: [],
        fixedSettings: ['publicEndpoint'],
      },
    });
    await openStep({ stored: settings({ directoryUrl: DIRECTORY, publicEndpoint: 'https://fixed.example.net' }) });
    const field = screen.getByRole('textbox', {
      name: 'Public URL (optional)',
      description: "Set for this run by the host's command line or environment.",
    });
    expect((field as HTMLInputElement).value).toBe('https://fixed.example.net');
    expect((field as HTMLInputElement).readOnly).toBe(true);
    // Nobody typed it: the status box says where it came from, not "the public URL you entered".
    expect(screen.getByTestId('wizard-typed-endpoint').textContent).toBe(
      "Your node uses the public URL https://fixed.example.net, set for this run by the host's command line or environment. The directory checks that it can reach your node there.",
    );
    await user.click(next());
    await screen.findByRole('heading', { name: 'How much to share' });
    expect(provider.requests('updateSettings')).toEqual([]);
  });
});

describe('StepNetwork: the public URL and the relay', () => {
  const hint = () =>
    publicUrl()
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');

  it('says that without a public URL the node is reached through the relay, which is on by default', async () => {
    await openStep();
    expect(hint()).toBe(
      'Leave it empty if you have none: your node then looks for a way in by itself, and when nothing else works it is reached through a relay (on by default), so it can still register with the network. It is saved when you start your node.',
    );
  });

  it('says the node serves locally only when serving through a relay is switched off', async () => {
    await openStep({ stored: settings({ directoryUrl: DIRECTORY, relayFallback: false }) });
    expect(hint()).toBe(
      'Leave it empty if you have none. Serving through a relay is switched off on the Network page, so unless your router opens the port your node then serves locally only and does not register with the network directory. It is saved when you start your node.',
    );
  });

  it('answers a typed public URL in the status box, in place of the advice, and goes back when it is cleared', async () => {
    const user = userEvent.setup();
    const local = snapshot({
      directory: { link: 'not_configured', registeredAt: null },
      reachability: {
        status: 'local_only',
        verified: false,
        method: null,
        endpoint: null,
        taskPort: 9484,
        localAddress: '192.168.1.20',
        message: said('network.message.noWayInAt', { port: '9484', address: '192.168.1.20' }),
      },
    });
    await openStep({ snap: local });
    const box = within(screen.getByTestId('wizard-reachability'));
    box.getByText('Local only');
    box.getByText(/^No way in from the internet was found\./);
    screen.getByRole('heading', { name: 'What to do' });

    await user.type(publicUrl(), 'https://node.example.net');
    expect(box.getByTestId('wizard-typed-endpoint').textContent).toBe(
      'Your node will use the public URL you entered, https://node.example.net, once you start it. The directory then checks that it can reach your node there.',
    );
    expect(box.queryByText(/^No way in from the internet was found\./)).toBeNull();
    expect(screen.queryByRole('heading', { name: 'What to do' })).toBeNull();

    // Half an address is no answer yet; none at all brings the node's own words and the advice back.
    await user.clear(publicUrl());
    await user.type(publicUrl(), 'node.example');
    expect(box.queryByTestId('wizard-typed-endpoint')).toBeNull();
    await user.clear(publicUrl());
    box.getByText(/^No way in from the internet was found\./);
    screen.getByRole('heading', { name: 'What to do' });
  });
});
