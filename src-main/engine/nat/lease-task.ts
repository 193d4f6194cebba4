import type { DetectionStep } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { said, type Said } from '@shared/i18n/said';
import { realTimers, type TimerFns } from '../net';
import { SerialOps } from './serial-ops';
import { TaskJournal } from './task-journal';

/** The states every router lease task has besides its own. */
export type LeaseTaskLifecycle = 'idle' | 'renewing' | 'retrying' | 'stopping' | 'stopped';

/** A task's own states with the shared ones. */
type State<S extends string> = S | LeaseTaskLifecycle;

export interface LeaseStateEvent<S extends string> {
  type: 'state';
  state: S;
  previous: S;
}

/** What every lease task reports of itself, for the Network page. */
export interface LeaseTaskStatus<S extends string> {
  state: S;
  /** The lease granted for what is held now, or null while nothing is. */
  leaseSeconds: number | null;
  leaseRemainingSeconds: number | null;
  lastRenewalAt: number | null;
  consecutiveFailures: number;
  lastError: Said | null;
  nextAttemptAt: number | null;
  steps: readonly DetectionStep[];
}

/** The kinds of failure a router exchange has (the same for port mapping and the IPv6 pinhole). */
export type RouterFailureKind = 'unavailable' | 'timeout' | 'transport' | 'refused';

/** A router exchange's failure as the page says it: the kind in our words, the error's own text quoted. */
export function routerErrorSaid(e: { kind: RouterFailureKind; message: string }): Said {
  return said(ERROR_IDS[e.kind], { detail: e.message });
}

const ERROR_IDS = {
  unavailable: 'ladder.error.unavailable',
  timeout: 'ladder.error.timeout',
  transport: 'ladder.error.transport',
  refused: 'ladder.error.refused',
} as const satisfies Record<RouterFailureKind, MessageId>;

export interface LeaseTaskSetup<S extends string> {
  /** How an error names the task ("mapping task"). */
  name: string;
  /** The state in which the lease is held and renewed on a timer. */
  heldState: S;
  maxSteps: number;
  timers?: TimerFns;
  now?: () => number;
}

/**
 * What the IPv4 mapping task and the IPv6 pinhole task share: start once from idle, renew on a timer (one quick
 * retry after a failure, then another before the lease runs out), renew at once on demand, and stop by waiting for
 * the operation in flight before giving back whatever is held, so a late answer cannot leave a lease behind. The
 * task itself says how to renew and how to give the lease back.
 */
export abstract class LeaseTask<S extends string, E extends { type: string }> {
  protected readonly journal: TaskJournal<State<S>, E | LeaseStateEvent<State<S>>>;
  protected readonly ops: SerialOps;
  protected readonly timers: TimerFns;
  protected readonly now: () => number;
  private stopping: Promise<void> | null = null;
  private readonly name: string;
  private readonly heldState: S;

  protected constructor(setup: LeaseTaskSetup<S>) {
    this.name = setup.name;
    this.heldState = setup.heldState;
    this.timers = setup.timers ?? realTimers;
    this.now = setup.now ?? Date.now;
    this.journal = new TaskJournal<State<S>, E | LeaseStateEvent<State<S>>>(
      'idle',
      (state, previous) => ({ type: 'state', state, previous }),
      this.now,
      setup.maxSteps,
    );
    this.ops = new SerialOps(this.timers, this.now, () => this.stopRequested);
  }

  get state(): State<S> {
    return this.journal.state;
  }

  onChange(listener: (event: E | LeaseStateEvent<State<S>>) => void): () => void {
    return this.journal.onChange(listener);
  }

  /** Renews a held lease now instead of at its next turn (after sleep); a no-op in any other state. */
  renewNow(): void {
    if (this.journal.state !== this.heldState || this.stopRequested || this.ops.inflight) return;
    this.ops.clearTimer();
    void this.ops.run(() => this.renew(false));
  }

  /** Waits for any operation in flight, then gives back what is held on the router. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  /** Renews the lease held; `isRetry` for the quick retry after a failed renewal. */
  protected abstract renew(isRetry: boolean): Promise<void>;

  /** Gives back what the task holds on the router; called once, after the operation in flight has settled. */
  protected abstract release(): Promise<void>;

  protected get stopRequested(): boolean {
    return this.stopping !== null;
  }

  /** Runs the first operation; a task starts only once, from idle. */
  protected async begin(first: () => Promise<void>): Promise<void> {
    if (this.journal.state !== 'idle') throw new Error(`${this.name} cannot start from state ${this.journal.state}`);
    await this.ops.run(first);
  }

  /**
   * The lease is held (again): unless stopping, back to the held state, `announce` it to the listeners, and renew at
   * its next turn.
   */
  protected hold(renewDelayMs: number, announce?: () => void): void {
    if (this.stopRequested) return;
    this.journal.set(this.heldState);
    announce?.();
    this.ops.schedule(renewDelayMs, () => this.renew(false));
  }

  /**
   * A renewal failed but the lease does not count as lost yet: one quick retry; when that fails too, another try
   * before the lease runs out rather than after a full interval.
   */
  protected retryRenewal(wasRetry: boolean, retryDelayMs: number, renewDelayMs: number, leaseLeftMs: number): void {
    this.journal.set('retrying');
    if (!wasRetry) {
      this.ops.schedule(retryDelayMs, () => this.renew(true));
      return;
    }
    const delay = Math.max(retryDelayMs, Math.min(renewDelayMs, leaseLeftMs / 2));
    this.ops.schedule(delay, () => this.renew(false));
  }

  /** The lease is gone, or getting it back failed: says so, enters `state` and tries `again` in `delayMs`. */
  protected tryAgainLater(
    state: S,
    line: Said,
    delayMs: number,
    again: () => Promise<void>,
    announce?: () => void,
  ): void {
    this.journal.step(line);
    this.journal.set(state);
    announce?.();
    this.ops.schedule(delayMs, again);
  }

  /**
   * Ends in a state that lasts until stop (failed, refused, …): says why, and unless stopping enters it and tells
   * `event`.
   */
  protected endIn(state: S, line: Said, event: E): void {
    this.journal.step(line);
    if (this.stopRequested) return;
    this.journal.set(state);
    this.journal.emit(event);
  }

  private async doStop(): Promise<void> {
    this.ops.clearTimer();
    if (this.journal.state === 'idle') {
      this.journal.set('stopped');
      this.journal.step(said('ladder.task.stoppedEarly'));
      return;
    }
    this.journal.set('stopping');
    // A request already sent cannot be recalled; wait so whatever its answer leaves held is given back too.
    await this.ops.settle();
    await this.release();
    this.journal.set('stopped');
  }
}
