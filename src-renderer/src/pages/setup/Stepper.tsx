import { WIZARD_STEPS, type StepNumber } from './wizard-logic';
import { useT } from '../../i18n/useT';
import common from '../../components/ui/common.module.css';
import styles from './Stepper.module.css';

const STATE_CLASS = { done: styles.done, current: styles.current, todo: '' } as const;

/** The steps in a row: done ones (before the current) can be revisited, later ones only by going on. */
export function Stepper({ current, onGo }: { current: StepNumber; onGo(step: StepNumber): void }) {
  const t = useT();
  return (
    <nav aria-label={t('setup.stepper.label')}>
      <ol className={styles.stepper} data-testid="wizard-stepper">
        {WIZARD_STEPS.map(({ n, label }) => {
          const state = n < current ? 'done' : n === current ? 'current' : 'todo';
          const content = (
            <>
              <span className={styles.stepperNum} aria-hidden="true">
                {n}
              </span>
              <span className={styles.stepperLabel}>{t(label)}</span>
              <span className={common.visuallyHidden}> {t('setup.stepper.state', { n, state })}</span>
            </>
          );
          return (
            <li
              key={n}
              className={`${styles.stepperItem} ${STATE_CLASS[state]}`}
              aria-current={state === 'current' ? 'step' : undefined}
              data-state={state}
            >
              {state === 'done' ? (
                <button type="button" className={styles.stepperButton} onClick={() => onGo(n)}>
                  {content}
                </button>
              ) : (
                <span className={styles.stepperButton}>{content}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
