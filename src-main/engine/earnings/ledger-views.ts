import type { EarningsInfo } from '@shared/contract';
import type { LedgerFilter, LedgerRepository, NewLedgerRow } from '../store/ledger-repo';
import { startOfLocalDay } from './report';

/**
 * The figures of the local day so far: the ledger's rollups from local midnight, and the rows still waiting in
 * memory (`waiting`, each with what it claims) that were served since.
 */
export function todayFigures(ledger: LedgerRepository, waiting: Iterable<{ row: NewLedgerRow; claimed: number }>, now: number, timeZone: string): EarningsInfo['today'] {
  const from = startOfLocalDay(now, timeZone);
  const today = { jobs: 0, tokens: 0, awarded: 0, pending: 0, rejected: 0 };
  for (const r of ledger.rollups(from, now + 1)) {
    today.jobs += r.jobs;
    today.tokens += r.tokens;
    today.awarded += r.awarded;
    today.pending += r.pending;
    today.rejected += r.rejected;
  }
  // Receipts a full disk refused are still claims of tasks served today: counted while they wait in memory.
  for (const { row, claimed } of waiting) {
    if (row.ts < from || row.outcome !== 'ok') continue;
    today.jobs += 1;
    today.tokens += row.tokens ?? 0;
    today.pending += claimed;
  }
  today.awarded = Math.round(today.awarded * 1e6) / 1e6;
  today.pending = Math.max(0, Math.round(today.pending * 1e6) / 1e6);
  return today;
}

/** The ledger rows a filter selects as a CSV file, times in UTC and in the person's zone. */
export function ledgerCsv(ledger: LedgerRepository, filter: LedgerFilter, now: number, timeZone: string): { filename: string; csv: string; rows: number } {
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' });
  const lines = [`task_id,time_utc,time_local (${timeZone}),intent,model,outcome,tokens,latency_ms,receipt,claimed,awarded,note`];
  let rows = 0;
  for (const r of ledger.iterate(filter)) {
    rows++;
    lines.push(
      [r.taskId, r.at, local.format(new Date(r.at)), r.intent, r.model ?? '', r.outcome, r.tokens ?? '', r.latencyMs, r.receipt, r.claimed ?? '', r.awarded ?? '', r.note ?? '']
        .map(csvCell)
        .join(','),
    );
  }
  const day = new Date(now).toISOString().slice(0, 10);
  return { filename: `iicp-ledger-${day}.csv`, csv: `${lines.join('\r\n')}\r\n`, rows };
}

function csvCell(v: string | number): string {
  const s = String(v);
  // Quote what CSV needs quoted; a leading = + - @ would be run as a formula by spreadsheets (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
