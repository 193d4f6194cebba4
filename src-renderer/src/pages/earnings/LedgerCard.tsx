import { useId, useMemo, useState } from 'react';
import type { AwardCheck, LedgerRow, ReceiptState } from '@shared/contract';
import { awardNoteWords, rejectionCode } from '@shared/words/award-note-words';
import { CHECK_WORDS } from '@shared/words/verification-words';
import { cleanForeignText } from '@shared/text/foreign-text';
import { formatCount, formatFullTimestamp, intentShortName } from '../../format';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { LoadFailed } from '../../components/ui/LoadFailed';
import { Quoted } from '../../components/ui/Quoted';
import { SelectField } from '../../components/ui/SelectField';
import { ShowOlder } from '../../components/ui/ShowOlder';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { exactCredits, formatCredits, formatRowTime, plural, RECEIPT_FILTER_ORDER, RECEIPT_WORDS, rowState, servedExplanation } from '../../words/earnings-words';
import { ExportButton } from './ExportButton';
import { InfoTip } from './InfoTip';
import { useLedger, type LedgerFilters } from './useLedger';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import field from '../../components/ui/FieldShell.module.css';
import styles from './LedgerCard.module.css';

const RECEIPT_OPTIONS: readonly { value: ReceiptState | ''; label: string }[] = [
  { value: '', label: 'All states' },
  ...RECEIPT_FILTER_ORDER.map((r) => ({ value: r, label: r === 'claimed' ? 'Claimed (pending)' : RECEIPT_WORDS[r].label })),
];

/** Every state a row can be in, for the column's tooltip: served, then the claim's way to the directory. */
function StatesHelp() {
  return (
    <>
      <span className={styles.tipLine}>
        <strong>Served:</strong> {servedExplanation()}
      </span>
      {(['claimed', 'awarded', 'rejected', 'expired', 'none'] as const).map((r) => (
        <span key={r} className={styles.tipLine}>
          <strong>{RECEIPT_WORDS[r].label}:</strong> {RECEIPT_WORDS[r].explanation}
        </span>
      ))}
    </>
  );
}

/**
 * The directory's words under a row's state: why a claim failed, or an award out of the ordinary. The
 * attribution of an ordinary award is bookkeeping, so it stays in the row's tooltip.
 */
const noteShown = (row: LedgerRow): boolean => !!row.note && !(row.receipt === 'awarded' && row.note.startsWith('attribution:'));

/** A note as a person reads it: the directory's word on an award in plain words, anything else cleaned as it came. */
const noteWords = (note: string): string => awardNoteWords(note) ?? cleanForeignText(note);

/**
 * Under a rejected claim: the directory's code in quotes, when it gave a plain one. Its message is foreign text and
 * stays in the CSV export; the state's own explanation says what a rejection means.
 */
function RejectionNote({ note }: { note: string }) {
  // The node's own note (receipt-poster's CORRUPT): its words, not the directory's.
  if (note.startsWith('corrupt: ')) return <span className={styles.note}>The receipt stored for this task could not be read.</span>;
  const code = rejectionCode(note);
  return code ? (
    <span className={styles.note} data-testid="ledger-rejection">
      The directory gave the code <Quoted text={code} />.
    </span>
  ) : null;
}

/** How the claim compares with the directory's signed record, under the state; why, in the tooltip. */
function CheckLine({ check }: { check: AwardCheck }) {
  const tone = check === 'verified' ? styles.checkOk : check === 'not_awarded_yet' ? styles.checkWaiting : styles.checkDiffers;
  return (
    <span className={`${styles.check} ${tone}`} title={CHECK_WORDS[check].why} data-testid="ledger-check" data-check={check}>
      Signed record: {CHECK_WORDS[check].label}
    </span>
  );
}

function CreditsCell({ row }: { row: LedgerRow }) {
  if (row.receipt === 'awarded' && row.awarded !== null) {
    return <span title={`${exactCredits(row.awarded)} credits awarded`}>{formatCredits(row.awarded)}</span>;
  }
  if (row.claimed === null) return <span className={common.muted}>—</span>;
  const title = `${exactCredits(row.claimed)} credits claimed`;
  if (row.receipt === 'claimed') {
    return (
      <span className={`${common.muted} ${styles.pending}`} title={`${title}, waiting for the directory`}>
        {formatCredits(row.claimed)}
      </span>
    );
  }
  return (
    <span className={`${common.muted} ${styles.lost}`} title={`${title}, not awarded`}>
      <s>{formatCredits(row.claimed)}</s>
    </span>
  );
}

const COLUMNS: readonly Column[] = [
  { label: 'Time', className: styles.time },
  { label: 'Model', className: styles.model },
  { label: 'Tokens', className: `${table.num} ${styles.tokens}` },
  { label: 'Took', className: `${table.num} ${styles.latency}` },
  {
    label: (
      <span className={styles.withTip}>
        State
        <InfoTip label="What the states mean">
          <StatesHelp />
        </InfoTip>
      </span>
    ),
    className: styles.state,
  },
  { label: 'Credits', className: `${table.num} ${styles.credits}` },
];

function LedgerLine({ row }: { row: LedgerRow }) {
  const state = rowState(row);
  return (
    <tr data-testid="ledger-row" data-receipt={row.receipt} data-outcome={row.outcome} data-task-id={row.taskId} data-id={row.id}>
      <td className={styles.time}>
        <time dateTime={row.at} title={formatFullTimestamp(row.at)}>
          {formatRowTime(row.at)}
        </time>
      </td>
      <td className={styles.model} title={[row.model ?? 'no model', row.intent, `task ${row.taskId}`, row.note && !noteShown(row) ? noteWords(row.note) : null].filter(Boolean).join(' · ')}>
        {row.model ?? <span className={common.muted}>{intentShortName(row.intent)}</span>}
      </td>
      <td className={`${table.num} ${styles.tokens}`}>{row.tokens === null ? <span className={common.muted}>—</span> : formatCount(row.tokens)}</td>
      <td className={`${table.num} ${styles.latency}`}>{formatCount(row.latencyMs)} ms</td>
      <td className={styles.state}>
        <span title={state.explanation}>
          <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
        </span>
        {row.receipt === 'rejected' && row.note ? <RejectionNote note={row.note} /> : noteShown(row) ? <span className={styles.note}>{noteWords(row.note!)}</span> : null}
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
  const [filters, setFilters] = useState<LedgerFilters>({ model: '', receipt: '' });
  const ledger = useLedger(filters);
  const statusId = useId();
  const backendModels = useProviderStore((s) => s.snapshot?.backend.models);
  const filtering = filters.model !== '' || filters.receipt !== '';

  const modelOptions = useMemo(() => {
    const names = new Set([...models, ...(backendModels ?? []), ...ledger.rows.map((r) => r.model).filter((m): m is string => !!m)]);
    if (filters.model) names.add(filters.model);
    return [{ value: '', label: 'All models' }, ...[...names].sort((a, b) => a.localeCompare(b)).map((m) => ({ value: m, label: m }))];
  }, [models, backendModels, ledger.rows, filters.model]);

  return (
    <Card title="Job history">
      <div className={`${field.filters} ${styles.filters}`}>
        <SelectField label="Model" value={filters.model} options={modelOptions} onChange={(model) => setFilters((f) => ({ ...f, model }))} testId="ledger-filter-model" className={`${field.inline} ${styles.filter}`} />
        <SelectField label="State" value={filters.receipt} options={RECEIPT_OPTIONS} onChange={(receipt) => setFilters((f) => ({ ...f, receipt }))} testId="ledger-filter-receipt" className={`${field.inline} ${styles.filter}`} />
        <ExportButton filters={filters} filtering={filtering} />
      </div>

      {ledger.status === 'error' ? (
        <LoadFailed onRetry={ledger.retry}>The job history could not be read: {ledger.error}</LoadFailed>
      ) : (
        <DataTable
          columns={COLUMNS}
          rows={ledger.status === 'loading' ? null : ledger.rows}
          loading={ledger.connected ? 'Reading the job history…' : 'Connecting to the node…'}
          empty={
            <p className={common.empty} data-testid="ledger-empty">
              {filtering ? 'No task matches the filter.' : 'No tasks yet. Every task your node serves is listed here, with what it earned.'}
            </p>
          }
          caption={
            <p id={statusId} className={common.note} aria-live="polite">
              {plural(ledger.rows.length, 'task', 'tasks')} shown, newest first{filtering ? ', matching the filter' : ''}.
            </p>
          }
          className={styles.table}
          testId="ledger-table"
          row={(row) => <LedgerLine key={row.id} row={row} />}
          footer={
            <ShowOlder
              className={table.footer}
              label="Show older tasks"
              loading={ledger.loadingMore}
              reachedEnd={ledger.reachedEnd}
              endWords={filtering ? 'No older task matches the filter.' : 'This is the first task your node served.'}
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
