import type { EarningsReport } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { formatAt, formatFullTimestamp } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { Quoted } from '../../components/ui/Quoted';
import { exactDecimal, formatRowTime, transactionReason } from '../../words/earnings-words';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import styles from './TransactionsCard.module.css';

const COLUMNS: readonly Column[] = [{ label: 'Time', className: styles.time }, { label: 'What' }, { label: 'Credits', className: table.num }];

/**
 * The directory's newest transactions for this node (credits in, debits out), as of the last sync. The directory
 * names a task only on what the node spent on one (production writes its awards without a task id), so the task goes
 * beside what the row is rather than in a column that would stay empty.
 */
export function TransactionsCard({ report, asOf }: { report: EarningsReport | null; asOf: string | null }) {
  return (
    <Card title="Directory transactions">
      <DataTable
        columns={COLUMNS}
        rows={report?.transactions ?? []}
        empty={
          <p className={common.empty} data-testid="earnings-transactions-empty">
            {asOf ? 'The directory lists no transactions for your node yet.' : 'Not synced yet: the directory lists them once your node is registered and has synced.'}
          </p>
        }
        caption={<p className={common.note}>The directory's newest entries for your node, up to 20{asOf ? `, as read at ${formatAt(asOf)}` : ''}.</p>}
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
              <td title={cleanForeignText(t.reason)}>
                {transactionReason(t.reason, t.type) ?? (
                  <>
                    {t.type === 'debit' ? 'Debit' : 'Credit'}: <Quoted text={t.reason} />
                  </>
                )}
                {t.taskId ? (
                  <span className={`${styles.task} ${common.muted}`} data-testid="earnings-transaction-task">
                    {' '}
                    · task <Quoted text={t.taskId} max={40} line />
                  </span>
                ) : null}
              </td>
              <td className={debit ? 'num amount-debit' : 'num amount-credit'} title={`${exactDecimal(amount)} credits`}>
                {debit ? '−' : '+'}
                {exactDecimal(amount)}
              </td>
            </tr>
          );
        }}
      />
    </Card>
  );
}
