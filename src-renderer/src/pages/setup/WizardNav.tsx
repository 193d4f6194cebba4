import { useId, type ReactNode } from 'react';
import { useWizard } from './wizard-store';
import type { StepNumber } from './wizard-logic';
import { useT } from '../../i18n/useT';
import button from '../../components/ui/Button.module.css';
import styles from './WizardNav.module.css';

interface Props {
  step: StepNumber;
  onNext?: () => void;
  /** Why Next cannot be used yet, in words; null when it can. */
  blocked?: string | null;
  busy?: boolean;
  busyLabel?: string;
  /** Replaces the Next button (the last step's "Start my node"). */
  action?: ReactNode;
}

/**
 * Back and Next. A blocked Next stays focusable (aria-disabled) and says why next to it, so a keyboard or
 * screen-reader user learns the reason instead of meeting a dead button.
 */
export function WizardNav({ step, onNext, blocked = null, busy = false, busyLabel, action }: Props) {
  const t = useT();
  const goTo = useWizard((s) => s.goTo);
  const reasonId = useId();
  const inert = busy || blocked !== null;
  return (
    <div className={styles.nav} data-testid="wizard-nav">
      {step > 1 ? (
        <button
          type="button"
          className={button.button}
          data-testid="wizard-back"
          onClick={() => {
            if (!busy) goTo((step - 1) as StepNumber);
          }}
          aria-disabled={busy || undefined}
        >
          {t('setup.nav.back')}
        </button>
      ) : (
        <span />
      )}
      <p className={styles.navReason} id={reasonId} aria-live="polite">
        {busy ? (busyLabel ?? t('setup.nav.saving')) : blocked}
      </p>
      {action ?? (
        <button
          type="button"
          className={button.primary}
          data-testid="wizard-next"
          aria-disabled={inert || undefined}
          aria-describedby={blocked ? reasonId : undefined}
          onClick={() => {
            if (!inert) onNext?.();
          }}
        >
          {t('setup.nav.next')}
        </button>
      )}
    </div>
  );
}
