/** How long a node that failed is skipped: doubled on each failure in a row, up to the longest. */
export interface BreakerTimes {
  firstMs: number;
  longestMs: number;
}

export const DEFAULT_BREAKER: BreakerTimes = { firstMs: 30_000, longestMs: 5 * 60_000 };

interface NodeState {
  failures: number;
  skipUntil: number;
}

/** Nodes tracked at most; the oldest entries go first (the directory lists a few dozen at a time). */
const MAX_TRACKED = 1024;

/**
 * A circuit breaker per node: a node that failed or hung is skipped for a while, longer each time it fails again, and
 * tried again once that time has passed (half-open: one more failure opens it for twice as long; an answer closes it).
 */
export class NodeBreaker {
  private readonly nodes = new Map<string, NodeState>();

  constructor(
    private readonly now: () => number,
    private readonly times: BreakerTimes = DEFAULT_BREAKER,
  ) {}

  /** True while the node is being skipped. */
  open(nodeId: string): boolean {
    const s = this.nodes.get(nodeId);
    return s !== undefined && this.now() < s.skipUntil;
  }

  failed(nodeId: string): void {
    const s = this.nodes.get(nodeId) ?? { failures: 0, skipUntil: 0 };
    s.failures += 1;
    s.skipUntil = this.now() + Math.min(this.times.longestMs, this.times.firstMs * 2 ** (s.failures - 1));
    this.nodes.delete(nodeId);
    this.nodes.set(nodeId, s);
    if (this.nodes.size > MAX_TRACKED) this.nodes.delete(this.nodes.keys().next().value!);
  }

  answered(nodeId: string): void {
    this.nodes.delete(nodeId);
  }

  /** How many nodes are skipped now. */
  skipped(): number {
    let n = 0;
    for (const id of this.nodes.keys()) if (this.open(id)) n += 1;
    return n;
  }
}
