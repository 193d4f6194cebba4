/** The earnings checked against the directory's signed event log: each claim's check, the check, its differences. */

/**
 * How one of the node's claims compares with the directory's signed event log.
 * - `verified`: a `CREDIT_AWARD` for the task (same task id and response hash) with a valid signature, linked to its
 *   neighbour where the log lets that be checked, paying what was claimed.
 * - `not_awarded_yet`: the directory has not answered the claim yet (it is still within its expiry).
 * - `awarded_less` / `awarded_more`: the signed award pays a different amount than was claimed.
 * - `not_in_log`: the directory answered "awarded", but its signed log, read past that moment, has no such award.
 * - `signature_invalid`: the award's signature does not verify with the directory's key.
 * - `chain_broken`: the award does not link to the event before it (`prev_hash`), or the log was rewritten after it
 *   was verified.
 * - `key_changed`: the award verifies only with a key the directory published after the one the node pinned.
 * - `other_node`: the signed award for this node's task names another node.
 * - `never_claimed`: the signed log has an award naming this node for a task it never claimed.
 * - `paid_twice`: a second signed award for a task the log already paid (each task is paid once; the first award
 *   counts).
 * - `repeated_seq`: an award for this node's task at a sequence number the log had already used for another event.
 */
export type AwardCheck =
  | 'verified'
  | 'not_awarded_yet'
  | 'awarded_less'
  | 'awarded_more'
  | 'not_in_log'
  | 'signature_invalid'
  | 'chain_broken'
  | 'key_changed'
  | 'other_node'
  | 'never_claimed'
  | 'paid_twice'
  | 'repeated_seq';
export const AWARD_CHECKS = [
  'verified',
  'not_awarded_yet',
  'awarded_less',
  'awarded_more',
  'not_in_log',
  'signature_invalid',
  'chain_broken',
  'key_changed',
  'other_node',
  'never_claimed',
  'paid_twice',
  'repeated_seq',
] as const satisfies readonly AwardCheck[];
/** The checks that are differences (everything but `verified` and a claim still waiting for its answer). */
export const AWARD_DIFFERENCES = AWARD_CHECKS.filter((c) => c !== 'verified' && c !== 'not_awarded_yet');

/** Why a check of the signed record ended before the end of the log. */
export type VerificationStop = 'no_progress' | 'budget';

/**
 * Why a check could not finish, in the few kinds a person can act on: the directory's key or event log not read, or
 * read but unusable, the check itself failing on this computer, or the node stopping. A page says the kind in its own
 * language; the English detail (`error`) is for the log and the command line.
 */
export type VerificationFailure =
  'key_unreadable' | 'key_invalid' | 'log_unreadable' | 'log_invalid' | 'on_this_computer' | 'node_stopped';

/** The directory's signed record as the node last verified it. */
export interface VerificationInfo {
  /**
   * `off`: the node has no directory or never registered; `never`: not checked yet; `reading`: a check is under way;
   * `done`: the last check finished; `failed`: the last check could not finish (`error` says why).
   */
  state: 'off' | 'never' | 'reading' | 'done' | 'failed';
  /** When the last check finished (ISO), or null. */
  asOf: string | null;
  /** The sequence number of the newest event verified; the next check continues after it. */
  lastSeq: number;
  /** Events read and checked in total (every node's awards: the chain runs through them). */
  eventsChecked: number;
  /** While reading: events checked in this pass. */
  progress: number | null;
  /** The node's awards that verified, and their sum (exact decimal credits). */
  verified: { count: number; credits: string };
  /** Claims still waiting for the directory's answer when the check ran (a figure of that moment). */
  waiting: { count: number; credits: string };
  /**
   * The node's awards the last check has not seen, counted now from the ledger the Awarded figures, the dashboard and
   * the tray sum (answered after the part of the record it read, or since). Absent from an older host.
   */
  unchecked?: { count: number; credits: string };
  /** Per kind of difference (only kinds that occur), with the credits involved. */
  differences: { check: AwardCheck; count: number; credits: string }[];
  /** Problems of the log itself, whoever's events they are in. */
  log: { badSignatures: number; chainBreaks: number; rewritten: boolean };
  /**
   * Why the last check stopped before the log's end, or null when it read to the end. `no_progress`: the directory
   * kept saying there was more, but page after page held none of this node's awards; `budget`: the check read as much
   * as one check may. Claims past the point it reached count as waiting; the next check goes on from there.
   */
  stopped: { reason: VerificationStop; pages: number } | null;
  /**
   * The directory key the node pinned (fingerprint: first 16 hex of SHA-256 of the raw key) and a different one it now
   * publishes.
   */
  key: { fingerprint: string; pinnedAt: string; changedTo: string | null } | null;
  /** Why the last check failed, in English detail for the log and the command line; null otherwise. */
  error: string | null;
  /** Why the last check failed, as the pages say it; null otherwise, or from an older host. */
  failure?: VerificationFailure | null;
}

/** Nothing checked in this run: the check of a node that is not running (the Earnings page of a stopped node). */
export const VERIFICATION_OFF: VerificationInfo = {
  state: 'off',
  asOf: null,
  lastSeq: 0,
  eventsChecked: 0,
  progress: null,
  verified: { count: 0, credits: '0' },
  waiting: { count: 0, credits: '0' },
  differences: [],
  log: { badSignatures: 0, chainBreaks: 0, rewritten: false },
  stopped: null,
  key: null,
  error: null,
};

/** One of the node's tasks (or a signed award naming it) whose check is not `verified`. */
export interface AwardDifference {
  check: AwardCheck;
  taskId: string;
  /** The task's time, or the award's for `never_claimed` (ISO). */
  at: string;
  /** What the node claimed, exact decimal; null for `never_claimed`. */
  claimed: string | null;
  /** What the signed award pays, exact decimal; null when there is none. */
  signed: string | null;
  /** The award's sequence number in the log, or null. */
  seq: number | null;
}
