import { useId, useMemo, useState } from 'react';
import type { LedgerRow, ReceiptState } from '@shared/contract';
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
import { exactCredits, formatCredits, formatRowTime, plural, RECEIPT_FILTER_ORDER, RECEIPT_WORDS, rowState, SERVED_EXPLANATION } from '../../words/earnings-words';
import { ExportButton } from './ExportButton';
import { InfoTip } from './InfoTip';
import { useLedger, type LedgerFilters } from './useLedger';

const RECEIPT_OPTIONS: readonly { value: ReceiptState | ''; label: string }[] = [
  { value: '', label: 'All states' },
  ...RECEIPT_FILTER_ORDER.map((r) => ({ value: r, label: r === 'claimed' ? 'Claimed (pending)' : RECEIPT_WORDS[r].label })),
];

/** Every state a row can be in, for the column's tooltip: served, then the claim's way to the directory. */
function StatesHelp() {
  return (
    <>
      <span className="tip-line">
        <strong>Served:</strong> {SERVED_EXPLANATION}
      </span>
      {(['claimed', 'awarded', 'rejected', 'expired', 'none'] as const).map((r) => (
        <span key={r} className="tip-line">
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

function CreditsCell({ row }: { row: LedgerRow }) {
  if (row.receipt === 'awarded' && row.awarded !== null) {
    return <span title={`${exactCredits(row.awarded)} credits awarded`}>{formatCredits(row.awarded)}</span>;
  }
  if (row.claimed === null) return <span className="muted">—</span>;
  const title = `${exactCredits(row.claimed)} credits claimed`;
  if (row.receipt === 'claimed') {
    return (
      <span className="muted credits-pending" title={`${title}, waiting for the directory`}>
        {formatCredits(row.claimed)}
      </span>
    );
  }
  return (
    <span className="muted credits-lost" title={`${title}, not awarded`}>
      <s>{formatCredits(row.claimed)}</s>
    </span>
  );
}

const COLUMNS: readonly Column[] = [
  { label: 'Time', className: 'col-time' },
  { label: 'Model', className: 'col-model' },
  { label: 'Tokens', className: 'num col-tokens' },
  { label: 'Took', className: 'num col-latency' },
  {
    label: (
      <span className="th-with-tip">
        State
        <InfoTip label="What the states mean">
          <StatesHelp />
        </InfoTip>
      </span>
    ),
    className: 'col-state',
  },
  { label: 'Credits', className: 'num col-credits' },
];

function LedgerLine({ row }: { row: LedgerRow }) {
  const state = rowState(row);
  return (
    <tr data-testid="ledger-row" data-receipt={row.receipt} data-outcome={row.outcome} data-task-id={row.taskId} data-id={row.id}>
      <td className="col-time">
        <time dateTime={row.at} title={formatFullTimestamp(row.at)}>
          {formatRowTime(row.at)}
        </time>
      </td>
      <td className="col-model" title={[row.model ?? 'no model', row.intent, `task ${row.taskId}`, row.note && !noteShown(row) ? cleanForeignText(row.note) : null].filter(Boolean).join(' · ')}>
        {row.model ?? <span className="muted">{intentShortName(row.intent)}</span>}
      </td>
      <td className="num col-tokens">{row.tokens === null ? <span className="muted">—</span> : formatCount(row.tokens)}</td>
      <td className="num col-latency">{formatCount(row.latencyMs)} ms</td>
      <td className="col-state">
        <span title={state.explanation}>
          <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
        </span>
        {/* A rejection's note is the directory's code and words: quoted. */}
        {noteShown(row) ? <span className="ledger-note">{row.receipt === 'rejected' ? <Quoted text={row.note} /> : row.note}</span> : null}
      </td>
      <td className="num col-credits">
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
    <Card title="Job history" className="ledger-card">
      <div className="filters ledger-filters">
        <SelectField label="Model" value={filters.model} options={modelOptions} onChange={(model) => setFilters((f) => ({ ...f, model }))} testId="ledger-filter-model" className="field-inline ledger-filter" />
        <SelectField label="State" value={filters.receipt} options={RECEIPT_OPTIONS} onChange={(receipt) => setFilters((f) => ({ ...f, receipt }))} testId="ledger-filter-receipt" className="field-inline ledger-filter" />
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
            <p className="empty" data-testid="ledger-empty">
              {filtering ? 'No task matches the filter.' : 'No tasks yet. Every task your node serves is listed here, with what it earned.'}
            </p>
          }
          caption={
            <p id={statusId} className="muted small" aria-live="polite">
              {plural(ledger.rows.length, 'task', 'tasks')} shown, newest first{filtering ? ', matching the filter' : ''}.
            </p>
          }
          className="ledger-table"
          testId="ledger-table"
          row={(row) => <LedgerLine key={row.id} row={row} />}
          footer={
            <ShowOlder
              className="log-footer"
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
