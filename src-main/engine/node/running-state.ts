/**
 * The node's running state, level-triggered: `settle()` derives online / paused / degraded from the availability
 * policy (switch ∧ window ∧ conditions ∧ owner) and the named problems each time one changes, and on a slow tick, so
 * no sequence of events can leave it inconsistent.
 */
import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { AvailabilityController } from '../availability';
import { said } from '@shared/i18n/said';
import { Lifecycle } from './lifecycle';
import { Problems } from './problems';

/** The availability policy's slow tick: windows open and close at minute resolution, idle time creeps. */
const POLICY_TICK_MS = 30_000;

export interface RunningStateOptions {
  now: () => number;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  /** Something shown changed: a new snapshot is due. */
  changed: () => void;
  /** The state or the policy moved: the running parts hear that the capacity may have changed. */
  capacityChanged: () => void;
  /** Whether the local day turned since the figures were last shown. */
  dayTurned: () => boolean;
  policyTickMs?: number;
}

export class RunningState {
  readonly lifecycle: Lifecycle;
  readonly problems: Problems;
  /** The availability policy while the node has a store open, else null. */
  availability: AvailabilityController | null = null;
  private policyTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: RunningStateOptions) {
    this.lifecycle = new Lifecycle(o.now);
    this.problems = new Problems(o.log, () => this.settle());
  }

  /** Derives the running state from scratch: the availability policy first, then the problems. */
  settle(): void {
    const lc = this.lifecycle;
    if (!lc.isRunning && lc.state !== 'starting') return;
    const policyChanged = this.availability?.evaluate() ?? false;
    const policy = this.availability?.result;
    let changed: boolean;
    if (policy?.reason) {
      changed = lc.transition('paused', policy.message);
    } else if (this.problems.any) {
      changed = lc.transition('degraded', this.problems.words());
    } else {
      changed = lc.transition('online', null);
    }
    if (changed || policyChanged) {
      this.o.capacityChanged();
      this.o.changed();
    } else if (this.o.dayTurned()) {
      // Past local midnight the day's counts start again from 0, though nothing else changed.
      this.o.changed();
    }
  }

  /** Tasks admitted at once right now: the policy's share of maxConcurrent while online (or degraded). */
  capacity(): number {
    const st = this.lifecycle.state;
    if (st !== 'online' && st !== 'degraded') return 0;
    return this.availability?.result.capacity ?? 0;
  }

  /** A start that failed, or a store that would not open: stopped, with why. */
  failed(err: unknown): void {
    this.lifecycle.transition('stopping');
    // The error's text is foreign to the catalogue: a value inside our sentence.
    this.lifecycle.transition(
      'stopped',
      said('status.reason.failed', { error: err instanceof Error ? err.message : String(err) }),
    );
    this.o.changed();
  }

  armPolicyTick(): void {
    this.disarmPolicyTick();
    this.policyTimer = setInterval(() => this.settle(), this.o.policyTickMs ?? POLICY_TICK_MS);
    this.policyTimer.unref?.();
  }

  disarmPolicyTick(): void {
    if (this.policyTimer) clearInterval(this.policyTimer);
    this.policyTimer = null;
  }

  /**
   * The host that keeps this engine's secrets (the desktop app's OS key store) could not write a change (error) or
   * has written one (null): until a write succeeds again the node is degraded and says why, since what it holds only
   * in memory would be lost with the next restart.
   */
  secretsWritten(error: string | null): void {
    if (error === null) {
      this.problems.set('secrets', null);
      return;
    }
    this.o.log('error', 'secrets_not_saved', error);
    this.problems.set('secrets', said('status.reason.secretsNotSaved'));
  }
}
