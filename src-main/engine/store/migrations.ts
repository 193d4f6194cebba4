import type Database from 'better-sqlite3';
import { LATER_MIGRATIONS } from './later-migrations';

/**
 * Numbered, forward-only migrations. `PRAGMA user_version` records the last one applied; each runs in the
 * same transaction as its version bump, so a crash mid-migration leaves the previous version intact.
 * Never edit a migration that has shipped: add a new one.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'settings, engine state and event log',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE engine_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
        event TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT ''
      ) STRICT;
      -- The event log is append-only: history is never rewritten, only pruned from the oldest end.
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'weekly availability schedule',
    sql: `
      -- One schedule per node: the zone its wall-clock windows are written in and the share outside them.
      CREATE TABLE availability_schedule (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        time_zone TEXT NOT NULL,
        outside_share REAL NOT NULL CHECK (outside_share BETWEEN 0 AND 1),
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE availability_windows (
        position INTEGER PRIMARY KEY,
        days TEXT NOT NULL,
        start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        end_time TEXT NOT NULL CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        share REAL NOT NULL CHECK (share BETWEEN 0 AND 1)
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'task ledger, receipt outbox, quarter-hour rollups, price history',
    sql: `
      -- Every admitted task, with its claim on credits. Rows are never deleted; only the receipt columns change.
      CREATE TABLE ledger (
        id INTEGER PRIMARY KEY,
        task_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        intent TEXT NOT NULL,
        model TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error')),
        tokens INTEGER,
        latency_ms INTEGER NOT NULL,
        receipt TEXT NOT NULL DEFAULT 'none' CHECK (receipt IN ('none', 'claimed', 'awarded', 'rejected', 'expired')),
        claimed REAL,
        awarded REAL,
        note TEXT
      ) STRICT;
      CREATE INDEX ledger_ts ON ledger (ts);
      -- Covers the note, so the rejection reasons of a period come from the index alone.
      CREATE INDEX ledger_rejected ON ledger (ts, note) WHERE receipt = 'rejected';
      -- Receipts waiting for the directory. The body (nonce included) is fixed when the task finishes, so a
      -- re-post after a crash is the same claim and the directory accepts it at most once.
      CREATE TABLE receipt_outbox (
        task_id TEXT PRIMARY KEY,
        ledger_id INTEGER NOT NULL REFERENCES ledger (id),
        body TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT
      ) STRICT;
      CREATE INDEX receipt_outbox_due ON receipt_outbox (next_attempt_at);
      -- Sums per quarter hour (UTC) and model, kept in the same transactions as the ledger, so per-day reports in
      -- any time zone (all offsets are whole quarter hours) read a few thousand rows instead of the whole ledger.
      CREATE TABLE ledger_rollup (
        bucket INTEGER NOT NULL,
        model TEXT NOT NULL,
        jobs INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        tokens INTEGER NOT NULL DEFAULT 0,
        awarded REAL NOT NULL DEFAULT 0,
        pending REAL NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        expired INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (bucket, model)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE price_history (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        multiplier REAL NOT NULL,
        model TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('settings', 'directory'))
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'durable replay protection: task ids and nonces of admitted tasks',
    sql: `
      -- A task id is served once, ever: the task path looks it up here before it reaches the backend.
      CREATE INDEX ledger_task_id ON ledger (task_id);
      -- A nonce is single-use for 300 s, across restarts (looked up with the time window).
      ALTER TABLE ledger ADD COLUMN nonce TEXT;
      CREATE INDEX ledger_nonce ON ledger (nonce, ts) WHERE nonce IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'exact credit sums for reconciliation; the directory transactions the node has seen',
    sql: `
      -- Micro-credits (integers) beside the REAL sums: the Earnings reconciliation adds them without float drift.
      ALTER TABLE ledger_rollup ADD COLUMN claimed_u INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger_rollup ADD COLUMN awarded_u INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger_rollup ADD COLUMN rejected_u INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger_rollup ADD COLUMN expired_u INTEGER NOT NULL DEFAULT 0;
      -- One pass over the ledger (a correlated sum per rollup row could not use the ts index: rows × buckets).
      UPDATE ledger_rollup SET claimed_u = s.claimed_u, awarded_u = s.awarded_u, rejected_u = s.rejected_u, expired_u = s.expired_u
      FROM (
        SELECT ts / 900000 AS bucket, coalesce(model, '') AS model,
          sum(CAST(round(coalesce(claimed, 0) * 1000000) AS INTEGER)) AS claimed_u,
          sum(CAST(round(coalesce(awarded, 0) * 1000000) AS INTEGER)) AS awarded_u,
          sum(CASE WHEN receipt = 'rejected' THEN CAST(round(coalesce(claimed, 0) * 1000000) AS INTEGER) ELSE 0 END) AS rejected_u,
          sum(CASE WHEN receipt = 'expired' THEN CAST(round(coalesce(claimed, 0) * 1000000) AS INTEGER) ELSE 0 END) AS expired_u
        FROM ledger GROUP BY 1, 2
      ) AS s
      WHERE ledger_rollup.bucket = s.bucket AND ledger_rollup.model = s.model;
      -- The rejection index also covers the amount claimed: the reconciliation sums it per day and reason from the
      -- index alone (a month of refused receipts is tens of thousands of rows).
      DROP INDEX ledger_rejected;
      CREATE INDEX ledger_rejected ON ledger (ts, note, claimed) WHERE receipt = 'rejected';
      -- The directory lists only its 20 newest transactions: each one seen is kept, so days can be compared later.
      CREATE TABLE directory_transactions (
        id TEXT PRIMARY KEY,
        ts INTEGER NOT NULL,
        type TEXT NOT NULL,
        reason TEXT NOT NULL,
        amount_u INTEGER NOT NULL,
        task_id TEXT
      ) STRICT;
      CREATE INDEX directory_transactions_ts ON directory_transactions (ts);
    `,
  },
  {
    version: 6,
    name: 'requests feed: the newest answers of the task port and daily counters per outcome and reason',
    sql: `
      -- Every answer of POST /v1/task (served, refused, failed), newest kept (the feed deletes beyond its cap).
      -- Never a prompt, an answer or the consumer's address; a task id only for served tasks. Ids are given out by
      -- the feed (one writer: the node lock), so rows buffered in memory already have theirs.
      CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('served', 'refused', 'failed')),
        code TEXT NOT NULL,
        variant TEXT NOT NULL DEFAULT '',
        status INTEGER NOT NULL,
        intent TEXT,
        model TEXT,
        qos TEXT,
        tokens INTEGER,
        duration_ms INTEGER NOT NULL,
        task_id TEXT
      ) STRICT;
      CREATE INDEX requests_outcome ON requests (outcome, id);
      -- Exact counts per local day, outcome and reason, also of answers too many to list (unlisted).
      CREATE TABLE request_days (
        day TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('served', 'refused', 'failed')),
        code TEXT NOT NULL,
        variant TEXT NOT NULL DEFAULT '',
        count INTEGER NOT NULL DEFAULT 0,
        unlisted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, outcome, code, variant)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'event log: a burst of the same event is one row with its count and last time',
    sql: `
      -- A row stands for 'count' occurrences of its event, the first at 'ts', the last at 'last_ts' (NULL: only one).
      ALTER TABLE events ADD COLUMN count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1);
      ALTER TABLE events ADD COLUMN last_ts TEXT;
      -- Still append-only: what happened, when it first happened and what it said are never rewritten; a row's
      -- count may only grow, with the time of the newest repeat.
      DROP TRIGGER events_no_update;
      CREATE TRIGGER events_no_update BEFORE UPDATE OF id, ts, level, event, details ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      CREATE TRIGGER events_count_grows BEFORE UPDATE OF count, last_ts ON events
      WHEN NEW.count <= OLD.count OR NEW.last_ts IS NULL OR (OLD.last_ts IS NOT NULL AND NEW.last_ts < OLD.last_ts)
      BEGIN SELECT RAISE(ABORT, 'events are append-only: a repeat count only grows'); END;
    `,
  },
  {
    version: 8,
    name: 'requests feed: the tokens the model wrote, for tokens per second',
    sql: `
      -- Of 'tokens' (prompt and answer, what receipts count), those the model wrote; NULL when the server did not say.
      ALTER TABLE requests ADD COLUMN completion_tokens INTEGER;
    `,
  },
  {
    version: 9,
    name: 'nonces are checked in memory for their window: the ledger keeps no index of them',
    sql: `
      -- The replay check holds the last 300 s of nonces in memory (earnings/recent-nonces.ts) and reads them back
      -- through the time index after a restart; the index cost every served task a random page write.
      DROP INDEX IF EXISTS ledger_nonce;
    `,
  },
  {
    version: 10,
    name: 'what serving cost in power: energy per task, and its sums per quarter hour',
    sql: `
      -- Joules attributed to the task while it generated (power above idle, shared among the tasks running); NULL
      -- when nothing measured it and no typical watts were entered.
      ALTER TABLE ledger ADD COLUMN energy_j REAL;
      -- The energy of the quarter hour's tasks, how many of them had a figure, and their tokens (tokens per joule).
      ALTER TABLE ledger_rollup ADD COLUMN energy_j REAL NOT NULL DEFAULT 0;
      ALTER TABLE ledger_rollup ADD COLUMN energy_jobs INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger_rollup ADD COLUMN energy_tokens INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 11,
    name: "awards checked against the directory's signed event log",
    sql: `
      -- The response hash the task's receipt carried: the signed award names it, so an award is bound to this node's
      -- task by task id and hash together (the event's node id is not signed). NULL for rows from before.
      ALTER TABLE ledger ADD COLUMN response_hash TEXT;
      -- When the directory's answer to the claim was recorded (ms): an award answered before the signed log was read
      -- to its end must be in it.
      ALTER TABLE ledger ADD COLUMN settled_at INTEGER;
      -- Awards of the signed log that concern this node (one of its task ids, or its node id), as read and checked:
      -- whether the signature verified with a trusted key ('valid'), only with a key not accepted yet ('new_key') or
      -- not at all, and whether the event linked to the one before it. \`seen\` marks the rows a full re-read found.
      CREATE TABLE signed_awards (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        node_id TEXT,
        response_hash TEXT,
        amount_u INTEGER NOT NULL,
        ts_ms INTEGER NOT NULL,
        sig TEXT,
        signature TEXT NOT NULL CHECK (signature IN ('valid', 'invalid', 'new_key')),
        linked INTEGER NOT NULL CHECK (linked IN (0, 1)),
        ledger_id INTEGER,
        seen INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE INDEX signed_awards_ledger ON signed_awards (ledger_id);
      -- A fingerprint of each whole block of 1000 sequence numbers as verified (a hash chain over seq and signature),
      -- so a later full re-read can tell that the directory rewrote history it had already shown.
      CREATE TABLE signed_log_blocks (
        block INTEGER PRIMARY KEY,
        digest TEXT NOT NULL,
        count INTEGER NOT NULL
      ) STRICT;
      -- The outcome of the last check, per claim that is not verified (and per award never claimed): what the
      -- differences list pages through.
      CREATE TABLE award_differences (
        id INTEGER PRIMARY KEY,
        check_kind TEXT NOT NULL,
        task_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        claimed_u INTEGER,
        signed_u INTEGER,
        seq INTEGER
      ) STRICT;
      CREATE INDEX award_differences_kind ON award_differences (check_kind, ts);
      CREATE INDEX award_differences_task ON award_differences (task_id);
      -- Verified award credits and differing claims per quarter hour (UTC) of the tasks, for days in any time zone.
      CREATE TABLE verified_rollup (
        bucket INTEGER PRIMARY KEY,
        verified_u INTEGER NOT NULL DEFAULT 0,
        verified INTEGER NOT NULL DEFAULT 0,
        differing INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `,
  },
  {
    version: 12,
    name: 'awards at a sequence number the signed log had already used',
    sql: `
      -- An award for this node's task (or naming this node) that came at a sequence number the log had already used
      -- for another event: a fork of the record. Kept apart from signed_awards, whose key is the sequence number, so
      -- the event first read there stays what it was and this one is listed as a difference, never counted.
      CREATE TABLE signed_award_repeats (
        id INTEGER PRIMARY KEY,
        seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        ts_ms INTEGER NOT NULL,
        amount_u INTEGER NOT NULL,
        UNIQUE (seq, event_id)
      ) STRICT;
    `,
  },
  ...LATER_MIGRATIONS,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
export const currentSchemaVersion = (db: Database.Database): number =>
  db.pragma('user_version', { simple: true }) as number;

/** Applies every migration newer than the database; returns how many ran. */
export function migrate(db: Database.Database): number {
  let applied = 0;
  for (const m of MIGRATIONS) {
    // Re-read inside the loop: another process may have migrated meanwhile (BEGIN IMMEDIATE serialises).
    const run = db.transaction(() => {
      if (currentSchemaVersion(db) >= m.version) return false;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    if (run.immediate()) applied += 1;
  }
  return applied;
}
