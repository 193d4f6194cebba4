/**
 * What the node does when its owner's need of the GPU changes: the availability policy is derived again (capacity 0
 * while yielding), the directory hears at once, and at the end of the grace the running tasks are cut and the LLM
 * server is asked to free the GPU's memory. Every step is in the event log with what triggered it.
 */
import type { EventLevel, Settings } from '@shared/contract';
import { OWNER_NOT_WATCHING, type OwnerInfo } from '@shared/contract/availability';
import type { EngineEventName } from '@shared/words/event-words';
import type { Said } from '@shared/i18n/said';
import { ownerSaid } from '@shared/words/owner-words';
import type { NodeServices } from './node-services';
import { EnergyMeter } from '../energy';
import { OwnerWatch, yieldDetails, type OwnerTuning, type YieldChange } from '../owner';
import type { Store } from '../store';

export interface OwnerReactionsOptions {
  services: () => NodeServices | null;
  /** Where "share anyway" is kept across a restart; null while the node is stopped. */
  store?: () => Store | null;
  settings: () => Settings;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  /** Derive the running state again (the owner feeds the policy). */
  settle: () => void;
  /** Something shown changed (a reading): a new snapshot is due. */
  changed: () => void;
  now: () => number;
  tuning?: OwnerTuning;
}

/** The most program names remembered for the diagnostics' masks (the oldest is forgotten first). */
const MAX_NAMES_SEEN = 64;
/** The end of "share anyway" (ms), kept so a restart neither forgets it nor lets it vanish without a word. */
export const SHARE_ANYWAY_KEY = 'ownerShareAnywayUntilMs';
const isEnd = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

export class OwnerReactions {
  /** The LLM server was asked to free the GPU's memory in this yield already. */
  private memoryFreed = false;
  /** The programs the node gave the GPU back to since the engine started, so a saved log or bundle can mask them. */
  private readonly seen = new Set<string>();
  private current: OwnerWatch | null = null;
  /** Each task's share of the machine's power, from the watcher's readings (or the person's typical watts). */
  readonly energy: EnergyMeter;

  constructor(private readonly o: OwnerReactionsOptions) {
    this.energy = new EnergyMeter({ now: o.now, typicalWatts: () => o.settings().energy.typicalWatts });
  }

  /** The watcher of the running node, or null. */
  get watch(): OwnerWatch | null {
    return this.current;
  }

  /** The node started: the watcher starts with it. */
  start(): void {
    this.current = new OwnerWatch({
      settings: this.o.settings,
      now: this.o.now,
      activeJobs: () => this.o.services()?.admission.activeJobs ?? 0,
      lastTaskEndedAt: () => this.energy.lastTaskEndedAt,
      onChange: (change) => this.changed(change),
      onOff: (why) => this.o.log('warn', 'owner_watch_off', why),
      onPower: (watts, meters, ownerBusy) => this.energy.reading(watts, meters, ownerBusy),
      tuning: this.o.tuning,
    });
    this.current.start();
    this.restoreShareAnyway();
  }

  /** "Share anyway" from before a restart: it goes on if its end is still ahead, else its end is logged now. */
  private restoreShareAnyway(): void {
    let until: number | null = null;
    try {
      until = this.o.store?.()?.state.get(SHARE_ANYWAY_KEY, null, isEnd) ?? null;
    } catch {
      // An unreadable row is no choice: the owner comes first.
    }
    if (until === null) return;
    if (until > this.o.now() && this.current) this.current.restoreShareAnyway(until);
    else this.changed({ kind: 'share_anyway_over', why: 'expired' });
  }

  private saveShareAnyway(until: number | null): void {
    try {
      this.o.store?.()?.state.set(SHARE_ANYWAY_KEY, until);
    } catch (err) {
      if (until !== null)
        this.o.log('warn', 'owner_share_anyway', `not_saved=1 ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  stop(): void {
    this.current?.stop();
    this.current = null;
  }

  /**
   * An app of the owner's uses this computer's LLM server until the returned function is called (the gateway's local
   * route).
   */
  use(): () => void {
    return this.current?.ownerUse() ?? (() => undefined);
  }

  /** While the owner needs the GPU: the seconds a consumer should wait, else null. */
  busySeconds(): number | null {
    const w = this.current;
    return w?.yielding ? w.retryAfterSeconds() : null;
  }

  /** The watcher's state for the availability policy, with the words while it holds the node back. */
  state(formatTime: (ms: number) => string): { info: OwnerInfo; message: Said | null } {
    const info = this.current?.info() ?? OWNER_NOT_WATCHING;
    return { info, message: ownerSaid(info, (iso) => formatTime(Date.parse(iso))) };
  }

  /** The names of the programs the node yielded to since the engine started, oldest first. */
  namesSeen(): string[] {
    return [...this.seen];
  }

  changed(change: YieldChange | null): void {
    if (change === null) {
      this.o.changed();
      return;
    }
    if ('trigger' in change && 'name' in change.trigger && change.trigger.name) this.remember(change.trigger.name);
    const services = this.o.services();
    switch (change.kind) {
      case 'started':
        this.memoryFreed = false;
        this.o.log('info', 'owner_yield', yieldDetails(change.trigger));
        this.o.settle();
        services?.heartbeatNow();
        services?.cutStreamsForOwner();
        // Nothing runs: the memory can go at once; otherwise at the end of the grace.
        if ((services?.admission.activeJobs ?? 0) === 0) this.freeGpuMemory();
        return;
      case 'grace_over': {
        const cut = services?.cutForOwner() ?? 0;
        if (cut > 0) this.o.log('info', 'owner_tasks_cut', `tasks=${cut}`);
        this.freeGpuMemory();
        return;
      }
      case 'owner_done':
        this.o.log('info', 'owner_done', `resume_at=${new Date(change.resumeAt).toISOString()}`);
        break;
      case 'resumed':
        // Sharing anyway while the owner's program runs is not the end of their use: its own event says what happens.
        if (!change.byShareAnyway) this.o.log('info', 'owner_resumed', `after_s=${Math.round(change.afterMs / 1000)}`);
        this.o.settle();
        services?.heartbeatNow();
        return;
      case 'share_anyway':
        this.saveShareAnyway(change.until);
        this.o.log(
          'info',
          'owner_share_anyway',
          `until=${new Date(change.until).toISOString()}${change.ownerBusy ? ' owner_busy=1' : ''}${change.restored ? ' restored=1' : ''}`,
        );
        break;
      case 'share_anyway_over':
        this.saveShareAnyway(null);
        this.o.log('info', 'owner_share_anyway', `ended=${change.why}`);
        break;
      default:
    }
    this.o.settle();
  }

  private remember(name: string): void {
    this.seen.delete(name);
    this.seen.add(name);
    if (this.seen.size > MAX_NAMES_SEEN) this.seen.delete(this.seen.values().next().value!);
  }

  /** Once per yield, and only when the person asked for it. */
  private freeGpuMemory(): void {
    const services = this.o.services();
    if (this.memoryFreed || !this.o.settings().ownerFirst.freeMemory || !services) return;
    // The owner's own apps are using the loaded model through the gateway: unloading it would only slow them down.
    if (this.current?.info().trigger?.kind === 'own_app') return;
    this.memoryFreed = true;
    services.freeGpuMemory().then(
      (r) => this.o.log('info', 'owner_memory', r.words),
      (err: unknown) =>
        this.o.log(
          'warn',
          'owner_memory',
          `The LLM server could not be asked to free the GPU memory: ${err instanceof Error ? err.message : String(err)}`,
        ),
    );
  }
}
