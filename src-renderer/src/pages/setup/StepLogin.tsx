import { useId } from 'react';
import { useWizard } from './wizard-store';
import { useProviderStore } from '../../store';
import { WizardNav } from './WizardNav';
import { WizardStep } from './WizardStep';
import check from '../../components/ui/Check.module.css';

/** The answer shown and sent: what the person ticked here, else what they chose before, else off. */
export function useStartAtLogin(): { value: boolean; applies: boolean } {
  const typed = useWizard((s) => s.startAtLogin);
  const stored = useProviderStore((s) => s.snapshot?.setup?.startAtLogin ?? null);
  const headless = useProviderStore((s) => (s.appInfo?.host ?? s.snapshot?.host) === 'headless');
  return { value: typed ?? stored ?? false, applies: !headless };
}

/** Step 5: start with the computer (at login), off unless chosen; a headless host has no login to start with. */
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
          <p>
            This does not apply here: this node runs headless, without a desktop window or tray. To have it start with the computer, run it as
            a service (for example with systemd) instead.
          </p>
        )}
      </div>
    </WizardStep>
  );
}
