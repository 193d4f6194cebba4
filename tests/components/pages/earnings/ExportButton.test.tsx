/**
 * The Earnings page's CSV export: the column separator beside the button, chosen by the person's locale (`;` where
 * decimals are written with a comma) and changeable in plain words, and sent with the export command.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ExportButton } from '@renderer/pages/earnings/ExportButton';
import { connectedTo } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const NO_FILTER = { model: '', receipt: '' } as const;

function exportOf(locale: string) {
  connectedTo();
  provider.answer('exportLedger', ok({ filename: 'iicp-ledger-2026-11-21.csv', csv: '"task_id"\r\n', rows: 0 }));
  render(<ExportButton filters={NO_FILTER} filtering={false} locale={locale} />);
  return screen.getByRole('combobox', { name: 'Columns separated by' }) as HTMLSelectElement;
}

describe('ExportButton', () => {
  it('separates columns with commas where decimals have a point, and says which spreadsheets that suits', async () => {
    const select = exportOf('en-US');
    expect(select.value).toBe(',');
    expect(screen.getByText('For spreadsheets that write one and a half as 1.5.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Export as CSV' }));
    await waitFor(() => expect(provider.requests('exportLedger')).toEqual([{ separator: ',' }]));
  });

  it('separates them with semicolons where decimals have a comma; the person can choose commas', async () => {
    const select = exportOf('de-DE');
    expect(select.value).toBe(';');
    expect(screen.getByText('For spreadsheets that write one and a half as 1,5.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Export as CSV' }));
    await waitFor(() => expect(provider.requests('exportLedger')).toEqual([{ separator: ';' }]));
    await userEvent.selectOptions(select, 'Commas (,)');
    await userEvent.click(screen.getByRole('button', { name: 'Export as CSV' }));
    await waitFor(() => expect(provider.requests('exportLedger').at(-1)).toEqual({ separator: ',' }));
  });
});
