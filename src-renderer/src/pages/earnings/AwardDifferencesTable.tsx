import { useId } from 'react';
import type { AwardDifference } from '@shared/contract';
import { CHECK_WORDS } from '@shared/words/verification-words';
import { formatCount, formatFullTimestamp } from '../../format';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { LoadFailed } from '../../components/ui/LoadFailed';
import { Quoted } from '../../components/ui/Quoted';
import { useT } from '../../i18n/useT';
import type { Say } from '@shared/i18n/say';
import { ShowOlder } from '../../components/ui/ShowOlder';
import { exactDecimal, formatCredits, formatRowTime } from '../../words/earnings-words';
import { DIFFERENCES_PAGE, useAwardDifferences } from './useAwardDifferences';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import styles from './AwardDifferencesTable.module.css';

/** The table's columns, in the person's language now. */
function columns(t: Say): readonly Column[] {
  return [
    { label: t('earnings.differences.task'), className: styles.task },
    { label: t('earnings.differences.time'), className: styles.time },
    { label: t('earnings.differences.claimed'), className: table.num },
    { label: t('earnings.differences.signed'), className: table.num },
    { label: t('earnings.differences.what'), className: styles.check },
  ];
}

/** An exact decimal in the person's locale, the exact value in the tooltip; `none` when there is no amount. */
function Credits({ exact, none }: { exact: string | null; none: string }) {
  const t = useT();
  if (exact === null) return <span className={common.muted}>{none}</span>;
  return (
    <span title={t('earnings.wallet.creditsTitle', { amount: exactDecimal(exact) })}>
      {formatCredits(Number(exact))}
    </span>
  );
}

function DifferenceRow({ row }: { row: AwardDifference }) {
  const t = useT();
  const words = CHECK_WORDS[row.check];
  return (
    <tr data-testid="award-difference" data-check={row.check} data-task-id={row.taskId}>
      <td className={styles.task}>
        <Quoted text={row.taskId} max={80} />
      </td>
      <td className={styles.time}>
        <time dateTime={row.at} title={formatFullTimestamp(row.at)}>
          {formatRowTime(row.at)}
        </time>
      </td>
      <td className={table.num}>
        <Credits exact={row.claimed} none={t('earnings.differences.notClaimed')} />
      </td>
      <td className={table.num}>
        <Credits exact={row.signed} none={t('earnings.differences.none')} />
      </td>
      <td className={styles.check}>
        <span className={styles.label}>{words.label}</span>
        <span className={styles.why}>{words.why}</span>
      </td>
    </tr>
  );
}

/**
 * The node's tasks that differ from the directory's signed record, newest first, 50 at a time: the task (the
 * directory's id, quoted), when, what the node claimed, what the signed award pays, and what differs with why.
 * Read again whenever a check finishes (`asOf`).
 */
export function AwardDifferencesTable({ asOf, wanted }: { asOf: string | null; wanted: boolean }) {
  const t = useT();
  const view = useAwardDifferences(asOf ?? '', wanted);
  const captionId = useId();
  if (!wanted) return null;
  if (view.error)
    return <LoadFailed onRetry={view.retry}>{t('earnings.differences.failed', { error: view.error })}</LoadFailed>;
  const rows = view.rows;
  return (
    <div className={styles.differences}>
      <h3 className={common.subheading}>{t('earnings.differences.title')}</h3>
      <DataTable
        columns={columns(t)}
        rows={rows}
        loading={t('earnings.differences.loading')}
        empty={<p className={common.empty}>{t('earnings.differences.empty')}</p>}
        caption={
          <p id={captionId} className={common.note} aria-live="polite">
            {t('earnings.differences.shown', {
              shown: formatCount(rows?.length ?? 0),
              total: view.total,
              totalCount: formatCount(view.total),
            })}
          </p>
        }
        className={styles.table}
        testId="award-differences"
        row={(row) => <DifferenceRow key={`${row.check}|${row.taskId}|${row.seq ?? ''}`} row={row} />}
        footer={
          <ShowOlder
            className={table.footer}
            label={t('earnings.differences.more', { count: formatCount(DIFFERENCES_PAGE) })}
            loading={view.loadingMore}
            reachedEnd={view.reachedEnd}
            error={view.moreError}
            onMore={() => void view.loadMore()}
            testId="award-differences-more"
            describedBy={captionId}
          />
        }
      />
    </div>
  );
}
