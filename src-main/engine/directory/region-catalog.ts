import { z } from 'zod';
import { REGION_RULE, type RegionList } from '@shared/contract';
import { INTENT_CHAT } from '../backends/intents';
import { callDirectory } from './http';

/** Settings waits this long for the directory; past it the person types a region of their own. */
export const REGION_LIST_TIMEOUT_MS = 5000;
/** Regions change slowly: an answer is reused for 10 minutes. */
const ANSWER_TTL_MS = 10 * 60_000;
/** A failure is remembered briefly, so a page opened twice does not wait twice, yet a retry soon asks again. */
const FAILURE_TTL_MS = 30_000;
/** The most directories remembered at once (a person trying addresses must not grow this without bound). */
const MAX_ENTRIES = 8;
/** The discover listing's own maximum: it takes a `limit` of 1 to 50. */
const DISCOVER_LIMIT = 50;

/** What this needs of a discover answer: its nodes' regions; everything else is ignored, and a node without one skipped. */
const DiscoverAnswer = z.object({ nodes: z.array(z.object({ region: z.unknown() }).loose()).max(1000) }).loose();

/** A region the directory would accept (a letter first, at most 64 characters), other than the default `unknown`. */
const isUsableRegion = (v: unknown): v is string => typeof v === 'string' && v.length <= 64 && REGION_RULE.test(v) && v.toLowerCase() !== 'unknown';

/** The distinct regions of a discover answer, most used first, then by name. */
export function regionsFromDiscover(body: unknown): RegionList['regions'] | null {
  const parsed = DiscoverAnswer.safeParse(body);
  if (!parsed.success) return null;
  const counts = new Map<string, number>();
  for (const node of parsed.data.nodes) if (isUsableRegion(node.region)) counts.set(node.region, (counts.get(node.region) ?? 0) + 1);
  return [...counts].map(([name, nodes]) => ({ name, nodes })).sort((a, b) => b.nodes - a.nodes || a.name.localeCompare(b.name));
}

export interface RegionCatalogOptions {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

/**
 * The regions nodes on a directory use, from its public discover listing (`GET {url}/v1/discover` for chat nodes,
 * the most common kind). Answers are cached per directory and concurrent askers share one request. Never throws:
 * a directory that cannot be asked gives an empty list with words saying why, and the person types a region.
 */
export class RegionCatalog {
  private readonly cache = new Map<string, { list: RegionList; until: number }>();
  private readonly pending = new Map<string, Promise<RegionList>>();
  private readonly now: () => number;

  constructor(private readonly o: RegionCatalogOptions = {}) {
    this.now = o.now ?? Date.now;
  }

  list(url: string, refresh = false): Promise<RegionList> {
    const key = url.replace(/\/+$/, '');
    const hit = this.cache.get(key);
    if (!refresh && hit && hit.until > this.now()) return Promise.resolve(hit.list);
    const running = this.pending.get(key);
    if (running) return running;
    const asking = this.ask(url).then((list) => {
      this.cache.delete(key);
      this.cache.set(key, { list, until: this.now() + (list.ok ? ANSWER_TTL_MS : FAILURE_TTL_MS) });
      while (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      return list;
    });
    this.pending.set(key, asking);
    void asking.finally(() => this.pending.delete(key));
    return asking;
  }

  private async ask(url: string): Promise<RegionList> {
    const result = (ok: boolean, regions: RegionList['regions'], words: string | null): RegionList => ({ url, regions, ok, words, asOf: new Date(this.now()).toISOString() });
    try {
      const answer = await callDirectory(
        url,
        { method: 'GET', route: '/v1/discover', query: { intent: INTENT_CHAT, limit: String(DISCOVER_LIMIT) }, timeoutMs: this.o.timeoutMs ?? REGION_LIST_TIMEOUT_MS },
        this.o.fetchImpl,
      );
      if (!answer.ok) {
        if (answer.failure.code === 'restricted_domain_denied') return result(false, [], 'This directory shows its nodes only to members, so it suggests no regions.');
        return result(false, [], 'The directory did not list its nodes just now, so it suggests no regions.');
      }
      const regions = regionsFromDiscover(answer.body);
      if (regions === null) return result(false, [], 'The directory’s list of nodes could not be read, so it suggests no regions.');
      return result(true, regions, regions.length === 0 ? 'No node on this directory names a region yet.' : null);
    } catch {
      return result(false, [], 'The directory could not be reached, so it suggests no regions.');
    }
  }
}
