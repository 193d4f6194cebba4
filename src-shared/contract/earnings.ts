/** What the node earns: prices, receipts, the ledger, and the directory's books. */
import { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import type { Said } from '../i18n/said';
import { Empty } from './schema-parts';
import { CSV_SEPARATORS } from '../text/csv';

/**
 * A served task's claim on credits: `none` (no receipt: no tokens, or the node held no HMAC key), `claimed`
 * (receipt written, being posted), then `awarded`, `rejected` (the directory said no, with its code) or `expired`
 * (not accepted before the receipt's expiry).
 */
export type ReceiptState = 'none' | 'claimed' | 'awarded' | 'rejected' | 'expired';
export const RECEIPT_STATES = ['none', 'claimed', 'awarded', 'rejected', 'expired'] as const;

/** Earnings at a glance: the local ledger (always current) and the directory's books (as of their last sync). */
export interface EarningsInfo {
  /** Today in the person's time zone, from the local ledger. */
  today: {
    jobs: number;
    tokens: number;
    awarded: number;
    pending: number;
    rejected: number;
    /** Energy attributed to today's tasks, joules (see EnergyInfo); 0 when none was measured or estimated. */
    energyJ: number;
    /** Of `jobs`, the tasks whose energy is in `energyJ`. */
    energyTasks: number;
  };
  /** Where the energy figures come from, and what a kWh costs the person. */
  energy: EnergyInfo;
  /** Last known directory values; null until a sync succeeded. Never 0 for "unknown". */
  balance: number | null;
  totalEarned: number | null;
  /** When the directory values were fetched (ISO), or null. */
  asOf: string | null;
  /** Why the last sync failed, in plain words, or null. */
  syncError: string | null;
  reputationScore: number | null;
  probation: boolean | null;
  /**
   * `completed_tasks_count`: the successful tasks the node reported with its heartbeats, as the directory counted them.
   */
  completedTasks: number | null;
  /**
   * When the directory's node page (completed tasks, probation) or registry entry was last read (ISO); absent from an
   * older host.
   */
  standingAsOf?: string | null;
  /**
   * The node's awards grew after the directory's figures (`asOf`) were read: they are not in them yet (read again
   * soon).
   */
  booksBehind?: boolean;
  /** Receipts waiting to be accepted by the directory. */
  outbox: number;
  timeZone: string;
  /** The awards checked against the directory's signed event log. */
  verification: VerificationInfo;
  /**
   * The operator's pooled wallet from `/v1/credits/summary`, as of `asOf`; null while the node is not operator-bound.
   */
  operatorWallet: OperatorWallet | null;
}

/**
 * `operator_wallet` of `/v1/credits/summary`: every non-archived node of the same operator, summed by the directory.
 */
export interface OperatorWallet {
  totalBalance: number;
  totalEarned: number;
  totalSpent: number;
  txCount: number;
  nodeCount: number;
  reconciles: boolean;
  fingerprint: string;
}

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
 * counts).
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
  /** Why the last check failed, in plain words; null otherwise. */
  error: string | null;
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

/**
 * How the node knows what serving costs in power. `measured`: a power meter is read (the GPU driver's power draw, the
 * CPU's RAPL counters) and each task is given its share of the power above the idle baseline while it generates.
 * `typical`: nothing can be read here, so the watts the person entered are used. `none`: neither.
 */
export interface EnergyInfo {
  source: 'measured' | 'typical' | 'none';
  /** What is read: "nvidia-smi", "rocm-smi", "RAPL", joined with " and "; null unless measured. */
  meters: string | null;
  /** The machine's idle power as the node sees it (watts), once known. */
  baselineW: number | null;
  /** The newest power reading (watts). */
  powerW: number | null;
  /** The watts entered for `typical`. */
  typicalW: number | null;
  /** The person's price of a kWh and its currency; null price: not entered. */
  pricePerKwh: number | null;
  currency: string;
}

export const PRICING_MODELS = ['per_token', 'per_request', 'flat'] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

/**
 * What the directory's public registry says about the node (`GET /v1/registry/nodes/{id}`): the multiplier it holds
 * and whether it reached the node, which production gives nowhere else. Production answers 404 while the node is not
 * offering work: `listed` false then, which is not a fault.
 */
export interface DirectoryListing {
  listed: boolean;
  /** When the node read it (ISO). */
  asOf: string;
  multiplier: number | null;
  attested: boolean | null;
  /** true/false only when the directory itself probed the node's route recently; null: it has no observation. */
  observedReachable: boolean | null;
  /** `directory_observed…`, `self_attested` or `missing`. */
  routeEvidence: string | null;
  recoveryState: string | null;
  reputationTier: string | null;
}

export interface PricingInfo {
  declared: { multiplier: number; model: PricingModel };
  /** The routing tier of the largest advertised model (by parameter count in its name) and its weight. */
  tier: { name: string; weight: number; model: string | null };
  /** What the directory stores at registration: min(declared, tier weight × 3). */
  ceiling: number;
  /** The multiplier the directory holds for this node (its public registry entry), when known. */
  directoryMultiplier: number | null;
  /** The declared multiplier is above the tier ceiling: the node declares (and the directory holds) the ceiling. */
  capped: boolean;
  /** The directory's public registry entry for the node when last read, or null while never read. */
  directory: DirectoryListing | null;
  /** Credits a consumer pays per 1000 output tokens: tier weight × the multiplier in force. */
  pricePer1000: number;
  /** Whether the directory has accepted the current declaration (REGISTER or a heartbeat `pricing` block). */
  declarationAccepted: boolean;
  /** The network's credit schedule from GET /v1/stats, or null until fetched. */
  schedule: { formula: string; tokensPerCredit: number; tierWeights: Record<string, number>; asOf: string } | null;
  history: { at: string; multiplier: number; model: PricingModel; source: 'settings' | 'directory' }[];
}

/** One day of the books, from the node's ledger and the directory's transaction list; amounts are exact decimals. */
export interface ReconciliationDay {
  day: string;
  claimed: string;
  awarded: string;
  rejected: string;
  expired: string;
  /** Claims the directory has not answered yet. */
  pending: string;
  /** claimed − awarded − pending: what was claimed and will not be paid (rejected, expired, excluded). */
  difference: string;
  /**
   * Task credits the directory's transaction lists (its 20 newest rows) showed for the day; null unless the day is over
   * and the lists the node read showed it whole (today among them), which is no shortfall.
   */
  directoryCredited: string | null;
  /** The day's awards verified in the directory's signed log (exact decimal), and how many of its tasks differ. */
  verified: string;
  differing: number;
  /**
   * Why receipts were rejected, with what to do (a sentence each screen says in its language) when something can be.
   */
  reasons: { code: string; message: string; count: number; amount: string; advice: Said | null }[];
}

/**
 * One machine in the period: this computer's node with what it earned, and each node that answered this computer's
 * apps through the local gateway with what that cost. Net is `(earned ?? 0) − spent`.
 */
export interface MachineBooks {
  nodeId: string;
  /** This computer's own node. */
  self: boolean;
  /** One of the person's own machines (tasks there are free); this computer's node always is. */
  own: boolean;
  /** Credits awarded to this computer's node in the period; null for other machines, whose books are their own. */
  earned: number | null;
  /**
   * Credits spent on the requests this computer's apps sent there: what the directory charged where it said, else what
   * was expected.
   */
  spent: number;
  /** Requests this computer's apps sent there that were answered. */
  tasks: number;
  name: string | null; // the machine's one display name, as every page names it; null when not known
}

export interface EarningsReport {
  timeZone: string;
  days: number;
  /**
   * `spent`: credits this computer's apps spent through the local gateway in the period; `spentTasks`: their requests
   * that were answered.
   */
  totals: {
    jobs: number;
    errors: number;
    tokens: number;
    awarded: number;
    pending: number;
    rejected: number;
    expired: number;
    energyJ: number;
    energyTasks: number;
    spent: number;
    spentTasks: number;
  };
  /**
   * One row per local day, oldest first, including days without work; `energyJ` attributed to its tasks (joules);
   * `spent` through the local gateway, `net` = awarded − spent.
   */
  perDay: {
    day: string;
    jobs: number;
    tokens: number;
    awarded: number;
    pending: number;
    energyJ: number;
    energyTasks: number;
    spent: number;
    net: number;
  }[];
  /** This computer's node first, then every node that answered its apps' requests in the period, most spent first. */
  perMachine: MachineBooks[];
  /**
   * `energyTokens`: the tokens of the tasks whose energy is in `energyJ` (tokens per joule = energyTokens / energyJ).
   */
  perModel: { model: string; jobs: number; tokens: number; awarded: number; energyJ: number; energyTokens: number }[];
  rejectedReasons: { code: string; message: string; count: number }[];
  /** Per local day, oldest first: the node's claims against the directory's answers, in exact decimals. */
  reconciliation: ReconciliationDay[];
  /** The directory's newest transactions as of the last sync; `amount` is the exact decimal it sent. */
  transactions: { id: string; amount: string; type: string; taskId: string | null; reason: string; at: string }[];
}

export interface LedgerRow {
  id: number;
  taskId: string;
  at: string;
  intent: string;
  model: string | null;
  outcome: 'ok' | 'error';
  tokens: number | null;
  latencyMs: number;
  receipt: ReceiptState;
  claimed: number | null;
  awarded: number | null;
  /** The directory's code and words for a rejection, or why a receipt expired. */
  note: string | null;
  /** Energy attributed to the task while it generated (joules), or null when none was measured or estimated. */
  energyJ: number | null;
  /** How the claim compares with the directory's signed log; null when the task made no claim. */
  check: AwardCheck | null;
}

const ledgerFilter = {
  from: z.number().int().nonnegative().optional(),
  to: z.number().int().positive().optional(),
  model: z.string().trim().min(1).max(255).optional(),
  receipt: z.enum(RECEIPT_STATES).optional(),
};

/** Request schemas of the earnings commands (validated in main before the engine sees them). */
export const earningsCommands = {
  getPricing: Empty,
  /** Totals, per local day and per model for the last `days` days (1 = today). */
  getEarnings: z
    .object({ days: z.union([z.literal(1), z.literal(7), z.literal(30), z.literal(90)]).default(7) })
    .strict(),
  /** Page through the ledger, newest first (`beforeId` from the last row of the previous page). */
  listLedger: z
    .object({
      ...ledgerFilter,
      limit: z.number().int().min(1).max(500).default(50),
      beforeId: z.number().int().positive().optional(),
    })
    .strict(),
  /**
   * The ledger as CSV (UTF-8, header row, times in ISO and in the person's zone; every text cell quoted and defused):
   * the tasks served (`direction` earned), then the requests this computer's apps sent through the local gateway
   * (`direction` spent; left out when `receipt` is given, which only served tasks have).
   * `separator` `;` is for spreadsheets in locales that write decimals with a comma (numbers then use `,` too);
   * default `,`. `note`: who asked for an awarded task, or why it was not paid, in plain words (award-note-words);
   * a rejection keeps the directory's code and message.
   */
  exportLedger: z.object({ ...ledgerFilter, separator: z.enum(CSV_SEPARATORS).optional() }).strict(),
  /** Fetch balance, summary, transactions, standing and the credit schedule from the directory now. */
  syncEarnings: Empty,
  /**
   * Verify now: read the directory's key and its whole signed award log again, compare it with what was verified
   * before, and check every claim. Answers once the check finished (or failed).
   */
  verifyEarnings: Empty,
  /** The tasks whose check is a difference (or `check`), newest first. */
  listAwardDifferences: z
    .object({
      check: z.enum(AWARD_CHECKS).optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).max(10_000_000).default(0),
    })
    .strict(),
  /** Trust the key the directory now publishes (after it changed), by its fingerprint as shown. */
  acceptDirectoryKey: z.object({ fingerprint: z.string().regex(/^[0-9a-f]{16}$/) }).strict(),
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each earnings command can answer with (besides `internal`). */
export const earningsErrors = {
  getPricing: ['invalid_request', 'engine_unavailable'],
  getEarnings: ['invalid_request', 'engine_unavailable', 'store_error'],
  listLedger: ['invalid_request', 'engine_unavailable', 'store_error'],
  exportLedger: ['invalid_request', 'engine_unavailable', 'store_error'],
  syncEarnings: ['invalid_request', 'invalid_state', 'engine_unavailable'],
  verifyEarnings: ['invalid_request', 'invalid_state', 'engine_unavailable'],
  listAwardDifferences: ['invalid_request', 'engine_unavailable', 'store_error'],
  acceptDirectoryKey: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
