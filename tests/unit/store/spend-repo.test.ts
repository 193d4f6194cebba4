/**
 * The spent book: one row per request this computer's apps sent through the local gateway, what it was expected to
 * cost and what the directory charged, summed per quarter hour and per node.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '@engine/store';
import type { NewSpendRow } from '@engine/store/spend-repo';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function openStore(): { store: Store; path: string } {
  const t = tempDir();
  const path = `${t.dir}/provider.db`;
  const store = Store.open(path);
  cleanups.push(() => {
    store.close();
    t.cleanup();
  });
  return { store, path };
}

const at = (iso: string) => Date.parse(iso);
let seq = 0;
function spend(over: Partial<NewSpendRow> = {}): NewSpendRow {
  return {
    taskId: `gw-${++seq}`,
    atMs: at('2026-11-21T10:00:00Z'),
    api: 'openai',
    intent: 'urn:iicp:intent:llm:chat:v1',
    model: 'llama3',
    nodeId: 'node-far',
    own: false,
    outcome: 'answered',
    code: 'ok',
    tokens: 120,
    creditsU: 150_000,
    latencyMs: 900,
    attempts: 1,
    ...over,
  };
}

describe('the spent book', () => {
  it("keeps a row's plan apart from what the limits held, and reads the last answers' lengths of a model", () => {
    const { store } = openStore();
    const min = (m: number) => at('2026-11-21T10:00:00Z') + m * 60_000;
    store.spend.record(
      spend({ taskId: 'p', expectedU: 950_000, plannedU: 27_000, worstU: 1_100_000, answerTokens: 9 }),
    );
    expect(store.spend.recent(1)[0]).toMatchObject({ planned: 0.027, expected: 0.95, worstCase: 1.1 });
    const answers: [string, string, number, NewSpendRow['outcome'], number][] = [
      ['editor', 'llama3', 10, 'answered', 1],
      ['editor', 'llama3', 20, 'answered', 2],
      ['editor', 'llama3', 30, 'failed', 3],
      ['editor', 'mistral', 40, 'answered', 4],
      ['writer', 'llama3', 50, 'answered', 5],
      ['editor', 'llama3', 60, 'answered', 6],
    ];
    for (const [appKeyId, model, answerTokens, outcome, m] of answers)
      store.spend.record(spend({ appKeyId, model, answerTokens, outcome, atMs: min(m) }));
    // A row without an answer's length (from before it was kept) is not an answer to count.
    store.spend.record(spend({ appKeyId: 'editor', atMs: min(7) }));
    expect(store.spend.answerTokens('llama3', 'editor', 10)).toEqual([60, 20, 10]);
    expect(store.spend.answerTokens('llama3', 'editor', 2)).toEqual([60, 20]);
    expect(store.spend.answerTokens('llama3', null, 3)).toEqual([60, 50, 20]);
    expect(store.spend.answerTokens('mistral', 'writer', 10)).toEqual([]);
  });

  it('keeps a request as the page lists it, newest first, and the rows outlive a restart', () => {
    const { store, path } = openStore();
    store.spend.record(spend({ taskId: 'a', atMs: at('2026-11-21T09:00:00Z') }));
    store.spend.record(
      spend({ taskId: 'b', atMs: at('2026-11-21T09:30:00Z'), nodeId: 'node-mine', own: true, creditsU: 0 }),
    );
    store.spend.record(
      spend({
        taskId: 'c',
        atMs: at('2026-11-21T09:45:00Z'),
        nodeId: null,
        own: null,
        outcome: 'refused',
        code: 'insufficient_quota',
        tokens: null,
        creditsU: null,
        attempts: 0,
      }),
    );
    store.close();
    const again = Store.open(path);
    cleanups.unshift(() => again.close());
    const rows = again.spend.recent(10);
    expect(rows.map((r) => r.taskId)).toEqual(['c', 'b', 'a']);
    expect(rows[0]).toEqual({
      taskId: 'c',
      at: '2026-11-21T09:45:00.000Z',
      api: 'openai',
      model: 'llama3',
      nodeId: null,
      own: null,
      outcome: 'refused',
      code: 'insufficient_quota',
      tokens: null,
      credits: null,
      charged: null,
      latencyMs: 900,
      attempts: 0,
      streamNote: null,
      route: null,
      appKeyId: null,
      app: null,
      machine: null,
      planned: null,
      expected: null,
      worstCase: null,
      flag: null,
      notCharged: false,
      maxTokensLowered: null,
    });
    expect(rows[1]).toMatchObject({ own: true, credits: 0 });
    expect(rows[2]).toMatchObject({ own: false, credits: 0.15, charged: null });
    expect(again.spend.recent(1).map((r) => r.taskId)).toEqual(['c']);
  });

  it('reads every row back as the contract’s row: time, amounts and own turned, every other field as written', () => {
    const { store } = openStore();
    const rows = [
      spend({
        taskId: 'paid',
        own: false,
        tokens: 7,
        latencyMs: 11,
        attempts: 2,
        code: 'ok',
        api: 'anthropic',
        model: 'm-a',
        nodeId: 'n-a',
        creditsU: 123_456,
        route: 'paid',
        appKeyId: 'k1',
        expectedU: 100_000,
        worstU: 1_100_100,
        flag: 'overclaimed',
        maxTokensLowered: 812,
      }),
      spend({
        taskId: 'free',
        atMs: at('2026-11-21T10:01:00Z'),
        own: true,
        creditsU: 0,
        model: null,
        intent: null,
        streamNote: 'streamed',
        route: 'this_computer',
        appKeyId: 'page',
      }),
      spend({
        taskId: 'none',
        atMs: at('2026-11-21T10:02:00Z'),
        own: null,
        nodeId: null,
        outcome: 'failed',
        code: 'timeout',
        tokens: null,
        creditsU: null,
        attempts: 3,
        streamNote: 'node_cannot',
      }),
    ];
    store.spend.recordAll(rows);
    store.spend.markCharged('paid', 100_000);
    const read = store.spend.recent(10).reverse();
    expect(read).toEqual(
      rows.map(
        ({
          atMs,
          intent: _intent,
          creditsU,
          streamNote,
          route,
          appKeyId,
          expectedU,
          worstU,
          flag,
          maxTokensLowered,
          ...same
        }) => ({
          ...same,
          streamNote: streamNote ?? null,
          route: route ?? null,
          appKeyId: appKeyId ?? null,
          app: null,
          machine: null,
          planned: expectedU == null ? null : expectedU / 1e6,
          expected: expectedU == null ? null : expectedU / 1e6,
          worstCase: worstU == null ? null : worstU / 1e6,
          flag: flag ?? null,
          notCharged: false,
          maxTokensLowered: maxTokensLowered ?? null,
          at: new Date(atMs).toISOString(),
          credits: creditsU === null ? null : creditsU / 1e6,
          charged: same.taskId === 'paid' ? 0.1 : null,
        }),
      ),
    );
    expect([...store.spend.iterate({})].map((r) => r.intent)).toEqual(rows.map((r) => r.intent));
  });

  it('books the requests that ended together in one transaction: all of them, or none', () => {
    const { store } = openStore();
    const before = store.spend.version;
    store.spend.recordAll([spend({ taskId: 'one' }), spend({ taskId: 'two' })]);
    expect(store.spend.version).toBe(before + 1);
    expect(
      store.spend
        .recent(10)
        .map((r) => r.taskId)
        .sort(),
    ).toEqual(['one', 'two']);
    // A row the book's rules refuse takes the rows booked with it back out.
    const broken = { ...spend({ taskId: 'four' }), outcome: 'lost' } as unknown as NewSpendRow;
    expect(() => store.spend.recordAll([spend({ taskId: 'three' }), broken])).toThrow(/CHECK/);
    expect(
      store.spend
        .recent(10)
        .map((r) => r.taskId)
        .sort(),
    ).toEqual(['one', 'two']);
  });

  it('a second row for the same task replaces the first and keeps what the directory said of it', () => {
    const { store } = openStore();
    store.spend.record(spend({ taskId: 'x', creditsU: 100_000 }));
    expect(store.spend.markCharged('x', 120_000)).toBe(true);
    store.spend.record(spend({ taskId: 'x', creditsU: 110_000, tokens: 130 }));
    expect(store.spend.recent(10)).toEqual([
      expect.objectContaining({ taskId: 'x', tokens: 130, credits: 0.11, charged: 0.12 }),
    ]);
    expect(store.spend.markCharged('not-ours', 1)).toBe(false);
  });

  it('spends what the directory charged once it said, else what an answered request was expected to cost', () => {
    const { store } = openStore();
    const day = (h: string) => at(`2026-11-21T${h}:00Z`);
    store.spend.record(spend({ taskId: 'expected', atMs: day('08:00'), creditsU: 100_000 }));
    store.spend.record(spend({ taskId: 'charged-more', atMs: day('08:10'), creditsU: 100_000 }));
    store.spend.record(spend({ taskId: 'charged-less', atMs: day('08:20'), creditsU: 300_000 }));
    store.spend.record(spend({ taskId: 'own', atMs: day('08:30'), creditsU: 0, own: true, nodeId: 'node-mine' }));
    store.spend.record(
      spend({ taskId: 'timed-out', atMs: day('08:40'), outcome: 'failed', code: 'timeout', creditsU: 200_000 }),
    );
    store.spend.record(
      spend({ taskId: 'timed-out-charged', atMs: day('08:50'), outcome: 'failed', code: 'timeout', creditsU: null }),
    );
    store.spend.record(spend({ taskId: 'yesterday', atMs: at('2026-11-20T22:00:00Z'), creditsU: 5_000_000 }));
    store.spend.markCharged('charged-more', 250_000);
    store.spend.markCharged('charged-less', 200_000);
    store.spend.markCharged('timed-out-charged', 70_000);
    // 0.1 expected + 0.25 charged + 0.2 charged + 0 + (nothing: not answered, not charged) + 0.07 charged anyway
    expect(store.spend.spentBetween(day('00:00'), day('23:59'))).toBe(0.62);
    expect(store.spend.spentSince(at('2026-11-20T00:00:00Z'))).toBe(5.62);
    expect(store.spend.spentBetween(day('08:15'), day('08:45'))).toBe(0.2);
    expect(store.spend.spentBetween(day('09:00'), day('10:00'))).toBe(0);
  });

  it('a debit above what was expected flags the row overcharged and names its node; one within rounding does not', () => {
    const { store } = openStore();
    const fair = spend({ nodeId: 'node-fair', expectedU: 25_000, worstU: 1_100_100 });
    const greedy = spend({ nodeId: 'node-greedy', expectedU: 25_000, worstU: 1_100_100 });
    store.spend.recordAll([fair, greedy]);
    const before = store.spend.flagsVersion;
    store.spend.markCharged(fair.taskId, 25_100);
    expect(store.spend.flagsVersion).toBe(before);
    store.spend.markCharged(greedy.taskId, 1_100_000);
    expect(store.spend.flagsVersion).toBe(before + 1);
    expect(store.spend.flaggedNodes()).toEqual(['node-greedy']);
    expect(store.spend.recent(5).map((r) => [r.nodeId, r.flag, r.charged])).toEqual(
      expect.arrayContaining([
        ['node-fair', null, 0.0251],
        ['node-greedy', 'overcharged', 1.1],
      ]),
    );
  });

  it('a paid request the directory did not charge counts 0 and says so; a debit read later still counts', () => {
    const { store } = openStore();
    const row = spend({ creditsU: 25_000, expectedU: 25_000, worstU: 1_100_100 });
    store.spend.recordAll([row]);
    expect(store.spend.spentBetweenU(0, Number.MAX_SAFE_INTEGER)).toBe(25_000);
    expect(store.spend.unsettledU(0)).toBe(25_000);
    expect(store.spend.unsettled(row.atMs, 10)).toEqual([]);
    expect(store.spend.unsettled(row.atMs + 1, 10).map((r) => r.taskId)).toEqual([row.taskId]);
    store.spend.markNotCharged([row.taskId]);
    expect(store.spend.spentBetweenU(0, Number.MAX_SAFE_INTEGER)).toBe(0);
    expect(store.spend.unsettledU(0)).toBe(0);
    expect(store.spend.recent(1)[0]).toMatchObject({ notCharged: true, charged: null });
    store.spend.markCharged(row.taskId, 20_000);
    expect(store.spend.spentBetweenU(0, Number.MAX_SAFE_INTEGER)).toBe(20_000);
    expect(store.spend.recent(1)[0]).toMatchObject({ notCharged: false, charged: 0.02 });
  });

  it('lists what still waits for the directory: answered, costing something, not charged yet, oldest first', () => {
    const { store } = openStore();
    store.spend.record(spend({ taskId: 'late', atMs: at('2026-11-21T10:00:00Z') }));
    store.spend.record(spend({ taskId: 'early', atMs: at('2026-11-21T09:00:00Z'), creditsU: 40_000 }));
    store.spend.record(spend({ taskId: 'free', creditsU: 0, own: true }));
    store.spend.record(spend({ taskId: 'failed', outcome: 'failed', code: 'all_nodes_failed', creditsU: null }));
    store.spend.record(spend({ taskId: 'done' }));
    store.spend.markCharged('done', 150_000);
    expect(store.spend.unchecked(10)).toEqual([
      { taskId: 'early', atMs: at('2026-11-21T09:00:00Z'), creditsU: 40_000 },
      { taskId: 'late', atMs: at('2026-11-21T10:00:00Z'), creditsU: 150_000 },
    ]);
    expect(store.spend.unchecked(1).map((r) => r.taskId)).toEqual(['early']);
  });

  it('sums per quarter hour and per node, own machines marked, nodes that neither answered nor charged left out', () => {
    const { store } = openStore();
    store.spend.record(spend({ atMs: at('2026-11-21T10:01:00Z'), nodeId: 'far', creditsU: 100_000 }));
    store.spend.record(spend({ atMs: at('2026-11-21T10:14:59Z'), nodeId: 'far', creditsU: 200_000 }));
    store.spend.record(spend({ atMs: at('2026-11-21T10:15:00Z'), nodeId: 'near', creditsU: 500_000 }));
    store.spend.record(spend({ atMs: at('2026-11-21T10:20:00Z'), nodeId: 'mine', own: true, creditsU: 0 }));
    store.spend.record(
      spend({
        atMs: at('2026-11-21T10:25:00Z'),
        nodeId: 'broken',
        outcome: 'failed',
        code: 'all_nodes_failed',
        creditsU: null,
      }),
    );
    store.spend.record(spend({ atMs: at('2026-11-21T11:00:00Z'), nodeId: 'far', creditsU: 1_000_000 }));
    const from = at('2026-11-21T10:00:00Z');
    const to = at('2026-11-21T11:00:00Z');
    const q = at('2026-11-21T10:00:00Z') / 900_000;
    expect(store.spend.buckets(from, to)).toEqual([
      { bucket: q, spentU: 300_000, tasks: 2, freeTasks: 0 },
      // The own machine's answer is free: counted apart, never among the paid tasks beside the spend.
      { bucket: q + 1, spentU: 500_000, tasks: 1, freeTasks: 1 },
    ]);
    expect(store.spend.byNode(from, to)).toEqual([
      { nodeId: 'near', own: false, spentU: 500_000, tasks: 1 },
      { nodeId: 'far', own: false, spentU: 300_000, tasks: 2 },
      { nodeId: 'mine', own: true, spentU: 0, tasks: 1 },
    ]);
  });

  it('sums per app key in a period: what was spent (charged where said) and every request, rows with no key left out', () => {
    const { store } = openStore();
    const day = (h: string) => at(`2026-11-21T${h}:00Z`);
    store.spend.record(spend({ taskId: 'a1', atMs: day('08:00'), appKeyId: 'key-a', creditsU: 100_000 }));
    store.spend.record(spend({ taskId: 'a2', atMs: day('08:10'), appKeyId: 'key-a', creditsU: 300_000 }));
    store.spend.record(
      spend({
        taskId: 'a3',
        atMs: day('08:20'),
        appKeyId: 'key-a',
        outcome: 'refused',
        code: 'insufficient_quota',
        creditsU: null,
      }),
    );
    store.spend.record(spend({ taskId: 'b1', atMs: day('08:30'), appKeyId: 'key-b', creditsU: 0, own: true }));
    store.spend.record(spend({ taskId: 'p1', atMs: day('09:00'), appKeyId: 'page', creditsU: 50_000 }));
    store.spend.record(spend({ taskId: 'old', atMs: day('09:10'), creditsU: 70_000 }));
    store.spend.record(
      spend({ taskId: 'a-yesterday', atMs: at('2026-11-20T22:00:00Z'), appKeyId: 'key-a', creditsU: 5_000_000 }),
    );
    store.spend.markCharged('a2', 200_000);
    expect(store.spend.byApp(day('00:00'), day('23:59'))).toEqual([
      { appKeyId: 'key-a', spentU: 300_000, requests: 3 },
      { appKeyId: 'key-b', spentU: 0, requests: 1 },
      { appKeyId: 'page', spentU: 50_000, requests: 1 },
    ]);
    expect(store.spend.byApp(day('08:15'), day('08:45'))).toEqual([
      { appKeyId: 'key-a', spentU: 0, requests: 1 },
      { appKeyId: 'key-b', spentU: 0, requests: 1 },
    ]);
  });

  it("sums the directory's task_spend debits per task, its operator-wallet splits too, for the tasks in the book only", () => {
    const { store } = openStore();
    store.spend.record(spend({ taskId: 't1' }));
    store.spend.record(spend({ taskId: 't2' }));
    const ts = at('2026-11-21T10:00:00Z');
    store.ledger.keepDirectoryTransactions([
      { id: '1', ts, type: 'debit', reason: 'task_spend', amountU: 150_000, taskId: 't1' },
      { id: '2', ts, type: 'debit', reason: 'task_spend:operator_wallet:consumer=n1', amountU: 100_000, taskId: 't2' },
      { id: '3', ts, type: 'debit', reason: 'task_spend:operator_wallet:consumer=n1', amountU: 60_000, taskId: 't2' },
      { id: '4', ts, type: 'credit', reason: 'task_completion', amountU: 150_000, taskId: 't1' },
      { id: '5', ts, type: 'debit', reason: 'task_spend', amountU: 90_000, taskId: 'someone-else' },
      { id: '6', ts, type: 'debit', reason: 'task_spending_limit', amountU: 1, taskId: 't1' },
    ]);
    expect(store.spend.directoryCharges(['t1', 't2', 'someone-else', 'none'])).toEqual(
      new Map([
        ['t1', 150_000],
        ['t2', 160_000],
      ]),
    );
    expect(store.spend.directoryCharges([])).toEqual(new Map());
  });

  it('keeps the first signed award that names this node as the payer, and its spend where the books said none', () => {
    const { store } = openStore();
    store.spend.record(spend({ taskId: 's1' }));
    store.spend.record(spend({ taskId: 's2' }));
    store.spend.markCharged('s2', 150_000);
    expect(store.spend.markSpendEvent('s1', 41, 160_000)).toBe(true);
    expect(store.spend.markSpendEvent('s1', 99, 1)).toBe(true);
    expect(store.spend.markSpendEvent('s2', 42, 170_000)).toBe(true);
    expect(store.spend.markSpendEvent('nope', 43, 1)).toBe(false);
    const rows = store.db
      .prepare('SELECT task_id, charged_u, spend_event_seq FROM gateway_spend ORDER BY task_id')
      .all();
    expect(rows).toEqual([
      { task_id: 's1', charged_u: 160_000, spend_event_seq: 41 },
      { task_id: 's2', charged_u: 150_000, spend_event_seq: 42 },
    ]);
  });

  it('iterates the rows for the CSV, oldest first, by period and model', () => {
    const { store } = openStore();
    store.spend.record(spend({ taskId: 'b', atMs: at('2026-11-21T11:00:00Z'), model: 'qwen' }));
    store.spend.record(spend({ taskId: 'a', atMs: at('2026-11-21T10:00:00Z') }));
    store.spend.record(spend({ taskId: 'c', atMs: at('2026-11-21T12:00:00Z') }));
    expect([...store.spend.iterate({})].map((r) => r.taskId)).toEqual(['a', 'b', 'c']);
    expect(
      [...store.spend.iterate({ from: at('2026-11-21T10:30:00Z'), to: at('2026-11-21T12:00:00Z') })].map(
        (r) => r.taskId,
      ),
    ).toEqual(['b']);
    expect([...store.spend.iterate({ model: 'llama3' })].map((r) => [r.taskId, r.intent])).toEqual([
      ['a', 'urn:iicp:intent:llm:chat:v1'],
      ['c', 'urn:iicp:intent:llm:chat:v1'],
    ]);
  });
});
