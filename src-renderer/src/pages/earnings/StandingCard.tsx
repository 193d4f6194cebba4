import type { DirectoryLink, EarningsInfo } from '@shared/contract';
import { formatCount, formatScore } from '../../format';
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

const REPUTATION_HELP =
  'The directory scores every node from 0 to 1. A new node starts at 0.50; tasks served well and quickly raise it (at most 0.20 an hour), failures lower it. Consumers prefer nodes with a higher score.';

/** Reputation score and probation, as the directory reported them in its answers to heartbeats. */
export function StandingCard({ earnings, link }: { earnings: EarningsInfo | null; link: DirectoryLink | null }) {
  const score = earnings?.reputationScore ?? null;
  const probation = earnings?.probation ?? null;
  const done = earnings?.completedTasks ?? null;
  const countSentence = done === null ? null : directoryTaskCount(done, earnings?.standingAsOf ?? earnings?.asOf ?? null);

  return (
    <Card title="Standing in the network">
      <div className={styles.standing} data-testid="earnings-reputation" data-score={score ?? ''} data-probation={probation === null ? '' : String(probation)}>
        <div>
          <p className={styles.label}>
            Reputation score
            <InfoTip label="What the reputation score means">{REPUTATION_HELP}</InfoTip>
          </p>
          {score === null ? (
            <p className={fact.unknown}>Not reported yet</p>
          ) : (
            <>
              <p>
                <span className={fact.metric}>{formatScore(score)}</span> <span className={fact.metricUnit}>of 1</span>
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
              {probationNotReported(link)}
            </p>
          ) : probation ? (
            <>
              <p>
                <StatusBadge tone="neutral">On probation</StatusBadge>
              </p>
              <p className={common.small}>
                New nodes stay on probation until the directory has counted {formatCount(PROBATION_TASKS)} completed tasks. Until then, consumers who
                ask for fast, interactive answers are not sent to your node; everything else works as usual.
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
                <StatusBadge tone="ok">Past probation</StatusBadge>
              </p>
              <p className={common.small}>
                The directory has counted at least {formatCount(PROBATION_TASKS)} completed tasks of your node, so it routes every kind of task to it.
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
