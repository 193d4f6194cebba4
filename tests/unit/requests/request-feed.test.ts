/**
 * The requests feed: answers are counted at once and exactly, listed through a bounded buffer written in one
 * transaction per flush, capped on disk, kept per local day, and read back after a restart. Time is a fake clock;
 * flushes are driven by the feed's own timer (fake timers) or by `flush()`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestOutcome } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import { RequestFeed, type SlotState } from '@engine/requests/request-feed';
import { RequestStore } from '@engine/requests/request-store';
import type { AnsweredRequest } from '@engine/server/task-pipeline-types';
import { Store } from '@engine/store';
import { tempStore } from '../../support/tmp';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const ZONE = 'Europe/Berlin';
/** 10:00 in Berlin. */
const T0 = Date.parse('2026-11-21T09:00:00Z');

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  cleanups.splice(0).forEach((c) => c());
});

function open(): { store: Store; path: string } {
  const t = tempStore();
  cleanups.push(t.cleanup);
  return t;
}

interface Options {
  keepRows?: number;
  maxBufferedRows?: number;
  slots?: Partial<SlotState>;
}

function feedOn(store: Store, clock: { now: number }, o: Options = {}) {
  const requestStore = new RequestStore(store.db, o.keepRows);
  const writes: number[] = [];
  const write = requestStore.write.bind(requestStore);
  requestStore.write = (rows, day, deltas) => {
    writes.push(rows.length);
    write(rows, day, deltas);
  };
  const changes = { n: 0 };
  const feed = new RequestFeed({
    store: requestStore,
    timeZone: ZONE,
    now: () => clock.now,
    maxBufferedRows: o.maxBufferedRows,
    slots: { capacity: () => 2, maxConcurrent: () => 2, activeJobs: () => 2, ...o.slots },
    onChange: () => (changes.n += 1),
  });
  return { feed, writes, changes, requestStore };
}

function answer(over: Partial<AnsweredRequest> = {}): AnsweredRequest {
  return {
    outcome: 'served',
    status: 200,
    code: 'ok',
    variant: '',
    intent: CHAT,
    qos: 'best_effort',
    model: 'qwen2.5:7b',
    tokens: 120,
    durationMs: 400,
    taskId: 'task-1',
    delivery: null,
    ...over,
  };
}

const refusal = (code: string, status: number, over: Partial<AnsweredRequest> = {}) =>
  answer({ outcome: 'refused', status, code, tokens: null, taskId: null, model: null, ...over });

const count = (store: Store, sql: string) => store.db.prepare(sql).pluck().get() as number;
const advice = (feed: RequestFeed, maxConcurrent = 2, extra: { fixed?: boolean; privateModels?: string[] } = {}) =>
  // The advice as the person reads it in English.
  feed
    .info({ maxConcurrent, maxConcurrentFixed: extra.fixed ?? false, privateModels: extra.privateModels ?? [] })
    .advice.map((a) => ({ ...a, words: english.said(a.words) }));

describe('recording and flushing', () => {
  it('counts an answer at once, and writes its row with the others in one transaction on a short timer', () => {
    vi.useFakeTimers();
    const { store } = open();
    const clock = { now: T0 };
    const { feed, writes, changes } = feedOn(store, clock);
    feed.record(answer({ taskId: 'a' }));
    feed.record(refusal('IICP-E021', 429));
    feed.record(answer({ outcome: 'failed', status: 504, code: 'task_timeout', tokens: null, taskId: 'c' }));
    const info = feed.info({ maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] });
    expect([info.served, info.refused, info.failed]).toEqual([1, 1, 1]);
    expect(count(store, 'SELECT count(*) FROM requests')).toBe(0);
    expect(writes).toEqual([]);

    vi.advanceTimersByTime(499);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual([3]);
    expect(changes.n).toBe(1);
    expect(count(store, 'SELECT count(*) FROM requests')).toBe(3);
    expect(count(store, "SELECT sum(count) FROM request_days WHERE day = '2026-11-21'")).toBe(3);
  });

  it('lists newest first, a page at a time, by outcome too, with the reason in words and tokens per second', () => {
    const { store } = open();
    const clock = { now: T0 };
    const { feed } = feedOn(store, clock);
    feed.record(answer({ taskId: 'a', tokens: 100, completionTokens: 60, durationMs: 500 }));
    clock.now += 1000;
    feed.record(refusal('IICP-E029', 404, { model: 'llama3:70b' }));
    clock.now += 1000;
    feed.record(refusal('backend_unavailable', 503));
    const page = feed.list(2);
    expect(page.map((r) => r.code)).toEqual(['backend_unavailable', 'IICP-E029']);
    expect(page[1]).toMatchObject({ outcome: 'refused', status: 404, model: 'llama3:70b', taskId: null });
    expect(english.said(page[1]!.words)).toBe("Asked for a model you don't offer");
    const older = feed.list(2, page[1]!.id);
    expect(older).toEqual([
      expect.objectContaining({
        outcome: 'served',
        code: 'ok',
        words: said('dashboard.reason.ok'),
        taskId: 'a',
        tokens: 100,
        tokensPerSecond: 120,
        durationMs: 500,
        at: new Date(T0).toISOString(),
      }),
    ]);
    expect(feed.list(10, undefined, 'refused').map((r) => r.code)).toEqual(['backend_unavailable', 'IICP-E029']);
  });

  it('tokens per second are the tokens the model wrote over the time it took, kept across a restart', () => {
    const { store } = open();
    const clock = { now: T0 };
    const { feed } = feedOn(store, clock);
    // 6 tokens in 6 ms, of which the model wrote 2: the prompt is not written, so not 1,000 a second but 333.3.
    feed.record(answer({ taskId: 'short', tokens: 6, completionTokens: 2, durationMs: 6 }));
    // A server that does not say what it wrote: no figure rather than one inflated by the prompt.
    feed.record(answer({ taskId: 'unsaid', tokens: 6, durationMs: 6 }));
    feed.flush();
    const rows = feedOn(store, clock).feed.list(10);
    expect(rows.map((r) => [r.taskId, r.tokens, r.tokensPerSecond])).toEqual([
      ['unsaid', 6, null],
      ['short', 6, 333.3],
    ]);
  });

  it('says how each answer went: streamed, whole through the relay, or as asked; kept across a restart', () => {
    const { store } = open();
    const clock = { now: T0 };
    const { feed } = feedOn(store, clock);
    feed.record(answer({ taskId: 'plain' }));
    feed.record(answer({ taskId: 'relayed', delivery: 'relayed' }));
    feed.record(answer({ taskId: 'streamed', delivery: 'streamed' }));
    const fresh = feed.info({ maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] }).recent;
    expect(fresh.map((r) => [r.taskId, r.delivery])).toEqual([
      ['streamed', 'streamed'],
      ['relayed', 'relayed'],
      ['plain', null],
    ]);
    feed.flush();
    // Read back from the store by a feed started afresh: the column keeps it.
    expect(
      feedOn(store, clock)
        .feed.list(10)
        .map((r) => [r.taskId, r.delivery]),
    ).toEqual([
      ['streamed', 'streamed'],
      ['relayed', 'relayed'],
      ['plain', null],
    ]);
  });

  it("notes a served answer whose tokens are not its LLM server's word, kept across a restart; served stays served", () => {
    const { store } = open();
    const clock = { now: T0 };
    const { feed } = feedOn(store, clock);
    feed.record(answer({ taskId: 'plain' }));
    feed.record(answer({ taskId: 'bounded', variant: 'usage_bounded', tokens: 1251 }));
    feed.record(answer({ taskId: 'unreadable', variant: 'usage_unreadable', tokens: 46 }));
    const notes = (rows: { taskId: string | null; note?: { id: string }; words: { id: string } }[]) =>
      rows.map((r) => [r.taskId, r.note?.id ?? null, r.words.id]);
    const expected = [
      ['unreadable', 'dashboard.requests.note.usageUnreadable', 'dashboard.reason.ok'],
      ['bounded', 'dashboard.requests.note.usageBounded', 'dashboard.reason.ok'],
      ['plain', null, 'dashboard.reason.ok'],
    ];
    const info = feed.info({ maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] });
    expect(notes(info.recent)).toEqual(expected);
    expect(info.served).toBe(3);
    // A served answer is no reason to list: the notes stay on their rows.
    expect(info.reasons).toEqual([]);
    feed.flush();
    expect(notes(feedOn(store, clock).feed.list(10))).toEqual(expected);
  });

  it('keeps only the newest rows on disk', () => {
    const { store } = open();
    const { feed } = feedOn(store, { now: T0 }, { keepRows: 20 });
    for (let i = 1; i <= 50; i++) feed.record(answer({ taskId: `t${i}` }));
    feed.flush();
    expect(count(store, 'SELECT count(*) FROM requests')).toBe(20);
    expect(feed.list(500).map((r) => r.taskId)).toEqual(Array.from({ length: 20 }, (_, i) => `t${50 - i}`));
    // The counters are not capped: they count every answer of the day.
    expect(feed.info({ maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] }).served).toBe(50);
  });

  it('under a flood lists only as many rows as the buffer holds per flush, and says how many it left out; the counters stay exact', () => {
    vi.useFakeTimers();
    const { store } = open();
    const clock = { now: T0 };
    const { feed, writes } = feedOn(store, clock, { maxBufferedRows: 100 });
    for (let i = 0; i < 10_000; i++) feed.record(refusal('IICP-E021', 429));
    vi.advanceTimersByTime(500);
    for (let i = 0; i < 250; i++) feed.record(refusal('IICP-E021', 429));
    feed.record(refusal('payload_too_large', 413));
    vi.advanceTimersByTime(500);
    expect(writes).toEqual([100, 100]);
    const info = feed.info({ maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] });
    expect(info.refused).toBe(10_251);
    expect(info.unlisted).toBe(10_251 - 200);
    expect(info.reasons.map((r) => ({ ...r, words: english.said(r.words) }))).toEqual([
      { code: 'IICP-E021', words: 'All slots were busy', count: 10_250 },
      { code: 'payload_too_large', words: 'Larger than this node accepts', count: 1 },
    ]);
    // What is on disk agrees: 200 rows, and counters of every answer.
    expect(count(store, 'SELECT count(*) FROM requests')).toBe(200);
    expect(count(store, 'SELECT sum(count) FROM request_days')).toBe(10_251);
    expect(count(store, 'SELECT sum(unlisted) FROM request_days')).toBe(10_051);
  });

  it('never keeps a task id of an answer that was not served, and cuts what a consumer chose to 255 characters', () => {
    const { store } = open();
    const { feed } = feedOn(store, { now: T0 });
    feed.record(
      refusal('IICP-E029', 404, { taskId: 'should-not-stay', model: 'm'.repeat(10_000), intent: 'i'.repeat(10_000) }),
    );
    const [row] = feed.list(1);
    expect(row!.taskId).toBeNull();
    expect(row!.model).toHaveLength(255);
    expect(row!.intent).toHaveLength(255);
  });

  it('tells apart up to 16 models asked for per day; the rest count together', () => {
    const { store } = open();
    const { feed } = feedOn(store, { now: T0 });
    for (let i = 0; i < 40; i++) feed.record(refusal('IICP-E029', 404, { model: `m${i}` }));
    feed.flush();
    expect(count(store, "SELECT count(*) FROM request_days WHERE code = 'IICP-E029'")).toBe(17);
    expect(count(store, "SELECT sum(count) FROM request_days WHERE code = 'IICP-E029'")).toBe(40);
    expect(feed.info({ maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] }).reasons).toEqual([
      { code: 'IICP-E029', words: said('dashboard.reason.e029'), count: 40 },
    ]);
  });
});

describe('days and restarts', () => {
  it('starts a new local day at midnight in its zone, keeping the old day on disk', () => {
    const { store } = open();
    const clock = { now: Date.parse('2026-11-21T22:59:00Z') }; // 23:59 in Berlin
    const { feed } = feedOn(store, clock);
    feed.record(answer());
    feed.record(refusal('IICP-E021', 429));
    clock.now = Date.parse('2026-11-21T23:00:30Z'); // 00:00:30 on the 22nd
    const fresh = feed.info({ maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] });
    expect(fresh).toMatchObject({ day: '2026-11-22', served: 0, refused: 0, failed: 0, reasons: [], advice: [] });
    // The last rows stay listed across the day's change.
    expect(fresh.recent).toHaveLength(2);
    feed.record(answer());
    feed.flush();
    const days = store.db
      .prepare('SELECT day, outcome, sum(count) AS n FROM request_days GROUP BY day, outcome ORDER BY day, outcome')
      .all();
    expect(days).toEqual([
      { day: '2026-11-21', outcome: 'refused', n: 1 },
      { day: '2026-11-21', outcome: 'served', n: 1 },
      { day: '2026-11-22', outcome: 'served', n: 1 },
    ]);
  });

  it('after a restart, reads today’s counters and the newest rows back; stop() writes what was buffered', () => {
    const { store, path } = open();
    const clock = { now: T0 };
    const first = feedOn(store, clock).feed;
    for (let i = 0; i < 12; i++) first.record(answer({ taskId: `t${i}` }));
    first.record(refusal('backend_unavailable', 503));
    first.stop();
    first.record(answer({ taskId: 'after-stop' }));
    store.close();

    const again = Store.open(path);
    cleanups.push(() => again.close());
    const { feed } = feedOn(again, clock);
    const info = feed.info({ maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] });
    expect([info.served, info.refused]).toEqual([12, 1]);
    expect(info.recent.map((r) => r.taskId ?? r.code)).toEqual([
      'backend_unavailable',
      't11',
      't10',
      't9',
      't8',
      't7',
      't6',
      't5',
      't4',
      't3',
    ]);
    // Ids go on from where the stored ones end.
    feed.record(answer({ taskId: 'next' }));
    expect(feed.list(1)[0]).toMatchObject({ taskId: 'next', id: 14 });
  });

  it('keeps counting when the database refuses a write, gives the rows up, and writes the counts once it can again', () => {
    const { store } = open();
    const clock = { now: T0 };
    const { feed, requestStore } = feedOn(store, clock);
    const errors: string[] = [];
    (feed as unknown as { o: { onError: (m: string) => void } }).o.onError = (m) => errors.push(m);
    const write = requestStore.write;
    requestStore.write = () => {
      throw new Error('database or disk is full');
    };
    feed.record(answer());
    feed.record(refusal('IICP-E021', 429));
    feed.flush();
    feed.flush();
    expect(errors).toEqual(['database or disk is full']);
    requestStore.write = write;
    feed.record(answer());
    feed.flush();
    expect(count(store, 'SELECT count(*) FROM requests')).toBe(1);
    expect(count(store, 'SELECT sum(count) FROM request_days')).toBe(3);
    expect(count(store, 'SELECT sum(unlisted) FROM request_days')).toBe(2);
    expect(feed.info({ maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] })).toMatchObject({
      served: 2,
      refused: 1,
      unlisted: 2,
    });
  });
});

describe('why capacity refusals happened, and the advice', () => {
  const many = (feed: RequestFeed, n: number, a: AnsweredRequest) => {
    for (let i = 0; i < n; i++) feed.record(a);
  };

  it('every slot of the setting busy: raise Tasks at once in Settings', () => {
    const { store } = open();
    const { feed } = feedOn(store, { now: T0 });
    many(feed, 60, refusal('IICP-E021', 429));
    expect(advice(feed)).toEqual([
      {
        id: 'capacity',
        words: '60 turned away because all 2 slots were busy — raise Tasks at once in Settings.',
        action: { label: 'Open Settings', route: 'settings' },
      },
    ]);
    expect(advice(feed, 1)[0]!.words).toBe(
      '60 turned away because your one slot was busy — raise Tasks at once in Settings.',
    );
    expect(advice(feed, 64)[0]).toEqual({
      id: 'capacity',
      words: '60 turned away because all 64 slots were busy; that is the most a node takes at once.',
      action: null,
    });
    expect(advice(feed, 2, { fixed: true })[0]).toMatchObject({
      action: null,
      words: expect.stringContaining('fixed for this run'),
    });
  });

  it('the schedule offering part of the slots, a pause, and one consumer at its fair share are told apart', () => {
    const { store } = open();
    const slots = { capacity: 1, active: 1 };
    const { feed } = feedOn(
      store,
      { now: T0 },
      { slots: { capacity: () => slots.capacity, activeJobs: () => slots.active, maxConcurrent: () => 4 } },
    );
    many(feed, 5, refusal('IICP-E021', 429));
    slots.capacity = 0;
    slots.active = 0;
    many(feed, 3, refusal('IICP-E021', 429));
    slots.capacity = 4;
    slots.active = 2;
    many(feed, 2, refusal('IICP-E021', 429));
    expect(advice(feed, 4)).toEqual([
      {
        id: 'capacity_schedule',
        words: '5 turned away because your availability schedule offered only part of your slots at the time.',
        action: { label: 'Open Availability', route: 'availability' },
      },
      {
        id: 'closed',
        words: '3 arrived while the node was paused or outside your availability windows.',
        action: { label: 'Open Availability', route: 'availability' },
      },
    ]);
    const reasons = feed.info({ maxConcurrent: 4, maxConcurrentFixed: false, privateModels: [] }).reasons;
    expect(reasons.map((r) => [english.said(r.words), r.count])).toEqual([
      ['All slots your availability schedule offers at this time were busy', 5],
      ['Arrived while the node was paused or outside your availability windows', 3],
      ['That consumer already held its share of your slots; the rest were kept for other consumers', 2],
    ]);
  });

  it('names the models asked for, the LLM server not answering, and the other causes', () => {
    const { store } = open();
    const { feed } = feedOn(store, { now: T0 });
    many(feed, 2, refusal('IICP-E029', 404, { model: 'llama3:70b' }));
    many(feed, 1, refusal('IICP-E029', 404, { model: 'mistral:7b' }));
    many(feed, 12, refusal('backend_unavailable', 503));
    many(feed, 2, refusal('payload_too_large', 413));
    many(feed, 4, refusal('IICP-E023', 429));
    many(feed, 1, refusal('replayed', 200));
    many(feed, 1, refusal('IICP-E011', 409));
    many(feed, 3, answer({ outcome: 'failed', status: 504, code: 'task_timeout', taskId: null }));
    expect(advice(feed).map((a) => a.words)).toEqual([
      "3 asked for a model you don't offer. Models asked for:",
      '12 arrived while your LLM server was not answering.',
      '3 failed because your LLM server did not answer in the time the consumer allowed.',
      '2 were larger than this node accepts (8 MB for chat, 4 MB for other tasks).',
      '4 came from websites sending more than 120 tasks a minute, and were slowed down.',
      '2 were repeats of tasks already seen (a consumer sending the same task again); none was run twice.',
    ]);
    // The names are the consumers' words: apart from ours, to be shown quoted.
    expect(advice(feed)[0]!.quoted).toEqual(['llama3:70b', 'mistral:7b']);
    expect(advice(feed, 2, { privateModels: ['mistral:7b'] })[0]).toEqual({
      id: 'unknown_model',
      words:
        "3 asked for a model you don't offer — you keep one of these models private in Settings. Models asked for:",
      action: { label: 'Open Settings', route: 'settings' },
      quoted: ['llama3:70b', 'mistral:7b'],
    });
  });

  it('gives no advice for a day of served tasks', () => {
    const { store } = open();
    const { feed } = feedOn(store, { now: T0 });
    many(feed, 5, answer());
    expect(advice(feed)).toEqual([]);
  });
});

describe('outcomes are kept as given', () => {
  it.each<[RequestOutcome, string, number]>([
    ['served', 'ok', 200],
    ['refused', 'IICP-E021', 429],
    ['failed', 'backend_error', 502],
  ])('%s', (outcome, code, status) => {
    const { store } = open();
    const { feed } = feedOn(store, { now: T0 });
    feed.record(answer({ outcome, code, status }));
    expect(feed.list(1)[0]).toMatchObject({ outcome, code, status });
  });
});
