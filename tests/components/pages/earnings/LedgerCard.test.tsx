/**
 * The job history under a rejected claim: our words and, at most, the directory's code in quotes. The ledger keeps the
 * directory's message as it came (the CSV export carries it); the page never shows it, nor a code that is not plain.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LedgerRow } from '@shared/contract';
import { LedgerCard } from '@renderer/pages/earnings/LedgerCard';
import { AT, connectedTo } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const PHONE = 'call +1 555 0100 to fix your node';

function rejected(id: number, note: string): LedgerRow {
  return {
    id,
    taskId: `task-${id}`,
    at: AT,
    intent: 'urn:iicp:intent:llm:chat:v1',
    model: 'qwen2.5:7b',
    outcome: 'ok',
    tokens: 12,
    latencyMs: 800,
    receipt: 'rejected',
    claimed: 0.012,
    awarded: null,
    note,
    energyJ: null,
    units: null,
    check: null,
  };
}

async function rowsShown(rows: LedgerRow[]): Promise<HTMLElement[]> {
  connectedTo();
  provider.answer('listLedger', ok(rows));
  render(<LedgerCard models={[]} />);
  return screen.findAllByTestId('ledger-row');
}

const text = (el: HTMLElement) => (el.textContent ?? '').replace(/\u00a0/g, ' ');

describe('LedgerCard', () => {
  it('a rejected claim shows the directory’s code in quotes, never its message', async () => {
    const [row] = await rowsShown([rejected(1, `IICP-E027: ${PHONE}`)]);
    expect(text(row!)).not.toMatch(/555|call/);
    expect(within(row!).getByTestId('quoted').textContent).toBe('“IICP-E027”');
    expect(within(row!).getByTestId('ledger-rejection').textContent).toBe('The directory gave the code “IICP-E027”.');
  });

  it('a code that is not plain, or one of the node’s own, is not shown; the node’s own note is said in its words', async () => {
    const rows = await rowsShown([
      rejected(3, `IICP-E0\u200b27: ${PHONE}`),
      rejected(2, `http_422: ${PHONE}`),
      rejected(1, 'corrupt: the stored receipt could not be read'),
    ]);
    for (const row of rows) {
      expect(text(row)).not.toMatch(/555|call|IICP|http_/);
      expect(within(row).queryByTestId('quoted')).toBeNull();
    }
    expect(text(rows[2]!)).toContain('The receipt stored for this task could not be read.');
  });
});
