import { randomUUID } from 'node:crypto';
import type { GatewayRequestRow, GatewaySettings } from '@shared/contract';
import { english } from '@shared/i18n/say';
import {
  holdBoth,
  type Allowance,
  type Budget,
  type BudgetRefusal,
  type Hold,
  type HoldTerms,
  type LimitName,
  promptTokens,
  tryTokens,
} from '../spending';
import { canHonour, fieldNoneMeets, needRefusal } from './ask-needs';
import type { NodeBreaker } from './node-breaker';
import type { NetworkOffer, OfferedNode } from './network-offer';
import { payloadWith } from '../listener';
import { callNode, type CallOutcome, type NodeTransport, type SealedTask } from './sealed-call';
import type { NetworkAsk } from './network-ask';
import type { TryCall } from './try-call';
import {
  defaultTypicalAnswer,
  freePlan,
  heldToPlan,
  plannedCost,
  tryTerms,
  type TryPlan,
  type TypicalAnswer,
} from './try-terms';

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
  /**
   * The app's own daily cap as room and refusal: an answer's length is cut to what is left of it, as the limits for
   * all apps cut it, so the cap holds the expected cost, never the longest answer the node allows.
   */
  appRoom?: { credits: () => number; refusal: () => BudgetRefusal };
  /** Whether another operator's node claimed or charged more than a request could cost: it is not asked again. */
  flagged?: (nodeId: string) => boolean;
  /** Free answers only (an Ollama app that came without a key): the person's own machines, never a paid node. */
  freeOnly?: boolean;
  /**
   * How many tasks a try holds for (an app asking for several answers, each its own task): the allowance must hold
   * for all before the first is sent; the answered try's spare holds come back in `RouteEnd.spare`. Default 1.
   */
  copies?: number;
  /** A hold kept for this task by the request it is part of: given back the moment this task holds its own. */
  handOver?: Hold;
  /**
   * What the request this task is part of planned for it (the first of its tasks held it): no longer an answer and no
   * more expected cost, whichever node answers; a free plan asks the person's own machines only.
   */
  plan?: TryPlan;
  /** A typical answer's length for this app and model, for the cost a try is planned at; none: a fixed length. */
  typicalAnswer?: TypicalAnswer;
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
  /** What the limits held for the answered try (credits): what an honest node claims for its token bound. */
  expected?: number;
  /** What the answered try was expected to cost (credits): the honest claim for its prompt and a typical answer. */
  planned?: number;
  /** The most tokens the answered try could honestly be said to use (claim-check.ts): a claim above is not believed. */
  claimBound?: number;
  /** Gives back what was held for the answered try: call it once its cost is in the books. */
  release: () => void;
  /** With `copies` > 1: what was held for the other tasks of the request, each given to one of them (`handOver`). */
  spare?: Hold[];
  /** With `copies` > 1: the answered try's terms, which the other tasks are held to (`RouteDeps.plan`). */
  plan?: TryPlan;
  /** The answered try's answer length when it was cut to fit a limit or the balance (the app is told); else null. */
  maxTokensLowered?: number | null;
  /** Refused before any try: the limit that refused it, when known (the balance may be read again, then). */
  limit?: LimitName | null;
}

/**
 * Holds a try's plan for `d.copies` tasks: its expected cost against the limits and the app's own cap (as the limits
 * for all apps count it), its worst case against the balance; all or nothing.
 */
function holdTry(d: RouteDeps, terms: HoldTerms): { ok: true; holds: Hold[] } | BudgetRefusal {
  const copies = Math.max(1, d.copies ?? 1);
  const all = d.budget.holdMany(terms, copies);
  if (!Array.isArray(all)) return all;
  const holds: Hold[] = [];
  for (const h of all) {
    const both = holdBoth(h, () => d.appHold?.(terms.expected));
    if (!both.ok) {
      for (const x of [...holds, ...all]) x.release();
      return both;
    }
    holds.push(both);
  }
  return { ok: true, holds };
}

/** The allowance with the app's own room folded in, and whether that room is what binds. */
function withAppRoom(a: Allowance, appCredits: number | undefined): { allowance: Allowance; appBinds: boolean } {
  if (appCredits === undefined || !(appCredits < a.credits)) return { allowance: a, appBinds: false };
  return { allowance: { ...a, credits: appCredits }, appBinds: true };
}

/** The codes of a request that no machine was asked for: refused before anything was sent. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'model_not_found',
  'no_nodes',
  'directory_unreachable',
  'unsupported_field',
]);

/**
 * Sends one request to the network: the person's own machines first (free), then the others in the directory's
 * order, skipping nodes that failed a moment ago. The task id stays the same on every try, so a node that did the
 * work can be paid once at most, and each try holds its worst case against the budget before it is sent.
 */
export async function routeTask(ask: NetworkAsk, d: RouteDeps): Promise<RouteEnd> {
  const started = d.now();
  const taskId = randomUUID();
  const end = (
    e: Omit<RouteEnd, 'taskId' | 'latencyMs' | 'release' | 'route'>,
    release: () => void = () => undefined,
  ): RouteEnd => ({
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
  const listed = list.nodes.filter((n) => n.nodeId !== self && n.models.includes(ask.model));
  // Held to free answers (an app without a key), a request sees the person's own machines only: a model only others
  // offer is then a model nobody offers, refused in the same words, and their adverts judge nothing.
  const offering = d.freeOnly ? listed.filter(isOwn) : listed;
  // Only a node whose adverts say it takes what the request needs is asked: another would drop it and answer anyway.
  const serving = offering.filter((n) => canHonour(n.facts?.get(ask.model), ask.needs));
  const unmet =
    serving.length === 0
      ? fieldNoneMeets(
          offering.map((n) => n.facts?.get(ask.model)),
          ask.needs,
        )
      : null;
  if (unmet !== null) {
    const refusal = needRefusal(ask.model, unmet, ask.needs);
    return end({
      node: null,
      own: null,
      attempts: 0,
      outcome: { ok: false, blame: 'gateway', ...refusal },
      multiplier: null,
    });
  }
  const own = serving.filter(isOwn);
  // Without a node the directory knows to pay from, only the person's own machines can be asked: a task naming no
  // payer would be served for nothing. A task whose request planned it free (its first answer was) is not paid for.
  const freePlanned = d.plan !== undefined && freePlan(d.plan);
  const others = s.onlyMine || d.freeOnly || freePlanned || payer === null ? [] : serving.filter((n) => !isOwn(n));
  const trusted = others.filter((n) => !d.flagged?.(n.nodeId));
  const candidates = [...own, ...trusted].filter((n) => !d.breaker.open(n.nodeId, ask));
  if (serving.length === 0 && list.problem === null) {
    const message = 'No node on the network offers this model now; GET /v1/models lists the ones that are offered.';
    return end({
      node: null,
      own: null,
      attempts: 0,
      outcome: { ok: false, blame: 'gateway', status: 404, code: 'model_not_found', message },
      multiplier: null,
    });
  }
  if (candidates.length === 0) {
    const skipped = own.length + trusted.length;
    // Told to the app over the wire, so in English.
    const message =
      (list.problem && english.said(list.problem)) ??
      (skipped === 0 && others.length > 0
        ? 'Every node offering this model once charged or claimed more than a request could cost, so none of them is used any more.'
        : skipped > 0
          ? `Every node offering this model failed a moment ago and is being skipped for a while (${skipped}).`
          : payer === null && serving.length > 0
            ? 'Only your own machines can be used until this computer is registered or you add one of your machines on the Use the network page, and none of them offers this model now.'
            : freePlanned && !s.onlyMine
              ? 'The first answer to this request came free from your own machines, so the others may come only from them, and none of them can answer now.'
              : 'None of your own machines offers this model now, and you chose to use only your own machines.');
    // While the directory cannot be asked, only the person's machines it last listed can answer: the row says why.
    const code = list.problem !== null && own.length === 0 ? 'directory_unreachable' : 'no_nodes';
    return end({
      node: null,
      own: null,
      attempts: 0,
      outcome: { ok: false, blame: 'gateway', status: 503, code, message },
      multiplier: null,
    });
  }
  // The prompt's tokens are the request's, the same for every try: reckoned once.
  const prompt = promptTokens(ask.countedJson ?? ask.payloadJson);
  let attempts = 0;
  let refusal: BudgetRefusal | null = null;
  let last: RouteEnd['outcome'] | null = null;
  let lastNode: OfferedNode | null = null;
  for (const [i, node] of candidates.entries()) {
    const remaining = ask.timeoutMs - (d.now() - started);
    if (remaining < 100) break;
    const nodeIsOwn = isOwn(node);
    // What was held for this task is its room: given back in the same turn as the task plans and holds its own, so no
    // other request can take the room between.
    d.handOver?.release();
    const { allowance, appBinds } = withAppRoom(d.budget.allowance(), d.appRoom?.credits());
    const terms = d.plan
      ? tryTerms(
          node,
          nodeIsOwn,
          { ...ask, maxTokens: d.plan.maxTokens ?? ask.maxTokens, promptTokens: prompt },
          heldToPlan(allowance, d.plan),
        )
      : tryTerms(node, nodeIsOwn, { ...ask, promptTokens: prompt }, allowance, d.copies);
    if (!terms.ok) {
      refusal ??=
        appBinds && terms.limit === allowance.limit && d.appRoom
          ? d.appRoom.refusal()
          : d.budget.refusal(terms.limit, terms.need);
      continue;
    }
    const held = holdTry(d, terms);
    const hold = held.ok ? held.holds[0]! : held;
    if (!hold.ok) {
      // This node would pass a limit; a cheaper one later in the list may not.
      refusal ??= hold;
      continue;
    }
    attempts += 1;
    lastNode = node;
    // A try may take half of what is left while another node could still answer in the other half.
    const slice =
      i < candidates.length - 1 ? Math.max(Math.min(remaining, 1000), Math.floor(remaining / 2)) : remaining;
    let outcome: CallOutcome;
    const task: SealedTask = {
      node,
      taskId,
      intent: ask.intent,
      payloadJson: ask.boundInPayload === false ? ask.payloadJson : payloadWith(ask.payloadJson, terms.maxTokens),
      model: ask.model,
      maxTokens: terms.maxTokens,
      timeoutMs: slice,
      sourceNodeId: payer,
      signal: ask.signal,
    };
    const tokens = tryTokens(ask.countedJson ?? ask.payloadJson, prompt, terms.maxTokens);
    try {
      outcome = d.call
        ? await d.call(task, { wholeMs: remaining, own: nodeIsOwn, tokens, lowered: terms.lowered })
        : await callNode(task, d.nodeFetch);
    } catch (err) {
      if (held.ok) for (const h of held.holds) h.release();
      throw err;
    }
    if (outcome.ok) {
      d.breaker.answered(node.nodeId, ask);
      // Held until the caller has booked what the answer cost, so no other request can spend it meanwhile.
      const figures = {
        held: terms.worstCase,
        expected: terms.expected,
        planned: plannedCost(node, ask.intent, prompt, terms, d.typicalAnswer ?? defaultTypicalAnswer),
        claimBound: tokens.claimBound,
        maxTokensLowered: terms.lowered,
      };
      const spare =
        held.ok && held.holds.length > 1
          ? { spare: held.holds.slice(1), plan: { maxTokens: terms.maxTokens, expected: terms.expected } }
          : {};
      return end(
        { node, own: nodeIsOwn, attempts, outcome, multiplier: node.multiplier, ...figures, ...spare },
        hold.release,
      );
    }
    if (held.ok) for (const h of held.holds) h.release();
    last = outcome;
    // A stream that broke after its answer began: the app has its error; another node would glue a second answer on.
    if (outcome.final && outcome.blame === 'node') d.breaker.failed(node.nodeId, ask);
    if (outcome.blame === 'request' || outcome.final)
      return end({ node, own: nodeIsOwn, attempts, outcome, multiplier: node.multiplier });
    d.breaker.failed(node.nodeId, ask);
  }
  if (attempts === 0 && refusal !== null) {
    return end({
      node: null,
      own: false,
      attempts,
      outcome: { ok: false, blame: 'gateway', status: 429, code: refusal.code, message: refusal.message },
      limit: refusal.limit ?? null,
      multiplier: null,
    });
  }
  const timedOut = ask.timeoutMs - (d.now() - started) < 100;
  const outcome: RouteEnd['outcome'] = timedOut
    ? {
        ok: false,
        blame: 'gateway',
        status: 504,
        code: 'timeout',
        message: 'No node answered within the request’s time.',
      }
    : {
        ok: false,
        blame: 'gateway',
        status: 502,
        code: 'all_nodes_failed',
        message: `${attempts === 1 ? 'The node' : `All ${attempts} nodes`} tried failed to answer${last && !last.ok ? ` (the last: ${last.message})` : ''}.`,
      };
  return end({
    node: lastNode,
    own: lastNode ? isOwn(lastNode) : null,
    attempts,
    outcome,
    multiplier: lastNode?.multiplier ?? null,
  });
}
