import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@engine/store/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate } from '@engine/store/migrations';
import { DEFAULT_GATEWAY_SETTINGS, GatewaySettingsSchema } from '@shared/contract';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function dbPath() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return `${t.dir}/provider.db`;
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('bring a new database to the latest schema version and run once', () => {
    const path = dbPath();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(migrate(db)).toBe(0);
    db.close();
  });

  it('are idempotent across reopenings and keep the data', () => {
    const path = dbPath();
    const db = openDatabase(path);
    db.prepare("INSERT INTO events (ts, level, event) VALUES ('t', 'info', 'kept')").run();
    db.close();
    const again = openDatabase(path);
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(again.prepare('SELECT event FROM events').all()).toEqual([{ event: 'kept' }]);
    again.close();
  });

  it('5 fills the exact micro-credit sums of an existing ledger (the reconciliation reads them)', () => {
    const raw = new Database(dbPath());
    for (const m of MIGRATIONS.filter((x) => x.version <= 4)) raw.exec(m.sql);
    raw.pragma('user_version = 4');
    const bucket = 1_994_728;
    const ts = bucket * 900_000 + 1000;
    const insert = raw.prepare(
      "INSERT INTO ledger (task_id, ts, intent, model, outcome, tokens, latency_ms, receipt, claimed, awarded) VALUES (?, ?, 'i', 'm', 'ok', 10, 1, ?, ?, ?)",
    );
    insert.run('a', ts, 'awarded', 0.1, 0.1);
    insert.run('b', ts, 'awarded', 0.2, 0.2);
    insert.run('c', ts, 'rejected', 0.000123, null);
    insert.run('d', ts, 'expired', 0.0007, null);
    insert.run('e', ts, 'claimed', 0.5, null);
    raw
      .prepare(
        "INSERT INTO ledger_rollup (bucket, model, jobs, tokens, awarded, pending, rejected, expired) VALUES (?, 'm', 5, 50, 0.30000000000000004, 0.5, 1, 1)",
      )
      .run(bucket);
    migrate(raw);
    expect(raw.prepare('SELECT claimed_u, awarded_u, rejected_u, expired_u FROM ledger_rollup').get()).toEqual({
      claimed_u: 800_823,
      awarded_u: 300_000,
      rejected_u: 123,
      expired_u: 700,
    });
    expect(raw.prepare('SELECT count(*) AS n FROM directory_transactions').get()).toEqual({ n: 0 });
    raw.close();
  });

  it("15 moves the gateway's own machines to the engine state to wait for the machine list, once, losing nothing", () => {
    const raw = new Database(dbPath());
    for (const m of MIGRATIONS.filter((x) => x.version <= 14)) raw.exec(m.sql);
    raw.pragma('user_version = 14');
    const old = { ...DEFAULT_GATEWAY_SETTINGS, enabled: true, dailyCap: 7, myNodes: ['node-a', 'node-b'] };
    raw.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('gateway', ?, 't')").run(JSON.stringify(old));
    migrate(raw);
    const waiting = raw.prepare("SELECT value FROM engine_state WHERE key = 'machines.waiting'").get() as {
      value: string;
    };
    expect(JSON.parse(waiting.value)).toEqual(['node-a', 'node-b']);
    const row = raw.prepare("SELECT value FROM settings WHERE key = 'gateway'").get() as { value: string };
    // The rest of the gateway's settings read as this version's, unchanged.
    expect(GatewaySettingsSchema.parse(JSON.parse(row.value))).toEqual({
      ...DEFAULT_GATEWAY_SETTINGS,
      enabled: true,
      dailyCap: 7,
    });
    // A second run changes nothing: the waiting ids stay as they were.
    raw.prepare("UPDATE engine_state SET value = '[\"node-a\"]' WHERE key = 'machines.waiting'").run();
    raw.exec(MIGRATIONS.find((x) => x.version === 15)!.sql);
    expect(raw.prepare("SELECT value FROM engine_state WHERE key = 'machines.waiting'").get()).toEqual({
      value: '["node-a"]',
    });
    expect(raw.prepare("SELECT value FROM settings WHERE key = 'gateway'").get()).toEqual(row);
    raw.close();
  });

  it('15 leaves a hand-edited gateway row that is not JSON as it is, and takes nothing from a list that is not one', () => {
    for (const [value, kept] of [
      ['{not json', '{not json'],
      [JSON.stringify({ enabled: true, myNodes: 'node-a' }), JSON.stringify({ enabled: true })],
      [JSON.stringify({ enabled: true, myNodes: { a: 1 } }), JSON.stringify({ enabled: true })],
    ] as const) {
      const raw = new Database(dbPath());
      for (const m of MIGRATIONS.filter((x) => x.version <= 14)) raw.exec(m.sql);
      raw.pragma('user_version = 14');
      raw.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('gateway', ?, 't')").run(value);
      migrate(raw);
      expect(raw.prepare("SELECT value FROM settings WHERE key = 'gateway'").get()).toEqual({ value: kept });
      expect(raw.prepare("SELECT count(*) AS n FROM engine_state WHERE key = 'machines.waiting'").get()).toEqual({
        n: 0,
      });
      raw.close();
    }
  });

  it('17 lets a requests row say how its answer went; older rows say nothing, and no other word is kept', () => {
    const raw = new Database(dbPath());
    for (const m of MIGRATIONS.filter((x) => x.version <= 16)) raw.exec(m.sql);
    raw.pragma('user_version = 16');
    raw
      .prepare(
        "INSERT INTO requests (id, ts, outcome, code, status, duration_ms) VALUES (1, 1, 'served', 'ok', 200, 5)",
      )
      .run();
    migrate(raw);
    const insert = raw.prepare(
      "INSERT INTO requests (id, ts, outcome, code, status, duration_ms, delivery) VALUES (?, 1, 'served', 'ok', 200, 5, ?)",
    );
    insert.run(2, 'streamed');
    insert.run(3, 'relayed');
    expect(() => insert.run(4, 'teleported')).toThrow(/CHECK constraint/);
    expect(raw.prepare('SELECT id, delivery FROM requests ORDER BY id').all()).toEqual([
      { id: 1, delivery: null },
      { id: 2, delivery: 'streamed' },
      { id: 3, delivery: 'relayed' },
    ]);
    raw.close();
  });

  it("20 calls a gateway row's stream note so, keeping every row's value and the rule on what it may be", () => {
    const raw = new Database(dbPath());
    for (const m of MIGRATIONS.filter((x) => x.version <= 19)) raw.exec(m.sql);
    raw.pragma('user_version = 19');
    const row = (id: string, note: string | null) =>
      raw
        .prepare(
          `INSERT INTO gateway_spend (task_id, at_ms, api, outcome, code, latency_ms, attempts, stream)
           VALUES (?, 1, 'openai', 'answered', 'ok', 5, 1, ?)`,
        )
        .run(id, note);
    row('a', 'streamed');
    row('b', 'node_cannot');
    row('c', null);
    migrate(raw);
    expect(raw.prepare('SELECT task_id, stream_note FROM gateway_spend ORDER BY task_id').all()).toEqual([
      { task_id: 'a', stream_note: 'streamed' },
      { task_id: 'b', stream_note: 'node_cannot' },
      { task_id: 'c', stream_note: null },
    ]);
    const insert = raw.prepare(
      `INSERT INTO gateway_spend (task_id, at_ms, api, outcome, code, latency_ms, attempts, stream_note)
       VALUES (?, 1, 'openai', 'answered', 'ok', 5, 1, ?)`,
    );
    expect(() => insert.run('d', 'teleported')).toThrow(/CHECK constraint/);
    insert.run('e', 'streamed');
    const columns = raw.prepare("SELECT name FROM pragma_table_info('gateway_spend')").all() as { name: string }[];
    expect(columns.map((c) => c.name)).not.toContain('stream');
    raw.close();
  });

  it('21 gives a gateway row the answer bound lowered to fit a limit, empty on the rows before it', () => {
    const raw = new Database(dbPath());
    for (const m of MIGRATIONS.filter((x) => x.version <= 20)) raw.exec(m.sql);
    raw.pragma('user_version = 20');
    raw
      .prepare(
        `INSERT INTO gateway_spend (task_id, at_ms, api, outcome, code, latency_ms, attempts)
         VALUES ('old', 1, 'openai', 'answered', 'ok', 5, 1)`,
      )
      .run();
    migrate(raw);
    const insert = raw.prepare(
      `INSERT INTO gateway_spend (task_id, at_ms, api, outcome, code, latency_ms, attempts, max_tokens_lowered)
       VALUES (?, 1, 'openai', 'answered', 'ok', 5, 1, ?)`,
    );
    insert.run('cut', 812);
    expect(() => insert.run('zero', 0)).toThrow(/CHECK constraint/);
    expect(raw.prepare('SELECT task_id, max_tokens_lowered FROM gateway_spend ORDER BY task_id').all()).toEqual([
      { task_id: 'cut', max_tokens_lowered: 812 },
      { task_id: 'old', max_tokens_lowered: null },
    ]);
    raw.close();
  });

  it("23 gives a ledger row a speech task's own unit, none on the rows before it, and the rollups a sum per unit", () => {
    const raw = new Database(dbPath());
    for (const m of MIGRATIONS.filter((x) => x.version <= 22)) raw.exec(m.sql);
    raw.pragma('user_version = 22');
    raw
      .prepare(
        "INSERT INTO ledger (task_id, ts, intent, model, outcome, tokens, latency_ms, receipt) VALUES ('old', 1, 'i', 'm', 'ok', 10, 1, 'none')",
      )
      .run();
    raw.prepare("INSERT INTO ledger_rollup (bucket, model, jobs, tokens) VALUES (0, 'm', 1, 10)").run();
    migrate(raw);
    const insert = raw.prepare(
      "INSERT INTO ledger (task_id, ts, intent, model, outcome, tokens, latency_ms, receipt, units, unit) VALUES (?, 1, 'i', 'w', 'ok', 3, 1, 'none', ?, ?)",
    );
    insert.run('heard', 90_000, 'audio_ms');
    // A unit the ledger does not know, or a count below nothing, is refused rather than summed.
    expect(() => insert.run('seconds', 90, 'seconds')).toThrow(/CHECK constraint/);
    expect(() => insert.run('negative', -1, 'items')).toThrow(/CHECK constraint/);
    expect(raw.prepare('SELECT task_id, units, unit FROM ledger ORDER BY task_id').all()).toEqual([
      { task_id: 'heard', units: 90_000, unit: 'audio_ms' },
      { task_id: 'old', units: null, unit: null },
    ]);
    expect(raw.prepare('SELECT audio_ms, characters, items FROM ledger_rollup').all()).toEqual([
      { audio_ms: 0, characters: 0, items: 0 },
    ]);
    raw.close();
  });

  it('use WAL and enforce foreign keys', () => {
    const db = openDatabase(dbPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuse a database written by a newer app instead of guessing', () => {
    const path = dbPath();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(expect.objectContaining({ name: 'StoreOpenError', code: 'too_new' }));
  });

  it('leave the previous version intact when a migration fails half-way', () => {
    const db = new Database(':memory:');
    const broken = [{ version: 1, name: 'broken', sql: 'CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER);' }];
    const run = db.transaction(() => {
      db.exec(broken[0]!.sql);
      db.pragma('user_version = 1');
    });
    expect(() => run.immediate()).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
  });
});
