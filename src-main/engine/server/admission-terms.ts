/**
 * The terms of admission: how long tasks may wait for a slot, how long a refused source is owed one, and the records
 * kept.
 */
/** QoS classes that may wait for a slot, as in the reference node; everything else fails fast. */
export const QUEUE_ELIGIBLE: Record<string, number> = { realtime: 0, interactive: 1 };
export const QUEUE_WAIT_MS = 2000;
/** Bounded so a flood of interactive requests cannot pile up memory while the node is full. */
export const MAX_WAITERS = 256;
/** One source cannot fill the whole queue. */
export const MAX_WAITERS_PER_SOURCE = 32;
/** A source refused for capacity counts as wanting a slot this long (it comes back after Retry-After: 2 s). */
export const CONTENTION_MS = 10_000;
/** Sources remembered as contending; past this the oldest marks go first. */
export const MAX_CONTENDERS = 10_000;
/**
 * How long a slot is kept for a source after it was refused for capacity: it is told `Retry-After: 2`, so 2 s, and
 * as long again for a slow client or network. A claimant that does not come back in time loses its turn.
 */
export const CLAIM_MS = 4_000;
/**
 * How long a turn waits for the body of the request that came back to use it: a short task's body is in within
 * milliseconds, and a body that trickles in must not keep the slot idle for the time it may take.
 */
export const HEARING_MS = 1_000;

export type Release = () => void;

/**
 * Told when its task holds a slot beyond its source's fair share while another source wants one: the task may run
 * on for `graceMs`, then — if `stillOver()` says it still is over the share — it should give the slot up.
 */
export type OverShare = (graceMs: number, stillOver: () => boolean) => void;

/** A task over its source's share gets this long to finish before it is asked to give its slot up. */
export const OVER_SHARE_GRACE_MS = 20_000;

export interface Holder {
  source: string;
  onOverShare?: OverShare;
  /** Already told. */
  told: boolean;
}

/** A source that asked for a slot and did not get one: since when it has been asking, and until when it is owed. */
export interface Claim {
  since: number;
  until: number;
}

export interface Waiter {
  rank: number;
  seq: number;
  source: string;
  onOverShare?: OverShare;
  settle: (release: Release | null) => void;
  timer: NodeJS.Timeout;
}

export interface AdmissionOptions {
  now?: () => number;
  contentionMs?: number;
  overShareGraceMs?: number;
}

/** What a source wanted lately: the most slots it held or asked for at once, and when it last did anything. */
export interface Activity {
  demand: number;
  at: number;
  /** When it last got a slot (its place in the turns). */
  servedAt?: number;
}
