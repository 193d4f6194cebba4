import type { DirectoryProbe } from '@shared/contract';
import { plainCode } from '@shared/text/foreign-code';
import { formatAt, formatCount, type Tone } from '../format';
import { Quoted } from './ui/Quoted';
import { StatusBadge } from './ui/StatusBadge';
import common from './ui/common.module.css';
import type { MessageId } from '@shared/i18n/catalogue';
import { useT } from '../i18n/useT';
import { Words } from '../i18n/Words';

const VERDICT: Record<DirectoryProbe['outcome'], { label: MessageId; tone: Tone }> = {
  reachable: { label: 'network.probe.reachable', tone: 'ok' },
  unreachable: { label: 'network.probe.unreachable', tone: 'bad' },
  not_possible: { label: 'network.probe.notPossible', tone: 'neutral' },
  not_offered: { label: 'network.probe.notOffered', tone: 'neutral' },
  unavailable: { label: 'network.probe.unavailable', tone: 'neutral' },
};

/**
 * The directory's instant dial of the node's address, as "Check my node" and the wizard's network step show it:
 * the verdict, our sentence, how long the dial took, the directory's own code as quoted data, and when it was asked.
 * Only a plain code is quoted: anything else the directory wrote (a sentence, a phone number) never reaches the page.
 */
export function DirectoryProbeLine({ probe }: { probe: DirectoryProbe }) {
  const t = useT();
  const verdict = VERDICT[probe.outcome];
  const code = plainCode(probe.quoted);
  return (
    <p data-testid="directory-probe" data-outcome={probe.outcome} role="status" aria-live="polite">
      {t('network.probe.heading')} <StatusBadge tone={verdict.tone}>{t(verdict.label)}</StatusBadge>{' '}
      {t.said(probe.words)}
      {probe.latencyMs !== null ? ` ${t('network.probe.took', { ms: formatCount(probe.latencyMs) })}` : ''}
      {code ? (
        <>
          {' '}
          <Words id="network.probe.said" tags={{ code: () => <Quoted text={code} /> }} />
        </>
      ) : null}{' '}
      <span className={common.muted}>{t('network.probe.askedAt', { at: formatAt(probe.at) })}</span>
    </p>
  );
}
