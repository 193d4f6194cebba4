/**
 * The node's one reader of the directory's `GET /v1/discover`, with one cache: every page that tells something of the
 * network (the gateway's offer, the demand card, "Why am I not getting tasks?", the person's machines, the relay
 * election, the region list) reads the same answer, and says how old it is. An answer is used for a freshness window;
 * callers asking together share one request; a failed ask keeps the last good answer and is remembered, so a
 * directory that is down is not asked by every caller, and failures in a row are waited out longer each time
 * (discovery-backoff.ts). `kept` never waits: a request reads the last answer while the directory is asked again
 * behind it, so a directory that hangs never stands in front of one.
 */
import { createHash } from 'node:crypto';
import { callDirectory } from './http';
import type { DirectoryFailure } from './errors';
import { readDiscoverAnswer, type DiscoveredNode } from './discover-answer';
import { DiscoveryBackoff, type DirectoryTrouble } from './discovery-backoff';

/** How long one answer is used (the production directory caches its own discover answers for 5–10 s). */
export const DISCOVERY_FRESH_MS = 10_000;
/** Each ask gets this long: a person waits for some of the pages that ask. */
export const DISCOVERY_TIMEOUT_MS = 5_000;
/** The discover listing's own maximum: it takes a `limit` of 1 to 50. */
export const DISCOVER_LIMIT = 50;
/** The most queries remembered at once (the gateway asks per model, and models are the apps' to name). */
const MAX_ENTRIES = 256;

export interface DiscoverQuery {
  intent: string;
  /** Only nodes serving this model. */
  model?: string | null;
  /** Only nodes that offer to relay. */
  relayCapable?: boolean;
}

/** A list of nodes the directory gave, and when it was fetched (ms). */
export interface Discovery {
  at: number;
  nodes: readonly DiscoveredNode[];
}

/** Why an ask brought no list: refused (with the directory's failure), too big, not a list, or not reached. */
export type DiscoverFailure =
  | { kind: 'refused'; failure: DirectoryFailure }
  | { kind: 'too_big' }
  | { kind: 'unreadable' }
  | { kind: 'unreachable'; error: unknown };

/** What a caller gets: the newest answer (null before the first) and, when the last ask failed, why. */
export interface DiscoverResult {
  answer: Discovery | null;
  failure: DiscoverFailure | null;
  /** When the directory was last asked (ms), answered or not. */
  askedAt: number;
}

export interface DiscoveryClientOptions {
  /** The node's directory. */
  directoryUrl: () => string;
  /** A restricted trust domain's membership, sent to the node's own directory only (never to another one asked). */
  membership?: () => string | null;
  fetchImpl?: typeof fetch;
  now?: () => number;
  freshMs?: number;
  timeoutMs?: number;
}

interface Entry {
  result: DiscoverResult | null;
  pending: Promise<DiscoverResult> | null;
}

const trimBase = (url: string): string => url.replace(/\/+$/, '');

export class DiscoveryClient {
  private readonly cache = new Map<string, Entry>();
  /** The operators' public names and the nodes' operators in the answers kept; rebuilt when an answer comes. */
  private names: { byOperator: Map<string, string>; byNode: Map<string, string> } | null = null;
  private readonly now: () => number;
  private readonly freshMs: number;
  private readonly backoff: DiscoveryBackoff<DiscoverFailure>;

  constructor(private readonly o: DiscoveryClientOptions) {
    this.now = o.now ?? Date.now;
    this.freshMs = o.freshMs ?? DISCOVERY_FRESH_MS;
    this.backoff = new DiscoveryBackoff(this.freshMs);
  }

  /**
   * The answer to `query`: from the cache while it is fresh, else asked (one request for all callers meanwhile).
   * `base`: another directory than the node's (the region list of one the person types); `fresh`: the person asked
   * to look again, so the window is not waited out (a request under way is still shared). Never throws.
   */
  discover(query: DiscoverQuery, o: { base?: string; fresh?: boolean } = {}): Promise<DiscoverResult> {
    const { key, base, membership } = this.keyOf(query, o.base);
    const hit = this.cache.get(key);
    if (hit?.pending) return hit.pending;
    if (!o.fresh) {
      if (hit?.result && this.now() - hit.result.askedAt < this.freshMs) return Promise.resolve(hit.result);
      const trouble = this.backoff.waiting(base, this.now());
      if (trouble) return Promise.resolve(troubled(hit?.result ?? null, trouble));
    }
    const before = hit?.result ?? null;
    const pending = this.ask(base, membership, query).then((asked) => {
      if (asked.failure === null) this.backoff.answered(base);
      else this.backoff.failed(base, asked.failure, asked.askedAt, this.now());
      // A failure keeps the last good answer: the pages go on telling it, with its age and why it is not newer.
      const result: DiscoverResult =
        asked.answer === null
          ? { answer: before?.answer ?? null, failure: asked.failure, askedAt: asked.askedAt }
          : asked;
      this.cache.set(key, { result, pending: null });
      this.names = null;
      return result;
    });
    // Asked last, kept last: the map's order is the order of asking, and the oldest asked go first.
    this.cache.delete(key);
    this.cache.set(key, { result: before, pending });
    while (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.names = null;
    return pending;
  }

  /**
   * The result for `query` at once, never waiting for the directory: the last one kept, the directory asked again in
   * the background when it is due (not while a failing directory is waited out: then the last answer comes with the
   * failure). Null only before anything is known of it (the caller may wait for `discover`, already asking).
   */
  kept(query: DiscoverQuery): DiscoverResult | null {
    const { key, base } = this.keyOf(query);
    const hit = this.cache.get(key);
    if (hit?.result && this.now() - hit.result.askedAt < this.freshMs) return hit.result;
    const trouble = this.backoff.waiting(base, this.now());
    if (trouble) return troubled(hit?.result ?? null, trouble);
    // Never throws; its answer is kept for the next reader.
    void this.discover(query);
    return hit?.result ?? null;
  }

  /**
   * The last result for `query` without asking (a page drawn between asks); null before any ask. While a failing
   * directory is waited out, with its failure: another question may have found it down, and this one is not asked.
   */
  last(query: DiscoverQuery, base?: string): DiscoverResult | null {
    const k = this.keyOf(query, base);
    const result = this.cache.get(k.key)?.result ?? null;
    const trouble = this.backoff.waiting(k.base, this.now());
    return trouble ? troubled(result, trouble) : result;
  }

  /** Drops every answer (the node's directory changed). */
  forget(): void {
    this.cache.clear();
    this.backoff.forget();
    this.names = null;
  }

  /**
   * The public display name the directory lists for an operator (by fingerprint) in any answer kept, as written
   * (the reader cleans it where it shows it); null when no answer kept names it.
   */
  operatorName(fingerprint: string): string | null {
    return this.listedNames().byOperator.get(fingerprint) ?? null;
  }

  /** The fingerprint of a node's verified operator in any answer kept; null when no answer kept lists one. */
  operatorOf(nodeId: string): string | null {
    return this.listedNames().byNode.get(nodeId) ?? null;
  }

  private listedNames(): { byOperator: Map<string, string>; byNode: Map<string, string> } {
    if (this.names === null) {
      const names = { byOperator: new Map<string, string>(), byNode: new Map<string, string>() };
      for (const entry of this.cache.values()) {
        for (const n of entry.result?.answer?.nodes ?? []) {
          if (n.operator === null) continue;
          if (n.nodeId !== null) names.byNode.set(n.nodeId, n.operator);
          if (n.operatorName !== null) names.byOperator.set(n.operator, n.operatorName);
        }
      }
      this.names = names;
    }
    return this.names;
  }

  private keyOf(query: DiscoverQuery, asked?: string): { key: string; base: string; membership: string | null } {
    const own = trimBase(this.o.directoryUrl());
    const base = asked === undefined ? own : trimBase(asked);
    const membership = base === own ? (this.o.membership?.() ?? null) : null;
    // The membership is part of the question (a closed network answers members only), but never kept as it is.
    const member = membership === null ? '-' : createHash('sha256').update(membership).digest('hex').slice(0, 16);
    return {
      key: [base, member, query.intent, query.model ?? '', query.relayCapable === true ? 'relay' : ''].join('\n'),
      base,
      membership,
    };
  }

  private async ask(base: string, membership: string | null, q: DiscoverQuery): Promise<DiscoverResult> {
    const askedAt = this.now();
    const fail = (failure: DiscoverFailure): DiscoverResult => ({ answer: null, failure, askedAt });
    const query: Record<string, string> = { intent: q.intent, limit: String(DISCOVER_LIMIT) };
    if (q.model) query.model = q.model;
    if (q.relayCapable) query.relay_capable = 'true';
    try {
      const r = await callDirectory(
        base,
        {
          method: 'GET',
          route: '/v1/discover',
          query,
          timeoutMs: this.o.timeoutMs ?? DISCOVERY_TIMEOUT_MS,
          ...(membership ? { headers: { 'X-IICP-Membership': membership } } : {}),
        },
        this.o.fetchImpl,
      );
      if (!r.ok)
        return fail(
          r.failure.code === 'response_too_large' ? { kind: 'too_big' } : { kind: 'refused', failure: r.failure },
        );
      const list = readDiscoverAnswer(r.body);
      if (!list) return fail({ kind: 'unreadable' });
      return { answer: { at: askedAt, nodes: list.nodes }, failure: null, askedAt };
    } catch (error) {
      return fail({ kind: 'unreachable', error });
    }
  }
}

/** What a reader gets while a failing directory is waited out: the last answer kept, with the directory's failure. */
function troubled(kept: DiscoverResult | null, t: DirectoryTrouble<DiscoverFailure>): DiscoverResult {
  if (kept?.failure) return kept;
  return { answer: kept?.answer ?? null, failure: t.failure, askedAt: t.askedAt };
}
