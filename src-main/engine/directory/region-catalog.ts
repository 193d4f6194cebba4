import { said, type Said } from '@shared/i18n/said';
import { REGION_RULE, type RegionList } from '@shared/contract';
import { INTENT_CHAT } from '../backends';
import type { DiscoveredNode } from './discover-answer';
import { DiscoveryClient, type DiscoverResult } from './discovery-client';

/** A region the directory would accept (a letter first, at most 64 characters), other than the default `unknown`. */
const isUsableRegion = (v: string | null): v is string =>
  v !== null && REGION_RULE.test(v) && v.toLowerCase() !== 'unknown';

/** The distinct regions of discovered nodes, most used first, then by name. */
export function regionsOf(nodes: readonly DiscoveredNode[]): RegionList['regions'] {
  const counts = new Map<string, number>();
  for (const node of nodes)
    if (isUsableRegion(node.region)) counts.set(node.region, (counts.get(node.region) ?? 0) + 1);
  return [...counts]
    .map(([name, nodes]) => ({ name, nodes }))
    .sort((a, b) => b.nodes - a.nodes || a.name.localeCompare(b.name));
}

export interface RegionCatalogOptions {
  /** The running node's one discovery client, or null while the node is not running. */
  discovery?: () => DiscoveryClient | null;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

/**
 * The regions nodes on a directory use, from its public discover listing for chat nodes (the most common kind), read
 * through the node's one discovery client: its cache and its shared requests (Settings waits at most its 5 s for an
 * answer; past it the person types a region of their own). Never throws: a directory that cannot
 * be asked gives an empty list with words saying why, and the person types a region.
 */
export class RegionCatalog {
  /** One list per result, so a page asking twice within the client's window gets the very same list. */
  private readonly lists = new WeakMap<DiscoverResult, RegionList>();
  /**
   * For when the node is not running (the wizard before its first start): a client that knows no directory of its own.
   */
  private readonly standby: DiscoveryClient;

  constructor(private readonly o: RegionCatalogOptions = {}) {
    this.standby = new DiscoveryClient({ directoryUrl: () => '', fetchImpl: o.fetchImpl, now: o.now });
  }

  async list(url: string, refresh = false): Promise<RegionList> {
    const client = this.o.discovery?.() ?? this.standby;
    const r = await client.discover({ intent: INTENT_CHAT }, { base: url, fresh: refresh });
    const known = this.lists.get(r);
    if (known) return known;
    const list = listOf(url, r);
    this.lists.set(r, list);
    return list;
  }
}

function listOf(url: string, r: DiscoverResult): RegionList {
  const result = (ok: boolean, regions: RegionList['regions'], words: Said | null, at: number): RegionList => ({
    url,
    regions,
    ok,
    words,
    asOf: new Date(at).toISOString(),
  });
  if (r.answer) {
    const regions = regionsOf(r.answer.nodes);
    return result(true, regions, regions.length === 0 ? said('network.regions.noneNamed') : null, r.answer.at);
  }
  const f = r.failure;
  if (f?.kind === 'refused' && f.failure.code === 'restricted_domain_denied')
    return result(false, [], said('network.regions.membersOnly'), r.askedAt);
  if (f?.kind === 'refused' || f?.kind === 'too_big')
    return result(false, [], said('network.regions.notListed'), r.askedAt);
  if (f?.kind === 'unreadable') return result(false, [], said('network.regions.unreadable'), r.askedAt);
  return result(false, [], said('network.regions.unreachable'), r.askedAt);
}
