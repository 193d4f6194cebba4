import type { AwardCheck, LedgerRow, ReceiptState, TaskUnit } from '@shared/contract';
import type { Db } from './database';
import type { LedgerFilter } from './ledger-entries';

interface DbLedgerRow {
  id: number;
  task_id: string;
  ts: number;
  intent: string;
  model: string | null;
  outcome: 'ok' | 'error';
  tokens: number | null;
  latency_ms: number;
  receipt: ReceiptState;
  claimed: number | null;
  awarded: number | null;
  note: string | null;
  energy_j: number | null;
  units: number | null;
  unit: TaskUnit | null;
  award_check: AwardCheck | null;
}

/** The ledger's rows that match `filter`, newest first, `limit` of them before `beforeId`. */
export function listRows(db: Db, filter: LedgerFilter, limit: number, beforeId?: number): LedgerRow[] {
  const { where, params } = whereOf(filter, beforeId);
  const rows = db
    .prepare(`SELECT *, ${AWARD_CHECK} FROM ledger ${where} ORDER BY id DESC LIMIT ?`)
    .all(...params, limit) as DbLedgerRow[];
  return rows.map(toLedgerRow);
}

/** Every matching row, oldest first, one at a time. */
export function* iterateRows(db: Db, filter: LedgerFilter): Generator<LedgerRow> {
  const { where, params } = whereOf(filter);
  for (const r of db
    .prepare(`SELECT *, ${AWARD_CHECK} FROM ledger ${where} ORDER BY id`)
    .iterate(...params) as Iterable<DbLedgerRow>)
    yield toLedgerRow(r);
}

/**
 * A row's check against the directory's signed log, as the last check left it: its difference, else verified when a
 * signed award pays it, else waiting while the claim is unanswered; null when it claimed nothing or is not checked yet.
 */
const AWARD_CHECK = `coalesce(
  (SELECT check_kind FROM award_differences d WHERE d.task_id = ledger.task_id LIMIT 1),
  CASE WHEN EXISTS (SELECT 1 FROM signed_awards a WHERE a.ledger_id = ledger.id) THEN 'verified' WHEN receipt = 'claimed' THEN 'not_awarded_yet' END
) AS award_check`;

function whereOf(f: LedgerFilter, beforeId?: number): { where: string; params: (string | number)[] } {
  const conditions: [clause: string, value: string | number | undefined][] = [
    ['ts >= ?', f.from],
    ['ts < ?', f.to],
    ['model = ?', f.model],
    ['receipt = ?', f.receipt],
    ['id < ?', beforeId],
  ];
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  for (const [clause, value] of conditions) {
    if (value === undefined) continue;
    clauses.push(clause);
    params.push(value);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function toLedgerRow(r: DbLedgerRow): LedgerRow {
  return {
    id: r.id,
    taskId: r.task_id,
    at: new Date(r.ts).toISOString(),
    intent: r.intent,
    model: r.model,
    outcome: r.outcome,
    tokens: r.tokens,
    latencyMs: r.latency_ms,
    receipt: r.receipt,
    claimed: r.claimed,
    awarded: r.awarded,
    note: r.note,
    energyJ: r.energy_j,
    units: r.unit !== null && r.units !== null ? { unit: r.unit, count: r.units } : null,
    check: r.award_check,
  };
}
