import type { EarningsReport } from '@shared/contract';
import { formatAt, formatFullTimestamp } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { Quoted } from '../../components/ui/Quoted';
import { exactDecimal, formatRowTime, signedDecimal, transactionReason } from '../../words/earnings-words';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import styles from './TransactionsCard.module.css';
import type { Say } from '@shared/i18n/say';
import { useT } from '../../i18n/useT';

const columns = (t: Say): readonly Column[] => [
  { label: t('earnings.transactions.time'), className: styles.time },
  { label: t('earnings.transactions.what') },
  { label: t('earnings.transactions.credits'), className: table.num },
];

/**
 * The directory's newest transactions for this node (credits in, debits out), as of the last sync. The directory
 * names a task only on what the node spent on one (production writes its awards without a task id), so the task goes
 * beside what the row is rather than in a column that would stay empty.
 */
/** The amount cell's classes: a debit and a credit are coloured apart. */
function amountClass(debit: boolean): string {
  // not-shown: CSS class names
  return debit ? 'num amount-debit' : 'num amount-credit';
}

export function TransactionsCard({ report, asOf }: { report: EarningsReport | null; asOf: string | null }) {
  const say = useT();
  return (
    <Card title={say('earnings.transactions.title')}>
      <DataTable
        columns={columns(say)}
        rows={report?.transactions ?? []}
        empty={
          <p className={common.empty} data-testid="earnings-transactions-empty">
            {asOf ? say('earnings.transactions.none') : say('earnings.transactions.notSynced')}
          </p>
        }
        caption={
          <p className={common.note}>
            {asOf
              ? say('earnings.transactions.captionAt', { time: formatAt(asOf) })
              : say('earnings.transactions.caption')}
          </p>
        }
        className={styles.table}
        testId="earnings-transactions"
        row={(t) => {
          const debit = t.type === 'debit';
          // The directory's exact decimal, as it sent it: no float rounding on the way.
          const amount = t.amount.replace(/^-/, '');
          return (
            <tr key={t.id} data-testid="earnings-transaction" data-type={t.type}>
              <td className={styles.time}>
                <time dateTime={t.at} title={formatFullTimestamp(t.at)}>
                  {formatRowTime(t.at)}
                </time>
              </td>
              <td>
                {transactionReason(t.reason, t.type) ?? (
                  <>
                    {t.type === 'debit' ? say('earnings.transactions.debit') : say('earnings.transactions.credit')}:{' '}
                    <Quoted text={t.reason} />
                  </>
                )}
                {t.taskId ? (
                  <span className={`${styles.task} ${common.muted}`} data-testid="earnings-transaction-task">
                    {' '}
                    · {say('earnings.transactions.task')} <Quoted text={t.taskId} max={40} line />
                  </span>
                ) : null}
              </td>
              <td
                className={amountClass(debit)}
                title={say('earnings.wallet.creditsTitle', { amount: exactDecimal(amount) })}
              >
                {signedDecimal(amount, debit)}
              </td>
            </tr>
          );
        }}
      />
    </Card>
  );
}
