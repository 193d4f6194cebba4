import type { EngineEvent, EventLevel } from '@shared/contract';
import type { Clock } from './clock';
import type { Db } from './database';
import type { EngineEventName } from '@shared/words/event-words';

const MAX_DETAILS = 2000;

/**
 * How many rows of their own the occurrences of one kind of event (its name and level) get in a burst; one more is
 * allowed per `EVENT_REPEAT_WINDOW_MS`. Ordinary events never come close, so they keep a row each.
 */
export const EVENT_BURST_ROWS = 20;
/** Past the burst, the repeats of that time are counted on one row for this long, then on the next row. */
export const EVENT_REPEAT_WINDOW_MS = 60_000;
/** Event kinds tracked at once; the vocabulary is far smaller, so reaching this means forgetting is harmless. */
const MAX_KINDS = 1024;

interface StoredRow {
  id: number;
  ts: string;
  level: EventLevel;
  event: string;
  details: string;
  count: number;
  last_ts: string | null;
}

/** The row that counts the current burst of one kind of event. */
interface CountingRow {
  id: number;
  firstMs: number;
  ts: string;
  details: string;
  count: number;
  lastTs: string;
}

interface Kind {
  /** Rows of their own still allowed (refilled one per window, up to the burst). */
  rows: number;
  refilledAt: number;
  counting: CountingRow | null;
}

/**
 * The append-only event log in SQLite. The oldest rows are pruned past `keep` so the log cannot grow without bound
 * on a node that runs for months. Whoever can make the node log something (a relay handing over calls, a client
 * refused at the door) must not be able to push the rest of the history out: past a short burst, repeats of the same
 * event and level are counted on one row (`count`, with the first time in `ts` and the last in `last_ts`) instead of
 * stored one by one. A row is never rewritten: only its count grows (triggers enforce both).
 *
 * Rows are committed without waiting for a disk flush (see openDatabase): they survive the process being killed, and a
 * power cut may take the last second of them. That suffices: the log tells the person what happened, it acknowledges
 * nothing to them — what they asked for (a setting, a pause) is flushed before the command answers, and a problem an
 * event reported is reported again by the state that caused it after the restart.
 */
export class EventLog {
  private readonly insert;
  private readonly bump;
  private readonly pageFirst;
  private readonly pageBefore;
  private readonly pruneStmt;
  private readonly kinds = new Map<string, Kind>();
  private appendsSincePrune = 0;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly keep = 50_000,
  ) {
    this.insert = db.prepare<[string, string, string, string]>(
      'INSERT INTO events (ts, level, event, details) VALUES (?, ?, ?, ?)',
    );
    this.bump = db.prepare<[number, string, number]>('UPDATE events SET count = ?, last_ts = ? WHERE id = ?');
    this.pageFirst = db.prepare<[number], StoredRow>(
      'SELECT id, ts, level, event, details, count, last_ts FROM events ORDER BY id DESC LIMIT ?',
    );
    this.pageBefore = db.prepare<[number, number], StoredRow>(
      'SELECT id, ts, level, event, details, count, last_ts FROM events WHERE id < ? ORDER BY id DESC LIMIT ?',
    );
    this.pruneStmt = db.prepare<[number]>('DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?');
  }

  /**
   * Stores one occurrence. The answer is its row: a new one, or (`count` ≥ 2) the row that now counts it as a repeat,
   * with the first occurrence's time and details.
   */
  append(level: EventLevel, event: EngineEventName, details = ''): EngineEvent {
    const at = this.clock();
    const nowMs = at.getTime();
    const ts = at.toISOString();
    const kind = this.kindOf(`${level} ${event}`, nowMs);
    const c = kind.counting;
    if (c && nowMs >= c.firstMs && nowMs - c.firstMs < EVENT_REPEAT_WINDOW_MS) {
      // A clock set back must not make the last time run backwards (the trigger refuses that).
      const lastTs = ts > c.lastTs ? ts : c.lastTs;
      // Each repeat is committed at once, so a killed process loses none, and without a disk flush, so a flood
      // costs no more than ordinary writes.
      const changed = this.bump.run(c.count + 1, lastTs, c.id).changes;
      if (changed === 1) {
        c.count += 1;
        c.lastTs = lastTs;
        return { id: c.id, ts: c.ts, level, event, details: c.details, count: c.count, lastTs };
      }
      // The row was pruned meanwhile: this occurrence starts a new one.
    }
    kind.counting = null;
    const trimmed = details.length > MAX_DETAILS ? `${details.slice(0, MAX_DETAILS)}…` : details;
    const id = Number(this.insert.run(ts, level, event, trimmed).lastInsertRowid);
    if (kind.rows >= 1) kind.rows -= 1;
    else kind.counting = { id, firstMs: nowMs, ts, details: trimmed, count: 1, lastTs: ts };
    if (++this.appendsSincePrune >= 1000) {
      this.appendsSincePrune = 0;
      this.pruneStmt.run(this.keep);
    }
    return { id, ts, level, event, details: trimmed };
  }

  /** Newest first; `beforeId` continues a previous page. */
  list(limit: number, beforeId?: number): EngineEvent[] {
    const rows = beforeId === undefined ? this.pageFirst.all(limit) : this.pageBefore.all(beforeId, limit);
    return rows.map(toEvent);
  }

  private kindOf(key: string, nowMs: number): Kind {
    let kind = this.kinds.get(key);
    if (!kind) {
      if (this.kinds.size >= MAX_KINDS) this.kinds.clear();
      kind = { rows: EVENT_BURST_ROWS, refilledAt: nowMs, counting: null };
      this.kinds.set(key, kind);
      return kind;
    }
    const windows = Math.floor((nowMs - kind.refilledAt) / EVENT_REPEAT_WINDOW_MS);
    if (nowMs < kind.refilledAt)
      kind.refilledAt = nowMs; // the clock was set back: start counting again from now
    else if (windows > 0) {
      kind.rows = Math.min(EVENT_BURST_ROWS, kind.rows + windows);
      kind.refilledAt = kind.rows === EVENT_BURST_ROWS ? nowMs : kind.refilledAt + windows * EVENT_REPEAT_WINDOW_MS;
    }
    return kind;
  }
}

function toEvent(r: StoredRow): EngineEvent {
  const e: EngineEvent = { id: r.id, ts: r.ts, level: r.level, event: r.event, details: r.details };
  if (r.count > 1) {
    e.count = r.count;
    e.lastTs = r.last_ts ?? r.ts;
  }
  return e;
}
