import { useId, type ReactNode } from 'react';
import { LAST_STEP, WIZARD_STEPS, type StepNumber } from './wizard-logic';
import { useT } from '../../i18n/useT';
import card from '../../components/ui/Card.module.css';
import styles from './WizardStep.module.css';

interface Props {
  n: StepNumber;
  children: ReactNode;
  /** The Back/Next bar; kept outside the card so it can stay in view while the step scrolls. */
  nav: ReactNode;
  /** Extra data attributes for tests and styling, e.g. `{ 'data-detection': 'done' }`. */
  data?: Record<`data-${string}`, string>;
}

/**
 * One step of the setup wizard: a card titled for what the step does (its heading takes focus when it opens), and the
 * nav bar.
 */
export function WizardStep({ n, children, nav, data }: Props) {
  const t = useT();
  const headingId = useId();
  return (
    <div className={styles.step} data-testid={`wizard-step-${n}`} {...data}>
      <section className={card.card} aria-labelledby={headingId}>
        <p className={styles.eyebrow}>{t('setup.step.ofSteps', { n, last: LAST_STEP })}</p>
        <h2 id={headingId} className={styles.title} tabIndex={-1} data-testid="wizard-title">
          {t(WIZARD_STEPS[n - 1]!.title)}
        </h2>
        {children}
      </section>
      {nav}
    </div>
  );
}
