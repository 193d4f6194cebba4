/**
 * The engine's event log: every event stored (a repeat soon after counted on its row), pushed to the windows and
 * dashboards, heard by the notices, and the newest kept for the snapshot. A disk that refuses to store an event must
 * not take the engine down: the event still reaches the screen.
 */
import type { EngineEvent, EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { EventPush } from './event-push';
import type { NoticeFeed } from '../notices';
import type { Store } from '../store';

const RECENT_EVENTS = 20;

export interface EngineEventLogOptions {
  store: () => Store | null;
  clock: () => Date;
  notices: NoticeFeed;
  push: EventPush;
  onChange: () => void;
}

export class EngineEventLog {
  private readonly recentEvents: EngineEvent[] = [];

  constructor(private readonly o: EngineEventLogOptions) {}

  log(level: EventLevel, event: EngineEventName, details: string, persist = true): void {
    // Routine events (a heartbeat every 30 s) go to the node log files only, not the database or the UI.
    if (!persist) return;
    const store = this.o.store();
    let record: EngineEvent;
    try {
      record = store
        ? store.events.append(level, event, details)
        : { id: 0, ts: this.o.clock().toISOString(), level, event, details };
    } catch {
      record = { id: 0, ts: this.o.clock().toISOString(), level, event, details };
    }
    // A repeat counted on a row already shown updates that row in place.
    const shown = (record.count ?? 1) > 1 ? this.recentEvents.findIndex((e) => e.id === record.id) : -1;
    if (shown >= 0) this.recentEvents[shown] = record;
    else {
      this.recentEvents.unshift(record);
      this.recentEvents.length = Math.min(this.recentEvents.length, RECENT_EVENTS);
    }
    // Notices count rejected receipts: they hear of every occurrence, not only of the pushed ones.
    this.o.notices.event(record);
    this.o.push.push(record);
    this.o.onChange();
  }

  /** The newest events, newest first. */
  recent(): EngineEvent[] {
    return [...this.recentEvents];
  }
}
