/**
 * Types of the signed event log and of operator identities (split from types.ts to keep files small).
 * types.ts re-exports them.
 */

/** A PHP array as the event log holds it: an object (PHP keys) or a list. */
export type EventPayload = Record<string, unknown> | unknown[];

/** One `node_events` row, named as `GET /v1/events` names the fields (`sig` is the `signature` column). */
export interface DirectoryEvent {
  event_id: string;
  event_type: string;
  service_id: string | null;
  seq: number;
  ts_ms: number;
  /** Stored and served, but not signed. */
  node_id: string | null;
  payload: EventPayload;
  prev_hash: string;
  /** 128 lowercase hex; null while no genesis key is configured. */
  sig: string | null;
}

/** `node_event_chain_heads`: what the next event gets as seq and links to. */
export interface EventChainHead {
  lastSeq: number;
  lastSignature: string | null;
}

/** `operators` row, keyed by the operator's public key (standard base64, as the delegation carries it). */
export interface OperatorRecord {
  operatorPubkey: string;
  identityStatus: OperatorIdentityStatus;
  displayName: string | null;
  attestedCreatedAt: string | null;
  /** The first value presented, pinned: never recomputed or replaced. */
  operatorIntegrityHash: string | null;
  /** Later REGISTERs that presented another hash (PHP logs a warning and keeps the pin). */
  integrityMismatches: number;
  firstSeenMs: number;
}

export type OperatorIdentityStatus = 'active' | 'rotated' | 'revoked';

/**
 * A change to the stored event log, seen on the next `GET /v1/events`. An award is picked by `taskId` (the newest
 * CREDIT_AWARD with that `payload.task_id`, optionally also by `nodeId`) or by `seq`.
 */
export type EventTamper =
  /** Changes the award's `payload.amount` without re-signing: its signature no longer verifies. */
  | ({ kind: 'amount'; amount: number } & EventSelector)
  /**
   * Armed now, applied at the next accepted award (of `taskId` if given): the directory credits and signs `amount`
   * (default half the claimed amount, at least 0.0001) instead of what the receipt claimed, while its answer still
   * echoes `awarded` as sent. A valid signature over a wrong amount.
   */
  | { kind: 'awarded_less'; taskId?: string; amount?: number }
  /** Deletes the award's row: a gap in seq, and the next event links to a signature nobody can see. */
  | ({ kind: 'drop' } & EventSelector)
  /** Swaps seq and position of the selected event and the next one; signatures and prev_hash untouched. */
  | ({ kind: 'reorder' } & EventSelector)
  /** Changes one hex digit of the event's signature. */
  | ({ kind: 'bad_signature' } & EventSelector)
  /**
   * did.json (and /v1/directory-key) publish a new key and later events are signed with it; `resign: true` also
   * re-signs the whole stored history with it. `secretKeyHex` (128 hex) picks the key, else a fresh one.
   */
  | { kind: 'rotate_key'; resign?: boolean; secretKeyHex?: string }
  /**
   * Records the award under another `node_id` (`otherNodeId`, else another registered node or a fresh UUID); still
   * verifies.
   */
  | ({ kind: 'other_node'; otherNodeId?: string } & EventSelector)
  /** Appends a validly signed CREDIT_AWARD for `nodeId` for a task it never served; the ledger is not touched. */
  | { kind: 'phantom'; nodeId: string; taskId?: string; amount?: number; tokensUsed?: number }
  /** Sets the award's amount and re-signs it and everything after it: consistent, so only an earlier read shows it. */
  | ({ kind: 'rewrite'; amount: number } & EventSelector)
  /** Appends a second, validly signed CREDIT_AWARD with the selected award's payload: the task paid twice. */
  | ({ kind: 'double_award' } & EventSelector)
  /**
   * Puts a validly signed CREDIT_AWARD right after the selected event, under the same seq (linked to the event before
   * it, as a fork of the record would be). It pays `taskId` with `responseHash` (default: the selected award's own).
   */
  | ({ kind: 'repeat_seq'; pays?: { taskId: string; responseHash: string; amount?: number } } & EventSelector);

export interface EventSelector {
  taskId?: string;
  nodeId?: string;
  seq?: number;
}

export interface TamperResult {
  kind: EventTamper['kind'];
  /** The event changed, removed or added; null for `rotate_key` and for an `awarded_less` still waiting. */
  seq: number | null;
  /** Every seq whose row changed (reorder: both; rewrite and rotate_key with resign: all re-signed ones). */
  seqs: number[];
  taskId: string | null;
  /**
   * What changed: the amount (amount, rewrite, awarded_less: claimed → signed), the removed event (drop), node_id,
   * sig, the event ids in order (reorder) or the public key hex (rotate_key).
   */
  before: unknown;
  after: unknown;
  /** `awarded_less` until its award arrives. */
  pending?: boolean;
}

export interface AppendAwardsOptions {
  /** Gets one award in every `ownEvery` (default none: all go to other node ids, as production's log mostly does). */
  nodeId?: string;
  /** Default 100. */
  ownEvery?: number;
  /** `payload.amount` of each award, default 0.006. */
  amount?: number;
  /** How many other node ids share the rest, default 50. */
  otherNodes?: number;
}

export interface AppendAwardsResult {
  firstSeq: number;
  lastSeq: number;
  /** The awards for `nodeId`, as a provider would hold their receipts. */
  own: { seq: number; taskId: string; amount: number; responseHash: string }[];
}

/** Test controls over the signed event log (see README, "Signed event log"). */
export interface EventLogControls {
  /** The stored rows in seq order (live). */
  readonly list: readonly DirectoryEvent[];
  /** Appends an event as production's logger would (e.g. one with a `service_id`, signed with the v2 prefix). */
  append(event: {
    type: string;
    nodeId?: string | null;
    payload: EventPayload;
    serviceId?: string | null;
  }): DirectoryEvent;
  tamper(t: EventTamper): TamperResult;
  /** Many signed CREDIT_AWARD events at once, log only (no ledger rows); 100 000 take a few seconds. */
  appendAwards(count: number, opts?: AppendAwardsOptions): AppendAwardsResult;
  /** 64 hex of the key did.json publishes now, or null without a genesis key. */
  publicKeyHex(): string | null;
  /** Makes `GET /v1/events` answer as a hostile directory would (null: the log as it is again). */
  hostile(pages: HostilePages | null): void;
}

/**
 * A directory's event log answers that cost its reader: `endless` — every page full of validly signed awards for
 * other nodes, seq moving on, `has_more` always true; `deep` — a page of `bytes` that is one array nested as deep as
 * its size allows.
 * `served` counts the pages answered so.
 */
export type HostilePages = ({ kind: 'endless'; perPage?: number } | { kind: 'deep'; bytes: number }) & {
  served?: number;
};

/** Test controls over operator identities (PHP `operators.identity_status`, set by the self-service key routes). */
export interface OperatorControls {
  get(operatorPub: string): OperatorRecord | undefined;
  /** Sets the status, creating the record (no display name) for a key the directory has not seen yet. */
  setStatus(operatorPub: string, status: OperatorIdentityStatus): OperatorRecord;
}
