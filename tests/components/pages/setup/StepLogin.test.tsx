/**
 * The wizard's step 5, starting with the computer: on the desktop a switch (off unless ticked); on a headless host,
 * which has no login to start with, the way to keep the node running after a restart: the host's
 * `--install-service`, with what it means on the system the node runs on.
 */
import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '@shared/contract';
import { SetupWizard } from '@renderer/pages/setup/SetupWizard';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { useProviderStore } from '@renderer/store';
import { connectedTo, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

function openStep(host: AppInfo['host'], platform: string) {
  provider.answer('getSettings', ok(settings()));
  connectedTo(snapshot());
  useProviderStore.setState({
    appInfo: {
      apiVersion: 1,
      appVersion: '0.1.0',
      host,
      platform,
      dataDir: '/data',
      limitations: [],
      fixedSettings: [],
    },
  });
  useWizard.setState({ step: 5 });
  render(<SetupWizard />);
  screen.getByRole('heading', { name: 'Start with your computer' });
}

const box = () =>
  screen.getByRole('checkbox', { name: 'Start IICP Provider when I log in to this computer' }) as HTMLInputElement;
const step = () => screen.getByTestId('wizard-step-5').textContent ?? '';

beforeEach(() => {
  useWizard.getState().reset();
});

describe('StepLogin', () => {
  it('on the desktop, offers the start-at-login switch and says nothing of a service', () => {
    openStep('electron', 'linux');
    expect(box().disabled).toBe(false);
    expect(box().checked).toBe(false);
    expect(step()).not.toContain('--install-service');
  });

  it('headless on Linux, names --install-service to keep the node running after a restart, and lingering for a logout', () => {
    openStep('headless', 'linux');
    expect(box().disabled).toBe(true);
    expect(screen.getByTestId('wizard-login-service').textContent).toBe(
      'To keep your node running after a restart, install it as a service of your own account: stop this run, then start it once with npm run headless -- --install-service followed by the options you use now. It then starts by itself when you log in (systemd) and comes back after a crash.',
    );
    screen.getByText('npm run headless -- --install-service');
    screen.getByText('loginctl enable-linger $USER');
  });

  it('headless on macOS, names --install-service with launchd, and no Linux command', () => {
    openStep('headless', 'darwin');
    expect(screen.getByTestId('wizard-login-service').textContent).toContain('when you log in (launchd)');
    screen.getByText('npm run headless -- --install-service');
    expect(step()).not.toContain('loginctl');
  });

  it('headless on Windows, says a service cannot be installed there and what to use instead', () => {
    openStep('headless', 'win32');
    expect(screen.getByTestId('wizard-login-service').textContent).toBe(
      'Installing the headless node as a service works on Linux and macOS only. On Windows, the desktop app can start at login instead.',
    );
    expect(step()).not.toContain('--install-service');
  });
});
