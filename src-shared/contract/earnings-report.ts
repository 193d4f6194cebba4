/** The books of a period: per day, per machine and per model, and each day's claims beside the directory's answers. */
import type { Said } from '../i18n/said';

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
  /**
   * For another operator's node named by that operator's public name (`name` then holds it): the operator's name, so
   * a page says "a node of …"; null for the person's own machines and nodes known only by id. Absent from older hosts.
   */
  operator?: string | null;
}

export interface EarningsReport {
  timeZone: string;
  days: number;
  /**
   * `spent`: credits this computer's apps spent through the local gateway in the period; `spentTasks`: their paid
   * requests that were answered (by other people's nodes); `freeTasks`: those answered for free by this computer or
   * another of the person's machines, never counted among the paid ones.
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
    freeTasks: number;
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
  /**
   * Every node that answered this computer's apps in the period: this computer's first, then the person's other
   * machines, then other people's nodes, each group most spent first.
   */
  perMachine: MachineBooks[];
  /**
   * `energyTokens`: the tokens of the tasks whose energy is in `energyJ` (tokens per joule = energyTokens / energyJ).
   * `audioMs`, `characters`, `items`: the speech tasks' own units (`TaskUnit`), 0 for a model that served none.
   */
  perModel: {
    model: string;
    jobs: number;
    tokens: number;
    awarded: number;
    energyJ: number;
    energyTokens: number;
    audioMs: number;
    characters: number;
    items: number;
  }[];
  rejectedReasons: { code: string; message: string; count: number }[];
  /** Per local day, oldest first: the node's claims against the directory's answers, in exact decimals. */
  reconciliation: ReconciliationDay[];
  /** The directory's newest transactions as of the last sync; `amount` is the exact decimal it sent. */
  transactions: { id: string; amount: string; type: string; taskId: string | null; reason: string; at: string }[];
}
