import type { NodeSnapshot } from '@shared/contract';
import { getApi } from '../../api';
import { formatUntil } from '../../format';
import { useNow } from '../../hooks/useNow';
import { useStatusWords } from '../../hooks/useStatusWords';
import { AvailabilitySwitch } from './AvailabilitySwitch';
import { NextStep } from './NextStep';
import { CommandButton } from '../../components/ui/CommandButton';
import { StatusBadge } from '../../components/ui/StatusBadge';
import card from '../../components/ui/Card.module.css';
import styles from './NodeStatus.module.css';
import { useT } from '../../i18n/useT';

/** The same command as the tray's "Stop sharing anyway": no minutes ends it now. */
const stopSharingAnyway = () => getApi().shareAnyway({ minutes: null });

/**
 * The first thing on the dashboard: one sentence that says whether this computer serves the network, and if
 * not, the most important reason and what to do about it (status-sentence.ts); the Available switch beside it.
 * While the person shares anyway, the card says until when and offers to stop it: the owner's promise is set aside,
 * which must never look like plain serving.
 */
export function NodeStatus({ snapshot }: { snapshot: NodeSnapshot | null }) {
  const t = useT();
  const words = useStatusWords();
  const now = useNow();
  const sharingUntil = words.kind === 'not_connected' ? null : (snapshot?.availability.owner.shareAnywayUntil ?? null);
  const until = sharingUntil ? (formatUntil(sharingUntil, now) ?? sharingUntil) : null;
  // While serving, the shared status sentence names sharing anyway itself; any other state keeps its own, more urgent
  // headline.
  const inHeadline = until !== null && words.kind === 'serving';
  const sentence = words.sentence;
  return (
    <section
      className={card.statusCard}
      aria-label={t('dashboard.status.label')}
      data-testid="node-status"
      data-kind={words.kind}
      data-tone={words.tone}
    >
      <div className={styles.main} role="status">
        <p className={styles.sentence}>
          <StatusBadge tone={words.tone} size="large" align="baseline">
            <span data-testid="node-state">{sentence}</span>
          </StatusBadge>
        </p>
        {words.detail ? (
          <p className={styles.detail} data-testid="status-detail">
            {words.detail}
          </p>
        ) : null}
        {until ? (
          <div className={styles.shareAnyway} data-testid="share-anyway">
            <p className={styles.detail}>
              {inHeadline ? '' : `${t('dashboard.status.shareAnywayUntil', { until })} `}
              {t('dashboard.status.shareAnywayNote')}
            </p>
            <CommandButton
              label={t('dashboard.status.stopShareAnyway')}
              busyLabel={t('dashboard.status.stopping')}
              testId="stop-share-anyway"
              run={stopSharingAnyway}
            />
          </div>
        ) : null}
        {words.action ? <NextStep action={words.action} /> : null}
      </div>
      {snapshot ? <AvailabilitySwitch snapshot={snapshot} /> : null}
    </section>
  );
}
