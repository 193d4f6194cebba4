import type { DirectoryLink, EarningsInfo } from '@shared/contract';
import { formatCount, formatNumber, formatScore } from '../../format';
import { useT } from '../../i18n/useT';
import { Card } from '../../components/ui/Card';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { directoryTaskCount, probationNotReported } from './earnings-sentences';
import { InfoTip } from './InfoTip';
import fact from '../../components/ui/Fact.module.css';
import common from '../../components/ui/common.module.css';
import bar from '../../components/ui/Bar.module.css';
import styles from './StandingCard.module.css';

/** The directory keeps a node on probation until it has counted this many completed tasks. */
const PROBATION_TASKS = 100;

/** Reputation score and probation, as the directory reported them in its answers to heartbeats. */
export function StandingCard({ earnings, link }: { earnings: EarningsInfo | null; link: DirectoryLink | null }) {
  const t = useT();
  const score = earnings?.reputationScore ?? null;
  const probation = earnings?.probation ?? null;
  const done = earnings?.completedTasks ?? null;
  const countSentence =
    done === null ? null : directoryTaskCount(t, done, earnings?.standingAsOf ?? earnings?.asOf ?? null);

  return (
    <Card title={t('earnings.standing.title')}>
      <div
        className={styles.standing}
        data-testid="earnings-reputation"
        data-score={score ?? ''}
        data-probation={probation === null ? '' : String(probation)}
      >
        <div>
          <p className={styles.label}>
            {t('earnings.standing.score')}
            <InfoTip label={t('earnings.standing.scoreTip')}>
              {t('earnings.standing.scoreHelp', { start: formatScore(0.5), rise: formatNumber(0.2, 2, 2) })}
            </InfoTip>
          </p>
          {score === null ? (
            <p className={fact.unknown}>{t('earnings.standing.notReported')}</p>
          ) : (
            <>
              <p>
                <span className={fact.metric}>{formatScore(score)}</span>{' '}
                <span className={fact.metricUnit}>{t('earnings.standing.ofOne')}</span>
              </p>
              <span className={`${bar.track} ${styles.bar}`} aria-hidden="true">
                <span className={bar.fill} style={{ width: `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%` }} />
              </span>
            </>
          )}
        </div>
        <div className={styles.probation}>
          {probation === null ? (
            <p className={common.muted} data-testid="earnings-probation-unknown">
              {probationNotReported(t, link)}
            </p>
          ) : probation ? (
            <>
              <p>
                <StatusBadge tone="neutral">{t('earnings.standing.onProbation')}</StatusBadge>
              </p>
              <p className={common.small}>
                {t('earnings.standing.probationText', { count: formatCount(PROBATION_TASKS) })}
              </p>
              {countSentence ? (
                <p className={common.small} data-testid="earnings-completed-tasks" data-count={done ?? ''}>
                  {countSentence}
                </p>
              ) : null}
            </>
          ) : (
            <>
              <p>
                <StatusBadge tone="ok">{t('earnings.standing.pastProbation')}</StatusBadge>
              </p>
              <p className={common.small}>
                {t('earnings.standing.pastProbationText', { count: formatCount(PROBATION_TASKS) })}
              </p>
              {countSentence ? (
                <p className={common.small} data-testid="earnings-completed-tasks" data-count={done ?? ''}>
                  {countSentence}
                </p>
              ) : null}
            </>
          )}
        </div>
      </div>
    </Card>
  );
}
