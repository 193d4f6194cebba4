import type { EarningsReport, OperatorWallet } from '@shared/contract';
import {
  callDirectory,
  describeFailure,
  failureDetails,
  listingOf,
  unlisted,
  type DirectoryResponse,
  type RegistryListing,
} from '../directory';
import { errorTextWords } from '@shared/words/error-words';
import { cleanForeignText } from '@shared/text/foreign-text';
import { formatCredits, MICRO, parseCredits } from '../pricing';

/** What the directory's books said at `asOf`; kept in the engine state so it outlives restarts and outages. */
export interface DirectoryBooks {
  /** When the balance was last read (the other fields may be newer); null while it never was. */
  asOf: number | null;
  balance: number | null;
  totalEarned: number | null;
  reputationScore: number | null;
  /** When the score was last read from the node page or the registry (heartbeats carry it too: the newer counts). */
  standingAsOf?: number | null;
  probation: boolean | null;
  completedTasks: number | null;
  /** The multiplier the directory holds for this node (after its tier clamp), and its pricing model. */
  multiplier: number | null;
  pricingModel: string | null;
  /** What the public registry said about the node when it was last read (null: never read). */
  registry?: RegistryListing | null;
  transactions: EarningsReport['transactions'];
  /** How many rows the directory's transaction list held as it sent them (absent in books kept before it was). */
  listed?: number;
  /** `operator_wallet` of the summary: null while the node is not operator-bound (absent: never read). */
  operatorWallet?: OperatorWallet | null;
  schedule: { formula: string; tokensPerCredit: number; tierWeights: Record<string, number> } | null;
}

export interface SyncResult {
  books: DirectoryBooks | null;
  /** Plain words when some or all of the calls failed; the fields that were fetched are still used. */
  error: string | null;
  /** The same failures for the event log's details: each call's status, code, or network error, as they came. */
  detail: string | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/**
 * Every text the directory sends (transaction reasons, route evidence, …) is cleaned as it is read: shown and kept as
 * data.
 */
const str = (v: unknown): string | null => (typeof v === 'string' ? cleanForeignText(v) : null);
/** A JSON number or a decimal string (production casts ledger columns to `decimal:4` strings). */
const credits = (v: unknown): number | null => {
  const micro = parseCredits(v);
  return micro === null ? null : micro / MICRO;
};

/**
 * One round of reading the directory's books: balance, summary and transactions (node token, with the
 * node id as query parameter and header), the public node detail (multiplier, reputation, probation) and the
 * network's credit schedule. Values that could not be fetched keep their last known value — never 0.
 */
export async function syncBooks(o: {
  baseUrl: string;
  nodeId: string;
  token: string | null;
  previous: DirectoryBooks | null;
  now: number;
  fetchImpl?: typeof fetch;
}): Promise<SyncResult> {
  const auth = { token: o.token, nodeId: o.nodeId, query: { node_id: o.nodeId } };
  const get = async (route: string, authed: boolean): Promise<DirectoryResponse | Error> => {
    try {
      return await callDirectory(o.baseUrl, { method: 'GET', route, ...(authed ? auth : {}) }, o.fetchImpl);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  };
  // No token: the node never registered, so the directory knows nothing of it yet (its node page answers 404). Only
  // the network's credit schedule is read then.
  const authed = o.token !== null;
  const [balance, summary, tx, node, registry, stats] = await Promise.all([
    authed ? get('/v1/credits/balance', true) : null,
    authed ? get('/v1/credits/summary', true) : null,
    authed ? get('/v1/credits/transactions', true) : null,
    authed ? get(`/v1/node/${encodeURIComponent(o.nodeId)}`, false) : null,
    authed ? get(`/v1/registry/nodes/${encodeURIComponent(o.nodeId)}`, false) : null,
    get('/v1/stats', false),
  ]);
  const errors: SyncFailure[] = [];
  const body = (r: DirectoryResponse | Error | null, what: string, words: string): Record<string, unknown> | null => {
    if (r === null) return null;
    if (r instanceof Error) {
      const why = errorTextWords(r.message);
      errors.push({ what, words, why: `The directory cannot be reached${why ? ` (${why})` : ''}.`, detail: r.message });
      return null;
    }
    if (!r.ok) {
      errors.push({ what, words, why: describeFailure(r.failure), detail: failureDetails(r.failure, [o.token]) });
      return null;
    }
    return r.body;
  };
  const b = body(balance, 'balance', 'balance');
  const s = body(summary, 'summary', 'earnings summary');
  const t = body(tx, 'transactions', 'transactions');
  const n = body(node, 'node', "node's standing");
  const st = body(stats, 'credit schedule', 'credit rates');
  const notListed =
    !(registry instanceof Error) && registry !== null && !registry.ok && registry.failure.status === 404;
  const r = notListed ? null : body(registry, 'registry listing', 'public listing');
  const prev = o.previous;
  const listing = r ? listingOf(r, o.now) : notListed ? unlisted(o.now) : (prev?.registry ?? null);
  if (!b && !s && !t && !n && !r && !notListed && !st) {
    return errors.length
      ? { books: prev, error: sentence(errors, true), detail: details(errors) }
      : {
          books: prev,
          error: 'Not registered yet: the directory has no books for this node.',
          detail: 'not registered yet: no node token',
        };
  }
  const schedule =
    st && typeof st.credit_schedule === 'object' && st.credit_schedule
      ? (st.credit_schedule as Record<string, unknown>)
      : null;
  const books: DirectoryBooks = {
    // The time belongs to the balance: a fresh node page must not make an old balance look new.
    asOf: b || s ? o.now : (prev?.asOf ?? null),
    balance: credits(b?.balance) ?? credits(s?.balance) ?? prev?.balance ?? null,
    totalEarned: credits(s?.total_earned) ?? prev?.totalEarned ?? null,
    reputationScore: num(n?.reputation_score) ?? num(r?.reputation_score) ?? prev?.reputationScore ?? null,
    standingAsOf:
      num(n?.reputation_score) !== null || num(r?.reputation_score) !== null ? o.now : (prev?.standingAsOf ?? null),
    probation: typeof n?.probation === 'boolean' ? n.probation : (prev?.probation ?? null),
    completedTasks: num(n?.completed_tasks_count) ?? prev?.completedTasks ?? null,
    // Production's /v1/node has no pricing: the registry is the one place the held multiplier is read from.
    multiplier: num(r?.credit_cost_multiplier) ?? prev?.multiplier ?? null,
    pricingModel: str(r?.pricing_model) ?? prev?.pricingModel ?? null,
    registry: listing,
    operatorWallet: s ? walletOf(s.operator_wallet) : (prev?.operatorWallet ?? null),
    transactions:
      t && Array.isArray(t.transactions)
        ? t.transactions.slice(0, 50).flatMap(toTransaction)
        : (prev?.transactions ?? []),
    listed: t && Array.isArray(t.transactions) ? t.transactions.length : prev?.listed,
    schedule: schedule
      ? {
          formula: str(schedule.formula) ?? '',
          tokensPerCredit: num(schedule.tokens_per_credit) ?? 1000,
          tierWeights: Object.fromEntries(
            Object.entries((schedule.tier_weights as Record<string, unknown>) ?? {}).flatMap(([k, v]) =>
              num(v) === null ? [] : [[k, num(v)!]],
            ),
          ),
        }
      : (prev?.schedule ?? null),
  };
  return {
    books,
    error: errors.length ? sentence(errors, false) : null,
    detail: errors.length ? details(errors) : null,
  };
}

/** `operator_wallet`: every checked field present and sane, else null (the directory's word is not taken in part). */
function walletOf(v: unknown): OperatorWallet | null {
  if (!v || typeof v !== 'object') return null;
  const w = v as Record<string, unknown>;
  const amount = (x: unknown) => {
    const u = parseCredits(x);
    return u === null ? null : u / MICRO;
  };
  const [totalBalance, totalEarned, totalSpent] = [
    amount(w.total_balance),
    amount(w.total_earned),
    amount(w.total_spent),
  ];
  const txCount = num(w.tx_count);
  const nodeCount = num(w.node_count);
  const fingerprint =
    typeof w.operator_fingerprint === 'string' && /^[0-9a-f]{12}$/.test(w.operator_fingerprint)
      ? w.operator_fingerprint
      : null;
  if (
    totalBalance === null ||
    totalEarned === null ||
    totalSpent === null ||
    txCount === null ||
    nodeCount === null ||
    fingerprint === null ||
    typeof w.reconciles !== 'boolean'
  )
    return null;
  return {
    totalBalance,
    totalEarned,
    totalSpent,
    txCount: Math.floor(txCount),
    nodeCount: Math.floor(nodeCount),
    reconciles: w.reconciles,
    fingerprint,
  };
}

/** One row of `/v1/credits/transactions`; `amount` is a decimal string in production (`"0.0060"`), kept exact. */
function toTransaction(v: unknown): EarningsReport['transactions'] {
  if (!v || typeof v !== 'object') return [];
  const r = v as Record<string, unknown>;
  const micro = parseCredits(r.amount);
  if (micro === null) return [];
  return [
    {
      id: cleanForeignText(String(r.id ?? ''), 64),
      amount: formatCredits(micro),
      type: str(r.type) ?? '',
      taskId: str(r.task_id),
      reason: str(r.reason) ?? '',
      at: str(r.created_at) ?? '',
    },
  ];
}

/** One failed read: what it was (`what` for the details, `words` for people), why in plain words, and as it came. */
interface SyncFailure {
  what: string;
  words: string;
  why: string;
  detail: string;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const list = (items: string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/**
 * One readable sentence for the Earnings page: the shared cause once, or each part with its own. `all`: nothing could
 * be read, so it is "your earnings" rather than a list of every call. Routes, codes and errnos go to `details`.
 */
function sentence(errors: SyncFailure[], all: boolean): string {
  const causes = [...new Set(errors.map((e) => e.why))];
  if (causes.length === 1)
    return `Could not read your ${all ? 'earnings' : list(errors.map((e) => e.words))}: ${lowerFirst(causes[0]!)}`;
  return `Could not read parts of your earnings. ${errors.map((e) => `Your ${e.words}: ${lowerFirst(e.why).replace(/\.?$/, '.')}`).join(' ')}`;
}

function details(errors: SyncFailure[]): string {
  return errors.map((e) => `${e.what}: ${e.detail}`).join('; ');
}
