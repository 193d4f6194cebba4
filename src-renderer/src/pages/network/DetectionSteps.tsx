import { formatFullTimestamp, formatTimestamp } from '../../format';
import { parseStep } from '../../words/network-words';
import { Card } from '../../components/ui/Card';
import common from '../../components/ui/common.module.css';
import disclosure from '../../components/ui/Disclosure.module.css';
import styles from './DetectionSteps.module.css';
import { useT } from '../../i18n/useT';

/** What the node tried while looking for a way in, oldest first, folded away until asked for. */
export function DetectionSteps({ steps }: { steps: string[] }) {
  const t = useT();
  return (
    <Card title={t('network.steps.title')}>
      {steps.length === 0 ? (
        <p className={common.empty} data-testid="network-steps">
          {t('network.steps.none')}
        </p>
      ) : (
        <details className={disclosure.details} data-testid="network-steps">
          <summary>{t('network.steps.show', { count: steps.length })}</summary>
          <ol className={`${common.bareList} ${styles.list}`}>
            {steps.map((line, i) => {
              const step = parseStep(line);
              return (
                // Steps are a log: the same words can repeat, so the position is part of the key.
                <li key={`${i}-${line}`} className={styles.item} data-testid="network-step">
                  {step.at ? (
                    <time className={styles.time} dateTime={step.at} title={formatFullTimestamp(step.at)}>
                      {formatTimestamp(step.at)}
                    </time>
                  ) : (
                    <span className={styles.time} aria-hidden="true" />
                  )}
                  <span className={styles.text}>{step.text}</span>
                </li>
              );
            })}
          </ol>
        </details>
      )}
    </Card>
  );
}
