/**
 * A posting batch's answers recorded in a fixed number of statements (src-main/engine/store/outbox-settlement.ts): the
 * same ledger, outbox and rollups as settling each receipt on its own, retries each at its own time, and the pause
 * the directory asks for without costing any receipt its last chance.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '@engine/store';
import type { NewLedgerRow, OutboxEntry, Settlement } from '@engine/store/ledger-repo';
import { tempStore } from '../../support/tmp';
import { ledgerRows } from '../../support/ledger-rows';
import { rollupsVsRows } from './rollups-vs-rows';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function openStore(): Store {
  const t = tempStore();
  cleanups.push(t.cleanup);
  return t.store;
}

const T0 = Date.parse('2026-11-21T10:00:00Z');
const MIN = 60_000;
const plainRow = ledgerRows(T0);
const row = (over: Partial<NewLedgerRow> = {}): NewLedgerRow => plainRow({ tokens: 100, latencyMs: 250, ...over });
const receiptFor = (r: NewLedgerRow, amount: number, expiresAt = r.ts + 60 * MIN) => ({
  body: { task_id: r.taskId, amount },
  amount,
  expiresAt,
});
const entry = (taskId: string, ledgerId: number): OutboxEntry => ({
  taskId,
  ledgerId,
  body: '{}',
  expiresAt: T0 + 60 * MIN,
  attempts: 0,
});

const outbox = (store: Store) =>
  store.db
    .prepare(
      'SELECT task_id AS taskId, attempts, next_attempt_at AS at, last_error AS error FROM receipt_outbox ORDER BY task_id',
    )
    .all() as {
    taskId: string;
    attempts: number;
    at: number;
    error: string | null;
  }[];

describe('recording a posting batch', () => {
  it('settles a batch across quarter hours and models in one call: rows, outbox and rollups as if settled one by one', () => {
    const batched = openStore();
    const single = openStore();
    const made: { r: NewLedgerRow; ids: [number, number]; amount: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const r = row({
        ts: T0 + i * 3 * MIN + 7_000,
        model: i % 3 === 0 ? 'qwen2.5' : i % 7 === 0 ? null : 'llama3',
        tokens: 10 + i,
      });
      const amount = Math.round((10 + i) * 1.5) / 1e6;
      made.push({
        r,
        ids: [
          batched.ledger.insertWithReceipt(r, receiptFor(r, amount)),
          single.ledger.insertWithReceipt(r, receiptFor(r, amount)),
        ],
        amount,
      });
    }
    const words = (k: number, amount: number): Omit<Settlement, 'entry'> | null =>
      k % 5 === 0
        ? { state: 'awarded', awarded: amount, note: null }
        : k % 5 === 1
          ? { state: 'awarded', awarded: amount / 2, note: 'attribution: attributed_cross_node_unverified_operator' }
          : k % 5 === 2
            ? { state: 'rejected', awarded: null, note: `IICP-E027: ${'x'.repeat(700)}` }
            : k % 5 === 3
              ? {
                  state: 'expired',
                  awarded: null,
                  note: 'expired: the directory did not accept the receipt before it expired',
                }
              : null; // still claimed
    const batch: Settlement[] = [];
    made.forEach(({ r, ids, amount }, k) => {
      const w = words(k, amount);
      if (!w) return;
      batch.push({ entry: entry(r.taskId, ids[0]), ...w });
      single.ledger.settle(entry(r.taskId, ids[1]), w.state, w.awarded, w.note);
    });
    batched.ledger.recordPosts(batch, []);

    const { stored, fromRows } = rollupsVsRows(batched);
    expect(stored).toEqual(fromRows);
    expect(stored).toEqual(rollupsVsRows(single).stored);
    const strip = (s: Store) => s.ledger.list({}, 100).map(({ id: _id, ...rest }) => rest);
    expect(strip(batched)).toEqual(strip(single));
    expect(batched.ledger.list({ receipt: 'rejected' }, 1)[0]!.note).toHaveLength(500);
    expect(outbox(batched).map((o) => o.taskId)).toEqual(outbox(single).map((o) => o.taskId));
    expect(outbox(batched)).toHaveLength(made.filter((_, k) => k % 5 === 4).length);
  });

  it('leaves a settled row as it is but removes its stale outbox entry, and ignores an unknown one', () => {
    const store = openStore();
    const l = store.ledger;
    const r = row();
    const id = l.insertWithReceipt(r, receiptFor(r, 0.001));
    l.recordPosts([{ entry: entry(r.taskId, id), state: 'awarded', awarded: 0.001, note: null }], []);
    const before = { rows: l.list({}, 10), rollups: rollupsVsRows(store).stored };
    // Put back by hand (a restored backup), answered again, and an answer for a task the ledger never had.
    store.db
      .prepare(
        'INSERT INTO receipt_outbox (task_id, ledger_id, body, expires_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(r.taskId, id, '{}', T0 + MIN, T0);
    l.recordPosts(
      [
        { entry: entry(r.taskId, id), state: 'rejected', awarded: null, note: 'late' },
        { entry: entry('no-such-task', 9999), state: 'awarded', awarded: 5, note: null },
      ],
      [],
    );
    expect({ rows: l.list({}, 10), rollups: rollupsVsRows(store).stored }).toEqual(before);
    expect(outbox(store)).toEqual([]);
  });

  it('records retries in the same commit, each at its own time with its bounded error, and counts the attempt', () => {
    const store = openStore();
    const l = store.ledger;
    const rs = [row(), row(), row()];
    const ids = rs.map((r) => l.insertWithReceipt(r, receiptFor(r, 0.01)));
    l.recordPosts(
      [{ entry: entry(rs[0]!.taskId, ids[0]!), state: 'awarded', awarded: 0.01, note: null }],
      [
        { taskId: rs[1]!.taskId, at: T0 + 5_000, error: 'The directory answered HTTP 503.' },
        { taskId: rs[2]!.taskId, at: T0 + 7_000.4, error: 'e'.repeat(900) },
      ],
    );
    expect(outbox(store)).toEqual([
      { taskId: rs[1]!.taskId, attempts: 1, at: T0 + 5_000, error: 'The directory answered HTTP 503.' },
      { taskId: rs[2]!.taskId, attempts: 1, at: T0 + 7_000, error: 'e'.repeat(500) },
    ]);
    expect(l.list({ receipt: 'awarded' }, 10).map((x) => x.taskId)).toEqual([rs[0]!.taskId]);
  });

  it('a pause moves what is due before its end to the end, a last chance before it to the last chance, and nothing earlier', () => {
    const store = openStore();
    const l = store.ledger;
    const now = T0 + 10 * MIN;
    const until = now + 5 * MIN;
    const make = (expiresAt: number, nextAt: number) => {
      const r = row();
      l.insertWithReceipt(r, receiptFor(r, 0.01, expiresAt));
      store.db.prepare('UPDATE receipt_outbox SET next_attempt_at = ? WHERE task_id = ?').run(nextAt, r.taskId);
      return r.taskId;
    };
    const due = make(now + 60 * MIN, now); // due now: waits for the end of the pause
    const soon = make(now + 60 * MIN, now + MIN); // due during the pause: the same
    const later = make(now + 60 * MIN, until + MIN); // after the pause already: kept
    const expiring = make(now + 2 * MIN, now); // its last chance (expiry − 30 s) comes before the pause ends
    const atLastChance = make(now + 20_000, now - 10_000); // at or past its last chance: kept, it goes now
    // a retry between its last chance and its expiry (next clock hour): not moved earlier
    const hourLater = make(now + 4 * MIN, now + 3 * MIN + 45_000);
    expect(l.deferDue(now, until, 30_000)).toBe(3);
    const at = new Map(outbox(store).map((o) => [o.taskId, o.at]));
    expect(at.get(due)).toBe(until);
    expect(at.get(soon)).toBe(until);
    expect(at.get(later)).toBe(until + MIN);
    expect(at.get(expiring)).toBe(now + 2 * MIN - 30_000);
    expect(at.get(atLastChance)).toBe(now - 10_000);
    expect(at.get(hourLater)).toBe(now + 3 * MIN + 45_000);
    expect(outbox(store).every((o) => o.attempts === 0)).toBe(true);
  });
});
