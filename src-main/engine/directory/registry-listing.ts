/**
 * The directory's public entry for this node (`GET /v1/registry/nodes/{node_id}`): listed or not, the multiplier it
 * holds, what it observed of the node's route. Read by the books (earnings/) and by "Check my node" (nat/).
 */
import type { DirectoryListing } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { callDirectory } from './http';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** Every text the directory sends is cleaned as it is read: shown and kept as data. */
const str = (v: unknown): string | null => (typeof v === 'string' ? cleanForeignText(v) : null);

/**
 * `GET /v1/registry/nodes/{node_id}`: where production keeps the multiplier it holds, and what
 * it observed of the node's route. It answers 404 while the node is not `available`: "not listed now", not a fault.
 */
export type RegistryListing = Omit<DirectoryListing, 'asOf'> & { asOf: number };

export function listingOf(r: Record<string, unknown>, now: number): RegistryListing {
  return {
    listed: true,
    asOf: now,
    multiplier: num(r.credit_cost_multiplier),
    attested: typeof r.attested === 'boolean' ? r.attested : null,
    observedReachable: typeof r.directory_observed_reachable === 'boolean' ? r.directory_observed_reachable : null,
    routeEvidence: str(r.route_evidence),
    recoveryState: str(r.recovery_state),
    reputationTier: str(r.reputation_tier),
  };
}

export const unlisted = (now: number): RegistryListing => ({
  listed: false,
  asOf: now,
  multiplier: null,
  attested: null,
  observedReachable: null,
  routeEvidence: null,
  recoveryState: null,
  reputationTier: null,
});

/**
 * Only the registry entry (one public GET): read often while the directory has not yet reported reaching the node,
 * since production observes routes on its own schedule (every 5 minutes) — not when the node registers.
 */
export async function readListing(o: {
  baseUrl: string;
  nodeId: string;
  now: number;
  fetchImpl?: typeof fetch;
}): Promise<RegistryListing | null> {
  try {
    const res = await callDirectory(
      o.baseUrl,
      { method: 'GET', route: `/v1/registry/nodes/${encodeURIComponent(o.nodeId)}` },
      o.fetchImpl,
    );
    if (res.ok) return listingOf(res.body, o.now);
    return res.failure.status === 404 ? unlisted(o.now) : null;
  } catch {
    return null;
  }
}
