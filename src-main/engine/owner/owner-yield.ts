/**
 * The owner-first promise as a small state machine: serving → yielding (the owner needs the GPU: no new tasks, the
 * running ones get a grace, then are cut) → cooling down (the owner's use ended; the node waits a while in case they
 * come back) → serving. "Share anyway" lets the person set the promise aside for a while. Time is given, never read,
 * so a test drives it with a fake clock and a restart re-derives it from the next look.
 */
import type { YieldTrigger } from './owner-triggers';

export interface YieldTiming {
  /** How long running tasks may go on once the owner needs the GPU. */
  graceMs: number;
  /** How long the node waits after the owner's use ended before it serves again. */
  cooldownMs: number;
}

export type OwnerYieldState =
  | { phase: 'serving' }
  | { phase: 'yielding'; since: number; trigger: YieldTrigger; graceEndsAt: number }
  | { phase: 'cooling'; since: number; trigger: YieldTrigger; resumeAt: number };

/** What changed with a look or a tick, for the node to act on and log. */
export type YieldChange =
  | { kind: 'started'; trigger: YieldTrigger }
  | { kind: 'trigger_changed'; trigger: YieldTrigger }
  | { kind: 'owner_done'; resumeAt: number }
  | { kind: 'owner_back'; trigger: YieldTrigger }
  | { kind: 'grace_over' }
  /** `byShareAnyway`: the person chose to share anyway while the owner's use still held the node back. */
  | { kind: 'resumed'; afterMs: number; byShareAnyway?: boolean }
  /** `ownerBusy`: it started while the node held back for the owner; `restored`: it went on from before a restart. */
  | { kind: 'share_anyway'; until: number; ownerBusy: boolean; restored: boolean }
  /** `time_up`: its end came; `stopped`: the person ended it early. */
  | { kind: 'share_anyway_over'; why: ShareAnywayEnd };

/** Why "share anyway" ended: its time came, the person stopped it, or the node found it over when it started again. */
export type ShareAnywayEnd = 'time_up' | 'stopped' | 'expired';

/** "Share anyway" lasts at most a day: the promise is the default, not the exception. */
export const MAX_SHARE_ANYWAY_MS = 24 * 3600_000;

export class OwnerYield {
  private current: OwnerYieldState = { phase: 'serving' };
  private anywayUntil: number | null = null;
  private graceDone = false;

  constructor(private readonly timing: () => YieldTiming) {}

  get state(): OwnerYieldState {
    return this.current;
  }

  /** Whether the node holds back new tasks now. */
  get yielding(): boolean {
    return this.current.phase !== 'serving';
  }

  /** When "share anyway" ends, or null. */
  get shareAnywayUntil(): number | null {
    return this.anywayUntil;
  }

  /** One look's verdict: the trigger that holds now, or null when the owner does not need the GPU. */
  observe(now: number, trigger: YieldTrigger | null): YieldChange[] {
    const changes = this.tick(now);
    if (this.anywayUntil !== null) return changes;
    const s = this.current;
    if (trigger) {
      if (s.phase === 'serving') {
        this.graceDone = false;
        this.current = { phase: 'yielding', since: now, trigger, graceEndsAt: now + this.timing().graceMs };
        changes.push({ kind: 'started', trigger });
        // A grace of 0 ends with the same look.
        changes.push(...this.tick(now));
      } else if (s.phase === 'cooling') {
        // The owner came back before the cooldown ended: no task runs, so no new grace.
        this.current = { phase: 'yielding', since: s.since, trigger, graceEndsAt: now };
        changes.push({ kind: 'owner_back', trigger });
      } else if (!sameTrigger(s.trigger, trigger)) {
        this.current = { ...s, trigger };
        changes.push({ kind: 'trigger_changed', trigger });
      }
    } else if (s.phase === 'yielding') {
      const resumeAt = now + this.timing().cooldownMs;
      this.current = { phase: 'cooling', since: s.since, trigger: s.trigger, resumeAt };
      changes.push({ kind: 'owner_done', resumeAt });
      changes.push(...this.tick(now));
    }
    return changes;
  }

  /** Time passes: the grace ends, the cooldown ends, "share anyway" ends. */
  tick(now: number): YieldChange[] {
    const changes: YieldChange[] = [];
    if (this.anywayUntil !== null && now >= this.anywayUntil) {
      this.anywayUntil = null;
      changes.push({ kind: 'share_anyway_over', why: 'time_up' });
    }
    const s = this.current;
    if (s.phase === 'yielding' && !this.graceDone && now >= s.graceEndsAt) {
      this.graceDone = true;
      changes.push({ kind: 'grace_over' });
    }
    if (s.phase === 'cooling' && now >= s.resumeAt) {
      this.current = { phase: 'serving' };
      changes.push({ kind: 'resumed', afterMs: now - s.since });
    }
    return changes;
  }

  /**
   * The person chose to share anyway until `until`: the node serves at once, whatever the next looks say. `restored`:
   * the choice was made before a restart and its end is still ahead.
   */
  shareAnyway(now: number, until: number, restored = false): YieldChange[] {
    this.anywayUntil = Math.min(until, now + MAX_SHARE_ANYWAY_MS);
    const ownerBusy = this.current.phase === 'yielding';
    const changes: YieldChange[] = [{ kind: 'share_anyway', until: this.anywayUntil, ownerBusy, restored }];
    if (this.current.phase !== 'serving') {
      const since = this.current.since;
      this.current = { phase: 'serving' };
      changes.push({ kind: 'resumed', afterMs: now - since, byShareAnyway: ownerBusy });
    }
    return changes;
  }

  /** Ends "share anyway" early; the next look decides again. */
  endShareAnyway(): YieldChange[] {
    if (this.anywayUntil === null) return [];
    this.anywayUntil = null;
    return [{ kind: 'share_anyway_over', why: 'stopped' }];
  }

  /** The owner-first rules were switched off: serve, and forget any yield. */
  reset(now: number): YieldChange[] {
    if (this.current.phase === 'serving') return [];
    const since = this.current.since;
    this.current = { phase: 'serving' };
    return [{ kind: 'resumed', afterMs: now - since }];
  }

  /** When the machine next needs a tick on its own (end of grace, cooldown or "share anyway"), or null. */
  nextDeadline(): number | null {
    const times: number[] = [];
    if (this.anywayUntil !== null) times.push(this.anywayUntil);
    const s = this.current;
    if (s.phase === 'yielding' && !this.graceDone) times.push(s.graceEndsAt);
    if (s.phase === 'cooling') times.push(s.resumeAt);
    return times.length ? Math.min(...times) : null;
  }
}

/** Same cause and, for programs, same name: a reading that moves (watts, free memory) is not a new trigger. */
export function sameTrigger(a: YieldTrigger, b: YieldTrigger): boolean {
  if (a.kind !== b.kind) return false;
  if ((a.kind === 'gpu_program' || a.kind === 'picked_program') && 'name' in b) return a.name === b.name;
  return true;
}
