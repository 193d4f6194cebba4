import { useId } from 'react';
import { useCommand } from '../../hooks/useCommand';
import { saveTextFile } from '../../save-file';
import { useProviderStore } from '../../store';
import { plural } from '../../words/earnings-words';
import { filterRequest, type LedgerFilters } from './useLedger';
import { Token } from '../../components/ui/Token';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './ExportButton.module.css';

/** Hands the CSV to the browser as a file download, under the name the engine chose. */
function download(filename: string, csv: string): void {
  saveTextFile(filename, csv, 'text/csv;charset=utf-8');
}

/**
 * Exports the ledger with the filters in force as CSV (the engine writes it: header row, times in ISO and in the
 * person's zone). The desktop app's window may refuse downloads; there the file's text is offered to copy instead.
 */
export function ExportButton({ filters, filtering }: { filters: LedgerFilters; filtering: boolean }) {
  const desktop = useProviderStore((s) => (s.appInfo?.host ?? s.snapshot?.host) === 'electron');
  const copyId = useId();
  const { step, blocked: busy, run } = useCommand(
    (api) => api.exportLedger(filterRequest(filters)),
    ({ filename, csv, rows }): { kind: 'empty' } | { kind: 'done'; filename: string; rows: number; csv: string } => {
      if (rows === 0) return { kind: 'empty' };
      download(filename, csv);
      return { kind: 'done', filename, rows, csv };
    },
  );

  return (
    <div className={styles.export}>
      <button type="button" className={button.button} data-testid="earnings-export" aria-disabled={busy || undefined} onClick={() => void run()}>
        {step.kind === 'busy' ? 'Exporting…' : filtering ? 'Export these as CSV' : 'Export as CSV'}
      </button>
      <p className={`${styles.status} ${common.small}`} role="status" data-testid="earnings-export-status">
        {step.kind === 'done' ? (
          <>
            {plural(step.rows, 'task', 'tasks')} exported as <Token value={step.filename} />.
          </>
        ) : step.kind === 'empty' ? (
          'No task matches the filter: nothing to export.'
        ) : step.kind === 'failed' ? (
          <span className={common.resultBad}>The export failed: {step.message}</span>
        ) : null}
      </p>
      {step.kind === 'done' && desktop ? (
        <div className={styles.copy}>
          <label htmlFor={copyId} className={common.small}>
            If no file was saved, select the text and copy it:
          </label>
          <textarea id={copyId} readOnly rows={4} value={step.csv} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
    </div>
  );
}
