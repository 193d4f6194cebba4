import { useEffect, useRef } from 'react';
import { PageHeader } from '../../components/ui/PageHeader';
import { StepAvailability } from './StepAvailability';
import { StepDetect } from './StepDetect';
import { StepIdentity } from './StepIdentity';
import { StepLogin } from './StepLogin';
import { StepModels } from './StepModels';
import { StepNetwork } from './StepNetwork';
import { StepStart } from './StepStart';
import { Stepper } from './Stepper';
import { useWizardParts } from './wizard-store';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import errorBox from '../../components/ui/ErrorBox.module.css';
import button from '../../components/ui/Button.module.css';
import styles from './SetupWizard.module.css';

/**
 * The first-run wizard: find the LLM server, choose its models, check the network and the directory, say how much to
 * share and whether to start with the computer, make or bring the operator identity, then start the node. Opens by
 * itself until setup is done, and again from Settings.
 */
export function SetupWizard() {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const { step, goTo, settingsError, loadSettings } = useWizardParts('step', 'goTo', 'settingsError', 'loadSettings');
  const rootRef = useRef<HTMLDivElement>(null);
  const shownStep = useRef(step);

  // Fresh settings on every visit and reconnection: they may have changed elsewhere meanwhile.
  useEffect(() => {
    if (connected) void loadSettings();
  }, [connected, loadSettings]);

  // A new step starts at the top and its heading takes focus, which tells screen readers what changed.
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    const root = rootRef.current;
    if (!root) return;
    root.closest('main')?.scrollTo({ top: 0 });
    root.querySelector<HTMLElement>('[data-testid="wizard-title"]')?.focus();
  }, [step]);

  return (
    <div className={styles.wizard} ref={rootRef}>
      <PageHeader title={t('setup.wizard.title')} subtitle={t('setup.wizard.subtitle')} />
      <Stepper current={step} onGo={goTo} />
      {settingsError ? (
        <div className={errorBox.box} role="alert">
          <p>{t('setup.wizard.settingsNotLoaded', { error: settingsError })}</p>
          <button type="button" className={button.small} onClick={() => void loadSettings()}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}
      {step === 1 ? <StepDetect /> : null}
      {step === 2 ? <StepModels /> : null}
      {step === 3 ? <StepNetwork /> : null}
      {step === 4 ? <StepAvailability /> : null}
      {step === 5 ? <StepLogin /> : null}
      {step === 6 ? <StepIdentity /> : null}
      {step === 7 ? <StepStart /> : null}
    </div>
  );
}
