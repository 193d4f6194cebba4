/**
 * The event log counts a burst of the same event on one row instead of storing each occurrence: whoever can make the
 * node log something must not push the rest of the history out. The log stays honest: nothing is lost, counts are
 * exact, a different event still gets its own row at once, rows are never rewritten, and the counts outlive a restart.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '@shared/contract';
import { EventPush, REPEAT_PUSH_INTERVAL_MS } from '@engine/node/event-push';
import { EVENT_BURST_ROWS, EVENT_REPEAT_WINDOW_MS } from '@engine/store/event-log';
import { MIGRATIONS, migrate } from '@engine/store/migrations';
import { Store } from '@engine/store';
import { fakeClock } from '../../support/fake-clock';
import { tempDir } from '../../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((c) => c());
  vi.useRealTimers();
});

function openStore() {
  const t = tempDir();
  const path = `${t.dir}/provider.db`;
  const clock = fakeClock();
  let store = Store.open(path, () => new Date(clock.now()));
  cleanups.push(() => {
    store.close();
    t.cleanup();
  });
  return {
    clock,
    path,
    get store() {
      return store;
    },
    reopen() {
      store.close();
      store = Store.open(path, () => new Date(clock.now()));
      return store;
    },
  };
}

const total = (rows: EngineEvent[]) => rows.reduce((n, e) => n + (e.count ?? 1), 0);

describe('event log: repeats are counted, not stored one by one', () => {
  it('stores a burst row by row, then counts the rest of it on one row; exact across a restart', () => {
    const s = openStore();
    for (let i = 0; i < 5000; i++) {
      s.store.events.append('info', 'relay_plaintext_refused', `call=${i}`);
      s.clock.advance(2); // 5 000 in 10 s
    }
    const rows = s.store.events.list(1000);
    console.log(`event log: 5000 occurrences in 10 s -> ${rows.length} rows`);
    expect(rows).toHaveLength(EVENT_BURST_ROWS + 1);
    expect(total(rows)).toBe(5000);
    const counting = rows[0]!;
    // The counting row keeps the first occurrence's time and words, and the time of the last.
    expect(counting).toMatchObject({
      count: 5000 - EVENT_BURST_ROWS,
      details: `call=${EVENT_BURST_ROWS}`,
      ts: new Date(Date.parse('2026-08-22T12:30:00Z') + 2 * EVENT_BURST_ROWS).toISOString(),
    });
    expect(counting.lastTs).toBe(new Date(Date.parse('2026-08-22T12:30:00Z') + 2 * 4999).toISOString());
    // The rows of their own are the first of the burst, each once.
    expect(rows.slice(1).map((e) => e.details)).toEqual(
      Array.from({ length: EVENT_BURST_ROWS }, (_, i) => `call=${EVENT_BURST_ROWS - 1 - i}`),
    );

    const again = s.reopen();
    expect(again.events.list(1000)).toEqual(rows);
    // After a restart the next occurrence starts from what was stored; nothing is counted twice.
    again.events.append('info', 'relay_plaintext_refused', 'after');
    expect(total(again.events.list(1000))).toBe(5001);
  });

  it('gives a different event its own row at once, in the middle of a flood', () => {
    const s = openStore();
    for (let i = 0; i < 300; i++) s.store.events.append('info', 'relay_plaintext_refused', `call=${i}`);
    const other = s.store.events.append('warn', 'relay_lost', 'the relay closed the connection');
    expect(other.count).toBeUndefined();
    s.store.events.append('info', 'relay_plaintext_refused', 'call=300');
    const rows = s.store.events.list(100);
    expect(rows.find((e) => e.event === 'relay_lost')).toMatchObject({
      id: other.id,
      details: 'the relay closed the connection',
    });
    expect(total(rows.filter((e) => e.event === 'relay_plaintext_refused'))).toBe(301);
    // The same name at another level is another kind of event.
    const sameNameOtherLevel = s.store.events.append('warn', 'relay_plaintext_refused', 'x');
    expect(sameNameOtherLevel.count).toBeUndefined();
  });

  it('under a flood that never stops, writes about two rows a minute, with every occurrence counted', () => {
    const s = openStore();
    const minutes = 30;
    let n = 0;
    for (let ms = 0; ms < minutes * 60_000; ms += 50) {
      s.store.events.append('info', 'relay_plaintext_refused', `call=${n++}`);
      s.clock.advance(50);
    }
    const rows = s.store.events.list(10_000);
    console.log(`event log: ${n} occurrences in ${minutes} min -> ${rows.length} rows`);
    expect(total(rows)).toBe(n);
    expect(rows.length).toBeLessThanOrEqual(EVENT_BURST_ROWS + 2 * (minutes + 1));
    // No counting row spans more than its window.
    for (const e of rows)
      if (e.count) expect(Date.parse(e.lastTs!) - Date.parse(e.ts)).toBeLessThan(EVENT_REPEAT_WINDOW_MS);
  });

  it('leaves ordinary events alone: a row each, no count', () => {
    const s = openStore();
    for (let i = 0; i < 10; i++) {
      s.store.events.append('warn', 'heartbeat_fail', `attempt=${i}`);
      s.clock.advance(1000);
    }
    const rows = s.store.events.list(100);
    expect(rows).toHaveLength(10);
    expect(rows.every((e) => e.count === undefined && e.lastTs === undefined)).toBe(true);
  });

  it('never rewrites a row: only its count grows, with the time of the newest repeat', () => {
    const s = openStore();
    const e = s.store.events.append('info', 'engine_start', 'x');
    const update = (sql: string) => () => s.store.db.prepare(sql).run();
    expect(update("UPDATE events SET details = 'forged'")).toThrow(/append-only/);
    expect(update("UPDATE events SET ts = '2000-01-01T00:00:00.000Z'")).toThrow(/append-only/);
    expect(update('UPDATE events SET count = 0')).toThrow(/CHECK|append-only/);
    expect(
      update(`UPDATE events SET count = 3, last_ts = '2026-08-22T12:31:00.000Z' WHERE id = ${e.id}`),
    ).not.toThrow();
    expect(update(`UPDATE events SET count = 2, last_ts = '2026-08-22T12:32:00.000Z' WHERE id = ${e.id}`)).toThrow(
      /only grows/,
    );
    expect(update(`UPDATE events SET count = 4, last_ts = '2026-08-22T12:30:30.000Z' WHERE id = ${e.id}`)).toThrow(
      /only grows/,
    );
    expect(s.store.events.list(1)[0]).toMatchObject({ details: 'x', count: 3, lastTs: '2026-08-22T12:31:00.000Z' });
  });

  it('migrates an existing log: every old row happened once', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const raw = new Database(`${t.dir}/old.db`);
    for (const m of MIGRATIONS.filter((x) => x.version <= 6)) raw.exec(m.sql);
    raw.pragma('user_version = 6');
    raw
      .prepare(
        "INSERT INTO events (ts, level, event, details) VALUES ('2026-01-01T00:00:00.000Z', 'info', 'engine_start', 'old')",
      )
      .run();
    migrate(raw);
    expect(raw.prepare('SELECT count, last_ts FROM events').get()).toEqual({ count: 1, last_ts: null });
    expect(() => raw.prepare("UPDATE events SET details = 'forged'").run()).toThrow(/append-only/);
    raw.close();
  });
});

describe('event pushes: repeats are gathered', () => {
  it('sends a new row at once and a flood of repeats a few times a second, ending with the exact count', () => {
    vi.useFakeTimers();
    const sent: EngineEvent[] = [];
    const push = new EventPush(
      (e) => sent.push(e),
      () => Date.now(),
    );
    const row = (id: number, count?: number): EngineEvent => ({
      id,
      ts: 't',
      level: 'info',
      event: 'relay_plaintext_refused',
      details: '',
      ...(count ? { count, lastTs: 't' } : {}),
    });
    push.push(row(1));
    expect(sent).toHaveLength(1);
    // 10 000 repeats over 10 s.
    for (let i = 2; i <= 10_001; i++) {
      push.push(row(1, i));
      vi.advanceTimersByTime(1);
    }
    // A different event in the middle of it is not held back.
    push.push(row(2));
    expect(sent.at(-1)).toMatchObject({ id: 2 });
    vi.advanceTimersByTime(REPEAT_PUSH_INTERVAL_MS);
    const repeats = sent.filter((e) => e.id === 1 && e.count);
    console.log(`event pushes: 10000 repeats in 10 s -> ${repeats.length} pushes`);
    expect(repeats.length).toBeLessThanOrEqual(Math.ceil(10_000 / REPEAT_PUSH_INTERVAL_MS) + 1);
    expect(repeats.at(-1)!.count).toBe(10_001);
    // Counts only grow along the pushes.
    for (let i = 1; i < repeats.length; i++) expect(repeats[i]!.count!).toBeGreaterThan(repeats[i - 1]!.count!);
  });

  it('flush sends what is gathered at once', () => {
    vi.useFakeTimers();
    const sent: EngineEvent[] = [];
    const push = new EventPush(
      (e) => sent.push(e),
      () => Date.now(),
    );
    const rep = (count: number): EngineEvent => ({
      id: 7,
      ts: 't',
      level: 'warn',
      event: 'relay_lost',
      details: '',
      count,
      lastTs: 't',
    });
    push.push(rep(2)); // the first after a quiet spell: at once
    push.push(rep(3));
    push.push(rep(4));
    expect(sent.map((e) => e.count)).toEqual([2]);
    push.flush();
    expect(sent.map((e) => e.count)).toEqual([2, 4]);
  });
});
