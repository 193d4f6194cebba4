import { useId, useState } from 'react';
import { csvSeparatorForLocale, type CsvSeparator } from '@shared/text/csv';
import { useCommand } from '../../hooks/useCommand';
import { saveTextFile } from '../../save-file';
import { useProviderStore } from '../../store';
import type { MessageId } from '@shared/i18n/catalogue';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
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

const SEPARATOR_LABELS: Readonly<Record<CsvSeparator, MessageId>> = {
  ',': 'earnings.export.commas',
  ';': 'earnings.export.semicolons',
};

/** Which spreadsheets each separator suits, in the words of how they write a number. */
const SEPARATOR_HINTS: Readonly<Record<CsvSeparator, MessageId>> = {
  ',': 'earnings.export.commasHint',
  ';': 'earnings.export.semicolonsHint',
};

/**
 * Exports the ledger with the filters in force as CSV (the engine writes it: header row, times in ISO and in the
 * person's zone). The columns are separated the way a spreadsheet in the person's locale expects (`;` where decimals
 * are written with a comma), and the person can choose the other. The desktop app's window may refuse downloads;
 * there the file's text is offered to copy instead.
 */
export function ExportButton({
  filters,
  filtering,
  locale,
}: {
  filters: LedgerFilters;
  filtering: boolean;
  locale?: string;
}) {
  const t = useT();
  const desktop = useProviderStore((s) => (s.appInfo?.host ?? s.snapshot?.host) === 'electron');
  const copyId = useId();
  const [separator, setSeparator] = useState<CsvSeparator>(() => csvSeparatorForLocale(locale));
  const {
    step,
    blocked: busy,
    run,
  } = useCommand(
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
          label={t('earnings.export.separator')}
          value={separator}
          options={([',', ';'] as const).map((value) => ({ value, label: t(SEPARATOR_LABELS[value]) }))}
          onChange={setSeparator}
          hint={t(SEPARATOR_HINTS[separator])}
          testId="earnings-export-separator"
          className={styles.separator}
        />
        <button
          type="button"
          className={`${button.button} ${styles.button}`}
          data-testid="earnings-export"
          aria-disabled={busy || undefined}
          onClick={() => void run()}
        >
          {step.kind === 'busy'
            ? t('earnings.export.busy')
            : filtering
              ? t('earnings.export.these')
              : t('earnings.export.all')}
        </button>
      </div>
      <p className={`${styles.status} ${common.small}`} role="status" data-testid="earnings-export-status">
        {step.kind === 'done' ? (
          <Words
            id="earnings.export.done"
            values={{ count: step.rows }}
            tags={{ file: () => <Token value={step.filename} /> }}
          />
        ) : step.kind === 'empty' ? (
          t('earnings.export.empty')
        ) : step.kind === 'failed' ? (
          <span className={common.resultBad}>{t('earnings.export.failed', { message: step.message })}</span>
        ) : null}
      </p>
      {step.kind === 'done' && desktop ? (
        <div className={styles.copy}>
          <label htmlFor={copyId} className={common.small}>
            {t('earnings.export.copy')}
          </label>
          <textarea id={copyId} readOnly rows={4} value={step.csv} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
    </div>
  );
}
