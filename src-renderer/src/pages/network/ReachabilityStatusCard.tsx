import { useId } from 'react';
import type { NodeSnapshot } from '@shared/contract';
import { DIRECTORY_WORDS, formatAt, linkMessageWords } from '../../format';
import {
  STATUS_HEADLINES,
  VERIFICATION_WORDS,
  statusEyebrow,
  statusTone,
  verificationOf,
} from '../../words/network-words';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { RecheckButton } from './RecheckButton';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import styles from './ReachabilityStatusCard.module.css';
import { useT } from '../../i18n/useT';

/**
 * The first thing on the Network page: can the internet reach this node, in one line, and whether the
 * directory has confirmed it. An unconfirmed `public` or `mapped` is presented as a claim, never as a fact.
 */
export function ReachabilityStatusCard({ snapshot }: { snapshot: NodeSnapshot }) {
  const t = useT();
  const headingId = useId();
  const r = snapshot.reachability;
  const verification = verificationOf(r);
  const { directory } = snapshot;
  // A NAT warning has its own box below, and "not confirmed yet" its own line: the same words twice are noise.
  const message = r.message ? t.said(r.message) : null;
  const same = (a: string | null, b: string) => a !== null && a.replace(/[.\s]+$/, '') === b.replace(/[.\s]+$/, '');
  const showMessage =
    !!message &&
    !(r.natWarning && same(message, t.said(r.natWarning))) &&
    !(verification === 'pending' && same(message, VERIFICATION_WORDS.pending));
  // The directory's own words matter when it refused or could not be reached, unless the status already says them.
  const directoryNote =
    (directory.link === 'rejected' || directory.link === 'unreachable' || directory.link === 'restricted') &&
    directory.message &&
    t.said(directory.message) !== message
      ? { label: DIRECTORY_WORDS[directory.link].label, text: linkMessageWords(t, directory.message) }
      : null;

  return (
    <section className={`${card.statusCard} ${styles.card}`} aria-labelledby={headingId}>
      <div className={card.statusMain}>
        <h2 id={headingId} className={`${card.title} ${styles.title}`}>
          {t('network.statusCard.title')}
        </h2>
        <div
          className={styles.status}
          data-testid="network-status"
          data-status={r.status}
          data-verified={r.verified ? 'true' : 'false'}
          role="status"
          aria-live="polite"
          aria-atomic="true"
        >
          <p className={card.eyebrow}>{statusEyebrow(r)}</p>
          <p className={`${card.state} ${styles.headline}`}>
            {r.status === 'checking' ? (
              // The spinner takes the dot's place: the status is moving, not settled.
              <StatusBadge tone="neutral" size="large" align="baseline" busy>
                {STATUS_HEADLINES.checking}
              </StatusBadge>
            ) : (
              <StatusBadge tone={statusTone(r)} size="large" align="baseline">
                {STATUS_HEADLINES[r.status]}
              </StatusBadge>
            )}
          </p>
          {verification === 'confirmed' ? (
            <p className={`${styles.verified} ${common.resultOk}`} data-testid="network-verification">
              <span aria-hidden="true">✓ </span>
              {VERIFICATION_WORDS.confirmed}
              {r.verifiedAt ? (
                <span className={common.muted}> {t('network.statusCard.asOf', { at: formatAt(r.verifiedAt) })}</span>
              ) : null}
            </p>
          ) : verification === 'pending' ? (
            <p className={`${styles.verified} ${styles.verifiedPending}`} data-testid="network-verification">
              {VERIFICATION_WORDS.pending}
            </p>
          ) : null}
          {r.rungWords && r.status !== 'checking' ? (
            <p className={card.reason} data-testid="network-rung">
              {t.said(r.rungWords)}
            </p>
          ) : null}
          {showMessage ? <p className={card.reason}>{message}</p> : null}
          {directoryNote ? (
            <p className={`${common.small} ${styles.directory}`} data-testid="network-directory-note">
              <span className={common.muted}>{directoryNote.label}: </span>
              {directoryNote.text}
            </p>
          ) : null}
        </div>
      </div>
      <RecheckButton checking={r.status === 'checking'} />
    </section>
  );
}
