import type { DirectoryState, NodeRecord } from './types';

/** PHP marks a node dormant after 90 s without a valid heartbeat. */
export const DORMANT_AFTER_MS = 90_000;

export function createState(): DirectoryState {
  return {
    nodes: {},
    registrations: [],
    heartbeats: [],
    deregistrations: [],
    awards: [],
    probes: [],
    dialProbes: [],
    dialRate: {},
    requests: [],
    credits: {},
    transactions: [],
    nextTransactionId: 1,
    freeAllocationByIp: {},
    usedNonces: {},
    hourlyAwards: {},
    registerRate: {},
    heartbeatRate: {},
    ticketRate: {},
    memberships: [],
    relayTickets: [],
    events: [],
    eventChain: { lastSeq: 0, lastSignature: null },
    eventTampers: [],
    hostilePages: null,
    pendingAwardTampers: [],
    operators: {},
    operatorChallenges: {},
  };
}

/** Empties the state in place so references handed to tests stay live across `restart()`. */
export function resetState(state: DirectoryState): void {
  const fresh = createState();
  for (const key of Object.keys(fresh) as (keyof DirectoryState)[]) {
    (state as unknown as Record<string, unknown>)[key] = fresh[key];
  }
}

/**
 * PHP runs a job every 30 s; evaluating lazily at request time gives the same observable result
 * and stays deterministic under an injected clock. Returns the nodes that just went dormant: PHP's LivenessMonitor
 * logs an EVICT event for each.
 */
export function refreshDormancy(state: DirectoryState, now: number): NodeRecord[] {
  const evicted: NodeRecord[] = [];
  for (const node of Object.values(state.nodes)) {
    if (node.status === 'active' && now - node.lastSeen > DORMANT_AFTER_MS) {
      node.status = 'dormant';
      node.available = false;
      node.dormantSince = now;
      evicted.push(node);
    }
  }
  return evicted;
}

export function findNode(state: DirectoryState, nodeId: string): NodeRecord | undefined {
  return Object.hasOwn(state.nodes, nodeId) ? state.nodes[nodeId] : undefined;
}
