import type {
  DirectoryLink,
  EarningsInfo,
  PricingInfo,
  ReachabilityStatus,
  RequestsInfo,
  TaskCheck,
  TaskDiagnosis,
} from '@shared/contract';
import type { Said } from '@shared/i18n/said';
import { priceStatusKind, priceStatusSaid } from '@shared/words/price-status';
import { DISCOVER_LIMIT, listedMultiplier, type DiscoverResult } from '../directory';
import {
  askDirectory,
  DIAGNOSE_TIMEOUT_MS,
  listingOf,
  type Answer,
  type DirectoryAsk,
  type Listing,
} from './directory-answers';
import { ACTIONABLE_ADVICE } from './request-advice';
import { intentWords, w } from './why-words';

/**
 * A node is dormant (hidden from discover) after this long without a heartbeat: the directory's discover listing leaves
 * it out.
 */
const DORMANT_AFTER_MS = 90_000;
/** Every node starts with this reputation in the directory: below it, failures outweighed successes. */
const STARTING_REPUTATION = 0.5;
const PROBATION_TASKS = 100;

export interface DiagnoseInput extends DirectoryAsk {
  nodeId: string;
  link: DirectoryLink;
  /** The directory link's own words (why it is not registered), or null. */
  linkMessage: Said | null;
  reachability: ReachabilityStatus;
  /** An intent the node advertises (what a consumer would look for), or null when it offers nothing. */
  intent: string | null;
  /** The models the node advertises. */
  models: readonly string[];
  /** The price as the Pricing page shows it: its status is said here in the same words. */
  pricing: Pick<
    PricingInfo,
    'declared' | 'ceiling' | 'capped' | 'tier' | 'directoryMultiplier' | 'declarationAccepted'
  >;
  /** The node's standing as the Earnings page shows it (the heartbeat's score, else the directory's node page). */
  standing: Pick<EarningsInfo, 'reputationScore' | 'probation' | 'completedTasks'>;
  requests: Pick<RequestsInfo, 'refused' | 'failed' | 'advice'>;
  /** The search consumers make for an intent, through the node's one discovery client (the answer every page tells). */
  discover: (intent: string) => Promise<DiscoverResult>;
  now?: () => number;
}

type Action = NonNullable<TaskCheck['action']>;

const NETWORK: Action = { label: w('open.network'), route: 'network' };
const SETTINGS: Action = { label: w('open.settings'), route: 'settings' };
const PRICING: Action = { label: w('open.pricing'), route: 'pricing' };
const AVAILABILITY: Action = { label: w('open.availability'), route: 'availability' };
/** The page an advice points to, said as the check's own link (the advice's label is its English). */
const ACTION_BY_ROUTE: Record<string, Action> = {
  network: NETWORK,
  settings: SETTINGS,
  pricing: PRICING,
  availability: AVAILABILITY,
};

/**
 * "Why am I not getting tasks?": six checks in the order a task's way to the node depends on them — registered with
 * the directory, reachable as the directory observed it, listed when consumers discover the node's intent, priced
 * within what consumers pay, in good standing, and not turning tasks away — each in plain words with what to do. The
 * directory is asked three public questions at once (registry entry, node page, discover), each bounded in time; the
 * search is the node's one discovery answer, so the check tells what the demand card and the gateway tell, of the
 * same age. A directory that does not answer makes the checks that needed it say so, never fail.
 */
export async function diagnoseTasks(i: DiagnoseInput): Promise<TaskDiagnosis> {
  const now = i.now ?? Date.now;
  const ask = (route: string, query?: Record<string, string>) => askDirectory(i, route, query);
  const id = encodeURIComponent(i.nodeId);
  const [registry, node, discover] = await Promise.all([
    ask(`/v1/registry/nodes/${id}`),
    ask(`/v1/node/${id}`),
    i.intent === null
      ? Promise.resolve<Listing>({ kind: 'missing' })
      : i.discover(i.intent).then((r) => listingOf(r, i.timeoutMs ?? DIAGNOSE_TIMEOUT_MS)),
  ]);
  const registered = i.link === 'registered';
  const checks: TaskCheck[] = [
    registeredCheck(i),
    reachableCheck(registered, registry),
    discoverableCheck(i, registered, { registry, node, discover }, now()),
    priceCheck(i, registered, discover),
    standingCheck(registered, i.standing),
    demandCheck(i, discover),
    refusalsCheck(i.requests),
  ];
  const discoveredAt = discover.kind === 'ok' ? new Date(discover.at).toISOString() : null;
  return {
    at: new Date(now()).toISOString(),
    discoveredAt,
    checks,
    holdingBack: checks.find((c) => c.outcome === 'problem')?.id ?? null,
  };
}

const NOT_REGISTERED_WORDS: Record<DirectoryLink, Said> = {
  registered: w('link.registered'),
  connecting: w('link.connecting'),
  not_configured: w('link.notConfigured'),
  unreachable: w('link.unreachable'),
  rejected: w('link.rejected'),
  restricted: w('link.restricted'),
};

function registeredCheck(i: DiagnoseInput): TaskCheck {
  if (i.link === 'registered')
    return { id: 'registered', outcome: 'ok', words: NOT_REGISTERED_WORDS.registered, action: null };
  // The link's own words say why; its "Not registered: …" sentences give the check their reason alone.
  const m = i.linkMessage;
  const why =
    m && (m.id === 'network.link.notRegistered' || m.id === 'network.link.notRegisteredYet')
      ? m.values?.why
      : undefined;
  const words =
    m === null
      ? NOT_REGISTERED_WORDS[i.link]
      : why !== undefined
        ? w('notRegisteredBecause', { why })
        : w('linkSays', { words: m });
  const noWayIn =
    i.reachability === 'local_only' || i.reachability === 'not_reachable' || i.reachability === 'checking';
  const action = i.link === 'connecting' ? null : i.link === 'not_configured' && noWayIn ? NETWORK : SETTINGS;
  return { id: 'registered', outcome: 'problem', words, action };
}

function reachableCheck(registered: boolean, registry: Answer): TaskCheck {
  const unknown = (words: Said): TaskCheck => ({ id: 'reachable', outcome: 'unknown', words, action: null });
  if (!registered) return unknown(w('reach.notRegistered'));
  if (registry.kind === 'failed') return unknown(registry.words);
  if (registry.kind === 'missing') return unknown(w('reach.notListed'));
  const seen = registry.body.directory_observed_reachable;
  if (seen === true) return { id: 'reachable', outcome: 'ok', words: w('reach.ok'), action: null };
  if (seen === false) {
    return { id: 'reachable', outcome: 'problem', words: w('reach.failed'), action: NETWORK };
  }
  return unknown(w('reach.notYet'));
}

/** The directory's three answers about the node: its registry entry, its node page, and the discover search. */
interface DirectoryAnswers {
  registry: Answer;
  node: Answer;
  discover: Listing;
}

function discoverableCheck(
  i: DiagnoseInput,
  registered: boolean,
  { registry, node, discover }: DirectoryAnswers,
  now: number,
): TaskCheck {
  const check = (outcome: TaskCheck['outcome'], words: Said): TaskCheck => ({
    id: 'discoverable',
    outcome,
    words,
    action: null,
  });
  if (i.intent === null) return check('unknown', w('find.noModels'));
  const what = intentWords(i.intent);
  if (discover.kind === 'failed') return check('unknown', discover.words);
  // A search answers with a list, empty or not: a 404 means the directory has no search there, not that it left the
  // node out.
  if (discover.kind === 'missing' && registered) {
    return check('unknown', w('find.noSearch', { what }));
  }
  const listed = discover.kind === 'ok' ? discover.nodes : [];
  const place = listed.findIndex((n) => n.nodeId === i.nodeId);
  if (place >= 0) return check('ok', w('find.found', { what, place: place + 1, listed: listed.length }));
  if (!registered) return check('problem', w('find.notRegistered', { what }));
  const detail = node.kind === 'ok' ? node.body : null;
  // Silence first: the directory also marks a node it has not heard from as not available.
  const lastSeen = typeof detail?.last_seen === 'string' ? Date.parse(detail.last_seen) : Number.NaN;
  if (Number.isFinite(lastSeen) && now - lastSeen > DORMANT_AFTER_MS) {
    return check('problem', w('find.silent', { what, seconds: DORMANT_AFTER_MS / 1000 }));
  }
  if (detail?.available === false) {
    return check('problem', w('find.notAvailable', { what }));
  }
  const stability =
    registry.kind === 'ok' ? (registry.body.backend_stability as { backend_state?: unknown } | undefined) : undefined;
  if (stability?.backend_state === 'draining') return check('problem', w('find.draining', { what }));
  if (listed.length >= DISCOVER_LIMIT) return check('problem', w('find.outranked', { what, limit: DISCOVER_LIMIT }));
  return check('problem', w('find.notNow', { what }));
}

/** What the other nodes discover lists for the same intent ask, from their `pricing.credit_cost_multiplier`. */
function othersPrices(i: DiagnoseInput, discover: Listing): number[] {
  if (discover.kind !== 'ok') return [];
  // A node listed without a price asks the base rate: one reading with the gateway's offer and the demand card.
  return discover.nodes.flatMap((n) => (n.nodeId !== i.nodeId ? [listedMultiplier(n)] : []));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The price against the network: what the other nodes offering the same intent ask (discover's listing), or without
 * them the base rate. Consumers that set a price limit pass over nodes dearer than the rest.
 */
function priceCheck(i: DiagnoseInput, registered: boolean, discover: Listing): TaskCheck {
  const p = i.pricing;
  // What receipts claim with, as the Pricing page says it: the multiplier the directory holds, else the node's capped
  // price.
  const inForce = p.directoryMultiplier ?? p.ceiling;
  const status = priceStatusSaid(priceStatusKind(p, registered), p);
  const others = othersPrices(i, discover);
  if (others.length > 0) {
    const typical = median(others);
    const what = i.intent ? intentWords(i.intent) : w('sameTasks');
    const compared = w('price.others', { others: others.length, what, typical });
    if (inForce > typical + 1e-9) {
      return {
        id: 'price',
        outcome: 'problem',
        words: w('price.dearer', { inForce, compared, status }),
        action: PRICING,
      };
    }
    return { id: 'price', outcome: 'ok', words: w('price.fine', { inForce, compared, status }), action: null };
  }
  if (inForce > 1) {
    return { id: 'price', outcome: 'problem', words: w('price.aboveBase', { inForce, status }), action: PRICING };
  }
  return { id: 'price', outcome: 'ok', words: w('price.base', { inForce, status }), action: null };
}

/** The standing the Earnings page shows, judged: probation, then a score below the start, else fine. */
function standingCheck(registered: boolean, s: DiagnoseInput['standing']): TaskCheck {
  const { probation, completedTasks: completed, reputationScore: score } = s;
  if (probation === null && score === null && completed === null) {
    const words = registered ? w('standing.notReported') : w('standing.notRegistered');
    return { id: 'standing', outcome: 'unknown', words, action: null };
  }
  if (probation === true) {
    const words =
      completed === null
        ? w('standing.probation', { tasks: PROBATION_TASKS })
        : w('standing.probationDone', { tasks: PROBATION_TASKS, completed });
    return { id: 'standing', outcome: 'problem', words, action: null };
  }
  if (score !== null && score < STARTING_REPUTATION) {
    return {
      id: 'standing',
      outcome: 'problem',
      words: w('standing.low', { score, start: STARTING_REPUTATION }),
      action: null,
    };
  }
  const past = probation === false ? (completed === null ? 'probation' : 'completed') : 'none';
  return {
    id: 'standing',
    outcome: 'ok',
    words: w('standing.fine', {
      scored: score === null ? 'no' : 'yes',
      score: score ?? 0,
      past,
      completed: completed ?? 0,
    }),
    action: null,
  };
}

/**
 * Whether consumers ask for the node's models, as far as the directory's search shows it: the other nodes it lists
 * with the same models, and whether any of them is busy. Nobody else serving them, or all of those idle too, says the
 * models are not asked for now.
 */
function demandCheck(i: DiagnoseInput, discover: Listing): TaskCheck {
  const check = (outcome: TaskCheck['outcome'], words: Said): TaskCheck => ({
    id: 'demand',
    outcome,
    words,
    action: null,
  });
  if (i.models.length === 0) return check('unknown', w('demand.noModels'));
  if (discover.kind !== 'ok') return check('unknown', w('demand.unread'));
  const mine = new Set(i.models);
  let same = 0;
  let busy = 0;
  for (const n of discover.nodes) {
    if (n.nodeId === i.nodeId || !n.models.some((m) => mine.has(m))) continue;
    same += 1;
    if ((n.activeJobs ?? 0) > 0 || (n.load ?? 0) > 0) busy += 1;
  }
  if (same === 0) return check('unknown', w('demand.alone'));
  if (busy === 0) return check('problem', w('demand.idle', { same }));
  return check('ok', w('demand.busy', { same, busy }));
}

function refusalsCheck(r: DiagnoseInput['requests']): TaskCheck {
  const fixable = r.advice.find((a) => ACTIONABLE_ADVICE.has(a.id));
  if (fixable) {
    const action = fixable.action ? (ACTION_BY_ROUTE[fixable.action.route] ?? null) : null;
    return {
      id: 'refusals',
      outcome: 'problem',
      words: fixable.words,
      action,
      ...(fixable.quoted ? { quoted: fixable.quoted } : {}),
    };
  }
  const away = r.refused + r.failed;
  if (away > 0) return { id: 'refusals', outcome: 'ok', words: w('refusals.unfixable', { away }), action: null };
  return { id: 'refusals', outcome: 'ok', words: w('refusals.none'), action: null };
}
