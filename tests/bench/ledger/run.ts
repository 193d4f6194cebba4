/**
 * Ledger bench: how fast does the task ledger take rows, and how fast is the earnings report over a
 * large ledger?
 *
 * (a) Insert throughput on a fresh store in WAL mode with synchronous = FULL (every commit an fsync, as the app
 *     opened it until the group commit): one transaction per plain row (the baseline), `insertMany` batches of
 *     100 and 500 rows, and `insertWithReceipt` (one durable transaction per receipt). Each kind is measured in
 *     interleaved time slices, so a burst of other disk work hits all of them alike.
 * (c) The task path's commit, now against before (commit-path.ts): one group commit per turn of the event loop
 *     (rows, outbox entries, rollups summed per quarter hour and model, synchronous = NORMAL, then one WAL
 *     fdatasync off the loop) against one transaction per receipt (with the old PRAGMA toggles, then a WAL flush
 *     each), for 1, 16 and 64 tasks finishing in one turn: tasks/s, event-loop µs per task, fdatasyncs per turn.
 * (e) Where the WAL is checkpointed (checkpoint-path.ts): BENCH_LEDGER_CKPT_TASKS task rows with receipts through
 *     `insertGroup` in groups of 1, 20 and 64, one group per turn, before (SQLite's automatic checkpoint inside the
 *     COMMIT, on the event loop) against now (a checkpoint thread) and against never checkpointing (the floor), as
 *     fast as the loop goes and paced at a node's rate (BENCH_LEDGER_CKPT_RATE): event-loop µs and main-thread CPU
 *     µs per task, the longest stall, tasks/s, the WAL's largest size, the checkpoints left to the main connection.
 * (d) The replay checks' filters seeded from the 1,000,000-row ledger (replay-seed.ts): chunks, the longest chunk,
 *     memory, and one check from the filter against the indexed lookup the node made per task before.
 * (b) The 30-day per-day aggregation: a ledger of 1,000,000 rows over the last 90 days (a few models, ~5 %
 *     errors, receipts on successful tasks, settled awarded / rejected / expired except the last hour, which is
 *     still claimed). Rows older than 3 days go in by direct SQL with their final state and their quarter-hour
 *     rollups by one GROUP BY (seconds instead of minutes); the last 3 days go through the repository as the node
 *     writes them (insertMany, insertWithReceipt, settle), so the report's newest rollups are the repository's
 *     own. Before timing anything the bench checks every rollup row against the same sums over the ledger rows.
 *     Then `earningsReport(ledger, now, 30, 'Europe/Berlin')` (median of BENCH_LEDGER_RUNS runs after a warm-up)
 *     against the naive equivalent, one `SELECT … GROUP BY local day, model` over the ledger table itself (day
 *     bounds from the same zone rules), whose answer must be the same. Target: report ≤ 50 ms. Also printed: the
 *     report's two queries on their own, other periods, another zone, and (an experiment on the temporary
 *     database only) the report with a covering index for the rejection notes.
 *
 * Env: BENCH_LEDGER_ROWS (default 1000000), BENCH_LEDGER_RUNS (default 20), BENCH_LEDGER_INSERT_MS (measured
 * time per insert kind, default 2000), BENCH_LEDGER_COMMIT_MS (measured time per commit kind and turn size in (c),
 * default 1500), BENCH_LEDGER_CKPT_TASKS (tasks per run in (e), default 60000), BENCH_LEDGER_CKPT_ROUNDS (runs of
 * each kind in (e), default 1), BENCH_LEDGER_CKPT_RATE (tasks/s of the paced runs in (e), default 4000),
 * BENCH_LEDGER_DIR (parent of the temporary data directory; default the system temp dir — put it on
 * the disk the app's data lives on to see that disk's fsync cost).
 * Writes test-artifacts/bench/ledger.json. Exit code 0 whether the target passes or misses (it is a report); 1 if
 * the bench itself broke (rollups disagreeing with the rows, the report disagreeing with the naive query).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDay, startOfLocalDay } from '@shared/calendar/days';
import { earningsReport } from '@engine/earnings/report';
import { formatCredits } from '@engine/pricing/credits';
import { Store } from '@engine/store';
import { BUCKET_MS, type LedgerRepository, type NewLedgerRow } from '@engine/store/ledger-repo';
import { benchCheckpoints, type CheckpointRun } from './checkpoint-path';
import { benchCommitPath, type CommitResult } from './commit-path';
import { benchReplaySeeding } from './replay-seed';
import { knob } from '../lib/knob';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const OUT_DIR = join(ROOT, 'test-artifacts/bench');

const env = process.env;
const ROWS = Math.floor(knob('BENCH_LEDGER_ROWS', 1_000_000, 1, 20_000));
const RUNS = Math.floor(knob('BENCH_LEDGER_RUNS', 20, 1, 2));
const INSERT_MS = knob('BENCH_LEDGER_INSERT_MS', 2000, 1, 200);
const COMMIT_MS = knob('BENCH_LEDGER_COMMIT_MS', 1500, 1, 200);
const COMMIT_SIZES = [1, 16, 64];
const CKPT_TASKS = Math.floor(knob('BENCH_LEDGER_CKPT_TASKS', 60_000, 1, 1_280));
const CKPT_ROUNDS = Math.floor(knob('BENCH_LEDGER_CKPT_ROUNDS', 1, 1));
const CKPT_SIZES = [1, 20, 64];
const CKPT_RATE = knob('BENCH_LEDGER_CKPT_RATE', 4000, 1);
const PARENT_DIR = env.BENCH_LEDGER_DIR || tmpdir();
const INSERT_ROUNDS = 4;

const TIME_ZONE = 'Europe/Berlin';
const DAYS = 30;
const REPORT_TARGET_MS = 50;
const HISTORY_DAYS = 90;
/** The newest days go in through the repository (the rest by direct SQL, for speed). */
const REPO_DAYS = 3;
const DAY_MS = 24 * 3600_000;
const INTENT = 'urn:iicp:intent:llm:chat:v1';
/** Models with their share of the tasks; null: failed before the backend named a model. */
const MODELS: [string | null, number][] = [
  ['llama3.1:8b-instruct-q4_K_M', 0.5],
  ['qwen2.5:14b-instruct', 0.25],
  ['mistral-nemo:12b', 0.15],
  ['nomic-embed-text', 0.08],
  [null, 0.02],
];
const REJECTIONS = [
  'E_OVER_CEILING: amount above the tier ceiling',
  'E_REPLAY: nonce already used',
  'E_SIGNATURE: receipt signature does not match',
  'E_UNKNOWN_TASK: no such task',
];

class BenchBroken extends Error {}

/** Deterministic PRNG (mulberry32): the same ledger every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const round3 = (n: number) => Math.round(n * 1e3) / 1e3;
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function fsType(path: string): string {
  try {
    // The longest mount point that is a prefix of the path (Linux only).
    let best = { mount: '', type: '?' };
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [, mount, type] = line.split(' ');
      if (
        mount &&
        type &&
        (path === mount || path.startsWith(mount.endsWith('/') ? mount : `${mount}/`)) &&
        mount.length > best.mount.length
      )
        best = { mount, type };
    }
    return best.type;
  } catch {
    return '?';
  }
}

// ---------------------------------------------------------------------------------------------------
// (a) insert throughput
// ---------------------------------------------------------------------------------------------------

type InsertKind = 'single' | 'batch100' | 'batch500' | 'receipt';
const INSERT_KINDS: InsertKind[] = ['single', 'batch100', 'batch500', 'receipt'];
const INSERT_LABEL: Record<InsertKind, string> = {
  single: 'insertMany([row]): 1 row per transaction (baseline)',
  batch100: 'insertMany(100 rows) per transaction',
  batch500: 'insertMany(500 rows) per transaction',
  receipt: 'insertWithReceipt: row + outbox entry per transaction',
};

interface InsertResult {
  kind: InsertKind;
  rows: number;
  transactions: number;
  ms: number;
  rowsPerSec: number;
  vsSingle: number;
  /** Per-transaction latency (ms): p50 and p99. */
  txP50: number;
  txP99: number;
}

function benchInserts(dir: string): InsertResult[] {
  const store = Store.open(join(dir, 'insert.db'));
  // As the app opened its database until the group commit: every commit syncs in full.
  store.db.pragma('synchronous = FULL');
  try {
    const ledger = store.ledger;
    let seq = 0;
    const row = (): NewLedgerRow => {
      const i = seq++;
      return {
        taskId: `ins-${i}`,
        ts: Date.now(),
        intent: INTENT,
        model: 'llama3.1:8b-instruct-q4_K_M',
        outcome: 'ok',
        tokens: 100 + (i % 900),
        latencyMs: 200 + (i % 1000),
      };
    };
    const unit: Record<InsertKind, () => number> = {
      single: () => (ledger.insertMany([row()]), 1),
      batch100: () => (ledger.insertMany(Array.from({ length: 100 }, row)), 100),
      batch500: () => (ledger.insertMany(Array.from({ length: 500 }, row)), 500),
      receipt: () => {
        const r = row();
        ledger.insertWithReceipt(r, {
          body: { task_id: r.taskId, nonce: `n-${r.taskId}`, tokens: r.tokens, amount: 0.000123 },
          amount: 0.000123,
          expiresAt: r.ts + 3_600_000,
        });
        return 1;
      },
    };
    const acc = Object.fromEntries(INSERT_KINDS.map((k) => [k, { rows: 0, ms: 0, tx: [] as number[] }])) as Record<
      InsertKind,
      { rows: number; ms: number; tx: number[] }
    >;
    // Warm-up: statements compiled, WAL file grown, JIT warm.
    for (const k of INSERT_KINDS) for (let i = 0; i < 20; i++) unit[k]();
    const slice = INSERT_MS / INSERT_ROUNDS;
    for (let round = 0; round < INSERT_ROUNDS; round++) {
      for (let j = 0; j < INSERT_KINDS.length; j++) {
        const k = INSERT_KINDS[(j + round) % INSERT_KINDS.length]!;
        const a = acc[k];
        const t0 = performance.now();
        let t = t0;
        while (t - t0 < slice) {
          a.rows += unit[k]();
          const t1 = performance.now();
          a.tx.push(t1 - t);
          t = t1;
        }
        a.ms += t - t0;
      }
    }
    const single = acc.single.rows / acc.single.ms;
    return INSERT_KINDS.map((k) => {
      const a = acc[k];
      return {
        kind: k,
        rows: a.rows,
        transactions: a.tx.length,
        ms: a.ms,
        rowsPerSec: (a.rows / a.ms) * 1000,
        vsSingle: a.rows / a.ms / single,
        txP50: median(a.tx),
        txP99: pct(a.tx, 0.99),
      };
    });
  } finally {
    store.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// (b) the 30-day report over a large ledger
// ---------------------------------------------------------------------------------------------------

interface Task {
  row: NewLedgerRow;
  /** Null: no receipt (an error, no tokens). */
  receipt: { amount: number; body: Record<string, unknown> } | null;
  /** The directory's answer; null while the receipt is still claimed (in the outbox). */
  settled: { state: 'awarded' | 'rejected' | 'expired'; awarded: number | null; note: string } | null;
}

/** ROWS tasks over the last HISTORY_DAYS days in time order, the same ones every run (relative to `now`). */
function* tasks(now: number): Generator<Task> {
  const rand = rng(7);
  const start = now - HISTORY_DAYS * DAY_MS;
  const step = (now - 60_000 - start) / ROWS;
  const settleBefore = now - 3_600_000;
  for (let i = 0; i < ROWS; i++) {
    const ts = Math.floor(start + i * step + rand() * step);
    let x = rand();
    let model: string | null = null;
    for (const [m, share] of MODELS) {
      if ((x -= share) < 0) {
        model = m;
        break;
      }
    }
    const error = model === null || rand() < 0.04;
    const tokens = error ? null : 20 + Math.floor(rand() * 1980);
    const row: NewLedgerRow = {
      taskId: `t-${i}`,
      ts,
      intent: INTENT,
      model,
      outcome: error ? 'error' : 'ok',
      tokens,
      latencyMs: 50 + Math.floor(rand() * 3000),
    };
    if (tokens === null) {
      yield { row, receipt: null, settled: null };
      continue;
    }
    // Credits with six decimals, as receipts carry them.
    const amount = Math.round(tokens * (model === 'qwen2.5:14b-instruct' ? 2.5 : 1) * 1.5) / 1e6;
    const receipt = { amount, body: { task_id: row.taskId, nonce: `n-${i}`, tokens, amount } };
    if (ts >= settleBefore) {
      yield { row, receipt, settled: null };
      continue;
    }
    const y = rand();
    const settled =
      y < 0.92
        ? { state: 'awarded' as const, awarded: amount, note: '' }
        : y < 0.97
          ? { state: 'rejected' as const, awarded: null, note: REJECTIONS[Math.floor(rand() * REJECTIONS.length)]! }
          : {
              state: 'expired' as const,
              awarded: null,
              note: 'expired: the directory did not accept the receipt before it expired',
            };
    yield { row, receipt, settled };
  }
}

interface Built {
  ms: number;
  sqlRows: number;
  repoRows: number;
  receipts: number;
  settled: number;
}

/**
 * Builds the ledger. Rows older than REPO_DAYS go in by direct SQL with their final receipt state, and their
 * rollups by one GROUP BY over them (all in one transaction); the last REPO_DAYS go through the repository as the
 * node writes them (insertMany runs, insertWithReceipt, settle), so the rollups of the report's newest days are
 * the repository's own, and checkRollups() then compares every rollup row with the ledger.
 */
function buildLedger(store: Store, now: number): Built {
  const ledger = store.ledger;
  const repoFrom = now - REPO_DAYS * DAY_MS;
  const b: Built = { ms: 0, sqlRows: 0, repoRows: 0, receipts: 0, settled: 0 };
  const t0 = performance.now();
  const it = tasks(now);
  let next = it.next();

  const insert = store.db.prepare(
    'INSERT INTO ledger (task_id, ts, intent, model, outcome, tokens, latency_ms, receipt, claimed, awarded, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  store.db.transaction(() => {
    for (; !next.done && next.value.row.ts < repoFrom; next = it.next()) {
      const { row: r, receipt, settled } = next.value;
      if (receipt && !settled)
        throw new BenchBroken('an unsettled receipt in the bulk part: REPO_DAYS must cover the outbox');
      insert.run(
        r.taskId,
        r.ts,
        r.intent,
        r.model,
        r.outcome,
        r.tokens,
        r.latencyMs,
        settled?.state ?? 'none',
        receipt?.amount ?? null,
        settled?.awarded ?? null,
        settled?.note || null,
      );
      b.sqlRows++;
      if (receipt) b.receipts++;
      if (settled) b.settled++;
    }
    // Same sums as the repository keeps (jobs = successful tasks; pending = claims not yet answered).
    store.db.exec(
      `INSERT INTO ledger_rollup (bucket, model, jobs, errors, tokens, awarded, pending, rejected, expired, claimed_u, awarded_u, rejected_u, expired_u)
       SELECT ts / ${BUCKET_MS}, coalesce(model, ''), sum(outcome = 'ok'), sum(outcome = 'error'), sum(coalesce(tokens, 0)),
         sum(coalesce(awarded, 0)), sum(CASE WHEN receipt = 'claimed' THEN claimed ELSE 0 END), sum(receipt = 'rejected'), sum(receipt = 'expired'),
         sum(${MICRO_OF('claimed')}), sum(${MICRO_OF('awarded')}),
         sum(CASE WHEN receipt = 'rejected' THEN ${MICRO_OF('claimed')} ELSE 0 END), sum(CASE WHEN receipt = 'expired' THEN ${MICRO_OF('claimed')} ELSE 0 END)
       FROM ledger GROUP BY 1, 2`,
    );
  })();

  // The repository's own path, in big transactions (its transactions nest as savepoints); plain rows go through
  // insertMany in runs, flushed before each receipt row so ids stay in time order.
  const CHUNK = 20_000;
  const chunk = store.db.transaction(() => {
    let plain: NewLedgerRow[] = [];
    for (let n = 0; n < CHUNK && !next.done; n++, next = it.next()) {
      const { row, receipt, settled } = next.value;
      b.repoRows++;
      // Consumers that send a nonce: the replay filter's seeding reads the last 300 s of them.
      row.nonce = `n-${row.taskId}`;
      if (!receipt) {
        plain.push(row);
        continue;
      }
      if (plain.length) ledger.insertMany(plain);
      plain = [];
      const expiresAt = row.ts + 6 * 3_600_000;
      const ledgerId = ledger.insertWithReceipt(row, { body: receipt.body, amount: receipt.amount, expiresAt });
      b.receipts++;
      if (!settled) continue;
      ledger.settle(
        { taskId: row.taskId, ledgerId, body: JSON.stringify(receipt.body), expiresAt, attempts: 0 },
        settled.state,
        settled.awarded,
        settled.note || null,
      );
      b.settled++;
    }
    if (plain.length) ledger.insertMany(plain);
  });
  while (!next.done) chunk();
  b.ms = performance.now() - t0;
  return b;
}

const ROLLUP_COLUMNS = [
  'jobs',
  'errors',
  'tokens',
  'awarded',
  'pending',
  'rejected',
  'expired',
  'energyJ',
  'energyJobs',
  'energyTokens',
] as const;
/** A REAL column in exact micro-credits, as the rollup's integer columns hold it. */
const MICRO_OF = (column: string): string => `CAST(round(coalesce(${column}, 0) * 1000000) AS INTEGER)`;

/** The rollup table must equal the same sums taken over the ledger rows themselves. */
function checkRollups(store: Store): number {
  type R = Record<(typeof ROLLUP_COLUMNS)[number] | 'bucket', number> & { model: string };
  const stored = store.db
    .prepare(
      'SELECT bucket, model, jobs, errors, tokens, awarded, pending, rejected, expired, energy_j AS energyJ, energy_jobs AS energyJobs, energy_tokens AS energyTokens FROM ledger_rollup ORDER BY bucket, model',
    )
    .all() as R[];
  const fromRows = store.db
    .prepare(
      `SELECT ts / 900000 AS bucket, coalesce(model, '') AS model, sum(outcome = 'ok') AS jobs, sum(outcome = 'error') AS errors,
         sum(coalesce(tokens, 0)) AS tokens, sum(coalesce(awarded, 0)) AS awarded,
         sum(CASE WHEN receipt = 'claimed' THEN claimed ELSE 0 END) AS pending,
         sum(receipt = 'rejected') AS rejected, sum(receipt = 'expired') AS expired,
         sum(coalesce(energy_j, 0)) AS energyJ, sum(energy_j IS NOT NULL) AS energyJobs,
         sum(CASE WHEN energy_j IS NOT NULL THEN coalesce(tokens, 0) ELSE 0 END) AS energyTokens
       FROM ledger GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all() as R[];
  if (stored.length !== fromRows.length)
    throw new BenchBroken(`rollups: ${stored.length} rows, GROUP BY over the ledger: ${fromRows.length}`);
  for (let i = 0; i < fromRows.length; i++) {
    const a = stored[i]!;
    const b = fromRows[i]!;
    const same =
      a.bucket === b.bucket &&
      a.model === b.model &&
      ROLLUP_COLUMNS.every((c) => Math.abs(a[c] - b[c]) < 1e-6 * Math.max(1, Math.abs(b[c])));
    if (!same)
      throw new BenchBroken(
        `rollup row disagrees with the ledger: stored ${JSON.stringify(a)} vs rows ${JSON.stringify(b)}`,
      );
  }
  return stored.length;
}

type Report = Omit<ReturnType<typeof earningsReport>, 'reconciliation'>;

/** The same report without rollups: one GROUP BY (local day, model) over the ledger rows of the period. */
function naiveReport(store: Store, now: number, days: number, timeZone: string): Report {
  const starts = [startOfLocalDay(now, timeZone)];
  for (let i = 1; i < days; i++) starts.unshift(startOfLocalDay(starts[0]! - 1, timeZone));
  const bounds = starts.map((s, i) => [localDay(s, timeZone), s, starts[i + 1] ?? now + 1] as const);
  const rows = store.db
    .prepare(
      `WITH days (day, start, stop) AS (VALUES ${bounds.map(() => '(?, ?, ?)').join(', ')})
       SELECT days.day AS day, coalesce(l.model, '') AS model, sum(l.outcome = 'ok') AS jobs, sum(l.outcome = 'error') AS errors,
         sum(coalesce(l.tokens, 0)) AS tokens, sum(coalesce(l.awarded, 0)) AS awarded,
         sum(CASE WHEN l.receipt = 'claimed' THEN l.claimed ELSE 0 END) AS pending,
         sum(l.receipt = 'rejected') AS rejected, sum(l.receipt = 'expired') AS expired,
         sum(coalesce(l.energy_j, 0)) AS energyJ, sum(l.energy_j IS NOT NULL) AS energyJobs,
         sum(CASE WHEN l.energy_j IS NOT NULL THEN coalesce(l.tokens, 0) ELSE 0 END) AS energyTokens
       FROM days JOIN ledger l ON l.ts >= days.start AND l.ts < days.stop
       GROUP BY days.day, l.model`,
    )
    .all(...bounds.flat()) as ({ day: string; model: string } & Record<(typeof ROLLUP_COLUMNS)[number], number>)[];
  const zero = () => ({
    jobs: 0,
    errors: 0,
    tokens: 0,
    awarded: 0,
    pending: 0,
    rejected: 0,
    expired: 0,
    energyJ: 0,
    energyJobs: 0,
    energyTokens: 0,
  });
  const perDay = new Map(bounds.map(([d]) => [d, zero()]));
  const perModel = new Map<string, ReturnType<typeof zero>>();
  const totals = zero();
  for (const r of rows) {
    const targets = [perDay.get(r.day)!, totals];
    if (r.model) {
      if (!perModel.has(r.model)) perModel.set(r.model, zero());
      targets.push(perModel.get(r.model)!);
    }
    for (const t of targets) for (const c of ROLLUP_COLUMNS) t[c] += r[c];
  }
  const reasons = store.db
    .prepare(
      "SELECT coalesce(note, '') AS note, count(*) AS count FROM ledger WHERE receipt = 'rejected' AND ts >= ? GROUP BY note ORDER BY count DESC LIMIT 20",
    )
    .all(starts[0]) as { note: string; count: number }[];
  return {
    timeZone,
    days,
    totals: {
      jobs: totals.jobs,
      errors: totals.errors,
      tokens: totals.tokens,
      awarded: round6(totals.awarded),
      pending: round6(Math.max(0, totals.pending)),
      rejected: totals.rejected,
      expired: totals.expired,
      energyJ: round3(totals.energyJ),
      energyTasks: totals.energyJobs,
      spent: 0,
      spentTasks: 0,
      freeTasks: 0,
    },
    // The bench's report has no spent side (no gateway requests): nothing spent, net = awarded, no machines listed.
    perDay: [...perDay].map(([day, t]) => ({
      day,
      jobs: t.jobs,
      tokens: t.tokens,
      awarded: round6(t.awarded),
      pending: round6(Math.max(0, t.pending)),
      energyJ: round3(t.energyJ),
      energyTasks: t.energyJobs,
      spent: 0,
      net: round6(t.awarded),
    })),
    perMachine: [],
    perModel: [...perModel]
      .map(([model, t]) => ({
        model,
        jobs: t.jobs,
        tokens: t.tokens,
        awarded: round6(t.awarded),
        energyJ: round3(t.energyJ),
        energyTokens: t.energyTokens,
        // The bench books chat tasks only: no speech task's own unit.
        audioMs: 0,
        characters: 0,
        items: 0,
      }))
      .sort((a, b) => b.jobs - a.jobs),
    rejectedReasons: reasons.map((r) => {
      const m = /^(\S+): ?(.*)$/s.exec(r.note);
      return { code: m ? m[1]! : 'unknown', message: m ? m[2]! : r.note, count: r.count };
    }),
  };
}

/** The reconciliation's exact per-day claims and awards equal the same sums over the ledger rows, to the millionth. */
function sameReconciliation(
  store: Store,
  days: ReturnType<typeof earningsReport>['reconciliation'],
  now: number,
  n: number,
  timeZone: string,
): string | null {
  const starts = [startOfLocalDay(now, timeZone)];
  for (let i = 1; i < n; i++) starts.unshift(startOfLocalDay(starts[0]! - 1, timeZone));
  const sum = store.db.prepare(
    `SELECT sum(${MICRO_OF('claimed')}) AS c, sum(${MICRO_OF('awarded')}) AS a FROM ledger WHERE ts >= ? AND ts < ?`,
  );
  for (let i = 0; i < starts.length; i++) {
    const r = sum.get(starts[i], starts[i + 1] ?? now + 1) as { c: number | null; a: number | null };
    const d = days[i]!;
    if (d.claimed !== formatCredits(r.c ?? 0) || d.awarded !== formatCredits(r.a ?? 0))
      return `reconciliation[${i}] (${d.day}): ${d.claimed}/${d.awarded} vs ${formatCredits(r.c ?? 0)}/${formatCredits(r.a ?? 0)}`;
  }
  return null;
}

/** Equal up to float summation order (credits compared to 1e-5). */
function sameReport(a: unknown, b: unknown, path = 'report'): string | null {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-5 ? null : `${path}: ${a} vs ${b}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} vs ${b.length} entries`;
    for (let i = 0; i < a.length; i++) {
      const d = sameReport(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = sameReport((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

function timeRuns(runs: number, warmup: number, fn: () => unknown): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<number> {
  mkdirSync(PARENT_DIR, { recursive: true });
  const dir = mkdtempSync(join(PARENT_DIR, 'iicp-ledger-bench-'));
  try {
    const load = loadavg()[0]!.toFixed(2);
    console.log(
      `\nledger bench — stores in ${dir} (${fsType(dir)}), WAL; (a) at synchronous = FULL, (c) as the node commits now and before`,
    );
    console.log(
      `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? '?'}), 1-min load before start ${load}`,
    );

    // (a)
    console.log(
      `\n(a) insert throughput on a fresh ledger, ${INSERT_MS} ms per kind in ${INSERT_ROUNDS} interleaved slices`,
    );
    const inserts = benchInserts(dir);
    const head = ['kind', 'rows', 'tx', 'rows/s', 'x single', 'tx p50 ms', 'tx p99 ms'];
    const table = inserts.map((r) => [
      INSERT_LABEL[r.kind],
      fmt(r.rows),
      fmt(r.transactions),
      fmt(r.rowsPerSec),
      r.vsSingle.toFixed(1),
      r.txP50.toFixed(3),
      r.txP99.toFixed(3),
    ]);
    printTable(head, table);

    // (c)
    console.log(
      `\n(c) the task path's commit, every task with a receipt: ${COMMIT_SIZES.join(', ')} tasks per turn, ${COMMIT_MS} ms per kind and size in ${INSERT_ROUNDS} interleaved slices`,
    );
    const commitStore = Store.open(join(dir, 'commit.db'));
    let commits: CommitResult[];
    try {
      commits = await benchCommitPath(commitStore, COMMIT_MS / INSERT_ROUNDS, INSERT_ROUNDS, COMMIT_SIZES);
    } finally {
      commitStore.close();
    }
    const COMMIT_LABEL = {
      perReceipt: 'before: a transaction per receipt (PRAGMA toggles), a WAL flush each',
      group: 'now: one group commit per turn, one WAL flush',
    };
    printTable(
      ['kind', 'tasks/turn', 'tasks', 'tasks/s', 'loop µs/task', 'fdatasync/turn', 'turn p50 ms', 'turn p99 ms'],
      commits.map((c) => [
        COMMIT_LABEL[c.kind],
        String(c.tasksPerTurn),
        fmt(c.tasks),
        fmt(c.tasksPerSec),
        c.loopUsPerTask.toFixed(1),
        c.fdatasyncsPerTurn.toFixed(2),
        c.turnP50Ms.toFixed(3),
        c.turnP99Ms.toFixed(3),
      ]),
    );
    for (const n of COMMIT_SIZES) {
      const before = commits.find((c) => c.kind === 'perReceipt' && c.tasksPerTurn === n)!;
      const group = commits.find((c) => c.kind === 'group' && c.tasksPerTurn === n)!;
      console.log(
        `info  ${n} task${n > 1 ? 's' : ''} per turn: group commit ${(before.loopUsPerTask / group.loopUsPerTask).toFixed(1)}x less event-loop time per task (${group.loopUsPerTask.toFixed(1)} vs ${before.loopUsPerTask.toFixed(1)} µs), ` +
          `${(group.tasksPerSec / before.tasksPerSec).toFixed(1)}x the tasks/s, ${group.fdatasyncsPerTurn.toFixed(2)} vs ${before.fdatasyncsPerTurn.toFixed(2)} fdatasyncs per turn`,
      );
    }

    // (e)
    console.log(
      `\n(e) where the WAL is checkpointed: ${fmt(CKPT_TASKS)} tasks with receipts per run, one group per turn (as fast as the loop goes; paced: ${fmt(CKPT_RATE)} tasks/s), ${CKPT_ROUNDS} run${CKPT_ROUNDS > 1 ? 's' : ''} of each kind in rotating order`,
    );
    const ckpt = await benchCheckpoints(dir, CKPT_TASKS, CKPT_SIZES, CKPT_ROUNDS, CKPT_RATE);
    printCheckpoints(ckpt);

    // (b)
    const now = Date.now();
    const store = Store.open(join(dir, 'ledger.db'));
    try {
      console.log(
        `\n(b) the ${DAYS}-day report over ${fmt(ROWS)} ledger rows spread over the last ${HISTORY_DAYS} days`,
      );
      const built = buildLedger(store, now);
      store.db.pragma('wal_checkpoint(TRUNCATE)');
      const rollupRows = checkRollups(store);
      const dbMB = statSync(join(dir, 'ledger.db')).size / 2 ** 20;
      console.log(
        `built in ${(built.ms / 1000).toFixed(1)} s: ${fmt(built.sqlRows)} rows by direct SQL (rollups by one GROUP BY), the last ${REPO_DAYS} days (${fmt(built.repoRows)} rows) through the repository; ` +
          `${fmt(built.receipts)} with a receipt, ${fmt(built.settled)} settled, ${fmt(store.ledger.outboxSize())} still in the outbox; database ${dbMB.toFixed(0)} MB`,
      );

      const ledger: LedgerRepository = store.ledger;
      const report = earningsReport(ledger, now, DAYS, TIME_ZONE);
      const naive = naiveReport(store, now, DAYS, TIME_ZONE);
      const { reconciliation, ...totalsReport } = report;
      const diff = sameReport(totalsReport, naive) ?? sameReconciliation(store, reconciliation, now, DAYS, TIME_ZONE);
      if (diff) throw new BenchBroken(`earningsReport and the naive GROUP BY disagree at ${diff}`);
      console.log(`rollups: ${fmt(rollupRows)} rows, each equal to the same sums over the ledger rows`);
      const inPeriod = report.totals.jobs + report.totals.errors;
      console.log(
        `${DAYS}-day report (${TIME_ZONE}): ${report.perDay.length} days, ${fmt(inPeriod)} tasks in the period, ${report.perModel.length} models, ${report.rejectedReasons.length} rejection reasons — same answer as the naive query`,
      );

      const reportMs = timeRuns(RUNS, 3, () => earningsReport(ledger, now, DAYS, TIME_ZONE));
      const naiveRuns = Math.max(3, Math.min(RUNS, 7));
      const naiveMs = timeRuns(naiveRuns, 1, () => naiveReport(store, now, DAYS, TIME_ZONE));
      const others = ([1, 7, 90] as const).map((d) => ({
        days: d,
        ms: median(timeRuns(Math.min(RUNS, 10), 2, () => earningsReport(ledger, now, d, TIME_ZONE))),
      }));
      const nyMs = median(timeRuns(Math.min(RUNS, 10), 2, () => earningsReport(ledger, now, DAYS, 'America/New_York')));
      const from30 = (() => {
        let t = startOfLocalDay(now, TIME_ZONE);
        for (let i = 1; i < DAYS; i++) t = startOfLocalDay(t - 1, TIME_ZONE);
        return t;
      })();
      const rollupsMs = median(timeRuns(RUNS, 2, () => ledger.rollups(from30, now + BUCKET_MS)));
      const reasonsMs = median(timeRuns(RUNS, 2, () => ledger.rejectedReasons(from30)));
      // Experiment on this temporary database only: rejectedReasons reads every rejected row of the period from
      // the table for its note; an index holding the note too (covering) lets it read the index alone.
      store.db.exec("CREATE INDEX bench_rejected_covering ON ledger (ts, note) WHERE receipt = 'rejected'");
      const covering = {
        reasonsMs: median(timeRuns(RUNS, 2, () => ledger.rejectedReasons(from30))),
        reportMs: median(timeRuns(RUNS, 2, () => earningsReport(ledger, now, DAYS, TIME_ZONE))),
        report90Ms: median(timeRuns(Math.min(RUNS, 10), 2, () => earningsReport(ledger, now, 90, TIME_ZONE))),
      };
      store.db.exec('DROP INDEX bench_rejected_covering');
      const r50 = median(reportMs);
      const n50 = median(naiveMs);
      printTable(
        ['query', 'runs', 'median ms', 'min ms', 'max ms'],
        [
          [
            `earningsReport(${DAYS} days, ${TIME_ZONE}) from the rollups`,
            String(RUNS),
            r50.toFixed(2),
            Math.min(...reportMs).toFixed(2),
            Math.max(...reportMs).toFixed(2),
          ],
          [
            `naive SELECT … GROUP BY day, model over the ledger (baseline)`,
            String(naiveRuns),
            n50.toFixed(2),
            Math.min(...naiveMs).toFixed(2),
            Math.max(...naiveMs).toFixed(2),
          ],
        ],
      );
      console.log(
        `info  the report's queries alone (${DAYS} days): ledger.rollups ${rollupsMs.toFixed(2)} ms (${fmt(ledger.rollups(from30, now + BUCKET_MS).length)} rows), ledger.rejectedReasons ${reasonsMs.toFixed(2)} ms (${fmt(report.totals.rejected)} rejected rows read)`,
      );
      console.log(
        `info  other periods from the rollups: ${others.map((o) => `${o.days} day${o.days > 1 ? 's' : ''} ${o.ms.toFixed(2)} ms`).join(', ')}; ${DAYS} days in America/New_York ${nyMs.toFixed(2)} ms`,
      );
      console.log(
        `info  experiment, index ledger (ts, note) WHERE receipt = 'rejected' (covering): rejectedReasons ${covering.reasonsMs.toFixed(2)} ms, ` +
          `earningsReport ${DAYS} days ${covering.reportMs.toFixed(2)} ms, 90 days ${covering.report90Ms.toFixed(2)} ms`,
      );

      // (d)
      const seed = benchReplaySeeding(store, ROWS, now, (i) => `t-${i}`);
      console.log(
        `\n(d) replay filters seeded from ${fmt(seed.rows)} rows in ${seed.totalMs.toFixed(0)} ms, ${fmt(seed.chunks)} chunks (longest ${seed.chunkMaxMs.toFixed(2)} ms, p99 ${seed.chunkP99Ms.toFixed(2)} ms), ${(seed.filterBytes / 2 ** 20).toFixed(2)} MiB`,
      );
      console.log(
        `info  replay check per task: a new task id ${seed.newTaskFilterUs.toFixed(2)} µs from the filter vs ${seed.newTaskLookupUs.toFixed(2)} µs by indexed lookup; ` +
          `a new nonce ${seed.newNonceFilterUs.toFixed(2)} vs ${seed.newNonceLookupUs.toFixed(2)} µs; a known task id (filter, then lookup) ${seed.knownTaskUs.toFixed(2)} µs`,
      );

      const single = inserts.find((r) => r.kind === 'single')!;
      const b100 = inserts.find((r) => r.kind === 'batch100')!;
      const b500 = inserts.find((r) => r.kind === 'batch500')!;
      const receipt = inserts.find((r) => r.kind === 'receipt')!;
      const checks = [
        {
          name: `earningsReport over ${fmt(ROWS)} rows (${DAYS} days, ${TIME_ZONE}) <= ${REPORT_TARGET_MS} ms`,
          pass: r50 <= REPORT_TARGET_MS,
          detail: `median ${r50.toFixed(2)} ms; naive GROUP BY ${n50.toFixed(2)} ms = ${(n50 / r50).toFixed(0)}x slower`,
        },
      ];
      console.log('');
      for (const ch of checks) console.log(`${ch.pass ? 'PASS' : 'MISS'}  ${ch.name}: ${ch.detail}`);
      console.log(
        `info  batched inserts vs one transaction per row: 100-row batches ${b100.vsSingle.toFixed(0)}x (${fmt(b100.rowsPerSec)} vs ${fmt(single.rowsPerSec)} rows/s), 500-row batches ${b500.vsSingle.toFixed(0)}x (${fmt(b500.rowsPerSec)} rows/s)`,
      );
      console.log(
        `info  insertWithReceipt (durable before the answer): ${fmt(receipt.rowsPerSec)} receipts/s, p50 ${receipt.txP50.toFixed(3)} ms, p99 ${receipt.txP99.toFixed(3)} ms per transaction`,
      );

      mkdirSync(OUT_DIR, { recursive: true });
      const out = join(OUT_DIR, 'ledger.json');
      writeFileSync(
        out,
        JSON.stringify(
          {
            bench: 'ledger',
            at: new Date().toISOString(),
            node: process.version,
            cpus: cpus().length,
            loadavg1mBefore: Number(load),
            filesystem: fsType(dir),
            inserts,
            commitPath: commits,
            checkpoints: ckpt,
            replaySeeding: seed,
            ledger: {
              rows: ROWS,
              historyDays: HISTORY_DAYS,
              buildMs: built.ms,
              sqlRows: built.sqlRows,
              repoRows: built.repoRows,
              receipts: built.receipts,
              settled: built.settled,
              rollupRows,
              dbMB,
            },
            report: {
              days: DAYS,
              timeZone: TIME_ZONE,
              runs: RUNS,
              medianMs: r50,
              runsMs: reportMs,
              rollupsQueryMs: rollupsMs,
              rejectedReasonsQueryMs: reasonsMs,
              coveringRejectedIndexExperiment: covering,
              naiveMedianMs: n50,
              naiveRunsMs: naiveMs,
              otherPeriods: others,
              newYork30DaysMs: nyMs,
            },
            checks,
            latencyUnit: 'ms',
          },
          null,
          2,
        ) + '\n',
      );
      console.log(`\nwrote ${out}`);
    } finally {
      store.close();
    }
    return 0;
  } catch (err) {
    console.error(`\nledger bench BROKEN: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CKPT_LABEL = {
  before: 'before: automatic checkpoint in the COMMIT',
  thread: 'now: checkpoint thread',
  none: 'never checkpointed (floor)',
};

function printCheckpoints(runs: CheckpointRun[]): void {
  printTable(
    [
      'way',
      'pattern',
      'group',
      'loop µs/task',
      'cpu µs/task',
      'longest stall ms',
      'tasks/s',
      'max WAL MiB',
      'main-loop checkpoints (ms, longest)',
    ],
    runs.map((r) => [
      CKPT_LABEL[r.way],
      r.pattern,
      String(r.groupSize),
      r.loopUs.toFixed(1),
      r.cpuUs.toFixed(1),
      r.maxStallMs.toFixed(1),
      fmt(r.tasksPerSec),
      ((r.maxWalFrames * 4120) / 2 ** 20).toFixed(1),
      r.stats
        ? `${r.stats.mainCheckpoints} (${r.stats.mainMs.toFixed(0)}, ${r.stats.mainMaxMs.toFixed(1)}); thread ${r.stats.threadCheckpoints}`
        : r.way === 'before'
          ? 'every ~1000 pages'
          : '-',
    ]),
  );
  for (const r of runs.filter((x) => x.way === 'thread')) {
    const before = runs.find((x) => x.way === 'before' && x.pattern === r.pattern && x.groupSize === r.groupSize)!;
    const none = runs.find((x) => x.way === 'none' && x.pattern === r.pattern && x.groupSize === r.groupSize)!;
    console.log(
      `info  ${r.pattern}, groups of ${r.groupSize}: event loop ${before.loopUs.toFixed(1)} → ${r.loopUs.toFixed(1)} µs per task (${(before.loopUs / r.loopUs).toFixed(2)}x less; floor ${none.loopUs.toFixed(1)}), ` +
        `CPU ${before.cpuUs.toFixed(1)} → ${r.cpuUs.toFixed(1)} µs, longest stall ${before.maxStallMs.toFixed(1)} → ${r.maxStallMs.toFixed(1)} ms`,
    );
  }
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log('');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

process.exitCode = await main();
