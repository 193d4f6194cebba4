import { WIZARD_STEPS, type StepNumber } from '../../setup/wizard-logic';

/** The six steps in a row: done ones (before the current) can be revisited, later ones only by going on. */
export function Stepper({ current, onGo }: { current: StepNumber; onGo(step: StepNumber): void }) {
  return (
    <nav aria-label="Setup steps">
      <ol className="stepper" data-testid="wizard-stepper">
        {WIZARD_STEPS.map(({ n, label }) => {
          const state = n < current ? 'done' : n === current ? 'current' : 'todo';
          const content = (
            <>
              <span className="stepper-num" aria-hidden="true">
                {n}
              </span>
              <span className="stepper-label">{label}</span>
              <span className="visually-hidden">{state === 'done' ? ` (step ${n}, done)` : state === 'current' ? ` (step ${n}, current)` : ` (step ${n})`}</span>
            </>
          );
          return (
            <li key={n} className={`stepper-item stepper-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              {state === 'done' ? (
                <button type="button" className="stepper-button" onClick={() => onGo(n)}>
                  {content}
                </button>
              ) : (
                <span className="stepper-button">{content}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
