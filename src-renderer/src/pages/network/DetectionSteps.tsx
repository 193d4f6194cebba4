import type { DetectionStep } from '@shared/contract';
import { formatFullTimestamp, formatTimestamp } from '../../format';
import { Card } from '../../components/ui/Card';
import common from '../../components/ui/common.module.css';
import disclosure from '../../components/ui/Disclosure.module.css';
import styles from './DetectionSteps.module.css';
import { useT } from '../../i18n/useT';

/** What the node tried while looking for a way in, oldest first, folded away until asked for. */
export function DetectionSteps({ steps }: { steps: DetectionStep[] }) {
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
            {steps.map((step, i) => {
              const words = t.said(step.words);
              return (
                // Steps are a log: the same words can repeat, so the position is part of the key.
                <li key={`${i}-${step.at}`} className={styles.item} data-testid="network-step">
                  <time className={styles.time} dateTime={step.at} title={formatFullTimestamp(step.at)}>
                    {formatTimestamp(step.at)}
                  </time>
                  <span className={styles.text}>{words}</span>
                </li>
              );
            })}
          </ol>
        </details>
      )}
    </Card>
  );
}
