import { afterEach, describe, expect, it } from 'vitest';
import { localDay, startOfLocalDay } from '@shared/calendar/days';
import { earningsReport } from '@engine/earnings/report';
import { english } from '@shared/i18n/say';
import { ledgerCsv } from '@engine/earnings/ledger-views';
import { Store } from '@engine/store';
import type { NewLedgerRow } from '@engine/store/ledger-repo';
import type { NewSpendRow } from '@engine/store/spend-repo';
import { tempDir } from '../../support/tmp';
import { INTENT_MODERATE, INTENT_SPEECH, INTENT_TRANSCRIBE } from '@engine/backends';
import type { TaskUnits } from '@shared/contract';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function openStore(): Store {
  const t = tempDir();
  const store = Store.open(`${t.dir}/provider.db`);
  cleanups.push(() => {
    store.close();
    t.cleanup();
  });
  return store;
}

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const INTENT = 'urn:iicp:intent:llm:chat:v1';
const at = (iso: string) => Date.parse(iso);

let seq = 0;
interface TaskSpec {
  model?: string | null;
  outcome?: 'ok' | 'error';
  tokens?: number | null;
  /** A receipt for this amount; settled below or left claimed. */
  claim?: number;
  /** Joules attributed to the task. */
  energyJ?: number | null;
  /** A speech task's count in its own unit. */
  units?: TaskUnits | null;
  intent?: string;
  settle?:
    { state: 'awarded'; awarded: number; note?: string } | { state: 'rejected' | 'expired'; note: string | null };
}

/** One served task at `iso`, written the way the node writes it. */
function task(store: Store, iso: string, spec: TaskSpec = {}): void {
  const row: NewLedgerRow = {
    taskId: `task-${++seq}`,
    ts: at(iso),
    intent: spec.intent ?? INTENT,
    model: spec.model === undefined ? 'llama3' : spec.model,
    outcome: spec.outcome ?? 'ok',
    tokens: spec.tokens === undefined ? 100 : spec.tokens,
    latencyMs: 300,
    energyJ: spec.energyJ ?? null,
    units: spec.units ?? null,
  };
  if (spec.claim === undefined) {
    store.ledger.insertMany([row]);
    return;
  }
  const ledgerId = store.ledger.insertWithReceipt(row, {
    body: { task_id: row.taskId },
    amount: spec.claim,
    expiresAt: row.ts + 3_600_000,
  });
  const s = spec.settle;
  if (!s) return;
  const entry = { taskId: row.taskId, ledgerId, body: '{}', expiresAt: row.ts + 3_600_000, attempts: 0 };
  if (s.state === 'awarded') store.ledger.settle(entry, 'awarded', s.awarded, s.note ?? null);
  else store.ledger.settle(entry, s.state, null, s.note);
}

/** One request this computer's apps sent through the local gateway at `iso`, as the gateway writes it. */
function sent(store: Store, iso: string, over: Partial<NewSpendRow> = {}): void {
  store.spend.record({
    taskId: `gw-${++seq}`,
    atMs: at(iso),
    api: 'openai',
    intent: INTENT,
    model: 'llama3',
    nodeId: 'node-far',
    own: false,
    outcome: 'answered',
    code: 'ok',
    tokens: 200,
    creditsU: 250_000,
    latencyMs: 800,
    attempts: 1,
    ...over,
  });
}

const jobsPerDay = (r: ReturnType<typeof earningsReport>) => Object.fromEntries(r.perDay.map((d) => [d.day, d.jobs]));

describe('earnings report: days', () => {
  it('puts tasks just before and after local midnight on the right day around a 23-hour day (Berlin, spring)', () => {
    const store = openStore();
    task(store, '2026-03-27T23:00:00Z'); // 00:00 CET on the 28th: the first instant of the period
    task(store, '2026-03-27T22:59:59Z'); // 23:59:59 on the 27th: before the period
    task(store, '2026-03-28T22:59:59Z'); // 23:59:59 CET on the 28th
    task(store, '2026-03-28T23:00:00Z'); // 00:00 CET on the 29th
    task(store, '2026-03-29T00:59:59Z'); // 01:59:59 CET, just before the clocks jump
    task(store, '2026-03-29T01:00:00Z'); // 03:00 CEST
    task(store, '2026-03-29T21:59:59Z'); // 23:59:59 CEST on the 29th
    task(store, '2026-03-29T22:00:00Z'); // 00:00 CEST on the 30th
    task(store, '2026-03-31T09:00:00Z'); // today
    const r = earningsReport(store.ledger, at('2026-03-31T10:00:00Z'), 4, BERLIN);
    expect(r.perDay.map((d) => d.day)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
    expect(jobsPerDay(r)).toEqual({ '2026-03-28': 2, '2026-03-29': 4, '2026-03-30': 1, '2026-03-31': 1 });
    expect(r.totals.jobs).toBe(8);
  });

  it('puts tasks just before and after local midnight on the right day around a 25-hour day (Berlin, autumn)', () => {
    const store = openStore();
    task(store, '2026-10-24T21:59:59Z'); // 23:59:59 CEST on the 24th
    task(store, '2026-10-24T22:00:00Z'); // 00:00 CEST on the 25th
    task(store, '2026-10-25T00:30:00Z'); // 02:30 CEST
    task(store, '2026-10-25T01:30:00Z'); // 02:30 CET, the same hour once more
    task(store, '2026-10-25T22:59:59Z'); // 23:59:59 CET on the 25th
    task(store, '2026-10-25T23:00:00Z'); // 00:00 CET on the 26th
    // Early on a later morning (CET), with the change inside the period: today is there and has its task.
    task(store, '2026-10-27T04:10:00Z');
    const r = earningsReport(store.ledger, at('2026-10-27T05:00:00Z'), 7, BERLIN);
    expect(r.perDay.map((d) => d.day)).toEqual([
      '2026-10-21',
      '2026-10-22',
      '2026-10-23',
      '2026-10-24',
      '2026-10-25',
      '2026-10-26',
      '2026-10-27',
    ]);
    expect(jobsPerDay(r)).toMatchObject({ '2026-10-24': 1, '2026-10-25': 4, '2026-10-26': 1, '2026-10-27': 1 });
    expect(r.totals.jobs).toBe(7);
  });

  it('does the same in America/New_York (23-hour 2026-03-08, 25-hour 2026-11-01)', () => {
    const store = openStore();
    task(store, '2026-03-08T04:59:59Z'); // 23:59:59 EST on the 7th
    task(store, '2026-03-08T05:00:00Z'); // 00:00 EST on the 8th
    task(store, '2026-03-09T03:59:59Z'); // 23:59:59 EDT on the 8th
    task(store, '2026-03-09T04:00:00Z'); // 00:00 EDT on the 9th
    let r = earningsReport(store.ledger, at('2026-03-09T15:00:00Z'), 3, NEW_YORK);
    expect(jobsPerDay(r)).toEqual({ '2026-03-07': 1, '2026-03-08': 2, '2026-03-09': 1 });

    task(store, '2026-11-01T03:59:59Z'); // 23:59:59 EDT on Oct 31
    task(store, '2026-11-01T04:00:00Z'); // 00:00 EDT on Nov 1
    task(store, '2026-11-01T05:30:00Z'); // 01:30 EDT
    task(store, '2026-11-01T06:30:00Z'); // 01:30 EST
    task(store, '2026-11-02T04:59:59Z'); // 23:59:59 EST on Nov 1
    task(store, '2026-11-02T05:00:00Z'); // 00:00 EST on Nov 2
    r = earningsReport(store.ledger, at('2026-11-02T06:00:00Z'), 3, NEW_YORK);
    expect(jobsPerDay(r)).toEqual({ '2026-10-31': 1, '2026-11-01': 4, '2026-11-02': 1 });
    // The same instants, seen from Berlin, fall on other days.
    r = earningsReport(store.ledger, at('2026-11-02T06:00:00Z'), 3, BERLIN);
    expect(jobsPerDay(r)).toEqual({ '2026-10-31': 0, '2026-11-01': 4, '2026-11-02': 2 });
  });

  it('lists every day of the period, oldest first, worked or not', () => {
    const store = openStore();
    task(store, '2026-11-17T12:00:00Z', { tokens: 40 });
    const r = earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 7, BERLIN);
    expect(r.perDay).toEqual([
      { day: '2026-11-15', jobs: 0, tokens: 0, awarded: 0, pending: 0, energyJ: 0, energyTasks: 0, spent: 0, net: 0 },
      { day: '2026-11-16', jobs: 0, tokens: 0, awarded: 0, pending: 0, energyJ: 0, energyTasks: 0, spent: 0, net: 0 },
      { day: '2026-11-17', jobs: 1, tokens: 40, awarded: 0, pending: 0, energyJ: 0, energyTasks: 0, spent: 0, net: 0 },
      { day: '2026-11-18', jobs: 0, tokens: 0, awarded: 0, pending: 0, energyJ: 0, energyTasks: 0, spent: 0, net: 0 },
      { day: '2026-11-19', jobs: 0, tokens: 0, awarded: 0, pending: 0, energyJ: 0, energyTasks: 0, spent: 0, net: 0 },
      { day: '2026-11-20', jobs: 0, tokens: 0, awarded: 0, pending: 0, energyJ: 0, energyTasks: 0, spent: 0, net: 0 },
      { day: '2026-11-21', jobs: 0, tokens: 0, awarded: 0, pending: 0, energyJ: 0, energyTasks: 0, spent: 0, net: 0 },
    ]);
    expect(r).toMatchObject({ timeZone: BERLIN, days: 7 });
  });

  it('has one entry per calendar day over 90 days with both changes of the clock in them, from any time of day', () => {
    const store = openStore();
    for (const zone of [BERLIN, NEW_YORK]) {
      for (const now of [
        '2026-11-21T00:10:00Z',
        '2026-11-21T05:59:00Z',
        '2026-11-21T12:00:00Z',
        '2026-11-21T23:59:00Z',
        '2026-04-20T06:00:00Z',
      ]) {
        const days = earningsReport(store.ledger, at(now), 90, zone).perDay.map((d) => d.day);
        expect(days).toHaveLength(90);
        expect(days.at(-1)).toBe(localDay(at(now), zone));
        for (let i = 1; i < days.length; i++) {
          expect(Date.parse(`${days[i]}T00:00:00Z`) - Date.parse(`${days[i - 1]}T00:00:00Z`)).toBe(86_400_000);
        }
      }
    }
  });

  it('with days = 1 covers today only', () => {
    const store = openStore();
    task(store, '2026-11-20T22:59:59Z', { claim: 0.5 }); // 23:59:59 yesterday in Berlin
    task(store, '2026-11-20T23:00:00Z', { tokens: 7 }); // 00:00 today
    task(store, '2026-11-21T09:59:00Z', {
      tokens: 3,
      claim: 0.25,
      settle: { state: 'rejected', note: 'E_REPLAY: nonce already used' },
    });
    task(store, '2026-11-19T10:00:00Z', { claim: 0.1, settle: { state: 'rejected', note: 'E_OLD: two days ago' } });
    const r = earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 1, BERLIN);
    expect(r.perDay).toEqual([
      { day: '2026-11-21', jobs: 2, tokens: 10, awarded: 0, pending: 0, energyJ: 0, energyTasks: 0, spent: 0, net: 0 },
    ]);
    expect(r.totals).toEqual({
      jobs: 2,
      errors: 0,
      tokens: 10,
      awarded: 0,
      pending: 0,
      rejected: 1,
      expired: 0,
      energyJ: 0,
      energyTasks: 0,
      spent: 0,
      spentTasks: 0,
      freeTasks: 0,
    });
    expect(r.rejectedReasons).toEqual([{ code: 'E_REPLAY', message: 'nonce already used', count: 1 }]);
  });
});

describe('earnings report: sums', () => {
  it('sums per model (most jobs first) and in totals, errors and model-less failures included in totals only', () => {
    const store = openStore();
    const day = '2026-11-21T08:';
    task(store, `${day}00:00Z`, {
      model: 'llama3',
      tokens: 100,
      claim: 0.00015,
      settle: { state: 'awarded', awarded: 0.00015 },
    });
    task(store, `${day}01:00Z`, {
      model: 'llama3',
      tokens: 200,
      claim: 0.0003,
      settle: { state: 'awarded', awarded: 0.0002, note: 'awarded less than claimed' },
    });
    task(store, `${day}02:00Z`, { model: 'llama3', tokens: 50, claim: 0.000075 }); // still pending
    task(store, `${day}03:00Z`, {
      model: 'qwen2.5',
      tokens: 1000,
      claim: 0.00375,
      settle: { state: 'awarded', awarded: 0.00375 },
    });
    task(store, `${day}04:00Z`, {
      model: 'qwen2.5',
      tokens: 10,
      claim: 0.0000375,
      settle: { state: 'expired', note: 'expired: not accepted in time' },
    });
    task(store, `${day}05:00Z`, { model: 'embed', tokens: null });
    task(store, `${day}06:00Z`, { model: 'qwen2.5', outcome: 'error', tokens: null });
    task(store, `${day}07:00Z`, { model: null, outcome: 'error', tokens: null });
    const r = earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 7, BERLIN);
    expect(r.perModel).toEqual([
      {
        model: 'llama3',
        jobs: 3,
        tokens: 350,
        awarded: 0.00035,
        energyJ: 0,
        energyTokens: 0,
        audioMs: 0,
        characters: 0,
        items: 0,
      },
      {
        model: 'qwen2.5',
        jobs: 2,
        tokens: 1010,
        awarded: 0.00375,
        energyJ: 0,
        energyTokens: 0,
        audioMs: 0,
        characters: 0,
        items: 0,
      },
      {
        model: 'embed',
        jobs: 1,
        tokens: 0,
        awarded: 0,
        energyJ: 0,
        energyTokens: 0,
        audioMs: 0,
        characters: 0,
        items: 0,
      },
    ]);
    // jobs counts successful tasks; failures are counted under errors (and belong to no model).
    expect(r.totals).toEqual({
      jobs: 6,
      errors: 2,
      tokens: 1360,
      awarded: 0.0041,
      pending: 0.000075,
      rejected: 0,
      expired: 1,
      energyJ: 0,
      energyTasks: 0,
      spent: 0,
      spentTasks: 0,
      freeTasks: 0,
    });
    expect(r.perDay.at(-1)).toEqual({
      day: '2026-11-21',
      jobs: 6,
      tokens: 1360,
      awarded: 0.0041,
      pending: 0.000075,
      energyJ: 0,
      energyTasks: 0,
      spent: 0,
      net: 0.0041,
    });
    expect(r.perDay.slice(0, -1).every((d) => d.jobs === 0)).toBe(true);
  });

  it('leaves out tasks before the period', () => {
    const store = openStore();
    task(store, '2026-11-14T22:59:59Z', { model: 'old', claim: 1, settle: { state: 'awarded', awarded: 1 } }); // 23:59:59 on the 14th, Berlin
    task(store, '2026-11-14T23:00:00Z', { model: 'new', claim: 2, settle: { state: 'awarded', awarded: 2 } }); // 00:00 on the 15th
    const r = earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 7, BERLIN);
    expect(r.perModel).toEqual([
      {
        model: 'new',
        jobs: 1,
        tokens: 100,
        awarded: 2,
        energyJ: 0,
        energyTokens: 0,
        audioMs: 0,
        characters: 0,
        items: 0,
      },
    ]);
    expect(r.totals.awarded).toBe(2);
    expect(r.perDay[0]).toMatchObject({ day: '2026-11-15', awarded: 2 });
  });

  it('rounds float sums of credits to six decimals', () => {
    const store = openStore();
    // 0.1 + 0.2 is 0.30000000000000004 in floats; ten times 0.000001 is 0.000009999999999999999.
    task(store, '2026-11-21T08:00:00Z', { claim: 0.1, settle: { state: 'awarded', awarded: 0.1 } });
    task(store, '2026-11-21T08:20:00Z', { claim: 0.2, settle: { state: 'awarded', awarded: 0.2 } });
    for (let i = 0; i < 10; i++) task(store, `2026-11-21T09:0${i}:00Z`, { claim: 0.000001 });
    task(store, '2026-11-21T09:30:00Z', { claim: 0.1234564, settle: { state: 'awarded', awarded: 0.1234564 } });
    const r = earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 1, BERLIN);
    expect(r.totals.awarded).toBe(0.423456);
    expect(r.totals.pending).toBe(0.00001);
    expect(r.perDay[0]).toMatchObject({ awarded: 0.423456, pending: 0.00001 });
    expect(r.perModel[0]!.awarded).toBe(0.423456);
    // Every credit figure has at most six decimals.
    for (const n of [
      r.totals.awarded,
      r.totals.pending,
      r.perDay[0]!.awarded,
      r.perDay[0]!.pending,
      r.perModel[0]!.awarded,
    ])
      expect(Math.round(n * 1e6) / 1e6).toBe(n);
  });

  it('parses rejection reasons from notes "CODE: message", most frequent first', () => {
    const store = openStore();
    const reject = (iso: string, note: string | null) =>
      task(store, iso, { claim: 0.001, settle: { state: 'rejected', note } });
    reject('2026-11-21T08:00:00Z', 'E_REPLAY: nonce already used');
    reject('2026-11-21T08:01:00Z', 'E_REPLAY: nonce already used');
    reject('2026-11-21T08:02:00Z', 'E_REPLAY: nonce already used');
    reject('2026-11-21T08:03:00Z', 'E_SIGNATURE: bad signature: key mismatch');
    reject('2026-11-21T08:04:00Z', 'E_SIGNATURE: bad signature: key mismatch');
    reject('2026-11-21T08:05:00Z', 'E_TERSE:no space');
    reject('2026-11-21T08:06:00Z', 'the directory said no');
    reject('2026-11-21T08:07:00Z', null);
    task(store, '2026-11-21T08:08:00Z', {
      claim: 0.001,
      settle: { state: 'expired', note: 'expired: not accepted in time' },
    });
    const r = earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 7, BERLIN);
    expect(r.rejectedReasons.slice(0, 2)).toEqual([
      { code: 'E_REPLAY', message: 'nonce already used', count: 3 },
      { code: 'E_SIGNATURE', message: 'bad signature: key mismatch', count: 2 },
    ]);
    expect(r.rejectedReasons.slice(2)).toHaveLength(3);
    expect(r.rejectedReasons.slice(2)).toEqual(
      expect.arrayContaining([
        { code: 'E_TERSE', message: 'no space', count: 1 },
        { code: 'unknown', message: 'the directory said no', count: 1 },
        { code: 'unknown', message: '', count: 1 },
      ]),
    );
    expect(r.totals).toMatchObject({ rejected: 8, expired: 1, awarded: 0, pending: 0 });
  });
});

describe('the day-by-day reconciliation', () => {
  it('adds claims and answers exactly, says the difference and what to do about each rejection', () => {
    const store = openStore();
    const day = '2026-11-21T12:00:00Z';
    for (let i = 0; i < 7; i++)
      task(store, day, { tokens: 100, claim: 0.1, settle: { state: 'awarded', awarded: 0.1 } });
    task(store, day, {
      tokens: 100,
      claim: 0.1,
      settle: { state: 'rejected', note: 'IICP-E027: CIPWorkerReceipt amount exceeds authorized credit ceiling' },
    });
    task(store, day, {
      tokens: 100,
      claim: 0.1,
      settle: { state: 'rejected', note: 'IICP-E027: CIPWorkerReceipt amount exceeds authorized credit ceiling' },
    });
    task(store, day, { tokens: 100, claim: 0.1 }); // still waiting for the directory
    store.ledger.keepDirectoryTransactions([
      { id: '1', ts: at(day), type: 'credit', reason: 'task_completion', amountU: 100_000, taskId: null },
      { id: '2', ts: at(day), type: 'credit', reason: 'task_completion', amountU: 200_000, taskId: null },
      { id: '3', ts: at(day), type: 'credit', reason: 'free_allocation', amountU: 5_000_000, taskId: null },
    ]);
    // The directory's lists, as read, showed the 21st whole (and only that day).
    const dayStart = startOfLocalDay(at(day), BERLIN);
    const listed = (from: number, to: number) =>
      from === dayStart && to === startOfLocalDay(dayStart + 26 * 3_600_000, BERLIN);
    const r = earningsReport(store.ledger, at('2026-11-22T10:00:00Z'), 3, BERLIN, { listedWhole: listed });
    expect(r.reconciliation.map((d) => d.day)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    const day21 = r.reconciliation[1]!;
    // Ten floats of 0.1 sum to 0.9999999999999999; the books say exactly 1.
    expect(day21).toMatchObject({
      claimed: '1',
      awarded: '0.7',
      rejected: '0.2',
      expired: '0',
      pending: '0.1',
      difference: '0.2',
      directoryCredited: '0.3',
    });
    expect(day21.reasons).toEqual([
      {
        code: 'IICP-E027',
        message: 'CIPWorkerReceipt amount exceeds authorized credit ceiling',
        count: 2,
        amount: '0.2',
        advice: { id: 'earnings.advice.ceiling' },
      },
    ]);
    // Days the lists did not show whole have no directory figure, whatever rows of them were seen.
    expect(r.reconciliation[0]).toMatchObject({ claimed: '0', directoryCredited: null, reasons: [] });
    expect(r.reconciliation[2]).toMatchObject({ directoryCredited: null });
    expect(
      earningsReport(store.ledger, at('2026-11-22T10:00:00Z'), 3, BERLIN).reconciliation.map(
        (d) => d.directoryCredited,
      ),
    ).toEqual([null, null, null]);
  });

  it('advice only where something can be done', async () => {
    const { adviceFor } = await import('@engine/earnings/reconciliation');
    const say = (s: ReturnType<typeof adviceFor>) => (s ? english.said(s) : null);
    expect(say(adviceFor('IICP-E027', 'CIPWorkerReceipt HMAC validation failed'))).toMatch(/signing key/);
    expect(say(adviceFor('IICP-E027', 'CIPWorkerReceipt expired'))).toMatch(/clock/);
    expect(adviceFor('IICP-E027', 'CIPWorkerReceipt nonce already used (replay rejected)')).toBeNull();
    expect(say(adviceFor('expired', 'the directory did not accept the receipt before it expired'))).toMatch(/too late/);
  });
});

describe('energy', () => {
  it('sums the joules of the tasks per day and per model, with the tokens of the measured tasks', () => {
    const store = openStore();
    const now = at('2026-11-21T20:00:00Z');
    task(store, '2026-11-20T10:00:00Z', { energyJ: 100, tokens: 50 });
    task(store, '2026-11-21T10:00:00Z', { energyJ: 250.5, tokens: 300 });
    task(store, '2026-11-21T11:00:00Z', { energyJ: 49.5, tokens: 200, model: 'qwen' });
    task(store, '2026-11-21T12:00:00Z', { energyJ: null, tokens: 999 }); // not measured
    task(store, '2026-11-21T13:00:00Z', { energyJ: 20, outcome: 'error', tokens: null }); // spent, though it failed
    const r = earningsReport(store.ledger, now, 2, BERLIN);
    expect(r.totals).toMatchObject({ jobs: 4, errors: 1, energyJ: 420, energyTasks: 4 });
    expect(r.perDay.map((d) => [d.day, d.energyJ, d.energyTasks])).toEqual([
      ['2026-11-20', 100, 1],
      ['2026-11-21', 320, 3],
    ]);
    const llama = r.perModel.find((m) => m.model === 'llama3')!;
    // Tokens per joule counts only the tasks whose energy is known.
    expect(llama).toMatchObject({ energyJ: 370.5, energyTokens: 350 });
    expect(r.perModel.find((m) => m.model === 'qwen')).toMatchObject({ energyJ: 49.5, energyTokens: 200 });
  });
});

describe("speech tasks' own units", () => {
  it('sums each unit per model beside its tokens, in the period only, and a chat model has none', () => {
    const store = openStore();
    const now = at('2026-11-21T20:00:00Z');
    const heard = (ms: number) => ({ unit: 'audio_ms', count: ms }) as const;
    task(store, '2026-11-10T10:00:00Z', { model: 'whisper', intent: INTENT_TRANSCRIBE, units: heard(60_000) }); // before
    task(store, '2026-11-21T10:00:00Z', { model: 'whisper', intent: INTENT_TRANSCRIBE, units: heard(600_000) });
    task(store, '2026-11-21T10:05:00Z', { model: 'whisper', intent: INTENT_TRANSCRIBE, units: heard(150_000) });
    // A transcription whose audio's length nobody told: a job, no minutes guessed.
    task(store, '2026-11-21T10:06:00Z', { model: 'whisper', intent: INTENT_TRANSCRIBE, units: null });
    const spoken = { unit: 'characters', count: 1700 } as const;
    task(store, '2026-11-21T11:00:00Z', { model: 'kokoro', intent: INTENT_SPEECH, units: spoken });
    task(store, '2026-11-21T11:01:00Z', { model: 'kokoro', intent: INTENT_SPEECH, units: spoken });
    task(store, '2026-11-21T12:00:00Z', {
      model: 'guard',
      intent: INTENT_MODERATE,
      units: { unit: 'items', count: 31 },
    });
    task(store, '2026-11-21T13:00:00Z', { tokens: 500 });
    const r = earningsReport(store.ledger, now, 7, BERLIN);
    const own = (m: string) => {
      const row = r.perModel.find((x) => x.model === m)!;
      return [row.jobs, row.audioMs, row.characters, row.items];
    };
    expect(own('whisper')).toEqual([3, 750_000, 0, 0]);
    expect(own('kokoro')).toEqual([2, 0, 3400, 0]);
    expect(own('guard')).toEqual([1, 0, 0, 31]);
    expect(own('llama3')).toEqual([1, 0, 0, 0]);
  });
});

describe('the CSV export', () => {
  it("carries a speech task's count and its unit in the last columns, empty for a chat task", () => {
    const store = openStore();
    task(store, '2026-11-21T10:00:00Z', { model: 'whisper', units: { unit: 'audio_ms', count: 750_000 } });
    task(store, '2026-11-21T11:00:00Z');
    const [head, heard, chat] = ledgerCsv(
      store.ledger,
      {},
      { now: at('2026-11-21T20:00:00Z'), timeZone: BERLIN },
    ).csv.split('\r\n');
    expect(head).toMatch(/,"units","unit"$/);
    expect(heard!.split(',').slice(-2)).toEqual(['750000', '"audio_ms"']);
    expect(chat!.split(',').slice(-2)).toEqual(['', '']);
  });

  it("is named after the node's day, as the chart counts it, not the UTC date", () => {
    const store = openStore();
    // 00:30 in Berlin on the 22nd is still the 21st in UTC.
    expect(ledgerCsv(store.ledger, {}, { now: at('2026-11-21T23:30:00Z'), timeZone: BERLIN }).filename).toBe(
      'iicp-ledger-2026-11-22.csv',
    );
    expect(
      ledgerCsv(store.ledger, {}, { now: at('2026-11-22T05:00:00Z'), timeZone: 'America/Los_Angeles' }).filename,
    ).toBe('iicp-ledger-2026-11-21.csv');
  });

  it("carries each task's energy in Wh and its cost at the person's price, empty where not known", () => {
    const store = openStore();
    task(store, '2026-11-21T10:00:00Z', { energyJ: 7200 });
    task(store, '2026-11-21T11:00:00Z', { energyJ: null });
    const { csv } = ledgerCsv(
      store.ledger,
      {},
      { now: at('2026-11-21T20:00:00Z'), timeZone: BERLIN, price: { perKwh: 0.3, currency: 'EUR' } },
    );
    const [head, a, b] = csv.split('\r\n');
    expect(head).toMatch(/,"note","energy_wh","energy_cost \(EUR\)","signed_log_check","signed_log_words",/);
    // 7200 J = 2 Wh = 0.002 kWh, at 0.30 a kWh: 0.0006.
    expect(a!.split(',').slice(12, 14)).toEqual(['2', '0.0006']);
    expect(b!.split(',').slice(12, 14)).toEqual(['', '']);
    const noPrice = ledgerCsv(store.ledger, {}, { now: at('2026-11-21T20:00:00Z'), timeZone: BERLIN }).csv.split(
      '\r\n',
    );
    expect(noPrice[0]).toMatch(/,"energy_wh","energy_cost","signed_log_check","signed_log_words",/);
    expect(noPrice[1]!.split(',').slice(12, 14)).toEqual(['2', '']);
  });

  it("says the directory's word on an award in plain words, never its internal values", () => {
    const store = openStore();
    task(store, '2026-11-21T10:00:00Z', {
      claim: 0.1,
      settle: { state: 'awarded', awarded: 0.1, note: 'attribution: legacy_unattributed' },
    });
    task(store, '2026-11-21T10:01:00Z', {
      claim: 0.1,
      settle: { state: 'awarded', awarded: 0.1, note: 'attribution: attributed_cross_operator' },
    });
    task(store, '2026-11-21T10:02:00Z', {
      claim: 0.1,
      settle: { state: 'awarded', awarded: 0, note: 'excluded: self_query_excluded' },
    });
    task(store, '2026-11-21T10:03:00Z', {
      claim: 0.1,
      settle: { state: 'awarded', awarded: 0.1, note: 'attribution: some_new_kind' },
    });
    task(store, '2026-11-21T10:04:00Z', {
      claim: 0.1,
      settle: { state: 'rejected', note: 'IICP-E027: HMAC signature mismatch' },
    });
    const csv = ledgerCsv(store.ledger, {}, { now: at('2026-11-21T20:00:00Z'), timeZone: BERLIN }).csv;
    expect(csv).not.toMatch(/legacy_unattributed|attributed_cross_operator|self_query_excluded|attribution:|excluded:/);
    const notes = csv
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => /,"(awarded|rejected)",[^,]*,[^,]*,("[^"]*")/.exec(l)![2]);
    expect(notes).toEqual([
      '"Awarded for a request that named no node of the network as the one asking."',
      '"Awarded for a request from a node of another verified operator."',
      '"Not paid: the request came from this node or another of your own machines, and the directory does not pay for those."',
      '"Awarded; the directory filed it as “some_new_kind”."',
      // A rejection keeps the directory's code and words.
      '"IICP-E027: HMAC signature mismatch"',
    ]);
  });

  it('with ";" between columns, writes its numbers with a decimal comma', () => {
    const store = openStore();
    task(store, '2026-11-21T10:00:00Z', { energyJ: 7200 });
    const [head, a] = ledgerCsv(
      store.ledger,
      {},
      { now: at('2026-11-21T20:00:00Z'), timeZone: BERLIN, price: { perKwh: 0.3, currency: 'EUR' }, separator: ';' },
    ).csv.split('\r\n');
    expect(head).toMatch(/^"task_id";"time_utc";/);
    expect(a!.split(';').slice(12, 14)).toEqual(['2', '0,0006']);
  });
});

describe('the spent side', () => {
  const SELF = 'node-self';

  it('puts what was spent on its local day beside what was awarded, with the net of each day and in all', () => {
    const store = openStore();
    task(store, '2026-11-20T12:00:00Z', { claim: 1, settle: { state: 'awarded', awarded: 1 } });
    task(store, '2026-11-21T08:00:00Z', { claim: 0.5, settle: { state: 'awarded', awarded: 0.5 } });
    sent(store, '2026-11-20T22:59:59Z', { creditsU: 300_000 }); // 23:59:59 on the 20th in Berlin
    sent(store, '2026-11-20T23:00:00Z', { creditsU: 700_000 }); // 00:00 on the 21st
    sent(store, '2026-11-21T09:00:00Z', { outcome: 'failed', code: 'timeout', creditsU: null }); // nothing spent
    sent(store, '2026-11-19T22:59:59Z', { creditsU: 9_000_000 }); // before the period
    // Answered by the person's own machine and by this computer: free, so never among the paid tasks beside the spend.
    sent(store, '2026-11-21T08:30:00Z', { nodeId: 'node-mine', own: true, creditsU: 0 });
    sent(store, '2026-11-21T08:40:00Z', { nodeId: SELF, own: true, creditsU: 0 });
    const r = earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 2, BERLIN, {
      spent: { spend: store.spend, nodeId: SELF },
    });
    expect(r.perDay.map((d) => [d.day, d.awarded, d.spent, d.net])).toEqual([
      ['2026-11-20', 1, 0.3, 0.7],
      ['2026-11-21', 0.5, 0.7, -0.2],
    ]);
    expect(r.totals).toMatchObject({ awarded: 1.5, spent: 1, spentTasks: 2, freeTasks: 2 });
  });

  it("lists this computer's node first with what it earned, then the person's machines, then others' nodes, each most spent first", () => {
    const store = openStore();
    task(store, '2026-11-21T08:00:00Z', { claim: 0.25, settle: { state: 'awarded', awarded: 0.25 } });
    sent(store, '2026-11-21T08:10:00Z', { nodeId: 'near', creditsU: 100_000 });
    sent(store, '2026-11-21T08:20:00Z', { nodeId: 'far', creditsU: 400_000 });
    sent(store, '2026-11-21T08:30:00Z', { nodeId: 'far', creditsU: 400_000 });
    sent(store, '2026-11-21T08:40:00Z', { nodeId: 'desk', own: true, creditsU: 0 });
    sent(store, '2026-11-21T08:50:00Z', { nodeId: SELF, own: true, creditsU: 0 });
    sent(store, '2026-11-21T09:00:00Z', {
      nodeId: 'down',
      outcome: 'failed',
      code: 'all_nodes_failed',
      creditsU: null,
    });
    const names = {
      machine: (id: string) => (id === 'far' ? 'Bob’s Rig' : null),
      operator: (id: string) => (id === 'far' || id === 'desk' ? 'Bob’s Rig' : null),
    };
    const r = earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 7, BERLIN, {
      spent: { spend: store.spend, nodeId: SELF, names },
    });
    // Another operator's node is told as theirs (its operator's name) and never listed among the person's own.
    expect(r.perMachine).toEqual([
      { nodeId: SELF, self: true, own: true, earned: 0.25, spent: 0, tasks: 1, name: null, operator: null },
      { nodeId: 'desk', self: false, own: true, earned: null, spent: 0, tasks: 1, name: null, operator: null },
      {
        nodeId: 'far',
        self: false,
        own: false,
        earned: null,
        spent: 0.8,
        tasks: 2,
        name: 'Bob’s Rig',
        operator: 'Bob’s Rig',
      },
      { nodeId: 'near', self: false, own: false, earned: null, spent: 0.1, tasks: 1, name: null, operator: null },
    ]);
  });

  it("counts the directory's charge once it is known, more or less than expected", () => {
    const store = openStore();
    sent(store, '2026-11-21T08:00:00Z', { taskId: 'more', creditsU: 100_000 });
    sent(store, '2026-11-21T08:30:00Z', { taskId: 'less', creditsU: 100_000 });
    store.spend.markCharged('more', 150_000);
    store.spend.markCharged('less', 40_000);
    const r = earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 1, BERLIN, {
      spent: { spend: store.spend, nodeId: SELF },
    });
    expect(r.perDay[0]).toMatchObject({ spent: 0.19, net: -0.19 });
    expect(r.perMachine[1]).toMatchObject({ nodeId: 'node-far', spent: 0.19, tasks: 2 });
  });

  it('has this node alone when nothing was sent, and no machines without the spent book', () => {
    const store = openStore();
    const r = earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 7, BERLIN, {
      spent: { spend: store.spend, nodeId: SELF },
    });
    expect(r.perMachine).toEqual([
      { nodeId: SELF, self: true, own: true, earned: 0, spent: 0, tasks: 0, name: null, operator: null },
    ]);
    expect(earningsReport(store.ledger, at('2026-11-21T10:00:00Z'), 7, BERLIN).perMachine).toEqual([]);
  });
});

describe('the CSV export with the spent side', () => {
  const now = at('2026-11-21T20:00:00Z');
  const SELF = 'node-self';

  it('marks each row earned or spent, and says where each request went and what it cost in the last columns', () => {
    const store = openStore();
    task(store, '2026-11-21T10:00:00Z', { claim: 0.1 });
    sent(store, '2026-11-21T09:00:00Z', { taskId: 'gw-far', creditsU: 250_000 });
    sent(store, '2026-11-21T11:00:00Z', { taskId: 'gw-mine', nodeId: 'desk', own: true, creditsU: 0, attempts: 2 });
    sent(store, '2026-11-21T12:00:00Z', {
      taskId: 'gw-refused',
      nodeId: null,
      own: null,
      outcome: 'refused',
      code: 'insufficient_quota',
      tokens: null,
      creditsU: null,
      attempts: 0,
    });
    store.spend.markCharged('gw-far', 260_000);
    const out = ledgerCsv(store.ledger, {}, { now, timeZone: BERLIN }, store.spend);
    const [head, earned, far, mine, refused] = out.csv.trim().split('\r\n');
    expect(out.rows).toBe(4);
    expect(head).toMatch(
      /^"task_id","time_utc","time_local \(Europe\/Berlin\)","intent","model","outcome","tokens","latency_ms","receipt","claimed","awarded","note","energy_wh","energy_cost","signed_log_check","signed_log_words","direction","api","node_id","machine","credits_expected","credits_charged","attempts",/,
    );
    expect(earned!.split(',').slice(-16, -9)).toEqual(['"earned"', '', '', '', '', '', '']);
    expect(earned!.split(',')[8]).toBe('"claimed"');
    expect(far).toBe(
      `"gw-far","2026-11-21T09:00:00.000Z","2026-11-21 10:00:00","${INTENT}","llama3","answered",200,800,,,,"ok",,,,,"spent","openai","node-far","other",0.25,0.26,1,,,,,,,,,`,
    );
    expect(mine!.split(',').slice(-16, -9)).toEqual(['"free"', '"openai"', '"desk"', '"own"', '0', '', '2']);
    expect(refused!.split(',').slice(5, 12)).toEqual(['"refused"', '', '800', '', '', '', '"insufficient_quota"']);
    expect(refused!.split(',').slice(-14, -9)).toEqual(['', '', '', '', '0']);
  });

  it('keeps to the period and the model, leaves the spent side out when receipts are asked for, and writes decimal commas with ";"', () => {
    const store = openStore();
    task(store, '2026-11-21T10:00:00Z', { claim: 0.1 });
    const served = `task-${seq}`;
    sent(store, '2026-11-20T09:00:00Z', { taskId: 'gw-old' });
    sent(store, '2026-11-21T11:00:00Z', { taskId: 'gw-new', creditsU: 1_250_000 });
    sent(store, '2026-11-21T11:30:00Z', { taskId: 'gw-qwen', model: 'qwen' });
    const ids = (csv: string) =>
      csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(/[,;]/)[0]);
    expect(
      ids(
        ledgerCsv(
          store.ledger,
          { from: at('2026-11-21T00:00:00Z'), model: 'llama3' },
          { now, timeZone: BERLIN },
          store.spend,
        ).csv,
      ),
    ).toEqual([`"${served}"`, '"gw-new"']);
    expect(
      ids(ledgerCsv(store.ledger, { receipt: 'claimed' }, { now, timeZone: BERLIN }, store.spend).csv),
    ).toHaveLength(1);
    const semi = ledgerCsv(
      store.ledger,
      { from: at('2026-11-21T10:30:00Z'), to: at('2026-11-21T11:15:00Z') },
      { now, timeZone: BERLIN, separator: ';' },
      store.spend,
    )
      .csv.trim()
      .split('\r\n');
    expect(semi).toHaveLength(2);
    expect(semi[1]!.split(';').slice(-12, -9)).toEqual(['1,25', '', '1']);
  });

  it('says spent only where something was spent, free for own machines and this computer, none for refused and failed', () => {
    const store = openStore();
    sent(store, '2026-11-21T09:00:00Z', {
      taskId: 'paid',
      route: 'paid',
      appKeyId: 'k1',
      expectedU: 2_000,
      worstU: 2_200,
    });
    sent(store, '2026-11-21T09:10:00Z', {
      taskId: 'here',
      nodeId: SELF,
      own: true,
      route: 'this_computer',
      creditsU: 0,
      appKeyId: 'page',
    });
    sent(store, '2026-11-21T09:20:00Z', {
      taskId: 'refused',
      nodeId: null,
      own: null,
      outcome: 'refused',
      code: 'insufficient_quota',
      creditsU: null,
      appKeyId: 'k1',
    });
    sent(store, '2026-11-21T09:30:00Z', {
      taskId: 'failed',
      outcome: 'failed',
      code: 'all_nodes_failed',
      creditsU: null,
      flag: 'overclaimed',
    });
    sent(store, '2026-11-21T09:40:00Z', {
      taskId: 'failed-charged',
      outcome: 'failed',
      code: 'timeout',
      creditsU: null,
    });
    store.spend.markCharged('failed-charged', 30_000);
    const names = {
      machine: (id: string) => (id === SELF ? 'Home PC' : id === 'node-far' ? 'Bob' : null),
      app: (id: string) => (id === 'page' ? 'This page' : id === 'k1' ? 'Editor' : null),
    };
    const [head, ...rows] = ledgerCsv(store.ledger, {}, { now, timeZone: BERLIN, names }, store.spend)
      .csv.trim()
      .split('\r\n');
    expect(head!.split(',').slice(-10, -2)).toEqual([
      '"attempts"',
      '"app"',
      '"machine_name"',
      '"route"',
      '"expected"',
      '"worst_case"',
      '"flag"',
      '"not_charged"',
    ]);
    const byId = Object.fromEntries(rows.map((l) => [l.split(',')[0]!.replaceAll('"', ''), l.split(',')]));
    expect(Object.fromEntries(Object.entries(byId).map(([id, c]) => [id, c.at(-16)]))).toEqual({
      paid: '"spent"',
      here: '"free"',
      refused: '"none"',
      failed: '"none"',
      'failed-charged': '"spent"',
    });
    expect(byId.paid!.slice(-9, -2)).toEqual(['"Editor"', '"Bob"', '"paid"', '0.002', '0.0022', '', '']);
    expect(byId.here!.slice(-9, -2)).toEqual(['"This page"', '"Home PC"', '"this_computer"', '', '', '', '']);
    expect(byId.refused!.slice(-9, -2)).toEqual(['"Editor"', '', '', '', '', '', '']);
    expect(byId.failed!.slice(-9, -2)).toEqual(['', '"Bob"', '', '', '', '"overclaimed"', '']);
  });

  it('names each machine of the report by the one resolver', () => {
    const store = openStore();
    sent(store, '2026-11-21T08:10:00Z', { nodeId: 'node-far' });
    const names = { machine: (id: string) => (id === SELF ? 'Home PC' : 'Bob') };
    const r = earningsReport(store.ledger, now, 1, BERLIN, { spent: { spend: store.spend, nodeId: SELF, names } });
    expect(r.perMachine.map((m) => m.name)).toEqual(['Home PC', 'Bob']);
  });
});
