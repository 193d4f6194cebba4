import { useId, type ReactNode } from 'react';
import { useWizard } from './wizard-store';
import { useProviderStore } from '../../store';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
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
  const t = useT();
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
        <span>{t('setup.login.label')}</span>
      </label>
      <div id={hintId} className={check.hint}>
        {applies ? <p>{t('setup.login.hint')}</p> : <HeadlessService />}
      </div>
    </WizardStep>
  );
}

const code = (c: ReactNode[]) => <code>{c}</code>;

/** The service manager `--install-service` uses on each system the headless host supports. */
const SERVICE_MANAGER: Record<string, string> = { linux: 'systemd', darwin: 'launchd' };

/** How a headless node starts with the computer: the host's `--install-service`, where the system has it. */
function HeadlessService() {
  const t = useT();
  const platform = useProviderStore((s) => s.appInfo?.platform ?? null);
  if (platform === 'win32') {
    return (
      <div className={common.stack}>
        <p>{t('setup.login.headless')}</p>
        <p data-testid="wizard-login-service">{t('setup.login.serviceWindows')}</p>
      </div>
    );
  }
  const manager = platform === null ? null : (SERVICE_MANAGER[platform] ?? null);
  return (
    <div className={common.stack}>
      <p>{t('setup.login.headless')}</p>
      <p data-testid="wizard-login-service">
        <Words id="setup.login.service" values={{ manager: manager ?? 'none' }} tags={{ code }} />
      </p>
      {platform !== 'darwin' ? (
        <p>
          <Words id="setup.login.linger" tags={{ code }} />
        </p>
      ) : null}
    </div>
  );
}
