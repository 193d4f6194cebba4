/**
 * The budget's running totals: one sum in the database per window, then kept up to date; summed again after others
 * wrote.
 */
import { describe, expect, it } from 'vitest';
import { SpendTotals, type SpendBook, type SpendEntry } from '@engine/gateway/spending/spend-totals';

function fakeBook() {
  const rows: SpendEntry[] = [];
  let version = 0;
  let sums = 0;
  const book: SpendBook = {
    record: (entries) => {
      rows.push(...entries);
      version += 1;
    },
    recent: () => [],
    byApp: () => [],
    spentBetweenMicro: (from, to) => {
      sums += 1;
      return rows
        .filter((r) => r.atMs >= from && r.atMs < to && r.outcome === 'answered')
        .reduce((n, r) => n + (r.creditsU ?? 0), 0);
    },
    version: () => version,
  };
  return { book, sums: () => sums, otherWrite: () => (version += 1), rows };
}

const entry = (atMs: number, creditsU: number, outcome: SpendEntry['outcome'] = 'answered'): SpendEntry => ({
  taskId: `t${atMs}`,
  atMs,
  api: 'openai',
  intent: 'urn:iicp:intent:llm:chat:v1',
  model: 'm',
  nodeId: 'n',
  own: false,
  outcome,
  code: outcome === 'answered' ? 'ok' : 'timeout',
  tokens: 10,
  creditsU,
  latencyMs: 5,
  attempts: 1,
});

describe('SpendTotals', () => {
  it('sums each window once, then carries each booked request into it without asking the database again', () => {
    const f = fakeBook();
    const totals = new SpendTotals(f.book);
    f.book.record([entry(50, 7)]);
    expect(totals.since(100, 1000)).toBe(0);
    expect(totals.since(0, 1000)).toBe(7);
    expect(f.sums()).toBe(2);
    totals.record([entry(200, 1_100_000), entry(300, 5, 'failed')]);
    expect(totals.since(100, 1000)).toBe(1_100_000);
    expect(totals.since(0, 1000)).toBe(1_100_007);
    expect(f.sums()).toBe(2);
  });

  it('sums again once someone else wrote the book (a charge read from the directory)', () => {
    const f = fakeBook();
    const totals = new SpendTotals(f.book);
    totals.record([entry(10, 3)]);
    expect(totals.since(0, 100)).toBe(3);
    f.rows[0]!.creditsU = 1;
    f.otherWrite();
    expect(totals.since(0, 100)).toBe(1);
    expect(f.sums()).toBe(2);
  });
});
