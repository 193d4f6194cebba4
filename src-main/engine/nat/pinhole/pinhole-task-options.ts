import type { TimerFns } from '../../net';
import { MAX_PINHOLE_LEASE_SECONDS, type PinholeClient } from './upnp-pinhole-client';

export interface PinholeTaskOptions {
  client: PinholeClient;
  /** This computer's global IPv6 address to open (the one advertised). */
  address: string;
  port: number;
  /** Asked of the router on AddPinhole and every UpdatePinhole (default 3600 s, as the reference client). */
  leaseSeconds?: number;
  /** Floor of the renewal interval, which is otherwise half the lease (default 60 s). */
  minRenewIntervalMs?: number;
  /** Pause before the quick retry of a failed renewal (default 5 s). */
  retryDelayMs?: number;
  /** Failed renewals in a row after which the pinhole counts as gone (default 3). */
  maxConsecutiveFailures?: number;
  reopenInitialDelayMs?: number;
  reopenMaxDelayMs?: number;
  /** Bound on each client call other than discovery (default 10 s); the client bounds its own exchanges too. */
  callTimeoutMs?: number;
  /** Bound on discovery: SSDP plus reading the descriptions (default 15 s). */
  discoverTimeoutMs?: number;
  /** Bound on DeletePinhole when stopping (default 5 s). */
  stopTimeoutMs?: number;
  maxSteps?: number;
  timers?: TimerFns;
  now?: () => number;
}

/** Every number of the options, filled in. */
export type PinholeTimings = Required<Omit<PinholeTaskOptions, 'client' | 'address' | 'port' | 'timers' | 'now'>>;

const DEFAULTS: PinholeTimings = {
  leaseSeconds: 3_600,
  minRenewIntervalMs: 60_000,
  retryDelayMs: 5_000,
  maxConsecutiveFailures: 3,
  reopenInitialDelayMs: 30_000,
  reopenMaxDelayMs: 10 * 60_000,
  callTimeoutMs: 10_000,
  discoverTimeoutMs: 15_000,
  stopTimeoutMs: 5_000,
  maxSteps: 50,
};

/** The options' numbers with the defaults where none was given; a lease the protocol cannot carry is refused. */
export function pinholeTimings(opts: PinholeTaskOptions): PinholeTimings {
  const leaseSeconds = opts.leaseSeconds ?? DEFAULTS.leaseSeconds;
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1 || leaseSeconds > MAX_PINHOLE_LEASE_SECONDS) {
    throw new RangeError(`pinhole lease must be 1..${MAX_PINHOLE_LEASE_SECONDS} s (got ${leaseSeconds})`);
  }
  return {
    leaseSeconds,
    minRenewIntervalMs: opts.minRenewIntervalMs ?? DEFAULTS.minRenewIntervalMs,
    retryDelayMs: opts.retryDelayMs ?? DEFAULTS.retryDelayMs,
    maxConsecutiveFailures: opts.maxConsecutiveFailures ?? DEFAULTS.maxConsecutiveFailures,
    reopenInitialDelayMs: opts.reopenInitialDelayMs ?? DEFAULTS.reopenInitialDelayMs,
    reopenMaxDelayMs: opts.reopenMaxDelayMs ?? DEFAULTS.reopenMaxDelayMs,
    callTimeoutMs: opts.callTimeoutMs ?? DEFAULTS.callTimeoutMs,
    discoverTimeoutMs: opts.discoverTimeoutMs ?? DEFAULTS.discoverTimeoutMs,
    stopTimeoutMs: opts.stopTimeoutMs ?? DEFAULTS.stopTimeoutMs,
    maxSteps: opts.maxSteps ?? DEFAULTS.maxSteps,
  };
}
