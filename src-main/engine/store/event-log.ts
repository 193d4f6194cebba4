import type { EngineEvent, EventLevel } from '../../../src-preload/contract';
import type { Clock } from './clock';
import type { Db } from './database';
import type { EngineEventName } from '../../../src-preload/event-words';

const MAX_DETAILS = 2000;

/**
 * The append-only event log in SQLite. Rows are never updated (a trigger enforces it); the oldest are
 * pruned past `keep` so the log cannot grow without bound on a node that runs for months.
 */
export class EventLog {
  private readonly insert;
  private readonly pageFirst;
  private readonly pageBefore;
  private readonly pruneStmt;
  private appendsSincePrune = 0;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly keep = 50_000,
  ) {
    this.insert = db.prepare<[string, string, string, string]>(
      'INSERT INTO events (ts, level, event, details) VALUES (?, ?, ?, ?)',
    );
    this.pageFirst = db.prepare<[number], EngineEvent>(
      'SELECT id, ts, level, event, details FROM events ORDER BY id DESC LIMIT ?',
    );
    this.pageBefore = db.prepare<[number, number], EngineEvent>(
      'SELECT id, ts, level, event, details FROM events WHERE id < ? ORDER BY id DESC LIMIT ?',
    );
    this.pruneStmt = db.prepare<[number]>('DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?');
  }

  append(level: EventLevel, event: EngineEventName, details = ''): EngineEvent {
    const ts = this.clock().toISOString();
    const trimmed = details.length > MAX_DETAILS ? `${details.slice(0, MAX_DETAILS)}…` : details;
    const info = this.insert.run(ts, level, event, trimmed);
    if (++this.appendsSincePrune >= 1000) {
      this.appendsSincePrune = 0;
      this.pruneStmt.run(this.keep);
    }
    return { id: Number(info.lastInsertRowid), ts, level, event, details: trimmed };
  }

  /** Newest first; `beforeId` continues a previous page. */
  list(limit: number, beforeId?: number): EngineEvent[] {
    return beforeId === undefined ? this.pageFirst.all(limit) : this.pageBefore.all(beforeId, limit);
  }
}
