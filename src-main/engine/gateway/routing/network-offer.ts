import { said, type Said } from '@shared/i18n/said';
import {
  FEATURE_FILL_IN_MIDDLE,
  FEATURE_TOOL_CALLING,
  samplingOfFeatures,
  thinkingOfFeatures,
  type SamplingOption,
  type ThinkingControl,
} from '../../backends';
import { SEALED_STREAM_FEATURE } from '../../cx';
import {
  listedMultiplier,
  type DiscoveredNode,
  type DiscoverFailure,
  type DiscoverResult,
  type DiscoveryClient,
} from '../../directory';
import { LIFECYCLE_PROFILE } from '../../native';

/** A node the directory offers for an intent, as far as sending it a sealed task needs. */
export interface OfferedNode {
  nodeId: string;
  /** Its task endpoint (`{endpoint}/v1/task`): a direct address, a tunnel or a relay's path. */
  endpoint: string;
  cx: { key: string; keyId: string };
  models: string[];
  /** The directory's price multiplier for this node; what a task there may cost follows from it. */
  multiplier: number;
  /** The largest `max_tokens` the node advertises for the intent, or null. */
  maxTokens: number | null;
  /**
   * The fingerprint of the node's operator, which the directory shows only for a verified operator with a display
   * name; null otherwise.
   */
  operator: string | null;
  /**
   * Where a sealed stream can be asked of it (its native transport), or null: only a node that advertises all three of
   * `transport_endpoint`, the service-lifecycle profile on this intent's capability and the sealed-stream CX feature.
   */
  nativeTransport: { host: string; port: number } | null;
  /**
   * What its adverts for the intent say of each model (a capability naming no models speaks of all the node's models);
   * absent or without a model: nothing said, so nothing beyond plain text is assumed of it.
   */
  facts?: ReadonlyMap<string, ModelAdvert>;
}

/** What a node's adverts say of one model: what a request may need of it. */
export interface ModelAdvert {
  /** Takes `tools` (the `tool_calling` feature). */
  tools: boolean;
  /** Fills in the middle: a completion with a `suffix` (the `fill_in_middle` feature). */
  fim: boolean;
  /** The sampling settings beyond OpenAI's its server takes (the `sampling:top_k` … features); absent: none. */
  sampling?: readonly SamplingOption[];
  /**
   * What a request may do with the model's thinking (the `thinking`, `thinking:off`, `thinking:effort` features);
   * absent: nothing.
   */
  thinking?: readonly ThinkingControl[];
  /** The context a request may use, in tokens, or null when not said. */
  contextTokens: number | null;
  quantization: string | null;
  /** Input modalities (`text`, `image`, `audio`). */
  modalities: string[];
}

export interface NodeList {
  nodes: OfferedNode[];
  at: number;
  /** Why the directory could not be asked, as a sentence (`gateway.offer.problem`); null when it answered. */
  problem: Said | null;
}

/** The largest `max_tokens` a node advertises for `intent` (a capability naming no intent counts for all), or null. */
function maxTokensOf(caps: DiscoveredNode['capabilities'], intent: string): number | null {
  let best: number | null = null;
  for (const c of caps)
    if ((c.intent === null || c.intent === intent) && c.maxTokens !== null) best = Math.max(best ?? 0, c.maxTokens);
  return best;
}

/** `iicp://host:port` (already of that form, discover-answer.ts) as host and port; null for a port out of range. */
function transportOf(endpoint: string): { host: string; port: number } | null {
  const m = /^iicp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(endpoint);
  if (!m) return null;
  const port = Number(m[2]);
  return port >= 1 && port <= 65_535 ? { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port } : null;
}

/** Where the node streams `intent` sealed, or null when it does not advertise everything a sealed stream needs. */
function streamOf(n: DiscoveredNode, intent: string): OfferedNode['nativeTransport'] {
  if (n.transportEndpoint === null || !n.cx?.features.includes(SEALED_STREAM_FEATURE)) return null;
  if (!n.capabilities.some((c) => c.intent === intent && c.profiles.includes(LIFECYCLE_PROFILE))) return null;
  return transportOf(n.transportEndpoint);
}

/** Each model's facts from the node's capabilities for `intent`, merged over the capabilities that list it. */
export function factsOf(n: DiscoveredNode, intent: string): Map<string, ModelAdvert> {
  const out = new Map<string, ModelAdvert>();
  for (const c of n.capabilities) {
    if (c.intent !== null && c.intent !== intent) continue;
    for (const model of c.models.length > 0 ? c.models : n.models) {
      const was = out.get(model);
      out.set(model, {
        tools: (was?.tools ?? false) || c.features.includes(FEATURE_TOOL_CALLING),
        fim: (was?.fim ?? false) || c.features.includes(FEATURE_FILL_IN_MIDDLE),
        sampling: [...new Set([...(was?.sampling ?? []), ...samplingOfFeatures(c.features)])],
        thinking: [...new Set([...(was?.thinking ?? []), ...thinkingOfFeatures(c.features)])],
        contextTokens: Math.max(was?.contextTokens ?? 0, c.contextTokens ?? 0) || null,
        quantization: was?.quantization ?? c.quantization,
        modalities: [...new Set([...(was?.modalities ?? []), ...c.modalities])],
      });
    }
  }
  return out;
}

/**
 * The nodes of a discovery answer that a sealed task can go to, in the directory's order: a node without an IICP-CX
 * key is left out (the gateway never sends a prompt in the clear), and so is one not written in the protocol's form
 * (`sound`, discover-answer.ts) or without an http(s) endpoint.
 */
export function offeredNodes(nodes: readonly DiscoveredNode[], intent: string): OfferedNode[] {
  const out: OfferedNode[] = [];
  for (const n of nodes) {
    if (!n.sound || n.nodeId === null || n.cx === null || n.endpoint === null || !/^https?:\/\//i.test(n.endpoint))
      continue;
    out.push({
      nodeId: n.nodeId,
      endpoint: n.endpoint.replace(/\/+$/, ''),
      cx: { key: n.cx.key, keyId: n.cx.keyId },
      models: n.models,
      multiplier: listedMultiplier(n),
      maxTokens: maxTokensOf(n.capabilities, intent),
      operator: n.operator,
      nativeTransport: streamOf(n, intent),
      facts: factsOf(n, intent),
    });
  }
  return out;
}

/** The gateway's view of a discovery result: the answer's nodes and when it was fetched, and the last ask's trouble. */
export function nodeListOf(r: DiscoverResult, intent: string): NodeList {
  return {
    nodes: r.answer ? offeredNodes(r.answer.nodes, intent) : [],
    at: r.answer?.at ?? r.askedAt,
    problem: problemWords(r.failure),
  };
}

function problemWords(f: DiscoverFailure | null): Said | null {
  if (f === null) return null;
  if (f.kind === 'refused')
    return said('gateway.offer.problem', { kind: 'refused', status: String(f.failure.status), noneKnown: 'no' });
  return said('gateway.offer.problem', {
    kind: f.kind === 'unreachable' ? 'unreachable' : 'unreadable',
    noneKnown: 'no',
  });
}

/** The directory has not answered yet (nothing is known of the network). */
const notYet = (): Said => said('gateway.offer.problem', { kind: 'notYet', noneKnown: 'no' });

/** How a model list waits for the directory: the clock, and a pause that can be cut short by the wait's end. */
export interface OfferTime {
  now: () => number;
  pause: (ms: number) => Promise<void>;
}

const realTime: OfferTime = {
  now: Date.now,
  // Unref'd: a pause left behind once the list has its answer never keeps the process up.
  pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
};

/** The longest a model list waits for the directory's first answer: an app listing models at connect gets one soon. */
export const FIRST_ANSWER_WAIT_MS = 5_000;
/**
 * The longest a request waits for the directory's first answer since the node started. A directory that answers at all
 * answers well within it; the ask's own timeout (five seconds) is what a hanging directory cost every first request.
 * The ask goes on after it, and its answer serves the next request.
 */
export const FIRST_ASK_WAIT_MS = 1_000;
/** Between two asks of a directory that gave no answer while a model list waits. */
const ASK_AGAIN_MS = 250;
/**
 * A model missing from an answer this recent is not asked for again: an app naming a wrong model in a loop costs the
 * directory nothing.
 */
const REASK_AFTER_MS = 1_000;

/**
 * What the network offers, per intent (and model): asked of the node's one discovery client
 * (directory/discovery-client.ts), whose answers every page shares. The directory's order is kept: it already ranks
 * by load, capacity, reputation and price.
 */
export class NetworkOffer {
  /** Per intent, the start (`since`) for which a model list already waited the whole wait without an answer. */
  private readonly waitedOut = new Map<string, number>();

  private readonly time: OfferTime;

  /** `time`: the clock and the pause a model list waits with, each a timer's when not given. */
  constructor(
    private readonly discovery: DiscoveryClient,
    time: Partial<OfferTime> = {},
  ) {
    this.time = { now: time.now ?? realTime.now, pause: time.pause ?? realTime.pause };
  }

  /**
   * The nodes for an intent (and a model, when given), from the last answer: a request never waits for the directory
   * to be asked again, which it is behind the request once the answer's window is out (discovery-client.ts `kept`). A
   * model no node in a kept answer serves is asked for again at once (a node may have come since), unless that answer
   * is under a second old or the directory failed. A directory that failed is left alone longer after each failure.
   * Before the directory's first answer the request waits for it, at most `FIRST_ASK_WAIT_MS`, unless `waits` says not
   * to (the person's known machines can answer): then, or when the wait is over, the list is empty and says the
   * directory has not answered yet.
   */
  async nodes(intent: string, model: string | null, o: { waits?: () => boolean } = {}): Promise<NodeList> {
    const kept = this.discovery.kept({ intent, model });
    if (kept === null && o.waits?.() === false) return { nodes: [], at: this.time.now(), problem: notYet() };
    const r =
      kept ??
      (await Promise.race([
        this.discovery.discover({ intent, model }),
        this.time.pause(FIRST_ASK_WAIT_MS).then(() => null),
      ]));
    if (r === null) return { nodes: [], at: this.time.now(), problem: notYet() };
    const list = nodeListOf(r, intent);
    if (
      model === null ||
      r.failure !== null ||
      list.nodes.some((n) => n.models.includes(model)) ||
      this.time.now() - r.askedAt < REASK_AFTER_MS
    )
      return list;
    return nodeListOf(await this.discovery.discover({ intent, model }, { fresh: true }), intent);
  }

  /**
   * The nodes for an intent as a model list shows them: an answer asked at or after `since` (the gateway's start), so
   * a list kept from before (asked before the machines it lists had come up) or a failed ask is not shown as the
   * network's offer. The directory is asked again until it answers, for at most `waitMs`; then what is known.
   */
  async listed(intent: string, since: number, waitMs: number = FIRST_ANSWER_WAIT_MS): Promise<NodeList> {
    const kept = this.discovery.last({ intent });
    if (kept?.answer && kept.failure === null && kept.askedAt >= since) return this.nodes(intent, null);
    // Waited out once since the start: a directory that is down makes no app wait again at every list.
    if (this.waitedOut.get(intent) === since) return this.nodes(intent, null);
    const deadline = this.time.now() + waitMs;
    let last = kept;
    let waiting = true;
    const ask = async (): Promise<void> => {
      for (;;) {
        last = await this.discovery.discover({ intent }, { fresh: true });
        if (last.answer !== null && last.failure === null) return;
        if (!waiting || this.time.now() >= deadline) return;
        await this.time.pause(ASK_AGAIN_MS);
      }
    };
    await Promise.race([ask(), this.time.pause(waitMs)]);
    waiting = false;
    if (!(last?.answer && last.failure === null)) this.waitedOut.set(intent, since);
    return last ? nodeListOf(last, intent) : { nodes: [], at: this.time.now(), problem: notYet() };
  }

  /** The last answer for each intent (no model asked), without asking again; for the page. */
  lastSeen(intent: string): NodeList | null {
    const r = this.discovery.last({ intent });
    return r ? nodeListOf(r, intent) : null;
  }

  forget(): void {
    this.discovery.forget();
  }
}
