import type { DirectoryProbe } from '@shared/contract';
import { plainCode } from '@shared/text/foreign-code';
import { formatAt, formatCount, type Tone } from '../format';
import { Quoted } from './ui/Quoted';
import { StatusBadge } from './ui/StatusBadge';
import common from './ui/common.module.css';

const VERDICT: Record<DirectoryProbe['outcome'], { label: string; tone: Tone }> = {
  reachable: { label: 'Reached', tone: 'ok' },
  unreachable: { label: 'Not reached', tone: 'bad' },
  not_possible: { label: 'Cannot dial', tone: 'neutral' },
  not_offered: { label: 'Not offered', tone: 'neutral' },
  unavailable: { label: 'Not checked', tone: 'neutral' },
};

/**
 * The directory's instant dial of the node's address, as "Check my node" and the wizard's network step show it:
 * the verdict, our sentence, how long the dial took, the directory's own code as quoted data, and when it was asked.
 * Only a plain code is quoted: anything else the directory wrote (a sentence, a phone number) never reaches the page.
 */
export function DirectoryProbeLine({ probe }: { probe: DirectoryProbe }) {
  const verdict = VERDICT[probe.outcome];
  const code = plainCode(probe.quoted);
  return (
    <p data-testid="directory-probe" data-outcome={probe.outcome} role="status" aria-live="polite">
      The directory dialled in: <StatusBadge tone={verdict.tone}>{verdict.label}</StatusBadge> {probe.words}
      {probe.latencyMs !== null ? ` It took ${formatCount(probe.latencyMs)} ms.` : ''}
      {code ? (
        <>
          {' '}
          The directory said <Quoted text={code} />.
        </>
      ) : null}{' '}
      <span className={common.muted}>(asked at {formatAt(probe.at)})</span>
    </p>
  );
}
