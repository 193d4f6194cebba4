/**
 * What the node tells its hosts: the snapshot, published at most every `snapshotIntervalMs`; the event log's rows,
 * stored and pushed (repeats gathered); and the notices, which hear both. One object, so the node's start and stop
 * are not mixed with how its news goes out.
 */
import { EventEmitter } from 'node:events';
import type { EngineEvent, EventLevel, NodeSnapshot, Notice } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import { NoticeFeed } from '../notices';
import type { Store } from '../store';
import { EngineEventLog } from './engine-event-log';
import { EventPush } from './event-push';
import { ThrottledPublisher } from './snapshot-publisher';

type Listener<T> = (value: T) => void;

export interface NodeOutputsOptions {
  /** Makes the snapshot of `version` from the node as it is now. */
  build: (version: number) => NodeSnapshot;
  now: () => number;
  clock: () => Date;
  /** The open store, or null while the node is stopped (events then reach the screens only). */
  store: () => Store | null;
  /** How often the screens get a new snapshot at most (default 250 ms). */
  snapshotIntervalMs?: number;
  /** How long an outage must last before it becomes a notice (default 60 s). */
  noticeDebounceMs?: number;
}

export class NodeOutputs {
  readonly publisher: ThrottledPublisher<NodeSnapshot>;
  readonly notices: NoticeFeed;
  readonly events: EngineEventLog;
  private readonly emitter = new EventEmitter();
  /** Stored events out to the hosts, repeats of one event gathered (see EventPush). */
  private readonly eventPush: EventPush;

  constructor(o: NodeOutputsOptions) {
    this.publisher = new ThrottledPublisher(o.build, o.snapshotIntervalMs ?? 250, o.now);
    this.emitter.setMaxListeners(0);
    this.eventPush = new EventPush((event) => this.emitter.emit('event', event), o.now);
    const onNotice = (notice: Notice) => {
      this.emitter.emit('notice', notice);
      this.publisher.markDirty();
    };
    this.notices = new NoticeFeed({ now: o.now, debounceMs: o.noticeDebounceMs, onNotice });
    // Notices are transitions between the published snapshots (and rejected receipts in the event log).
    this.publisher.subscribe((snapshot) => this.notices.observe(snapshot));
    this.events = new EngineEventLog({
      store: o.store,
      clock: o.clock,
      notices: this.notices,
      push: this.eventPush,
      onChange: () => this.publisher.markDirty(),
    });
  }

  /** Something shown changed: a new snapshot is due. */
  changed(): void {
    this.publisher.markDirty();
  }

  /** The newest snapshot (published now if one is due). */
  current(): NodeSnapshot {
    return this.publisher.current();
  }

  log(level: EventLevel, event: EngineEventName, details: string, persist = true): void {
    this.events.log(level, event, details, persist);
  }

  /** Sends every gathered repeat now (the node stops: the last counts are not held back). */
  flushEvents(): void {
    this.eventPush.flush();
  }

  /** The node stopped: the last snapshot goes out, and nothing is scheduled after it. */
  finish(): void {
    this.publisher.markDirty();
    this.publisher.current();
    this.publisher.cancel();
  }

  onSnapshot(listener: Listener<NodeSnapshot>): () => void {
    return this.publisher.subscribe(listener);
  }

  onNotice(listener: Listener<Notice>): () => void {
    this.emitter.on('notice', listener);
    return () => this.emitter.off('notice', listener);
  }

  onEvent(listener: Listener<EngineEvent>): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
