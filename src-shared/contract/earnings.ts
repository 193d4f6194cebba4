/** What the node earns: prices, receipts, the ledger, and the directory's books. */
import { z } from 'zod';
import type { CommandName } from './channels';
import { AWARD_CHECKS, type AwardCheck, type VerificationInfo } from './earnings-verification';
import type { ErrorCode } from './errors';
import { Empty } from './schema-parts';
import { CSV_SEPARATORS } from '../text/csv';

export * from './earnings-report';
export * from './earnings-verification';

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
  /** What each speech intent the node offers earns in its own unit (docs/adr/0037-speech-tasks-own-unit.md). */
  speechRates: SpeechRate[];
}

/**
 * About `credits` for `per` of `unit` (60 000 ms of audio, 1 000 characters), from the receipt rule at the multiplier
 * in force; `assumed` the speech rate a transcription's figure takes (its text is what is paid).
 */
export interface SpeechRate {
  intent: string;
  unit: TaskUnit;
  per: number;
  credits: number;
  assumed: { wordsPerMinute: number; bytesPerMinute: number } | null;
}

/**
 * A speech task's own unit, beside its tokens: the audio's milliseconds (transcribe), the characters of the text it
 * spoke (speech), the texts it judged (moderate).
 */
export const TASK_UNITS = ['audio_ms', 'characters', 'items'] as const;
export type TaskUnit = (typeof TASK_UNITS)[number];
/** One task's count in its unit. */
export interface TaskUnits {
  unit: TaskUnit;
  count: number;
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
  /** A speech task's count in its own unit (docs/adr/0037-speech-tasks-own-unit.md); null for an LLM task. */
  units: TaskUnits | null;
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
