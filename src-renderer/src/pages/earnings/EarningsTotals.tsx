import { useId, type ReactNode } from 'react';
import type { EarningsInfo, EarningsReport } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { formatCount } from '../../format';
import { Quoted } from '../../components/ui/Quoted';
import { LoadFailed } from '../../components/ui/LoadFailed';
import { ErrorLine } from '../../components/ui/ErrorLine';
import { creditMeaning } from './earnings-sentences';
import { exactCredits, formatCredits, RECEIPT_WORDS } from '../../words/earnings-words';
import { InfoTip } from './InfoTip';
import { useT } from '../../i18n/useT';
import { RangeSwitch } from './RangeSwitch';
import type { RangeDays } from './useEarningsReport';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import styles from './EarningsTotals.module.css';

interface StatProps {
  label: string;
  tip: string;
  testId: string;
  tone: 'ok' | 'pending' | 'bad' | 'warn';
  value: ReactNode;
  unit: string;
  data: Record<string, string | number>;
  children?: ReactNode;
}

function Stat({ label, tip, testId, tone, value, unit, data, children }: StatProps) {
  const t = useT();
  return (
    <div className={`${styles.stat} ${styles[tone]}`} data-testid={testId} {...data}>
      <dt>
        <span>{label}</span>
        <InfoTip label={t('earnings.totals.tipLabel', { label })}>{tip}</InfoTip>
      </dt>
      <dd>
        <span className={styles.value}>{value}</span> <span className={styles.unit}>{unit}</span>
        {children}
      </dd>
    </div>
  );
}

interface Props {
  report: EarningsReport | null;
  stale: boolean;
  error: string | null;
  days: RangeDays;
  onDaysChange(days: RangeDays): void;
  onRetry(): void;
  earnings: EarningsInfo | null;
}

/**
 * The period's credits by where their claims stand: awarded, pending (claimed, not answered yet), rejected (with
 * the directory's reasons) and expired, each explained in a tooltip; the period is chosen here for the whole page.
 */
export function EarningsTotals({ report, stale, error, days, onDaysChange, onRetry, earnings }: Props) {
  const headingId = useId();
  const say = useT();
  const t = report?.totals;
  const today = earnings?.today;

  return (
    <section
      className={card.card}
      aria-labelledby={headingId}
      data-testid="earnings-totals"
      data-days={report?.days}
      aria-busy={stale || undefined}
    >
      <div className={`${card.head} ${styles.head}`}>
        <h2 id={headingId} className={card.title}>
          {say('earnings.totals.title', { days })}
        </h2>
        <RangeSwitch days={days} onChange={onDaysChange} />
      </div>

      {t ? (
        <>
          <p className={styles.line}>
            {say('earnings.totals.served', { tasks: t.jobs })}
            {t.errors > 0 ? (
              <span className={common.muted}>{say('earnings.totals.failed', { count: formatCount(t.errors) })}</span>
            ) : null}{' '}
            · {say('earnings.totals.tokens', { tokens: t.tokens })}
            {today ? (
              <span className={common.muted}>
                {' '}
                · {say('earnings.totals.today', { tasks: today.jobs, awarded: formatCredits(today.awarded) })}
                {today.pending > 0
                  ? say('earnings.totals.todayPending', { pending: formatCredits(today.pending) })
                  : ''}
              </span>
            ) : null}
          </p>
          <dl className={stale ? `${styles.tiles} ${styles.tilesStale}` : styles.tiles}>
            <Stat
              label={say('earnings.totals.awarded')}
              tip={RECEIPT_WORDS.awarded.explanation}
              testId="earnings-awarded"
              tone="ok"
              value={<span title={exactCredits(t.awarded)}>{formatCredits(t.awarded)}</span>}
              unit={say('earnings.totals.credits')}
              data={{ 'data-value': t.awarded }}
            />
            <Stat
              label={say('earnings.totals.pending')}
              tip={say('earnings.totals.pendingTip', { claimed: RECEIPT_WORDS.claimed.explanation })}
              testId="earnings-pending"
              tone="pending"
              value={<span title={exactCredits(t.pending)}>{formatCredits(t.pending)}</span>}
              unit={say('earnings.totals.credits')}
              data={{ 'data-value': t.pending }}
            >
              {earnings && earnings.outbox > 0 ? (
                <span className={styles.note}>{say('earnings.totals.onTheWay', { count: earnings.outbox })}</span>
              ) : null}
            </Stat>
            <Stat
              label={say('earnings.totals.rejected')}
              tip={RECEIPT_WORDS.rejected.explanation}
              testId="earnings-rejected"
              tone="bad"
              value={formatCount(t.rejected)}
              unit={say('earnings.totals.receipts', { count: t.rejected })}
              data={{ 'data-count': t.rejected }}
            />
            <Stat
              label={say('earnings.totals.expired')}
              tip={RECEIPT_WORDS.expired.explanation}
              testId="earnings-expired"
              tone="warn"
              value={formatCount(t.expired)}
              unit={say('earnings.totals.receipts', { count: t.expired })}
              data={{ 'data-count': t.expired }}
            />
          </dl>

          {report.rejectedReasons.length > 0 ? (
            <div data-testid="earnings-reject-reasons">
              <h3 className={common.subheading}>{say('earnings.totals.rejectReasons')}</h3>
              <ul className={styles.reasons}>
                {report.rejectedReasons.map((r) => (
                  <li key={`${r.code}|${r.message}`} className={styles.reason}>
                    <span className={styles.count}>{formatCount(r.count)} ×</span>
                    <span className={styles.words}>
                      {r.message ? <Quoted text={r.message} /> : say('earnings.totals.noReason')}{' '}
                      <code>{cleanForeignText(r.code, 64)}</code>
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          <p className={common.note} data-testid="earnings-credit-meaning">
            {creditMeaning(say)}
          </p>
        </>
      ) : error ? (
        <LoadFailed onRetry={onRetry}>{say('earnings.totals.loadFailed', { error })}</LoadFailed>
      ) : (
        <p className={common.muted} role="status">
          {say('earnings.totals.reading')}
        </p>
      )}
      <ErrorLine error={t && error ? say('earnings.totals.lastRead', { error }) : null} />
    </section>
  );
}
