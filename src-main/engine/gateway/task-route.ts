import { randomUUID } from 'node:crypto';
import type { GatewayRequestRow, GatewaySettings } from '@shared/contract';
import { holdBoth } from './app-allowance';
import { claimCeiling, type Budget, type BudgetRefusal, type Hold, type LimitName } from './budget';
import type { NodeBreaker } from './node-breaker';
import type { NetworkOffer, OfferedNode } from './network-offer';
import { payloadWith } from './request-shape';
import { callNode, type CallOutcome, type NodeTransport, type SealedTask } from './sealed-call';

/**
 * How one try is made: by default the buffered sealed call; the stream route (stream-route.ts) streams from a node
 * that can. `wholeMs` is what is left of the request's time, `own` whether the node is one of the person's machines.
 */
export type TryCall = (task: SealedTask, x: { wholeMs: number; own: boolean }) => Promise<CallOutcome>;

/** What one request asks of the network, whatever API the app spoke. */
export interface NetworkAsk {
  intent: string;
  model: string;
  /** The payload as JSON text, without `max_tokens` (each try sets its own). */
  payloadJson: string;
  maxTokens: number | null;
  /** The whole request's time, all tries together. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface RouteDeps {
  /** Where the nodes come from: the directory's offer, with the person's known machines while it is down. */
  offer: Pick<NetworkOffer, 'nodes'>;
  breaker: NodeBreaker;
  budget: Budget;
  settings: () => GatewaySettings;
  /** This computer's node id (always one of the person's own machines), or null. */
  selfNodeId: () => string | null;
  /** Whether a node is one of the person's own machines (free to use). */
  isOwn: (node: OfferedNode) => boolean;
  /** The node the network's tasks are paid from (`source_node_id`), or null when this computer has none. */
  payingNodeId: () => string | null;
  /** How calls to nodes are made (the address rules judged on each connection). */
  nodeFetch: NodeTransport;
  now: () => number;
  /** How a try is made, when not the buffered sealed call. */
  call?: TryCall;
  /** Holds a try's planned cost against the app's own daily cap (app-allowance.ts); none: no cap of its own. */
  appHold?: (planned: number) => Hold | BudgetRefusal;
}

export interface RouteEnd {
  taskId: string;
  node: OfferedNode | null;
  own: boolean | null;
  /** Where the answer came from: this computer's own server, another own machine, a paid node; null: no node tried. */
  route: GatewayRequestRow['route'];
  attempts: number;
  latencyMs: number;
  outcome: CallOutcome | { ok: false; blame: 'gateway'; status: number; code: string; message: string };
  /** The price multiplier of the node that answered, as the directory listed it. */
  multiplier: number | null;
  /** What was held for the answered try (credits): what it may be booked at most. */
  held?: number;
  /** Gives back what was held for the answered try: call it once its cost is in the books. */
  release: () => void;
}

/**
 * Tokens a prompt is reckoned at: a third of its UTF-8 bytes, which English, code and most scripts stay under. What a
 * task finally costs is the directory's word on it (the spent book keeps that once read); this only sizes the hold.
 */
export const promptTokens = (payloadJson: string): number => Math.ceil(Buffer.byteLength(payloadJson, 'utf8') / 3);
/** When neither the app nor the node says how long an answer may be, the directory's usual advertised ceiling. */
const ASSUMED_MAX_TOKENS = 8192;
/** An answer shorter than this is no answer: a request the budget leaves less room for is refused instead. */
export const MIN_ANSWER_TOKENS = 16;

/** What a try at one node may ask for and must hold: the answer's length, fitted to what the budget allows. */
export type TryTerms = { ok: true; maxTokens: number | null; worstCase: number } | { ok: false; limit: LimitName | null };

/**
 * The answer length and the hold for a try at `node`. On the person's own machines nothing is spent. On another
 * operator's node the answer is as long as the app asked (or the node allows), cut to what the limits leave room for,
 * so that even the directory's ceiling for the whole task (`claimCeiling`) fits; without room for a short answer the
 * try is not made.
 */
export function tryTerms(node: OfferedNode, own: boolean, ask: NetworkAsk, allowance: ReturnType<Budget['allowance']>): TryTerms {
  if (own) return { ok: true, maxTokens: ask.maxTokens, worstCase: 0 };
  if (ask.intent.endsWith(':embedding:v1')) {
    // Embeddings are paid for their input only: nothing to cut, so they fit or they do not.
    const worst = claimCeiling(promptTokens(ask.payloadJson), node.multiplier);
    return worst > allowance.credits ? { ok: false, limit: allowance.limit } : { ok: true, maxTokens: ask.maxTokens, worstCase: worst };
  }
  const prompt = promptTokens(ask.payloadJson);
  const wanted = ask.maxTokens ?? node.maxTokens ?? ASSUMED_MAX_TOKENS;
  let answer = wanted;
  if (Number.isFinite(allowance.credits)) {
    const perBlock = Math.max(0.001, node.multiplier) * 1.1;
    const blocks = Math.floor((allowance.credits - 0.0001) / perBlock + 1e-9);
    answer = Math.min(wanted, blocks * 1000 - prompt);
    if (answer < Math.min(MIN_ANSWER_TOKENS, wanted)) return { ok: false, limit: allowance.limit };
  }
  return { ok: true, maxTokens: answer, worstCase: claimCeiling(prompt + answer, node.multiplier) };
}

/**
 * Sends one request to the network: the person's own machines first (free), then the others in the directory's
 * order, skipping nodes that failed a moment ago. The task id stays the same on every try, so a node that did the
 * work can be paid once at most, and each try holds its worst case against the budget before it is sent.
 */
export async function routeTask(ask: NetworkAsk, d: RouteDeps): Promise<RouteEnd> {
  const started = d.now();
  const taskId = randomUUID();
  const end = (e: Omit<RouteEnd, 'taskId' | 'latencyMs' | 'release' | 'route'>, release: () => void = () => undefined): RouteEnd => ({
    taskId,
    latencyMs: d.now() - started,
    release,
    route: e.node === null ? null : e.own ? 'own' : 'paid',
    ...e,
  });
  const s = d.settings();
  const list = await d.offer.nodes(ask.intent, ask.model);
  const self = d.selfNodeId();
  const isOwn = d.isOwn;
  const payer = d.payingNodeId();
  const serving = list.nodes.filter((n) => n.nodeId !== self && n.models.includes(ask.model));
  const own = serving.filter(isOwn);
  // Without a node the directory knows to pay from, only the person's own machines can be asked: a task naming no
  // payer would be served for nothing.
  const others = s.onlyMine || payer === null ? [] : serving.filter((n) => !isOwn(n));
  const candidates = [...own, ...others].filter((n) => !d.breaker.open(n.nodeId, ask));
  if (serving.length === 0 && list.problem === null) {
    const message = 'No node on the network offers this model now; GET /v1/models lists the ones that are offered.';
    return end({ node: null, own: null, attempts: 0, outcome: { ok: false, blame: 'gateway', status: 404, code: 'model_not_found', message }, multiplier: null });
  }
  if (candidates.length === 0) {
    const skipped = own.length + others.length;
    const message =
      list.problem ??
      (skipped > 0
        ? `Every node offering this model failed a moment ago and is being skipped for a while (${skipped}).`
        : payer === null && serving.length > 0
          ? 'Only your own machines can be used until this computer is registered or you add one of your machines on the Use the network page, and none of them offers this model now.'
          : 'None of your own machines offers this model now, and you chose to use only your own machines.');
    return end({ node: null, own: null, attempts: 0, outcome: { ok: false, blame: 'gateway', status: 503, code: 'no_nodes', message }, multiplier: null });
  }
  let attempts = 0;
  let refusal: BudgetRefusal | null = null;
  let last: RouteEnd['outcome'] | null = null;
  let lastNode: OfferedNode | null = null;
  for (const [i, node] of candidates.entries()) {
    const remaining = ask.timeoutMs - (d.now() - started);
    if (remaining < 100) break;
    const nodeIsOwn = isOwn(node);
    const terms = tryTerms(node, nodeIsOwn, ask, d.budget.allowance());
    if (!terms.ok) {
      refusal ??= d.budget.refusal(terms.limit);
      continue;
    }
    // The app's own cap counts what the try is planned to cost; the limits for all apps hold its worst case.
    const planned = terms.worstCase;
    const hold = holdBoth(d.budget.hold(terms.worstCase), () => d.appHold?.(planned));
    if (!hold.ok) {
      // This node would pass a limit; a cheaper one later in the list may not.
      refusal ??= hold;
      continue;
    }
    attempts += 1;
    lastNode = node;
    // A try may take half of what is left while another node could still answer in the other half.
    const slice = i < candidates.length - 1 ? Math.max(Math.min(remaining, 1000), Math.floor(remaining / 2)) : remaining;
    let outcome: CallOutcome;
    const task: SealedTask = {
      node,
      taskId,
      intent: ask.intent,
      payloadJson: payloadWith(ask.payloadJson, terms.maxTokens),
      model: ask.model,
      maxTokens: terms.maxTokens,
      timeoutMs: slice,
      sourceNodeId: payer,
      signal: ask.signal,
    };
    try {
      outcome = d.call ? await d.call(task, { wholeMs: remaining, own: nodeIsOwn }) : await callNode(task, d.nodeFetch);
    } catch (err) {
      hold.release();
      throw err;
    }
    if (outcome.ok) {
      d.breaker.answered(node.nodeId, ask);
      // Held until the caller has booked what the answer cost, so no other request can spend it meanwhile.
      return end({ node, own: nodeIsOwn, attempts, outcome, multiplier: node.multiplier, held: terms.worstCase }, hold.release);
    }
    hold.release();
    last = outcome;
    // A stream that broke after its answer began: the app has its error; another node would glue a second answer on.
    if (outcome.final && outcome.blame === 'node') d.breaker.failed(node.nodeId, ask);
    if (outcome.blame === 'request' || outcome.final) return end({ node, own: nodeIsOwn, attempts, outcome, multiplier: node.multiplier });
    d.breaker.failed(node.nodeId, ask);
  }
  if (attempts === 0 && refusal !== null) {
    return end({ node: null, own: false, attempts, outcome: { ok: false, blame: 'gateway', status: 429, code: refusal.code, message: refusal.message }, multiplier: null });
  }
  const timedOut = ask.timeoutMs - (d.now() - started) < 100;
  const outcome: RouteEnd['outcome'] = timedOut
    ? { ok: false, blame: 'gateway', status: 504, code: 'timeout', message: 'No node answered within the request’s time.' }
    : { ok: false, blame: 'gateway', status: 502, code: 'all_nodes_failed', message: `${attempts === 1 ? 'The node' : `All ${attempts} nodes`} tried failed to answer${last && !last.ok ? ` (the last: ${last.message})` : ''}.` };
  return end({ node: lastNode, own: lastNode ? isOwn(lastNode) : null, attempts, outcome, multiplier: lastNode?.multiplier ?? null });
}
