import { useId } from 'react';
import type { VerificationInfo } from '@shared/contract';
import {
  allMatch,
  differenceSentences,
  failureWords,
  logWarnings,
  stoppedSentence,
  uncheckedAwards,
  uncheckedSentence,
  verificationSentence,
  waitingSentence,
} from '@shared/words/verification-words';
import { useCommand } from '../../hooks/useCommand';
import { formatAt, formatCount, formatDate, formatFullTimestamp, personLocale, type Tone } from '../../format';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import type { Say } from '@shared/i18n/say';
import { Card } from '../../components/ui/Card';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { AwardDifferencesTable } from './AwardDifferencesTable';
import { TrustNewKey } from './TrustNewKey';
import { useVerification } from './useVerification';
import button from '../../components/ui/Button.module.css';
import callout from '../../components/ui/Callout.module.css';
import common from '../../components/ui/common.module.css';
import styles from './VerificationCard.module.css';

/**
 * The headline's colour: all matching is good news, differences and a failed check are not. Awards the check has not
 * seen yet leave it neutral: what it checked matches, but it does not vouch for the rest.
 */
function tone(v: VerificationInfo): Tone {
  if (v.state === 'failed' && v.asOf === null) return 'bad';
  if (v.asOf === null) return 'neutral';
  if (!allMatch(v)) return 'warn';
  return uncheckedAwards(v) > 0 ? 'neutral' : 'ok';
}

/** While a check runs: how far it got, unless the headline already says it (the very first check). */
function progressWords(t: Say, v: VerificationInfo, busy: boolean): string | null {
  if (v.state !== 'reading') return busy ? t('earnings.verify.starting') : null;
  if (v.asOf === null) return null;
  const n = v.progress ?? 0;
  return t('earnings.verify.progress', { events: n, eventCount: formatCount(n) });
}

/**
 * "Verified against the directory's signed record": the node's awards checked against the directory's signed event
 * log, in the words every surface uses (the CLI and the tray say the same); problems of the record itself as a
 * warning that cannot be missed, with "Trust the new key" when the directory changed its key; "Verify now"; and the
 * tasks that differ.
 */
export function VerificationCard() {
  const t = useT();
  const { verification: v, take } = useVerification();
  // An older host sends no verification block: nothing to say then.
  if (!v) return null;
  const differing = v.differences.reduce((sum, d) => sum + d.count, 0);
  // The awards not checked yet are counted now; the claims that waited at the check are a figure of that moment, said
  // only by a host that does not count the former (an older one).
  const unchecked = uncheckedSentence(v, personLocale());
  const waiting = v.unchecked ? null : waitingSentence(v);
  const stopped = stoppedSentence(v);
  const differences = differenceSentences(v);
  const failedAgain = v.state === 'failed' && v.asOf !== null;
  const failedWhy = failedAgain ? failureWords(v) : null;

  return (
    <Card title={t('earnings.verify.title')} testId="verification-card">
      <div
        className={styles.head}
        data-testid="verification"
        data-state={v.state}
        data-match={v.asOf !== null && allMatch(v) ? 'true' : 'false'}
        data-unchecked={uncheckedAwards(v)}
      >
        <p className={styles.sentence} data-testid="verification-sentence">
          <StatusBadge tone={tone(v)} align="baseline" busy={v.state === 'reading'}>
            {verificationSentence(v, personLocale())}
          </StatusBadge>
        </p>
        {v.asOf ? (
          <p className={common.small} data-testid="verification-checked-at">
            <Words
              id="earnings.verify.checkedAt"
              values={{ at: formatAt(v.asOf) }}
              tags={{
                time: (c) => (
                  <time dateTime={v.asOf ?? undefined} title={v.asOf ? formatFullTimestamp(v.asOf) : undefined}>
                    {c}
                  </time>
                ),
              }}
            />
          </p>
        ) : null}
        {unchecked ? (
          <p className={common.muted} data-testid="verification-unchecked">
            {unchecked}
          </p>
        ) : null}
        {failedAgain ? (
          <p className={`${common.result} ${common.resultBad}`} data-testid="verification-failed">
            {failedWhy
              ? t('earnings.verify.lastFailed', { error: failedWhy })
              : t('earnings.verify.lastFailedNoAnswer')}
          </p>
        ) : null}
        {differences.length > 0 ? (
          <ul
            className={`${common.plainList} ${styles.differences}`}
            aria-label={t('earnings.differences.what')}
            data-testid="verification-differences"
          >
            {differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : null}
        {stopped ? (
          <p className={common.muted} data-testid="verification-stopped">
            {stopped}
          </p>
        ) : null}
        {waiting ? (
          <p className={common.muted} data-testid="verification-waiting">
            {waiting}
          </p>
        ) : null}
      </div>

      <RecordWarnings v={v} onAnswer={take} />

      <div className={styles.foot}>
        <VerifyNow v={v} onAnswer={take} />
        <AsOf v={v} />
      </div>

      <AwardDifferencesTable asOf={v.asOf} wanted={differing > 0} />
    </Card>
  );
}

/** Problems of the record itself (a changed key, a broken chain, bad signatures, a rewritten history): said at once. */
function RecordWarnings({ v, onAnswer }: { v: VerificationInfo; onAnswer(v: VerificationInfo): void }) {
  const t = useT();
  const titleId = useId();
  const warnings = logWarnings(v);
  if (warnings.length === 0) return null;
  const changedTo = v.key?.changedTo ?? null;
  return (
    <div className={callout.warn} role="alert" aria-labelledby={titleId} data-testid="verification-warnings">
      <span className={callout.icon} aria-hidden="true">
        !
      </span>
      <div className={callout.body}>
        <p id={titleId} className={callout.title}>
          {t('earnings.verify.recordProblems')}
        </p>
        <ul className={`${common.plainList} ${styles.warnings}`}>
          {warnings.map((w) => (
            <li key={w} data-testid="verification-warning">
              {w}
            </li>
          ))}
        </ul>
        {v.key && changedTo ? (
          <TrustNewKey trusted={v.key.fingerprint} changedTo={changedTo} onAnswer={onAnswer} />
        ) : null}
      </div>
    </div>
  );
}

/** "Verify now": reads the record again; busy (and saying how far it got) while that or any other check runs. */
function VerifyNow({ v, onAnswer }: { v: VerificationInfo; onAnswer(v: VerificationInfo): void }) {
  const t = useT();
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const { step, run } = useCommand(
    (api) => api.verifyEarnings({}),
    (answer) => {
      onAnswer(answer);
      return { kind: 'idle' };
    },
  );
  const busy = step.kind === 'busy';
  const running = busy || v.state === 'reading';
  const off = v.state === 'off';
  const failed = step.kind === 'failed' ? t('earnings.verify.couldNotStart', { error: step.message }) : null;

  const verify = () => {
    if (running || off) return;
    void run();
  };

  return (
    <div className={styles.verify}>
      <button
        type="button"
        className={button.button}
        aria-disabled={running || off || !connected || undefined}
        onClick={verify}
        data-testid="verify-now"
      >
        {running ? t('earnings.verify.reading') : t('earnings.verify.now')}
      </button>
      <p className={common.small} role="status" data-testid="verification-progress">
        {running ? progressWords(t, v, busy) : null}
      </p>
      <ErrorLine error={failed} />
    </div>
  );
}

/**
 * How much of the record has been read (the time of the last check heads the card), and the directory key it was
 * checked with.
 */
function AsOf({ v }: { v: VerificationInfo }) {
  const t = useT();
  if (v.asOf === null && !v.key) return null;
  return (
    <p className={`${common.note} ${styles.asOf}`} data-testid="verification-asof">
      {v.asOf ? (
        <>{t('earnings.verify.readInAll', { events: v.eventsChecked, eventCount: formatCount(v.eventsChecked) })} </>
      ) : null}
      {v.key ? (
        <>
          <Words
            id="earnings.verify.key"
            values={{ fingerprint: v.key.fingerprint, since: formatDate(v.key.pinnedAt) }}
            tags={{ code: (c) => <code>{c}</code> }}
          />
        </>
      ) : null}
    </p>
  );
}
