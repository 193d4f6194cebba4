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

/** What a node failed at: one intent and one model. A node that answers one model wrongly may serve another well. */
export interface BreakerCause {
  intent: string;
  model: string;
}

/** Causes tracked at most; the oldest entries go first (the directory lists a few dozen nodes at a time). */
const MAX_TRACKED = 1024;

const keyOf = (nodeId: string, c: BreakerCause): string => JSON.stringify([nodeId, c.intent, c.model]);

/**
 * A circuit breaker per node, intent and model: a node that failed or hung at a model is skipped for that model for a
 * while, longer each time it fails again, and tried again once that time has passed (half-open: one more failure opens
 * it for twice as long; an answer closes it). Its other models and intents are still asked.
 */
export class NodeBreaker {
  private readonly nodes = new Map<string, NodeState>();

  constructor(
    private readonly now: () => number,
    private readonly times: BreakerTimes = DEFAULT_BREAKER,
  ) {}

  /** True while the node is being skipped for this intent and model. */
  open(nodeId: string, cause: BreakerCause): boolean {
    return this.openKey(keyOf(nodeId, cause));
  }

  failed(nodeId: string, cause: BreakerCause): void {
    const key = keyOf(nodeId, cause);
    const s = this.nodes.get(key) ?? { failures: 0, skipUntil: 0 };
    s.failures += 1;
    s.skipUntil = this.now() + Math.min(this.times.longestMs, this.times.firstMs * 2 ** (s.failures - 1));
    this.nodes.delete(key);
    this.nodes.set(key, s);
    if (this.nodes.size > MAX_TRACKED) this.nodes.delete(this.nodes.keys().next().value!);
  }

  answered(nodeId: string, cause: BreakerCause): void {
    this.nodes.delete(keyOf(nodeId, cause));
  }

  /** How many (node, intent, model) causes are skipped now. */
  skipped(): number {
    let n = 0;
    for (const key of this.nodes.keys()) if (this.openKey(key)) n += 1;
    return n;
  }

  private openKey(key: string): boolean {
    const s = this.nodes.get(key);
    return s !== undefined && this.now() < s.skipUntil;
  }
}
