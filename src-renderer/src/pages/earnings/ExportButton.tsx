import { useId, useState } from 'react';
import { csvSeparatorForLocale, type CsvSeparator } from '@shared/text/csv';
import { useCommand } from '../../hooks/useCommand';
import { saveTextFile } from '../../save-file';
import { useProviderStore } from '../../store';
import { plural } from '../../words/earnings-words';
import { filterRequest, type LedgerFilters } from './useLedger';
import { SelectField } from '../../components/ui/SelectField';
import { Token } from '../../components/ui/Token';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './ExportButton.module.css';

/** Hands the CSV to the browser as a file download, under the name the engine chose. */
function download(filename: string, csv: string): void {
  saveTextFile(filename, csv, 'text/csv;charset=utf-8');
}

const SEPARATOR_OPTIONS: readonly { value: CsvSeparator; label: string }[] = [
  { value: ',', label: 'Commas (,)' },
  { value: ';', label: 'Semicolons (;)' },
];

/** Which spreadsheets each separator suits, in the words of how they write a number. */
const SEPARATOR_HINTS: Readonly<Record<CsvSeparator, string>> = {
  ',': 'For spreadsheets that write one and a half as 1.5.',
  ';': 'For spreadsheets that write one and a half as 1,5.',
};

/**
 * Exports the ledger with the filters in force as CSV (the engine writes it: header row, times in ISO and in the
 * person's zone). The columns are separated the way a spreadsheet in the person's locale expects (`;` where decimals
 * are written with a comma), and the person can choose the other. The desktop app's window may refuse downloads;
 * there the file's text is offered to copy instead.
 */
export function ExportButton({ filters, filtering, locale }: { filters: LedgerFilters; filtering: boolean; locale?: string }) {
  const desktop = useProviderStore((s) => (s.appInfo?.host ?? s.snapshot?.host) === 'electron');
  const copyId = useId();
  const [separator, setSeparator] = useState<CsvSeparator>(() => csvSeparatorForLocale(locale));
  const { step, blocked: busy, run } = useCommand(
    (api) => api.exportLedger({ ...filterRequest(filters), separator }),
    ({ filename, csv, rows }): { kind: 'empty' } | { kind: 'done'; filename: string; rows: number; csv: string } => {
      if (rows === 0) return { kind: 'empty' };
      download(filename, csv);
      return { kind: 'done', filename, rows, csv };
    },
  );

  return (
    <div className={styles.export}>
      <div className={styles.controls}>
        <SelectField<CsvSeparator>
          label="Columns separated by"
          value={separator}
          options={SEPARATOR_OPTIONS}
          onChange={setSeparator}
          hint={SEPARATOR_HINTS[separator]}
          testId="earnings-export-separator"
          className={styles.separator}
        />
        <button type="button" className={`${button.button} ${styles.button}`} data-testid="earnings-export" aria-disabled={busy || undefined} onClick={() => void run()}>
          {step.kind === 'busy' ? 'Exporting…' : filtering ? 'Export these as CSV' : 'Export as CSV'}
        </button>
      </div>
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
