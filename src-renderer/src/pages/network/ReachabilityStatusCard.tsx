import { useId } from 'react';
import type { NodeSnapshot } from '@shared/contract';
import { DIRECTORY_WORDS, formatTimestamp, withoutLeadingLabel } from '../../format';
import { STATUS_HEADLINES, VERIFICATION_WORDS, statusEyebrow, statusTone, verificationOf } from '../../words/network-words';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { RecheckButton } from './RecheckButton';

/**
 * The first thing on the Network page: can the internet reach this node, in one line, and whether the
 * directory has confirmed it. An unconfirmed `public` or `mapped` is presented as a claim, never as a fact.
 */
export function ReachabilityStatusCard({ snapshot }: { snapshot: NodeSnapshot }) {
  const headingId = useId();
  const r = snapshot.reachability;
  const verification = verificationOf(r);
  const { directory } = snapshot;
  // A NAT warning has its own box below, and "not confirmed yet" its own line: the same words twice are noise.
  const same = (a: string | null, b: string) => a !== null && a.replace(/[.\s]+$/, '') === b.replace(/[.\s]+$/, '');
  const showMessage = !!r.message && !(r.natWarning && same(r.message, r.natWarning)) && !(verification === 'pending' && same(r.message, VERIFICATION_WORDS.pending));
  // The directory's own words matter when it refused or could not be reached, unless the status already says them.
  const directoryNote =
    (directory.link === 'rejected' || directory.link === 'unreachable' || directory.link === 'restricted') && directory.message && directory.message !== r.message
      ? { label: DIRECTORY_WORDS[directory.link].label, text: withoutLeadingLabel(directory.message, DIRECTORY_WORDS[directory.link].label) }
      : null;

  return (
    <section className="card status-card reach-card" aria-labelledby={headingId}>
      <div className="status-main">
        <h2 id={headingId} className="card-title">
          Reachability
        </h2>
        <div
          className="reach-status"
          data-testid="network-status"
          data-status={r.status}
          data-verified={r.verified ? 'true' : 'false'}
          role="status"
          aria-live="polite"
          aria-atomic="true"
        >
          <p className="status-eyebrow">{statusEyebrow(r)}</p>
          <p className="status-state reach-headline">
            {r.status === 'checking' ? (
              // The spinner takes the dot's place: the status is moving, not settled.
              <span className="badge badge-neutral">
                <span className="spinner" aria-hidden="true" />
                {STATUS_HEADLINES.checking}
              </span>
            ) : (
              <StatusBadge tone={statusTone(r)}>{STATUS_HEADLINES[r.status]}</StatusBadge>
            )}
          </p>
          {verification === 'confirmed' ? (
            <p className="reach-verified reach-verified-ok" data-testid="network-verification">
              <span aria-hidden="true">✓ </span>
              {VERIFICATION_WORDS.confirmed}
              {r.verifiedAt ? <span className="muted"> (as of {formatTimestamp(r.verifiedAt)})</span> : null}
            </p>
          ) : verification === 'pending' ? (
            <p className="reach-verified reach-verified-pending" data-testid="network-verification">
              {VERIFICATION_WORDS.pending}
            </p>
          ) : null}
          {r.rungWords && r.status !== 'checking' ? (
            <p className="status-reason" data-testid="network-rung">
              {r.rungWords}
            </p>
          ) : null}
          {showMessage ? <p className="status-reason">{r.message}</p> : null}
          {directoryNote ? (
            <p className="small reach-directory" data-testid="network-directory-note">
              <span className="muted">{directoryNote.label}: </span>
              {directoryNote.text}
            </p>
          ) : null}
        </div>
      </div>
      <RecheckButton checking={r.status === 'checking'} />
    </section>
  );
}
