import type { GatewayRequestRow } from '@shared/contract';
import { MICRO } from '../pricing';
import type { Db } from './database';
import { BUCKET_MS } from './rollup-sums';
import { COLUMNS, FIELDS, ROW, toParams, toRequestRow, type NewSpendRow, type StoredSpendRow } from './spend-rows';

export { requestRowOf, type NewSpendRow } from './spend-rows';

/** A spend row's sums per quarter hour (UTC), for days in any time zone (every offset is a whole number of them). */
export interface SpendBucket {
  bucket: number;
  spentU: number;
  /** Paid requests answered: by other people's nodes. */
  tasks: number;
  /** Requests answered for free, by this computer or another of the person's machines: never counted as paid. */
  freeTasks: number;
}

/** What this computer's requests cost on one node in a period. */
export interface SpendByNode {
  nodeId: string;
  own: boolean;
  spentU: number;
  tasks: number;
}

/** What one app's requests (by its key's id, `page` for the page's "try it") cost in a period, and how many it sent. */
export interface SpendByApp {
  appKeyId: string;
  spentU: number;
  /** Requests sent, whatever became of them. */
  requests: number;
}

/** A spend row that still waits for the directory's word on what it cost. */
export interface UncheckedSpend {
  taskId: string;
  atMs: number;
  creditsU: number;
}

/**
 * What a row spent: the directory's charge once it is known (it may be less than the bound the gateway booked, or, from
 * a node that claims more than it should, more); until then the bound booked when the answer came. A request that was
 * not answered counts only what the directory still charged for it (a node may have served it after this computer gave
 * up waiting).
 */
const SPENT_U = `coalesce(charged_u, CASE WHEN outcome = 'answered' AND not_charged = 0 THEN coalesce(credits_u, 0) ELSE 0 END)`;

/**
 * A paid answered request whose debit the directory has not shown yet (the `gateway_spend_unchecked` index's rows),
 * nor been found without one after the settle time.
 */
const UNSETTLED = `outcome = 'answered' AND credits_u > 0 AND charged_u IS NULL AND not_charged = 0`;

/** A debit more than this above what a request was expected to cost is an overcharge, not the directory's rounding. */
const ROUNDING_U = 100;

/** Flagged nodes read from the book at most: node-flags.ts keeps as many. */
const MAX_FLAGGED = 500;

/** The directory's debits for a task this computer sent: `task_spend`, or its operator-wallet split `task_spend:…`. */
const TASK_SPEND = `(reason = 'task_spend' OR substr(reason, 1, 11) = 'task_spend:') AND (type = 'debit' OR amount_u < 0)`;

/**
 * The spent book (`gateway_spend`): one row per request this computer's apps sent to the network through the local
 * gateway, in the same database as the ledger. The requests that end in one turn of the event loop are committed
 * together, on the caller's connection: one commit however many apps are waiting (no journal, no thread: the task
 * path's ledger needs those, this does not).
 */
export class SpendRepository {
  private readonly put;
  private readonly putAll;
  private readonly charge;
  private readonly signed;
  private readonly sumBetween;
  private writes = 0;
  private flags = 0;
  private readonly answersRead = new Map<string, ReturnType<Db['prepare']>>();
  private unsettledCache: { writes: number; sinceMs: number; u: number } | null = null;

  constructor(private readonly db: Db) {
    // A second row for a task keeps what the directory already said of it (its charge, its signed award).
    this.put = db.prepare(
      `INSERT OR REPLACE INTO gateway_spend (${FIELDS.map((f) => COLUMNS[f]).join(', ')}, charged_u, spend_event_seq)
       VALUES (${FIELDS.map((f) => `@${f}`).join(', ')},
         (SELECT charged_u FROM gateway_spend WHERE task_id = @taskId), (SELECT spend_event_seq FROM gateway_spend WHERE task_id = @taskId))`,
    );
    this.putAll = db.transaction((rows: readonly NewSpendRow[]) => {
      for (const r of rows) this.put.run(toParams(r));
    });
    // A debit read clears "not charged" (the directory took longer than the settle time) and flags an overcharge.
    const overcharged = (u: string) =>
      `CASE WHEN expected_u IS NOT NULL AND ${u} > expected_u + ${ROUNDING_U} THEN 'overcharged' ELSE flag END`;
    this.charge = db.prepare<[{ u: number; taskId: string }], { flag: string | null }>(
      `UPDATE gateway_spend SET charged_u = @u, not_charged = 0, flag = ${overcharged('@u')} WHERE task_id = @taskId RETURNING flag`,
    );
    this.signed = db.prepare<[{ seq: number; u: number | null; taskId: string }], { flag: string | null }>(
      `UPDATE gateway_spend SET spend_event_seq = coalesce(spend_event_seq, @seq), charged_u = coalesce(charged_u, @u), not_charged = CASE WHEN charged_u IS NULL AND @u IS NOT NULL THEN 0 ELSE not_charged END,
         flag = ${overcharged('coalesce(charged_u, @u)')} WHERE task_id = @taskId RETURNING flag`,
    );
    this.sumBetween = db.prepare<[number, number], { u: number | null }>(
      `SELECT sum(${SPENT_U}) AS u FROM gateway_spend WHERE at_ms >= ? AND at_ms < ?`,
    );
  }

  /** Goes up with every write, so a reader that keeps running totals knows when someone else changed the book. */
  get version(): number {
    return this.writes;
  }

  /** The book was written on another connection (the signed-log check's thread): the version goes up all the same. */
  changedElsewhere(): void {
    this.writes += 1;
    this.flags += 1;
  }

  /** Goes up whenever a row may have been flagged, so a reader of the flagged nodes knows when to read them again. */
  get flagsVersion(): number {
    return this.flags;
  }

  /**
   * A request that ended; a second row for the same task id replaces the first (the gateway writes again when it
   * learns more), keeping what the directory already said about it.
   */
  record(row: NewSpendRow): void {
    this.recordAll([row]);
  }

  /** Requests that ended, in one transaction: all of them are in the book, or none. */
  recordAll(rows: readonly NewSpendRow[]): void {
    if (rows.length === 0) return;
    this.writes += 1;
    this.putAll(rows);
  }

  /** The newest requests first, as the "Use the network" page lists them. */
  recent(limit: number): GatewayRequestRow[] {
    return (
      this.db
        .prepare(`SELECT ${ROW} FROM gateway_spend ORDER BY at_ms DESC, rowid DESC LIMIT ?`)
        .all(limit) as StoredSpendRow[]
    ).map(toRequestRow);
  }

  /**
   * The answers' lengths (tokens) of the last `limit` answered requests for `model` that said one, newest first: of one
   * app key, or of every app with null. Read through the gateway_spend_answers indexes: `limit` rows, whatever the
   * book's size.
   */
  answerTokens(model: string, appKeyId: string | null, limit: number): number[] {
    const answered = `model = @model AND outcome = 'answered' AND answer_tokens IS NOT NULL`;
    const sql =
      appKeyId === null
        ? `SELECT answer_tokens AS n FROM gateway_spend INDEXED BY gateway_spend_answers WHERE ${answered} ORDER BY at_ms DESC LIMIT @limit`
        : `SELECT answer_tokens AS n FROM gateway_spend INDEXED BY gateway_spend_answers_app WHERE ${answered} AND app_key = @appKeyId ORDER BY at_ms DESC LIMIT @limit`;
    let read = this.answersRead.get(sql);
    if (!read) this.answersRead.set(sql, (read = this.db.prepare(sql)));
    const rows = read.all(appKeyId === null ? { model, limit } : { model, appKeyId, limit }) as { n: number }[];
    return rows.map((r) => r.n);
  }

  /** Micro-credits spent on requests made in [fromMs, toMs) (see SPENT_U). */
  spentBetweenU(fromMs: number, toMs: number): number {
    return this.sumBetween.get(fromMs, toMs)?.u ?? 0;
  }

  /** Credits spent on requests made in [fromMs, toMs) (see SPENT_U), exact to the millionth. */
  spentBetween(fromMs: number, toMs: number): number {
    return this.spentBetweenU(fromMs, toMs) / MICRO;
  }

  /** Credits spent on requests made since `fromMs`. */
  spentSince(fromMs: number): number {
    return this.spentBetween(fromMs, Number.MAX_SAFE_INTEGER);
  }

  /** What the directory's books charged for a task (micro-credits); false when the task is not in the book. */
  markCharged(taskId: string, chargedU: number): boolean {
    this.writes += 1;
    const row = this.charge.get({ u: chargedU, taskId });
    if (row?.flag === 'overcharged') this.flags += 1;
    return row !== undefined;
  }

  /**
   * A validly signed award of the directory's log that names this computer's node as the one that paid for a task:
   * its sequence number (the first one kept), and what it says was spent where the books have not said it yet.
   */
  markSpendEvent(taskId: string, seq: number, spentU: number | null): boolean {
    this.writes += 1;
    const row = this.signed.get({ seq, u: spentU, taskId });
    if (row?.flag === 'overcharged') this.flags += 1;
    return row !== undefined;
  }

  /** The nodes of flagged rows (claimed or charged more than expected), at most 500. */
  flaggedNodes(): string[] {
    return (
      this.db
        .prepare(
          `SELECT DISTINCT node_id AS nodeId FROM gateway_spend WHERE flag IS NOT NULL AND node_id IS NOT NULL LIMIT ${MAX_FLAGGED}`,
        )
        .all() as { nodeId: string }[]
    ).map((r) => r.nodeId);
  }

  /**
   * Micro-credits that paid requests answered since `sinceMs` count while the directory has not shown their debit nor
   * been found silent after the settle time: what the balance read may not show yet. Summed again only after a write.
   */
  unsettledU(sinceMs: number): number {
    const c = this.unsettledCache;
    if (c && c.writes === this.writes && c.sinceMs === sinceMs) return c.u;
    const u =
      (
        this.db
          .prepare(`SELECT sum(credits_u) AS u FROM gateway_spend WHERE ${UNSETTLED} AND at_ms >= ?`)
          .get(sinceMs) as { u: number | null }
      ).u ?? 0;
    this.unsettledCache = { writes: this.writes, sinceMs, u };
    return u;
  }

  /** Paid answered requests made before `beforeMs` whose debit is not in the books read so far, oldest first. */
  unsettled(beforeMs: number, limit: number): UncheckedSpend[] {
    return this.db
      .prepare(
        `SELECT task_id AS taskId, at_ms AS atMs, credits_u AS creditsU FROM gateway_spend WHERE ${UNSETTLED} AND at_ms < ? ORDER BY at_ms LIMIT ?`,
      )
      .all(beforeMs, limit) as UncheckedSpend[];
  }

  /**
   * Requests the directory did not charge for: no debit in the books read well after its settle time. They count 0
   * until a debit is read after all (`markCharged` clears the mark).
   */
  markNotCharged(taskIds: readonly string[]): number {
    if (taskIds.length === 0) return 0;
    this.writes += 1;
    return this.db
      .prepare(
        `UPDATE gateway_spend SET not_charged = 1 WHERE task_id IN (SELECT value FROM json_each(?)) AND charged_u IS NULL`,
      )
      .run(JSON.stringify(taskIds)).changes;
  }

  /**
   * What the directory's kept transactions debited for each of these tasks (`task_spend` debits, summed: an operator
   * wallet may split one task's debit), in micro-credits; only the tasks that have such a debit and a spend row.
   */
  directoryCharges(taskIds: readonly string[]): Map<string, number> {
    if (taskIds.length === 0) return new Map();
    const rows = this.db
      .prepare(
        `SELECT task_id AS taskId, sum(abs(amount_u)) AS u FROM directory_transactions
         WHERE task_id IN (SELECT value FROM json_each(?)) AND ${TASK_SPEND}
           AND task_id IN (SELECT task_id FROM gateway_spend)
         GROUP BY task_id`,
      )
      .all(JSON.stringify(taskIds)) as { taskId: string; u: number }[];
    return new Map(rows.map((r) => [r.taskId, r.u]));
  }

  /** Answered requests that cost something and whose charge the directory has not confirmed yet, oldest first. */
  unchecked(limit: number): UncheckedSpend[] {
    return this.db
      .prepare(
        `SELECT task_id AS taskId, at_ms AS atMs, credits_u AS creditsU FROM gateway_spend
         WHERE ${UNSETTLED} ORDER BY at_ms LIMIT ?`,
      )
      .all(limit) as UncheckedSpend[];
  }

  /**
   * What was spent per quarter hour (UTC) in [fromMs, toMs), with the paid requests answered and, apart, the free ones
   * (own machines): a count beside a spend is of what was paid for.
   */
  buckets(fromMs: number, toMs: number): SpendBucket[] {
    return this.db
      .prepare(
        `SELECT at_ms / ${BUCKET_MS} AS bucket, sum(${SPENT_U}) AS spentU,
           sum(outcome = 'answered' AND coalesce(own, 0) = 0) AS tasks,
           sum(outcome = 'answered' AND own = 1) AS freeTasks
         FROM gateway_spend WHERE at_ms >= ? AND at_ms < ? GROUP BY 1 ORDER BY 1`,
      )
      .all(fromMs, toMs) as SpendBucket[];
  }

  /** Per node that answered (or charged for) this computer's requests in [fromMs, toMs): what it cost, most first. */
  byNode(fromMs: number, toMs: number): SpendByNode[] {
    const rows = this.db
      .prepare(
        `SELECT node_id AS nodeId, max(coalesce(own, 0)) AS own, sum(${SPENT_U}) AS spentU, sum(outcome = 'answered') AS tasks
         FROM gateway_spend WHERE at_ms >= ? AND at_ms < ? AND node_id IS NOT NULL
         GROUP BY node_id HAVING tasks > 0 OR spentU > 0 ORDER BY spentU DESC, tasks DESC, node_id`,
      )
      .all(fromMs, toMs) as { nodeId: string; own: number; spentU: number; tasks: number }[];
    return rows.map((r) => ({ ...r, own: r.own === 1 }));
  }

  /** Per app key that sent requests in [fromMs, toMs): what they cost (see SPENT_U) and how many there were. */
  byApp(fromMs: number, toMs: number): SpendByApp[] {
    return this.db
      .prepare(
        `SELECT app_key AS appKeyId, sum(${SPENT_U}) AS spentU, count(*) AS requests
         FROM gateway_spend WHERE at_ms >= ? AND at_ms < ? AND app_key IS NOT NULL GROUP BY app_key ORDER BY app_key`,
      )
      .all(fromMs, toMs) as SpendByApp[];
  }

  /** Every request in [fromMs, toMs) (either bound optional), oldest first, one at a time: the CSV export. */
  *iterate(filter: {
    from?: number;
    to?: number;
    model?: string;
  }): Generator<GatewayRequestRow & { intent: string | null }> {
    const conditions: [clause: string, value: string | number | undefined][] = [
      ['at_ms >= ?', filter.from],
      ['at_ms < ?', filter.to],
      ['model = ?', filter.model],
    ];
    const set = conditions.filter(([, v]) => v !== undefined);
    const clauses = set.map(([c]) => c);
    const params = set.map(([, v]) => v!);
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    for (const r of this.db
      .prepare(`SELECT ${ROW} FROM gateway_spend ${where} ORDER BY at_ms, rowid`)
      .iterate(...params) as Iterable<StoredSpendRow>) {
      yield { ...toRequestRow(r), intent: r.intent };
    }
  }
}
