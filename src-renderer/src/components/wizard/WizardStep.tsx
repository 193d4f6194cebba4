import { useId, type ReactNode } from 'react';
import { LAST_STEP, type StepNumber } from '../../setup/wizard-logic';

interface Props {
  n: StepNumber;
  title: string;
  children: ReactNode;
  /** The Back/Next bar; kept outside the card so it can stay in view while the step scrolls. */
  nav: ReactNode;
  /** Extra data attributes for tests and styling, e.g. `{ 'data-detection': 'done' }`. */
  data?: Record<`data-${string}`, string>;
}

/** One step of the setup wizard: a titled card (its heading takes focus when the step opens) and the nav bar. */
export function WizardStep({ n, title, children, nav, data }: Props) {
  const headingId = useId();
  return (
    <div className="wizard-step" data-testid={`wizard-step-${n}`} {...data}>
      <section className="card wizard-card" aria-labelledby={headingId}>
        <p className="wizard-eyebrow">
          Step {n} of {LAST_STEP}
        </p>
        <h2 id={headingId} className="wizard-title" tabIndex={-1}>
          {title}
        </h2>
        {children}
      </section>
      {nav}
    </div>
  );
}
