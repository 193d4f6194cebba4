import type { DirectoryLink, EarningsInfo, PricingInfo, ReachabilityStatus, RequestsInfo, TaskCheck, TaskDiagnosis } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { priceStatusKind, priceStatusLabel } from '@shared/words/price-status';
import { callDirectory, DISCOVER_LIMIT, type DirectoryFailure, type DirectoryResponse, type DiscoveredNode, type DiscoverFailure, type DiscoverResult } from '../directory';
import { networkErrorWords, TransportTimeoutError } from '../net';
import { ACTIONABLE_ADVICE } from './request-advice';

/** Each call to the directory gets this long: the check is something a person waits for. */
export const DIAGNOSE_TIMEOUT_MS = 5_000;
/** A node is dormant (hidden from discover) after this long without a heartbeat: the directory's discover listing leaves it out. */
const DORMANT_AFTER_MS = 90_000;
/** Every node starts with this reputation in the directory: below it, failures outweighed successes. */
const STARTING_REPUTATION = 0.5;
const PROBATION_TASKS = 100;

export interface DiagnoseInput {
  directoryUrl: string;
  nodeId: string;
  /** A restricted trust domain's membership (discover and the node page need it there), or null. */
  membership: string | null;
  link: DirectoryLink;
  /** The directory link's own words (why it is not registered), or null. */
  linkMessage: string | null;
  reachability: ReachabilityStatus;
  /** An intent the node advertises (what a consumer would look for), or null when it offers nothing. */
  intent: string | null;
  /** The models the node advertises. */
  models: readonly string[];
  /** The price as the Pricing page shows it: its status is said here in the same words. */
  pricing: Pick<PricingInfo, 'declared' | 'ceiling' | 'capped' | 'tier' | 'directoryMultiplier' | 'declarationAccepted'>;
  /** The node's standing as the Earnings page shows it (the heartbeat's score, else the directory's node page). */
  standing: Pick<EarningsInfo, 'reputationScore' | 'probation' | 'completedTasks'>;
  requests: Pick<RequestsInfo, 'refused' | 'failed' | 'advice'>;
  /** The search consumers make for an intent, through the node's one discovery client (the answer every page tells). */
  discover: (intent: string) => Promise<DiscoverResult>;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

type Answer = { kind: 'ok'; body: Record<string, unknown> } | { kind: 'missing' } | { kind: 'failed'; words: string };
/** The discover search's answer: its nodes and when it was fetched, or why there is none. */
type Listing = { kind: 'ok'; nodes: readonly DiscoveredNode[]; at: number } | { kind: 'missing' } | { kind: 'failed'; words: string };

const NETWORK = { label: 'Open Network', route: 'network' } as const;
const SETTINGS = { label: 'Open Settings', route: 'settings' } as const;
const PRICING = { label: 'Open Pricing', route: 'pricing' } as const;

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
    i.intent === null ? Promise.resolve<Listing>({ kind: 'missing' }) : i.discover(i.intent).then((r) => listingOf(r, i.timeoutMs ?? DIAGNOSE_TIMEOUT_MS)),
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
  return { at: new Date(now()).toISOString(), discoveredAt, checks, holdingBack: checks.find((c) => c.outcome === 'problem')?.id ?? null };
}

/** The discovery result as the checks read it: a failed last ask is a failure now, whatever an older answer said. */
function listingOf(r: DiscoverResult, timeoutMs: number): Listing {
  if (r.failure === null && r.answer) return { kind: 'ok', nodes: r.answer.nodes, at: r.answer.at };
  const f: DiscoverFailure = r.failure ?? { kind: 'unreadable' };
  if (f.kind === 'unreachable') return { kind: 'failed', words: unreachableWords(f.error, timeoutMs) };
  if (f.kind === 'too_big') return { kind: 'failed', words: 'The directory’s search answer was too large to read.' };
  if (f.kind === 'unreadable') return { kind: 'failed', words: 'The directory’s search answer could not be read.' };
  return refusalOf(f.failure);
}

function unreachableWords(err: unknown, timeoutMs: number): string {
  const cause = err instanceof Error ? err.cause : undefined;
  const why = cause instanceof TransportTimeoutError ? `no answer within ${Math.round(timeoutMs / 1000)} seconds` : (networkErrorWords(cause) ?? networkErrorWords(err) ?? 'it could not be reached');
  return `The directory could not be asked (${why}).`;
}

function refusalOf(failure: DirectoryFailure): { kind: 'missing' } | { kind: 'failed'; words: string } {
  if (failure.status === 404) return { kind: 'missing' };
  if (failure.status === 401 && failure.code === 'restricted_domain_denied') {
    return { kind: 'failed', words: 'The directory is a closed network and did not accept this node’s membership.' };
  }
  return { kind: 'failed', words: `The directory could not answer (it said HTTP ${failure.status}).` };
}

async function askDirectory(i: DiagnoseInput, route: string, query?: Record<string, string>): Promise<Answer> {
  const timeoutMs = i.timeoutMs ?? DIAGNOSE_TIMEOUT_MS;
  let res: DirectoryResponse;
  try {
    res = await callDirectory(
      i.directoryUrl,
      { method: 'GET', route, ...(query ? { query } : {}), ...(i.membership ? { headers: { 'X-IICP-Membership': i.membership } } : {}), timeoutMs },
      i.fetchImpl,
    );
  } catch (err) {
    return { kind: 'failed', words: unreachableWords(err, timeoutMs) };
  }
  return res.ok ? { kind: 'ok', body: res.body } : refusalOf(res.failure);
}

const NOT_REGISTERED_WORDS: Record<DirectoryLink, string> = {
  registered: 'Registered with the directory.',
  connecting: 'Not registered yet: the node is registering with the directory.',
  not_configured: 'Not registered with the directory.',
  unreachable: 'The directory cannot be reached, so the node is not registered there now.',
  rejected: 'The directory refused to register the node.',
  restricted: 'The directory is a closed network and needs a membership for this node.',
};

function registeredCheck(i: DiagnoseInput): TaskCheck {
  if (i.link === 'registered') return { id: 'registered', outcome: 'ok', words: NOT_REGISTERED_WORDS.registered, action: null };
  // The link's own words say why; "Not registered:" in front becomes the check's own name for it.
  const why = i.linkMessage?.replace(/^not registered( yet)?:\s*/i, '') ?? null;
  const words = why === null ? NOT_REGISTERED_WORDS[i.link] : why === i.linkMessage ? why : `Not registered with the directory — ${why}`;
  const noWayIn = i.reachability === 'local_only' || i.reachability === 'not_reachable' || i.reachability === 'checking';
  const action = i.link === 'connecting' ? null : i.link === 'not_configured' && noWayIn ? NETWORK : SETTINGS;
  return { id: 'registered', outcome: 'problem', words, action };
}

function reachableCheck(registered: boolean, registry: Answer): TaskCheck {
  const unknown = (words: string): TaskCheck => ({ id: 'reachable', outcome: 'unknown', words, action: null });
  if (!registered) return unknown('Not registered, so the directory has not tried to reach your node.');
  if (registry.kind === 'failed') return unknown(registry.words);
  if (registry.kind === 'missing') return unknown('The directory does not show your node as available right now, so it has no word on reaching it.');
  const seen = registry.body.directory_observed_reachable;
  if (seen === true) return { id: 'reachable', outcome: 'ok', words: 'The directory reached your node from the internet.', action: null };
  if (seen === false) {
    return { id: 'reachable', outcome: 'problem', words: 'The directory tried to reach your node from the internet and could not, so it does not send consumers there.', action: NETWORK };
  }
  return unknown('The directory has not tried to reach your node yet; it looks every few minutes.');
}

/** `urn:iicp:intent:llm:chat:v1` → "chat tasks". */
function intentWords(intent: string): string {
  const parts = intent.split(':').filter(Boolean);
  const last = parts[parts.length - 1] ?? intent;
  const name = /^v\d+$/i.test(last) && parts.length > 1 ? parts[parts.length - 2]! : last;
  return `${name} tasks`;
}

/** The directory's three answers about the node: its registry entry, its node page, and the discover search. */
interface DirectoryAnswers {
  registry: Answer;
  node: Answer;
  discover: Listing;
}

function discoverableCheck(i: DiagnoseInput, registered: boolean, { registry, node, discover }: DirectoryAnswers, now: number): TaskCheck {
  const check = (outcome: TaskCheck['outcome'], words: string): TaskCheck => ({ id: 'discoverable', outcome, words, action: null });
  if (i.intent === null) return check('unknown', 'Your node offers no models yet, so there is nothing consumers could look for.');
  const what = intentWords(i.intent);
  if (discover.kind === 'failed') return check('unknown', discover.words);
  // A search answers with a list, empty or not: a 404 means the directory has no search there, not that it left the node out.
  if (discover.kind === 'missing' && registered) {
    return check('unknown', `The directory did not answer the search consumers make for ${what} (it said HTTP 404), so whether they find your node is not known.`);
  }
  const listed = discover.kind === 'ok' ? discover.nodes : [];
  const place = listed.findIndex((n) => n.nodeId === i.nodeId);
  if (place >= 0) return check('ok', `Consumers looking for ${what} find your node (place ${place + 1} of ${listed.length} listed).`);
  const missing = `Consumers looking for ${what} do not find your node`;
  if (!registered) return check('problem', `${missing}: it is not registered.`);
  const detail = node.kind === 'ok' ? node.body : null;
  // Silence first: the directory also marks a node it has not heard from as not available.
  const lastSeen = typeof detail?.last_seen === 'string' ? Date.parse(detail.last_seen) : Number.NaN;
  if (Number.isFinite(lastSeen) && now - lastSeen > DORMANT_AFTER_MS) {
    return check('problem', `${missing}: the directory has not heard from it for more than ${DORMANT_AFTER_MS / 1000} seconds.`);
  }
  if (detail?.available === false) {
    return check('problem', `${missing}: the directory holds it as not available (switched off, outside your hours, or its LLM server not ready).`);
  }
  const stability = registry.kind === 'ok' ? (registry.body.backend_stability as { backend_state?: unknown } | undefined) : undefined;
  if (stability?.backend_state === 'draining') return check('problem', `${missing}: your LLM server reports that it is draining.`);
  if (listed.length >= DISCOVER_LIMIT) return check('problem', `${missing} among the first ${DISCOVER_LIMIT}: that many other nodes rank above it right now.`);
  return check('problem', `${missing} right now.`);
}

const times = (n: number): string => `${Math.round(n * 10_000) / 10_000}×`;

/** What the other nodes discover lists for the same intent ask, from their `pricing.credit_cost_multiplier`. */
function othersPrices(i: DiagnoseInput, discover: Listing): number[] {
  if (discover.kind !== 'ok') return [];
  return discover.nodes.flatMap((n) => (n.nodeId !== i.nodeId && n.price !== null ? [n.price] : []));
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
  // What receipts claim with, as the Pricing page says it: the multiplier the directory holds, else the node's capped price.
  const inForce = p.directoryMultiplier ?? p.ceiling;
  const tail = ` ${priceStatusLabel(priceStatusKind(p, registered), p, times)}.`;
  const others = othersPrices(i, discover);
  if (others.length > 0) {
    const typical = median(others);
    const what = i.intent ? intentWords(i.intent) : 'the same tasks';
    const compared = `the other ${others.length === 1 ? 'node' : `${others.length} nodes`} offering ${what} ask${others.length === 1 ? 's' : ''} ${others.length === 1 ? '' : 'a median of '}${times(typical)}`;
    if (inForce > typical + 1e-9) {
      return { id: 'price', outcome: 'problem', words: `You charge ${times(inForce)} the base rate, while ${compared}: consumers who set a price limit pass over dearer nodes.${tail}`, action: PRICING };
    }
    return { id: 'price', outcome: 'ok', words: `You charge ${times(inForce)} the base rate; ${compared}.${tail}`, action: null };
  }
  if (inForce > 1) {
    return { id: 'price', outcome: 'problem', words: `You charge ${times(inForce)} the network’s base rate: consumers who set a price limit pass over dearer nodes.${tail}`, action: PRICING };
  }
  return { id: 'price', outcome: 'ok', words: `You charge ${times(inForce)} the network’s base rate.${tail}`, action: null };
}

/** The standing the Earnings page shows, judged: probation, then a score below the start, else fine. */
function standingCheck(registered: boolean, s: DiagnoseInput['standing']): TaskCheck {
  const { probation, completedTasks: completed, reputationScore: score } = s;
  if (probation === null && score === null && completed === null) {
    const words = registered ? 'The directory has not reported your node’s standing yet.' : 'Not registered, so the directory has no standing for your node.';
    return { id: 'standing', outcome: 'unknown', words, action: null };
  }
  if (probation === true) {
    const done = completed === null ? '' : ` (it has ${completed})`;
    return {
      id: 'standing',
      outcome: 'problem',
      words: `Your node is new: until it has completed ${PROBATION_TASKS} tasks${done}, the directory sends it no consumer who asks for interactive answers, and that is what chat asks for by default in the IICP SDKs. This ends by itself as it serves tasks.`,
      action: null,
    };
  }
  if (score !== null && score < STARTING_REPUTATION) {
    return {
      id: 'standing',
      outcome: 'problem',
      words: `Your reputation is ${score.toFixed(2)}, below the ${STARTING_REPUTATION.toFixed(2)} every node starts with: failed tasks lowered it, and consumers prefer nodes with more. It recovers as tasks succeed.`,
      action: null,
    };
  }
  const rep = score === null ? 'Reputation not reported yet' : `Reputation ${score.toFixed(2)}`;
  const past = probation === false ? (completed === null ? ', past probation' : ` after ${completed} completed tasks`) : '';
  return { id: 'standing', outcome: 'ok', words: `${rep}${past}.`, action: null };
}

/**
 * Whether consumers ask for the node's models, as far as the directory's search shows it: the other nodes it lists
 * with the same models, and whether any of them is busy. Nobody else serving them, or all of those idle too, says the
 * models are not asked for now.
 */
function demandCheck(i: DiagnoseInput, discover: Listing): TaskCheck {
  const check = (outcome: TaskCheck['outcome'], words: string): TaskCheck => ({ id: 'demand', outcome, words, action: null });
  if (i.models.length === 0) return check('unknown', 'Your node offers no models yet.');
  if (discover.kind !== 'ok') return check('unknown', 'The directory’s search could not be read, so whether consumers ask for your models is not known.');
  const mine = new Set(i.models);
  let same = 0;
  let busy = 0;
  for (const n of discover.nodes) {
    if (n.nodeId === i.nodeId || !n.models.some((m) => mine.has(m))) continue;
    same += 1;
    if ((n.activeJobs ?? 0) > 0 || (n.load ?? 0) > 0) busy += 1;
  }
  if (same === 0) return check('unknown', 'No other node the directory lists serves your models, so there is nothing to compare with; “What the network asks for” on the Dashboard shows which models consumers ask for.');
  const others = same === 1 ? 'The other node that serves your models' : `The ${same} other nodes that serve your models`;
  if (busy === 0) return check('problem', `${others} ${same === 1 ? 'is' : 'are'} idle too: consumers are not asking for these models right now.`);
  return check('ok', `${others}: ${busy} ${busy === 1 ? 'is' : 'are'} busy now, so consumers are asking for these models.`);
}

function refusalsCheck(r: DiagnoseInput['requests']): TaskCheck {
  const fixable = r.advice.find((a) => ACTIONABLE_ADVICE.has(a.id));
  if (fixable) return { id: 'refusals', outcome: 'problem', words: english.said(fixable.words), action: fixable.action, ...(fixable.quoted ? { quoted: fixable.quoted } : {}) };
  const away = r.refused + r.failed;
  if (away > 0) return { id: 'refusals', outcome: 'ok', words: `${away} turned away or failed today, none for a reason you can change.`, action: null };
  return { id: 'refusals', outcome: 'ok', words: 'No task was turned away today.', action: null };
}
