/**
 * The migrations from the spent book on (13 and later), kept apart from the first twelve so each file stays short;
 * `migrations.ts` applies both lists in order. Never edit one that has shipped: add a new one at the end.
 */
export const LATER_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 13,
    name: "the spent book: one row per request this computer's apps sent to the network through the local gateway",
    sql: `
      -- Written when a gateway request ends; never a prompt or an answer. Amounts in micro-credits, as the ledger's
      -- exact sums: what this computer expects to pay (credits_u, 0 on the person's own machines) and what the
      -- directory's books charged once read (charged_u: its task_spend debits, or the spend a signed award names).
      CREATE TABLE gateway_spend (
        task_id TEXT PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        api TEXT NOT NULL,
        intent TEXT,
        model TEXT,
        node_id TEXT,
        own INTEGER CHECK (own IN (0, 1)),
        outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'refused', 'failed')),
        code TEXT NOT NULL,
        tokens INTEGER,
        credits_u INTEGER,
        charged_u INTEGER,
        latency_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        spend_event_seq INTEGER
      ) STRICT;
      CREATE INDEX gateway_spend_at ON gateway_spend (at_ms);
      -- What still waits for the directory's word on its cost: a few rows, however long the book grows.
      CREATE INDEX gateway_spend_unchecked ON gateway_spend (at_ms) WHERE outcome = 'answered' AND credits_u > 0 AND charged_u IS NULL;
      -- The directory's debits for one task are summed by task id when its transactions are read.
      CREATE INDEX directory_transactions_task ON directory_transactions (task_id) WHERE task_id IS NOT NULL;
    `,
  },
  {
    version: 14,
    name: 'notices kept across restarts',
    sql: `
      -- The person's notices, so one still true after a restart (earnings that do not match) is still there and one
      -- dismissed stays dismissed. A few dozen rows at most: the oldest go as new ones come (notices-repo.ts).
      CREATE TABLE notices (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        route TEXT NOT NULL,
        resolved_at TEXT,
        dismissed INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1))
      ) STRICT;
    `,
  },
  {
    version: 15,
    name: "the gateway's own list of machines joins the machine list",
    sql: `
      -- gateway.myNodes joined the machine list, kept with the operator identity: the ids wait in the engine state
      -- until the list takes them in (identity/my-machines.ts); one transaction, so a crash loses none.
      INSERT INTO engine_state (key, value, updated_at) SELECT 'machines.waiting', json_extract(value, '$.myNodes'), updated_at
        FROM settings WHERE key = 'gateway' AND json_valid(value) AND json_type(value, '$.myNodes') = 'array' ON CONFLICT(key) DO NOTHING;
      UPDATE settings SET value = json_remove(value, '$.myNodes')
        WHERE key = 'gateway' AND json_valid(value) AND json_type(value, '$.myNodes') IS NOT NULL;
    `,
  },
  // Null for the rows before and for requests that asked no stream; 'node_cannot' when the node could not stream.
  {
    version: 16,
    name: 'a gateway request says whether its answer streamed',
    sql: `ALTER TABLE gateway_spend ADD COLUMN stream TEXT CHECK (stream IS NULL OR stream IN ('streamed', 'node_cannot'));`,
  },
  {
    version: 17,
    name: 'requests feed: an answer streamed, or whole through the relay (null: whole, as asked)',
    sql: `ALTER TABLE requests ADD COLUMN delivery TEXT CHECK (delivery IS NULL OR delivery IN ('streamed', 'relayed'));`,
  },
  {
    version: 18,
    name: 'a gateway request says where it went, for which app, what it was expected and allowed to cost',
    sql: `
      -- route: this computer's own LLM server, another of the person's machines, or another operator's node (paid).
      -- app_key: the app key's id ('page' for the page's "try it"). expected_u: what an honest node claims for the
      -- answered try's token bound; worst_u: the most the directory lets that node claim (held against the balance).
      -- flag: the node claimed more tokens than the request could produce, or the directory charged more than
      -- expected. not_charged: the directory's books were read after its settle time and held no debit for it.
      ALTER TABLE gateway_spend ADD COLUMN route TEXT CHECK (route IS NULL OR route IN ('this_computer', 'own', 'paid'));
      ALTER TABLE gateway_spend ADD COLUMN app_key TEXT;
      ALTER TABLE gateway_spend ADD COLUMN expected_u INTEGER;
      ALTER TABLE gateway_spend ADD COLUMN worst_u INTEGER;
      ALTER TABLE gateway_spend ADD COLUMN flag TEXT CHECK (flag IS NULL OR flag IN ('overclaimed', 'overcharged'));
      ALTER TABLE gateway_spend ADD COLUMN not_charged INTEGER NOT NULL DEFAULT 0 CHECK (not_charged IN (0, 1));
      CREATE INDEX gateway_spend_app ON gateway_spend (app_key, at_ms) WHERE app_key IS NOT NULL;
    `,
  },
  {
    version: 19,
    name: 'tasks cut after their answer began: their ids and nonces stay taken',
    sql: `
      -- A stream cut after a piece of its answer went out has no ledger row (it earned nothing and did not fail), but
      -- its task id is never run again, nor its nonce within the window (server/replay-guard.ts). ts: when it was cut.
      CREATE TABLE cut_tasks (
        task_id TEXT PRIMARY KEY,
        ts INTEGER NOT NULL,
        nonce TEXT
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX cut_tasks_ts ON cut_tasks (ts);
    `,
  },
  // The row's word is the stream note (ARCHITECTURE.md): `stream` alone is the app's request flag. SQLite renames the
  // column inside its CHECK too.
  {
    version: 20,
    name: "a gateway request's stream note is called so",
    sql: `ALTER TABLE gateway_spend RENAME COLUMN stream TO stream_note;`,
  },
  // An app told its answer was cut (x-iicp-max-tokens-lowered) can be matched to the row that says so.
  {
    version: 21,
    name: "a gateway request's answer bound lowered to fit a limit",
    sql: `
      ALTER TABLE gateway_spend ADD COLUMN max_tokens_lowered INTEGER
        CHECK (max_tokens_lowered IS NULL OR max_tokens_lowered > 0);
    `,
  },
  // The plan a request is shown with is its expected cost at a typical answer's length, beside what the limits held
  // (the cost at the answer's bound, expected_u). The typical length is the median of the last answers for the model,
  // of the app or of all apps: read newest first through these indexes, a few dozen rows per request.
  {
    version: 22,
    name: "a gateway request's planned cost and its answer's length",
    sql: `
      ALTER TABLE gateway_spend ADD COLUMN planned_u INTEGER CHECK (planned_u IS NULL OR planned_u >= 0);
      ALTER TABLE gateway_spend ADD COLUMN answer_tokens INTEGER CHECK (answer_tokens IS NULL OR answer_tokens >= 0);
      CREATE INDEX gateway_spend_answers_app ON gateway_spend (model, app_key, at_ms)
        WHERE outcome = 'answered' AND answer_tokens IS NOT NULL;
      CREATE INDEX gateway_spend_answers ON gateway_spend (model, at_ms)
        WHERE outcome = 'answered' AND answer_tokens IS NOT NULL;
    `,
  },
  // A speech task's own unit beside its tokens (docs/adr/0037-speech-tasks-own-unit.md): one pair on the row, since a
  // task has one unit; one sum per unit in the rollup, since a model's quarter hour must never add minutes to texts.
  {
    version: 23,
    name: "a speech task's count in its own unit",
    sql: `
      ALTER TABLE ledger ADD COLUMN units INTEGER CHECK (units IS NULL OR units >= 0);
      ALTER TABLE ledger ADD COLUMN unit TEXT CHECK (unit IS NULL OR unit IN ('audio_ms', 'characters', 'items'));
      ALTER TABLE ledger_rollup ADD COLUMN audio_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger_rollup ADD COLUMN characters INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger_rollup ADD COLUMN items INTEGER NOT NULL DEFAULT 0;
    `,
  },
  // The speech units are read apart from the rollups' other sums (most nodes serve no speech): this index holds only
  // the quarter hours with any, so a node without speech finds none at once, and one with a little finds it alone.
  {
    version: 24,
    name: 'the quarter hours that hold speech units',
    sql: `
      CREATE INDEX ledger_rollup_units ON ledger_rollup (bucket) WHERE audio_ms + characters + items > 0;
    `,
  },
];
