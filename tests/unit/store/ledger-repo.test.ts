import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '@engine/store';
import { BUCKET_MS, type NewLedgerRow, type OutboxEntry, type RollupRow } from '@engine/store/ledger-repo';
import { tempStore } from '../../support/tmp';
import { rollupsVsRows } from './rollups-vs-rows';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function openStore(): { store: Store; path: string } {
  const t = tempStore();
  cleanups.push(t.cleanup);
  return t;
}

const T0 = Date.parse('2026-11-21T10:00:00Z');
const MIN = 60_000;
const INTENT = 'urn:iicp:intent:llm:chat:v1';

let seq = 0;
function row(over: Partial<NewLedgerRow> = {}): NewLedgerRow {
  seq++;
  return {
    taskId: `task-${seq}`,
    ts: T0,
    intent: INTENT,
    model: 'llama3',
    outcome: 'ok',
    tokens: 100,
    latencyMs: 250,
    ...over,
  };
}

function receiptFor(r: NewLedgerRow, amount: number) {
  return {
    body: { task_id: r.taskId, nonce: `nonce-${r.taskId}`, tokens: r.tokens, amount },
    amount,
    expiresAt: r.ts + 60 * MIN,
  };
}

function entry(taskId: string, ledgerId: number): OutboxEntry {
  return { taskId, ledgerId, body: '{}', expiresAt: T0 + 60 * MIN, attempts: 0 };
}

const count = (store: Store, table: string) =>
  (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('ledger repository: writes', () => {
  it('writes a row and its receipt outbox entry together', () => {
    const { store } = openStore();
    const r = row({ tokens: 420, energyJ: 61.5 });
    const id = store.ledger.insertWithReceipt(r, receiptFor(r, 0.00063));
    expect(store.ledger.list({}, 10)).toEqual([
      {
        id,
        taskId: r.taskId,
        at: '2026-11-21T10:00:00.000Z',
        intent: INTENT,
        model: 'llama3',
        outcome: 'ok',
        tokens: 420,
        latencyMs: 250,
        receipt: 'claimed',
        claimed: 0.00063,
        awarded: null,
        note: null,
        energyJ: 61.5,
        units: null,
        check: 'not_awarded_yet',
      },
    ]);
    const due = store.ledger.dueReceipts(T0, 10);
    expect(due).toEqual([
      { taskId: r.taskId, ledgerId: id, body: expect.any(String), expiresAt: T0 + 60 * MIN, attempts: 0 },
    ]);
    // The body is stored exactly as it will be posted (nonce included), so a re-post is the same claim.
    expect(JSON.parse(due[0]!.body)).toEqual({
      task_id: r.taskId,
      nonce: `nonce-${r.taskId}`,
      tokens: 420,
      amount: 0.00063,
    });
    expect(store.ledger.rollups(T0, T0 + 1)).toEqual([
      {
        bucket: Math.floor(T0 / BUCKET_MS),
        model: 'llama3',
        jobs: 1,
        errors: 0,
        tokens: 420,
        awarded: 0,
        pending: 0.00063,
        rejected: 0,
        expired: 0,
        claimedU: 630,
        awardedU: 0,
        rejectedU: 0,
        expiredU: 0,
        energyJ: 61.5,
        energyJobs: 1,
        energyTokens: 420,
      },
    ]);
  });

  it('never leaves a row without its receipt: a failing outbox insert takes the row and the rollup back too', () => {
    const { store } = openStore();
    const r = row();
    store.ledger.insertWithReceipt(r, receiptFor(r, 0.001));
    const before = {
      ledger: count(store, 'ledger'),
      outbox: count(store, 'receipt_outbox'),
      rollups: store.ledger.rollups(T0, T0 + 1),
    };
    // An outbox row the table refuses (STRICT: an expiry that is not a whole number): nothing of the call remains.
    const other = row();
    expect(() => store.ledger.insertWithReceipt(other, { ...receiptFor(other, 0.5), expiresAt: 1.5 })).toThrow(
      /INTEGER|REAL/,
    );
    expect({
      ledger: count(store, 'ledger'),
      outbox: count(store, 'receipt_outbox'),
      rollups: store.ledger.rollups(T0, T0 + 1),
    }).toEqual(before);
  });

  it('claims a task once: a second receipt for the same task id is refused whole, and other rows still go in', () => {
    const { store } = openStore();
    const r = row();
    store.ledger.insertWithReceipt(r, receiptFor(r, 0.001));
    const before = {
      ledger: count(store, 'ledger'),
      outbox: count(store, 'receipt_outbox'),
      rollups: store.ledger.rollups(T0, T0 + 1),
    };
    const again = { ...r, tokens: 999 };
    expect(() => store.ledger.insertWithReceipt(again, receiptFor(again, 0.5))).toThrow(/UNIQUE|PRIMARY/);
    expect({
      ledger: count(store, 'ledger'),
      outbox: count(store, 'receipt_outbox'),
      rollups: store.ledger.rollups(T0, T0 + 1),
    }).toEqual(before);
    store.ledger.insertMany([row()]);
    expect(count(store, 'ledger')).toBe(before.ledger + 1);
  });

  it('answers whether a task id or a recent nonce is known, from the indexes', () => {
    const { store } = openStore();
    const r = { ...row(), nonce: 'nonce-1' };
    store.ledger.insertMany([r]);
    expect(store.ledger.hasTask(r.taskId)).toBe(true);
    expect(store.ledger.hasTask('never-seen')).toBe(false);
    expect(store.ledger.hasNonce('nonce-1', r.ts - 1)).toBe(true);
    expect(store.ledger.hasNonce('nonce-1', r.ts + 1)).toBe(false); // older than the window asked about
    expect(store.ledger.hasNonce('nonce-2', 0)).toBe(false);
    const plan = store.db.prepare('EXPLAIN QUERY PLAN SELECT 1 FROM ledger WHERE task_id = ? LIMIT 1').all('x') as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX ledger_task_id/);
  });

  it('writes a batch all or nothing', () => {
    const { store } = openStore();
    store.ledger.insertMany([row(), row()]);
    const bad = { ...row(), outcome: 'maybe' } as unknown as NewLedgerRow;
    expect(() => store.ledger.insertMany([row(), row(), bad])).toThrow(/CHECK/);
    expect(count(store, 'ledger')).toBe(2);
    expect(store.ledger.rollups(T0, T0 + 1)[0]).toMatchObject({ jobs: 2, tokens: 200 });
    store.ledger.insertMany([]);
    expect(count(store, 'ledger')).toBe(2);
    expect(count(store, 'receipt_outbox')).toBe(0);
  });

  it('survives a reopen: a committed receipt is still in the outbox', () => {
    const { store, path } = openStore();
    const r = row();
    const id = store.ledger.insertWithReceipt(r, receiptFor(r, 0.002));
    store.close();
    const reopened = Store.open(path);
    try {
      expect(reopened.ledger.dueReceipts(T0, 10).map((e) => [e.taskId, e.ledgerId])).toEqual([[r.taskId, id]]);
    } finally {
      reopened.close();
    }
  });
});

describe('ledger repository: rollups', () => {
  it('always equal SUM/COUNT over the ledger after a mix of inserts and settles', () => {
    const { store } = openStore();
    const l = store.ledger;
    const ids: { r: NewLedgerRow; id: number; amount: number }[] = [];
    // Three quarter hours, two models, failures without a model or tokens, plain rows and receipts.
    for (let i = 0; i < 30; i++) {
      const ts = T0 + i * 2 * MIN + 7_000;
      const model = i % 3 === 0 ? 'qwen2.5' : 'llama3';
      if (i % 7 === 0) {
        l.insertMany([
          row({ ts, model: i % 2 ? null : model, outcome: 'error', tokens: null, latencyMs: 5, energyJ: 3.25 }),
        ]);
        continue;
      }
      if (i % 5 === 0) {
        l.insertMany([row({ ts, model, tokens: null })]);
        continue;
      }
      // Energy on some tasks only: measured ones, and ones served while nothing measured it.
      const r = row({ ts, model, tokens: 10 + i, energyJ: i % 2 ? 12.5 * i : null });
      const amount = Math.round((10 + i) * 1.5) / 1e6;
      ids.push({ r, id: l.insertWithReceipt(r, receiptFor(r, amount)), amount });
    }
    l.insertMany([row({ ts: T0 + 5 * MIN }), row({ ts: T0 + 50 * MIN, model: 'qwen2.5', tokens: 7 })]);
    expect(rollupsVsRows(store).stored).toEqual(rollupsVsRows(store).fromRows);

    ids.forEach(({ r, id, amount }, k) => {
      if (k % 4 === 0) l.settle(entry(r.taskId, id), 'awarded', amount, null);
      else if (k % 4 === 1) l.settle(entry(r.taskId, id), 'awarded', amount / 2, 'awarded less: over the ceiling');
      else if (k % 4 === 2) l.settle(entry(r.taskId, id), 'rejected', null, 'E_REPLAY: nonce already used');
      // k % 4 === 3: still claimed
    });
    l.settle(entry(ids[3]!.r.taskId, ids[3]!.id), 'expired', null, 'expired: not accepted in time');
    const { stored, fromRows } = rollupsVsRows(store);
    expect(stored).toEqual(fromRows);
    const sum = (k: keyof RollupRow) => stored.reduce((a, r) => a + (r[k] as number), 0);
    expect(sum('rejected')).toBe(ids.filter((_, k) => k % 4 === 2).length);
    expect(sum('expired')).toBe(1);
    expect(sum('pending')).toBeCloseTo(
      ids.filter((_, k) => k % 4 === 3 && k !== 3).reduce((a, x) => a + x.amount, 0),
      12,
    );
    expect(count(store, 'receipt_outbox')).toBe(ids.filter((_, k) => k % 4 === 3 && k !== 3).length);
  });

  it('ignores a settle of an unknown, an already settled or a receipt-less entry', () => {
    const { store } = openStore();
    const l = store.ledger;
    const r = row({ tokens: 50 });
    const id = l.insertWithReceipt(r, receiptFor(r, 0.0001));
    l.insertMany([row()]);
    const plainId = l.list({}, 1)[0]!.id;
    l.settle(entry(r.taskId, id), 'awarded', 0.0001, null);
    const settled = { rows: l.list({}, 10), rollups: store.db.prepare('SELECT * FROM ledger_rollup').all() };

    l.settle(entry(r.taskId, id), 'rejected', null, 'E_LATE: second answer'); // already settled
    l.settle(entry(r.taskId, id), 'awarded', 0.0001, null); // awarded twice
    l.settle(entry('no-such-task', 9999), 'awarded', 5, null); // unknown
    l.settle(entry('plain', plainId), 'awarded', 5, null); // a row that never had a receipt
    expect({ rows: l.list({}, 10), rollups: store.db.prepare('SELECT * FROM ledger_rollup').all() }).toEqual(settled);
    expect(rollupsVsRows(store).stored).toEqual(rollupsVsRows(store).fromRows);
  });

  it('removes a stale outbox entry whose row is already settled', () => {
    const { store } = openStore();
    const r = row();
    const id = store.ledger.insertWithReceipt(r, receiptFor(r, 0.001));
    store.ledger.settle(entry(r.taskId, id), 'awarded', 0.001, null);
    // An entry put back by hand (say, from a restored backup) goes on the next settle without counting twice.
    store.db
      .prepare(
        'INSERT INTO receipt_outbox (task_id, ledger_id, body, expires_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(r.taskId, id, '{}', T0, T0);
    store.ledger.settle(entry(r.taskId, id), 'awarded', 0.001, null);
    expect(store.ledger.outboxSize()).toBe(0);
    expect(store.ledger.rollups(T0, T0 + 1)[0]).toMatchObject({ awarded: 0.001, pending: 0 });
  });

  it('records the directory’s word on the row, with a bounded note', () => {
    const { store } = openStore();
    const r = row();
    const id = store.ledger.insertWithReceipt(r, receiptFor(r, 0.001));
    store.ledger.settle(entry(r.taskId, id), 'rejected', null, `E_SIGNATURE: ${'x'.repeat(1000)}`);
    const [got] = store.ledger.list({}, 1);
    expect(got).toMatchObject({ receipt: 'rejected', claimed: 0.001, awarded: null });
    expect(got!.note!.startsWith('E_SIGNATURE: xxx')).toBe(true);
    expect(got!.note!.length).toBe(500);
  });

  it('returns the quarter hours of a period, end excluded', () => {
    const { store } = openStore();
    const q = Math.floor(T0 / BUCKET_MS) * BUCKET_MS;
    store.ledger.insertMany([
      row({ ts: q - 1 }),
      row({ ts: q }),
      row({ ts: q + BUCKET_MS - 1 }),
      row({ ts: q + BUCKET_MS }),
      row({ ts: q + 2 * BUCKET_MS }),
    ]);
    const buckets = (from: number, to: number) =>
      store.ledger
        .rollups(from, to)
        .map((r) => [r.bucket - q / BUCKET_MS, r.jobs])
        .sort((a, b) => a[0]! - b[0]!);
    expect(buckets(q, q + BUCKET_MS)).toEqual([[0, 2]]);
    expect(buckets(q, q + 2 * BUCKET_MS)).toEqual([
      [0, 2],
      [1, 1],
    ]);
    // A period starting or ending inside a quarter hour includes that quarter hour.
    expect(buckets(q + 1, q + BUCKET_MS + 1)).toEqual([
      [0, 2],
      [1, 1],
    ]);
    expect(buckets(q - BUCKET_MS, q + 3 * BUCKET_MS)).toEqual([
      [-1, 1],
      [0, 2],
      [1, 1],
      [2, 1],
    ]);
  });

  it('counts rejection notes since a time, most frequent first', () => {
    const { store } = openStore();
    const l = store.ledger;
    const reject = (ts: number, note: string | null) => {
      const r = row({ ts });
      l.settle(entry(r.taskId, l.insertWithReceipt(r, receiptFor(r, 0.001))), 'rejected', null, note);
    };
    reject(T0 - 10 * MIN, 'E_OLD: before the period');
    reject(T0, 'E_REPLAY: nonce already used');
    reject(T0 + MIN, 'E_SIGNATURE: bad signature');
    reject(T0 + 2 * MIN, 'E_REPLAY: nonce already used');
    reject(T0 + 3 * MIN, null);
    expect(l.rejectedReasons(T0)).toEqual([
      { note: 'E_REPLAY: nonce already used', count: 2 },
      { note: expect.any(String), count: 1 },
      { note: expect.any(String), count: 1 },
    ]);
    expect(
      l
        .rejectedReasons(T0)
        .map((r) => r.note)
        .sort(),
    ).toEqual(['', 'E_REPLAY: nonce already used', 'E_SIGNATURE: bad signature']);
  });
});

describe('ledger repository: receipt outbox', () => {
  it('hands out due receipts oldest first, up to a limit, and retries later', () => {
    const { store } = openStore();
    const l = store.ledger;
    expect(l.outboxSize()).toBe(0);
    expect(l.nextDue()).toBeNull();
    expect(l.dueReceipts(T0, 10)).toEqual([]);
    const made = [3, 1, 2].map((m) => {
      const r = row({ ts: T0 + m * MIN });
      return { r, id: l.insertWithReceipt(r, receiptFor(r, 0.001)) };
    });
    expect(l.outboxSize()).toBe(3);
    expect(l.nextDue()).toBe(T0 + MIN);
    expect(l.dueReceipts(T0 + 2 * MIN, 10).map((e) => e.taskId)).toEqual([made[1]!.r.taskId, made[2]!.r.taskId]);
    expect(l.dueReceipts(T0 + 10 * MIN, 2).map((e) => e.taskId)).toEqual([made[1]!.r.taskId, made[2]!.r.taskId]);

    l.retryLater(made[1]!.r.taskId, T0 + 30 * MIN, `HTTP 503 ${'z'.repeat(1000)}`);
    expect(l.nextDue()).toBe(T0 + 2 * MIN);
    expect(l.dueReceipts(T0 + 10 * MIN, 10).map((e) => e.taskId)).toEqual([made[2]!.r.taskId, made[0]!.r.taskId]);
    const [retried] = l.dueReceipts(T0 + 30 * MIN, 10).filter((e) => e.taskId === made[1]!.r.taskId);
    expect(retried).toMatchObject({ attempts: 1, ledgerId: made[1]!.id });
    const stored = store.db
      .prepare('SELECT last_error AS e FROM receipt_outbox WHERE task_id = ?')
      .get(made[1]!.r.taskId) as { e: string };
    expect(stored.e.startsWith('HTTP 503 zzz')).toBe(true);
    expect(stored.e.length).toBe(500);
    l.retryLater(made[1]!.r.taskId, T0 + 40 * MIN, 'again');
    expect(l.dueReceipts(T0 + 40 * MIN, 10).find((e) => e.taskId === made[1]!.r.taskId)?.attempts).toBe(2);
    l.retryLater('no-such-task', T0, 'nothing happens');
    expect(l.outboxSize()).toBe(3);

    for (const { r, id } of made) l.settle(entry(r.taskId, id), 'awarded', 0.001, null);
    expect(l.outboxSize()).toBe(0);
    expect(l.nextDue()).toBeNull();
  });
});

describe('ledger repository: reading', () => {
  function fill(store: Store): void {
    const l = store.ledger;
    for (let i = 0; i < 12; i++) {
      const r = row({
        taskId: `p-${i}`,
        ts: T0 + i * MIN,
        model: i % 2 ? 'qwen2.5' : 'llama3',
        outcome: i % 5 === 4 ? 'error' : 'ok',
      });
      if (i % 3 === 0) {
        const id = l.insertWithReceipt(r, receiptFor(r, 0.001));
        if (i % 6 === 0) l.settle(entry(r.taskId, id), 'awarded', 0.001, null);
      } else l.insertMany([r]);
    }
  }

  it('pages newest first with beforeId, and filters by time, model and receipt state', () => {
    const { store } = openStore();
    fill(store);
    const l = store.ledger;
    const page1 = l.list({}, 5);
    expect(page1.map((r) => r.taskId)).toEqual(['p-11', 'p-10', 'p-9', 'p-8', 'p-7']);
    const page2 = l.list({}, 5, page1.at(-1)!.id);
    expect(page2.map((r) => r.taskId)).toEqual(['p-6', 'p-5', 'p-4', 'p-3', 'p-2']);
    const page3 = l.list({}, 5, page2.at(-1)!.id);
    expect(page3.map((r) => r.taskId)).toEqual(['p-1', 'p-0']);
    expect(l.list({}, 5, page3.at(-1)!.id)).toEqual([]);

    expect(l.list({ model: 'qwen2.5' }, 3).map((r) => r.taskId)).toEqual(['p-11', 'p-9', 'p-7']);
    expect(l.list({ model: 'qwen2.5' }, 3, l.list({ model: 'qwen2.5' }, 3).at(-1)!.id).map((r) => r.taskId)).toEqual([
      'p-5',
      'p-3',
      'p-1',
    ]);
    // from inclusive, to exclusive.
    expect(l.list({ from: T0 + 3 * MIN, to: T0 + 6 * MIN }, 50).map((r) => r.taskId)).toEqual(['p-5', 'p-4', 'p-3']);
    expect(l.list({ receipt: 'awarded' }, 50).map((r) => r.taskId)).toEqual(['p-6', 'p-0']);
    expect(l.list({ receipt: 'claimed' }, 50).map((r) => r.taskId)).toEqual(['p-9', 'p-3']);
    expect(l.list({ receipt: 'none', model: 'llama3', from: T0 + 2 * MIN }, 50).map((r) => r.taskId)).toEqual([
      'p-10',
      'p-8',
      'p-4',
      'p-2',
    ]);
    expect(l.list({ receipt: 'rejected' }, 50)).toEqual([]);
    expect(l.list({ model: 'llama3' }, 50, l.list({ model: 'llama3' }, 50)[1]!.id).map((r) => r.taskId)).toEqual([
      'p-6',
      'p-4',
      'p-2',
      'p-0',
    ]);
    expect(l.list({}, 50).find((r) => r.taskId === 'p-4')).toMatchObject({
      outcome: 'error',
      receipt: 'none',
      at: new Date(T0 + 4 * MIN).toISOString(),
    });
  });

  it('iterates oldest first, one row at a time, with the same filters', () => {
    const { store } = openStore();
    fill(store);
    const l = store.ledger;
    expect([...l.iterate({})].map((r) => r.taskId)).toEqual(Array.from({ length: 12 }, (_, i) => `p-${i}`));
    expect([...l.iterate({ model: 'llama3', from: T0 + 4 * MIN })].map((r) => r.taskId)).toEqual([
      'p-4',
      'p-6',
      'p-8',
      'p-10',
    ]);
    expect([...l.iterate({ receipt: 'claimed' })].map((r) => r.taskId)).toEqual(['p-3', 'p-9']);
    expect([...l.iterate({ to: T0 })]).toEqual([]);
    // Lazy: the first row comes before the rest are read, and stopping early is fine.
    const it = l.iterate({});
    expect(it.next().value).toMatchObject({ taskId: 'p-0' });
    expect(it.return(undefined).done).toBe(true);
    expect([...l.iterate({})]).toEqual(l.list({}, 50).reverse());
  });
});

describe("ledger repository: inside a caller's transaction", () => {
  it('settles and inserts inside it (its own transactions become savepoints)', () => {
    const { store } = openStore();
    const r = row({ tokens: 10 });
    store.db.transaction(() => {
      const id = store.ledger.insertWithReceipt(r, receiptFor(r, 0.01));
      store.ledger.settle(entry(r.taskId, id), 'awarded', 0.01, null);
      store.ledger.insertMany([row({ tokens: 5 })]);
    })();
    expect(
      store.ledger
        .list({}, 10)
        .map((x) => x.receipt)
        .sort(),
    ).toEqual(['awarded', 'none']);
  });
});

describe('ledger repository: a group of entries', () => {
  it('one transaction for rows and receipts; an entry refused for what it is (a second claim) is left out, the rest written', () => {
    const { store } = openStore();
    const l = store.ledger;
    const claimed = row({ tokens: 10 });
    l.insertWithReceipt(claimed, receiptFor(claimed, 0.01));
    const others = [row(), row({ tokens: 20 })];
    const again = { ...claimed, ts: claimed.ts + 1 };
    const refused = l.insertGroup([
      { row: others[0]!, receipt: null },
      { row: again, receipt: receiptFor(again, 0.5) },
      { row: others[1]!, receipt: receiptFor(others[1]!, 0.02) },
    ]);
    expect(refused.map((r) => r.entry.row)).toEqual([again]);
    expect(refused[0]!.error.message).toMatch(/UNIQUE|PRIMARY/);
    expect(
      l
        .list({}, 10)
        .map((r) => r.taskId)
        .sort(),
    ).toEqual([claimed.taskId, ...others.map((o) => o.taskId)].sort());
    expect(count(store, 'receipt_outbox')).toBe(2);
    const { stored, fromRows } = rollupsVsRows(store);
    expect(stored).toEqual(fromRows);
  });

  it('anything else refused (a full disk) writes nothing of the group', () => {
    const { store } = openStore();
    const l = store.ledger;
    // The outbox write fails the way a full disk fails it: not a constraint, so not the entry's fault.
    store.db.function('disk_full', () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    store.db.exec('CREATE TEMP TRIGGER full BEFORE INSERT ON main.receipt_outbox BEGIN SELECT disk_full(); END');
    const a = row();
    const b = row({ tokens: 3 });
    expect(() =>
      l.insertGroup([
        { row: a, receipt: null },
        { row: b, receipt: receiptFor(b, 0.1) },
      ]),
    ).toThrow(/full/);
    expect(count(store, 'ledger')).toBe(0);
    expect(count(store, 'ledger_rollup')).toBe(0);
  });
});
