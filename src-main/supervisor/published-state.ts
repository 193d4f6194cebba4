/**
 * What the host sees of the engine: the process's own state, the last snapshot and settings, and the listeners they
 * are passed on to. Every snapshot passed on carries the host's own version number (a restarted engine counts from 1
 * again) and the process's state, with the host's additions on top.
 */
import { EventEmitter } from 'node:events';
import type { EngineEvent, EngineProcessInfo, Notice, NodeSnapshot, Settings } from '@shared/contract';
import type { EngineMessage } from './protocol';

/** What each kind of listener hears. */
export interface Published {
  snapshot: NodeSnapshot;
  event: EngineEvent;
  notice: Notice;
  settings: Settings;
  process: EngineProcessInfo;
}

export class PublishedState {
  /** Unexpected stops so far, shown with the process's state. */
  restarts = 0;
  private readonly emitter = new EventEmitter();
  private info: EngineProcessInfo;
  private snapshot: NodeSnapshot | null = null;
  private settings: Settings | null = null;
  private version = 0;

  constructor(
    private readonly now: () => number,
    private readonly decorate?: (snapshot: NodeSnapshot) => NodeSnapshot,
  ) {
    this.emitter.setMaxListeners(0);
    this.info = { state: 'running', restarts: 0, message: null, since: new Date(now()).toISOString(), pid: null };
  }

  on<K extends keyof Published>(kind: K, listener: (value: Published[K]) => void): () => void {
    this.emitter.on(kind, listener);
    return () => this.emitter.off(kind, listener);
  }

  /** What an engine says of itself, passed on as it came (a snapshot numbered and completed first). */
  passOn(message: Extract<EngineMessage, { t: 'snapshot' | 'event' | 'notice' | 'settings' }>): void {
    if (message.t === 'snapshot') this.publish(message.snapshot);
    else if (message.t === 'settings') this.setSettings(message.settings);
    else if (message.t === 'event') this.emitter.emit('event', message.event);
    else this.emitter.emit('notice', message.notice);
  }

  processInfo(): EngineProcessInfo {
    return { ...this.info };
  }

  lastSnapshot(): NodeSnapshot | null {
    return this.snapshot;
  }

  lastSettings(): Settings | null {
    return this.settings;
  }

  /**
   * The process's new state, passed on with the last snapshot, or with `next` (a new engine's first one) when given.
   */
  setInfo(
    state: EngineProcessInfo['state'],
    message: string | null,
    pid: number | null = null,
    next: NodeSnapshot | null = null,
  ): void {
    this.info = { state, restarts: this.restarts, message, since: new Date(this.now()).toISOString(), pid };
    this.emitter.emit('process', this.processInfo());
    const snapshot = next ?? this.snapshot;
    if (snapshot) this.publish(snapshot);
  }

  /** The last snapshot again, with what the host adds to it now. */
  republish(): void {
    if (this.snapshot) this.publish(this.snapshot);
  }

  setSettings(settings: Settings): void {
    this.settings = settings;
    this.emitter.emit('settings', settings);
  }

  publish(snapshot: NodeSnapshot): NodeSnapshot {
    const base: NodeSnapshot = { ...snapshot, version: ++this.version, engineProcess: this.processInfo() };
    const decorated = this.decorate ? this.decorate(base) : base;
    this.snapshot = decorated;
    this.emitter.emit('snapshot', decorated);
    return decorated;
  }
}
