import type { EarningsReport, ReconciliationDay } from '@shared/contract';
import { formatCount } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, numberColumns, type Column } from '../../components/ui/DataTable';
import { Quoted } from '../../components/ui/Quoted';
import { differenceNote } from './earnings-sentences';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { exactDecimal, formatDay } from '../../words/earnings-words';
import type { Say } from '@shared/i18n/say';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import styles from './ReconciliationCard.module.css';

const isZero = (amount: string) => /^-?0$/.test(amount);

function Amount({ value, strong = false }: { value: string; strong?: boolean }) {
  const cls = `${strong ? styles.difference : styles.amount}${isZero(value) ? ` ${styles.zero}` : ''}`;
  return <span className={cls}>{exactDecimal(value)}</span>;
}

const columns = (t: Say): readonly Column[] => [
  { label: t('earnings.chart.day') },
  ...numberColumns(t('earnings.reconciliation.claimed'), t('earnings.chart.awarded')),
  {
    label: t('earnings.reconciliation.verified'),
    className: table.num,
    title: t('earnings.reconciliation.verifiedTitle'),
  },
  ...numberColumns(t('earnings.reconciliation.waiting'), t('earnings.reconciliation.difference')),
  {
    label: t('earnings.reconciliation.directory'),
    className: table.num,
    title: t('earnings.reconciliation.directoryTitle'),
  },
];

/** A day worth a row: the node claimed something, or the directory listed task credits for it. */
const active = (d: ReconciliationDay) =>
  !isZero(d.claimed) || (d.directoryCredited !== null && !isZero(d.directoryCredited));

/**
 * The books side by side, per day: what the node claimed, what the directory awarded, what it rejected (and why,
 * with what to do), what still waits, and the difference — exact decimals from the ledger — beside the task credits
 * the directory's own transaction list showed.
 */
export function ReconciliationCard({ report }: { report: EarningsReport | null }) {
  const t = useT();
  const days = (report?.reconciliation ?? []).filter(active).reverse();
  return (
    <Card title={t('earnings.reconciliation.title')}>
      <DataTable
        columns={columns(t)}
        rows={report ? days : null}
        loading={t('earnings.totals.reading')}
        empty={
          <p className={common.empty} data-testid="earnings-reconciliation-empty">
            {t('earnings.reconciliation.empty', { days: report?.days ?? 0 })}
          </p>
        }
        testId="earnings-reconciliation"
        footer={
          <p className={`${common.note} ${styles.note}`} data-testid="earnings-difference-note">
            {differenceNote(t)}
          </p>
        }
        row={(d) => <DayRows key={d.day} day={d} />}
      />
    </Card>
  );
}

function DayRows({ day: d }: { day: ReconciliationDay }) {
  const t = useT();
  const expired = !isZero(d.expired);
  return (
    <>
      <tr
        data-testid="reconciliation-day"
        data-day={d.day}
        data-claimed={d.claimed}
        data-awarded={d.awarded}
        data-rejected={d.rejected}
        data-difference={d.difference}
      >
        <th scope="row" title={formatDay(d.day, 'long')}>
          {formatDay(d.day, 'short')}
        </th>
        <td className={table.num}>
          <Amount value={d.claimed} />
        </td>
        <td className={table.num}>
          <Amount value={d.awarded} />
        </td>
        <td
          className={table.num}
          data-testid="reconciliation-verified"
          data-verified={d.verified}
          data-differing={d.differing}
        >
          <Amount value={d.verified} />
          {d.differing > 0 ? (
            <span className={styles.differing}>{t('earnings.reconciliation.differing', { count: d.differing })}</span>
          ) : null}
        </td>
        <td className={table.num}>
          <Amount value={d.pending} />
        </td>
        <td className={table.num}>
          <Amount value={d.difference} strong />
        </td>
        {/* Blank, not 0, for a day the directory's short list did not show whole: the footnote says why. */}
        <td
          className={table.num}
          data-testid="reconciliation-directory"
          data-listed={d.directoryCredited === null ? 'false' : 'true'}
        >
          {d.directoryCredited === null ? null : <Amount value={d.directoryCredited} />}
        </td>
      </tr>
      {d.reasons.length > 0 || expired ? (
        <tr>
          <td colSpan={7}>
            <ul
              className={styles.reasons}
              data-testid="reconciliation-reasons"
              aria-label={t('earnings.reconciliation.notPaid', { day: formatDay(d.day, 'long') })}
            >
              {d.reasons.map((r) => (
                <li key={`${r.code}:${r.message}`} data-testid="reconciliation-reason" data-code={r.code}>
                  <span className={styles.reasonHead}>
                    {t('earnings.reconciliation.rejected', {
                      count: formatCount(r.count),
                      amount: exactDecimal(r.amount),
                    })}
                  </span>{' '}
                  <Quoted text={r.message || r.code} />
                  {r.advice ? (
                    <span className={styles.advice}>
                      {t('earnings.reconciliation.whatToDo', {
                        advice: typeof r.advice === 'string' ? r.advice : t.said(r.advice),
                      })}
                    </span>
                  ) : null}
                </li>
              ))}
              {expired ? (
                <li data-testid="reconciliation-expired">
                  <Words
                    id="earnings.reconciliation.expired"
                    values={{ amount: exactDecimal(d.expired) }}
                    tags={{ head: (c) => <span className={styles.reasonHead}>{c}</span> }}
                  />
                </li>
              ) : null}
            </ul>
          </td>
        </tr>
      ) : null}
    </>
  );
}
