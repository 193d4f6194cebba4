import type { Said } from '@shared/i18n/said';
import type { PinholeTimings } from './pinhole-task-options';

export interface HeldPinhole {
  uniqueId: number;
  address: string;
  port: number;
  leaseSeconds: number;
}

/**
 * What the pinhole task knows of the pinhole it holds: the lease the router last confirmed, the failed renewals since,
 * and how long to wait before opening it again once it is lost (doubling up to a ceiling).
 */
export class PinholeLease {
  pinhole: HeldPinhole | null = null;
  lastRenewalAt: number | null = null;
  consecutiveFailures = 0;
  lastError: Said | null = null;
  /** Clock value (ms) when the router last confirmed the pinhole's lease. */
  private confirmedAt: number | null = null;
  private reopenDelay: number;

  constructor(
    private readonly now: () => number,
    private readonly t: Pick<PinholeTimings, 'minRenewIntervalMs' | 'reopenInitialDelayMs' | 'reopenMaxDelayMs'>,
  ) {
    this.reopenDelay = t.reopenInitialDelayMs;
  }

  /** The wait before the next attempt to open a lost pinhole again. */
  get reopenDelayMs(): number {
    return this.reopenDelay;
  }

  /** The router opened (or extended) the pinhole: all is well again. */
  held(p: HeldPinhole): void {
    this.pinhole = p;
    this.renewed();
    this.reopenDelay = this.t.reopenInitialDelayMs;
  }

  renewed(): void {
    this.confirmedAt = this.now();
    this.lastRenewalAt = this.confirmedAt;
    this.consecutiveFailures = 0;
    this.lastError = null;
  }

  renewFailed(error: Said): void {
    this.consecutiveFailures += 1;
    this.lastError = error;
  }

  /** No pinhole is held any more (closed, or assumed gone). */
  forget(): void {
    this.pinhole = null;
    this.confirmedAt = null;
  }

  /** Opening it again failed: wait longer before the next try. */
  backOff(): void {
    this.reopenDelay = Math.min(this.reopenDelay * 2, this.t.reopenMaxDelayMs);
  }

  remainingSeconds(p: HeldPinhole): number {
    if (this.confirmedAt === null) return 0;
    return Math.max(0, Math.round((this.confirmedAt + p.leaseSeconds * 1000 - this.now()) / 1000));
  }

  /**
   * Half the lease, but at least `minRenewIntervalMs` so a short lease does not make the app hammer the router —
   * and never so late that the lease has run out before the renewal (a lease shorter than twice the floor).
   */
  renewDelayMs(leaseSeconds: number): number {
    const leaseMs = leaseSeconds * 1000;
    return Math.max(1, Math.min(Math.max(leaseMs / 2, this.t.minRenewIntervalMs), leaseMs * 0.8));
  }
}
