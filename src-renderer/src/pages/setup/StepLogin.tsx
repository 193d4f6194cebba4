import { useId } from 'react';
import { useWizard } from './wizard-store';
import { useProviderStore } from '../../store';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import check from '../../components/ui/Check.module.css';
import common from '../../components/ui/common.module.css';

/** The answer shown and sent: what the person ticked here, else what they chose before, else off. */
export function useStartAtLogin(): { value: boolean; applies: boolean } {
  const typed = useWizard((s) => s.startAtLogin);
  const stored = useProviderStore((s) => s.snapshot?.setup?.startAtLogin ?? null);
  const headless = useProviderStore((s) => (s.appInfo?.host ?? s.snapshot?.host) === 'headless');
  return { value: typed ?? stored ?? false, applies: !headless };
}

/**
 * Step 5: start with the computer (at login), off unless chosen. A headless host has no login to start with: there
 * the step says how to install it as a service instead, which keeps it running after a restart.
 */
export function StepLogin() {
  const setStartAtLogin = useWizard((s) => s.setStartAtLogin);
  const goTo = useWizard((s) => s.goTo);
  const { value, applies } = useStartAtLogin();
  const hintId = useId();

  return (
    <WizardStep n={5} nav={<WizardNav step={5} onNext={() => goTo(6)} />}>
      <label className={applies ? check.check : `${check.check} ${check.disabled}`}>
        <input
          type="checkbox"
          data-testid="start-at-login"
          checked={applies && value}
          disabled={!applies}
          aria-describedby={hintId}
          onChange={(e) => setStartAtLogin(e.target.checked)}
        />
        <span>Start IICP Provider when I log in to this computer</span>
      </label>
      <div id={hintId} className={check.hint}>
        {applies ? (
          <p>
            The app then starts hidden in the tray (the small icon near the clock), so your node is available without you opening its window.
            Off unless you tick it; running setup again from Settings changes it.
          </p>
        ) : (
          <HeadlessService />
        )}
      </div>
    </WizardStep>
  );
}

/** The service manager `--install-service` uses on each system the headless host supports. */
const SERVICE_MANAGER: Record<string, string> = { linux: 'systemd', darwin: 'launchd' };

/** How a headless node starts with the computer: the host's `--install-service`, where the system has it. */
function HeadlessService() {
  const platform = useProviderStore((s) => s.appInfo?.platform ?? null);
  if (platform === 'win32') {
    return (
      <div className={common.stack}>
        <p>This does not apply here: this node runs headless, without a desktop window or tray.</p>
        <p data-testid="wizard-login-service">
          Installing the headless node as a service works on Linux and macOS only. On Windows, the desktop app can start at login instead.
        </p>
      </div>
    );
  }
  const manager = platform === null ? null : (SERVICE_MANAGER[platform] ?? null);
  return (
    <div className={common.stack}>
      <p>This does not apply here: this node runs headless, without a desktop window or tray.</p>
      <p data-testid="wizard-login-service">
        To keep your node running after a restart, install it as a service of your own account: stop this run, then start it once with{' '}
        <code>npm run headless -- --install-service</code> followed by the options you use now. It then starts by itself when you log in
        {manager ? ` (${manager})` : ''} and comes back after a crash.
      </p>
      {platform !== 'darwin' ? (
        <p>
          On Linux, run <code>loginctl enable-linger $USER</code> once as well, so it keeps running after you log out and starts at boot without a
          login.
        </p>
      ) : null}
    </div>
  );
}
