import { useId, useMemo, useState } from 'react';
import type { AwardCheck, LedgerRow, ReceiptState } from '@shared/contract';
import { awardNoteWords, rejectionCode } from '@shared/words/award-note-words';
import { CHECK_WORDS } from '@shared/words/verification-words';
import { cleanForeignText } from '@shared/text/foreign-text';
import { formatCount, formatFullTimestamp, intentWord } from '../../format';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { LoadFailed } from '../../components/ui/LoadFailed';
import { Quoted } from '../../components/ui/Quoted';
import { SelectField } from '../../components/ui/SelectField';
import { ShowOlder } from '../../components/ui/ShowOlder';
import { StatusBadge } from '../../components/ui/StatusBadge';
import {
  exactCredits,
  formatCredits,
  formatRowTime,
  RECEIPT_FILTER_ORDER,
  RECEIPT_WORDS,
  rowState,
  servedExplanation,
} from '../../words/earnings-words';
import { ExportButton } from './ExportButton';
import { InfoTip } from './InfoTip';
import { useLedger, type LedgerFilters } from './useLedger';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import field from '../../components/ui/FieldShell.module.css';
import styles from './LedgerCard.module.css';
import type { Say } from '@shared/i18n/say';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

const receiptOptions = (t: Say): readonly { value: ReceiptState | ''; label: string }[] => [
  { value: '', label: t('earnings.ledger.allStates') },
  ...RECEIPT_FILTER_ORDER.map((r) => ({
    value: r,
    label: r === 'claimed' ? t('earnings.ledger.claimedPending') : RECEIPT_WORDS[r].label,
  })),
];

/** Every state a row can be in, for the column's tooltip: served, then the claim's way to the directory. */
function StatesHelp() {
  const t = useT();
  return (
    <>
      <span className={styles.tipLine}>
        <strong>{t('earnings.ledger.servedLabel')}</strong> {servedExplanation()}
      </span>
      {(['claimed', 'awarded', 'rejected', 'expired', 'none'] as const).map((r) => (
        <span key={r} className={styles.tipLine}>
          <strong>{t('earnings.ledger.stateLabel', { state: RECEIPT_WORDS[r].label })}</strong>{' '}
          {RECEIPT_WORDS[r].explanation}
        </span>
      ))}
    </>
  );
}

/**
 * The directory's words under a row's state: why a claim failed, or an award out of the ordinary. The
 * attribution of an ordinary award is bookkeeping, so it stays in the row's tooltip.
 */
const noteShown = (row: LedgerRow): boolean =>
  !!row.note && !(row.receipt === 'awarded' && row.note.startsWith('attribution:'));

/** A note as a person reads it: the directory's word on an award in plain words, anything else cleaned as it came. */
const noteWords = (note: string): string => awardNoteWords(note) ?? cleanForeignText(note);

/**
 * Under a rejected claim: the directory's code in quotes, when it gave a plain one. Its message is foreign text and
 * stays in the CSV export; the state's own explanation says what a rejection means.
 */
function RejectionNote({ note }: { note: string }) {
  const t = useT();
  // The node's own note (receipt-poster's CORRUPT): its words, not the directory's.
  if (note.startsWith('corrupt: ')) return <span className={styles.note}>{t('earnings.ledger.corrupt')}</span>;
  const code = rejectionCode(note);
  return code ? (
    <span className={styles.note} data-testid="ledger-rejection">
      <Words id="earnings.ledger.code" tags={{ code: () => <Quoted text={code} /> }} />
    </span>
  ) : null;
}

/** How the claim compares with the directory's signed record, under the state; why, in the tooltip. */
function CheckLine({ check }: { check: AwardCheck }) {
  const t = useT();
  const tone =
    check === 'verified' ? styles.checkOk : check === 'not_awarded_yet' ? styles.checkWaiting : styles.checkDiffers;
  return (
    <span
      className={`${styles.check} ${tone}`}
      title={CHECK_WORDS[check].why}
      data-testid="ledger-check"
      data-check={check}
    >
      {t('earnings.ledger.signedRecord', { check: CHECK_WORDS[check].label })}
    </span>
  );
}

function CreditsCell({ row }: { row: LedgerRow }) {
  const t = useT();
  if (row.receipt === 'awarded' && row.awarded !== null) {
    return (
      <span title={t('earnings.ledger.awardedTitle', { amount: exactCredits(row.awarded) })}>
        {formatCredits(row.awarded)}
      </span>
    );
  }
  if (row.claimed === null) return <span className={common.muted}>—</span>;
  const amount = exactCredits(row.claimed);
  if (row.receipt === 'claimed') {
    return (
      <span className={`${common.muted} ${styles.pending}`} title={t('earnings.ledger.claimedWaiting', { amount })}>
        {formatCredits(row.claimed)}
      </span>
    );
  }
  return (
    <span className={`${common.muted} ${styles.lost}`} title={t('earnings.ledger.claimedLost', { amount })}>
      <s>{formatCredits(row.claimed)}</s>
    </span>
  );
}

const columns = (t: Say): readonly Column[] => [
  { label: t('earnings.transactions.time'), className: styles.time },
  { label: t('earnings.models.model'), className: styles.model },
  { label: t('earnings.chart.tokens'), className: `${table.num} ${styles.tokens}` },
  { label: t('earnings.ledger.took'), className: `${table.num} ${styles.latency}` },
  {
    label: (
      <span className={styles.withTip}>
        {t('earnings.ledger.state')}
        <InfoTip label={t('earnings.ledger.statesTip')}>
          <StatesHelp />
        </InfoTip>
      </span>
    ),
    className: styles.state,
  },
  { label: t('earnings.transactions.credits'), className: `${table.num} ${styles.credits}` },
];

function LedgerLine({ row }: { row: LedgerRow }) {
  const t = useT();
  const state = rowState(row);
  return (
    <tr
      data-testid="ledger-row"
      data-receipt={row.receipt}
      data-outcome={row.outcome}
      data-task-id={row.taskId}
      data-id={row.id}
    >
      <td className={styles.time}>
        <time dateTime={row.at} title={formatFullTimestamp(row.at)}>
          {formatRowTime(row.at)}
        </time>
      </td>
      <td
        className={styles.model}
        title={[
          row.model ?? t('earnings.ledger.noModel'),
          row.intent,
          t('earnings.ledger.task', { id: row.taskId }),
          row.note && !noteShown(row) ? noteWords(row.note) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      >
        {row.model ?? <span className={common.muted}>{intentWord(row.intent)}</span>}
      </td>
      <td className={`${table.num} ${styles.tokens}`}>
        {row.tokens === null ? <span className={common.muted}>—</span> : formatCount(row.tokens)}
      </td>
      <td className={`${table.num} ${styles.latency}`}>
        {t('earnings.ledger.ms', { ms: formatCount(row.latencyMs) })}
      </td>
      <td className={styles.state}>
        <span title={state.explanation}>
          <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
        </span>
        {row.receipt === 'rejected' && row.note ? (
          <RejectionNote note={row.note} />
        ) : noteShown(row) ? (
          <span className={styles.note}>{noteWords(row.note!)}</span>
        ) : null}
        {row.check ? <CheckLine check={row.check} /> : null}
      </td>
      <td className={`${table.num} ${styles.credits}`}>
        <CreditsCell row={row} />
      </td>
    </tr>
  );
}

/**
 * Every task the node served, newest first, with where its claim on credits stands: filters by model and state,
 * older pages on request, and the filtered ledger as a CSV file.
 */
export function LedgerCard({ models }: { models: readonly string[] }) {
  const t = useT();
  const [filters, setFilters] = useState<LedgerFilters>({ model: '', receipt: '' });
  const ledger = useLedger(filters);
  const statusId = useId();
  const backendModels = useProviderStore((s) => s.snapshot?.backend.models);
  const filtering = filters.model !== '' || filters.receipt !== '';

  const modelOptions = useMemo(() => {
    const names = new Set([
      ...models,
      ...(backendModels ?? []),
      ...ledger.rows.map((r) => r.model).filter((m): m is string => !!m),
    ]);
    if (filters.model) names.add(filters.model);
    return [
      { value: '', label: t('earnings.ledger.allModels') },
      ...[...names].sort((a, b) => a.localeCompare(b)).map((m) => ({ value: m, label: m })),
    ];
  }, [models, backendModels, ledger.rows, filters.model, t]);

  return (
    <Card title={t('earnings.ledger.title')}>
      <div className={`${field.filters} ${styles.filters}`}>
        <SelectField
          label={t('earnings.models.model')}
          value={filters.model}
          options={modelOptions}
          onChange={(model) => setFilters((f) => ({ ...f, model }))}
          testId="ledger-filter-model"
          className={`${field.inline} ${styles.filter}`}
        />
        <SelectField
          label={t('earnings.ledger.state')}
          value={filters.receipt}
          options={receiptOptions(t)}
          onChange={(receipt) => setFilters((f) => ({ ...f, receipt }))}
          testId="ledger-filter-receipt"
          className={`${field.inline} ${styles.filter}`}
        />
        <ExportButton filters={filters} filtering={filtering} />
      </div>

      {ledger.status === 'error' ? (
        <LoadFailed onRetry={ledger.retry}>{t('earnings.ledger.loadFailed', { error: ledger.error ?? '' })}</LoadFailed>
      ) : (
        <DataTable
          columns={columns(t)}
          rows={ledger.status === 'loading' ? null : ledger.rows}
          loading={ledger.connected ? t('earnings.ledger.reading') : t('pricing.charge.connecting')}
          empty={
            <p className={common.empty} data-testid="ledger-empty">
              {filtering ? t('earnings.ledger.noMatch') : t('earnings.ledger.empty')}
            </p>
          }
          caption={
            <p id={statusId} className={common.note} aria-live="polite">
              {t(filtering ? 'earnings.ledger.shownFiltered' : 'earnings.ledger.shown', { count: ledger.rows.length })}
            </p>
          }
          className={styles.table}
          testId="ledger-table"
          row={(row) => <LedgerLine key={row.id} row={row} />}
          footer={
            <ShowOlder
              className={table.footer}
              label={t('earnings.ledger.older')}
              loading={ledger.loadingMore}
              reachedEnd={ledger.reachedEnd}
              endWords={filtering ? t('earnings.ledger.noOlderMatch') : t('earnings.ledger.first')}
              error={ledger.moreError}
              onMore={() => void ledger.loadMore()}
              testId="ledger-more"
              describedBy={statusId}
            />
          }
        />
      )}
    </Card>
  );
}
