import { Registry, type Counter, type Gauge, type Histogram } from 'prom-client';
import { registerMetricFamilies } from './metric-families';

const KNOWN_QOS = new Set(['realtime', 'interactive', 'batch', 'best_effort']);

/** One label set's prom-client children, and the tasks counted for it since /metrics was last read. */
interface Series {
  tasks: Counter.Internal;
  latency: Histogram.Internal<'intent' | 'qos'>;
  pendingTasks: number;
}

/** An intent's token counter, the tokens counted since /metrics was last read, and the counter's value. */
interface TokenSeries {
  tokens: Counter.Internal;
  pending: number;
  /** What the prom-client counter holds: every addition to it is repeated here, in the same order. */
  total: number;
}

/**
 * The five metrics the IICP protocol requires of /metrics, and the energy the node's tasks used, in a registry of our
 * own, so nothing else leaks onto the public /metrics page. Label values come from fixed sets: a caller cannot create
 * new series.
 */
export class NodeMetrics {
  readonly registry = new Registry();
  private readonly tasks: Counter<'status' | 'intent' | 'qos'>;
  private readonly latency: Histogram<'intent' | 'qos'>;
  private readonly tokens: Counter<'intent'>;
  private readonly peers: Gauge;
  private readonly heartbeatFailures: Counter<'reason'>;
  private readonly energy: Counter;
  private readonly taskEnergy: Histogram<'intent'>;
  private readonly energyChildren = new Map<string, Histogram.Internal<'intent'>>();
  /** The energy total last shown: a counter never goes back, even if the ledger could not be read for a moment. */
  private energyShown = 0;
  private readonly children = new Map<string, Series>();
  /** In the order their first tokens were counted, which is the order prom-client lists them in. */
  private readonly tokenSeries = new Map<string, TokenSeries>();

  /**
   * `energyTotal`: the joules all the node's tasks used, every run's (the ledger's total), read at each scrape so that
   * the counter goes on from the ledger after a restart instead of starting again at 0.
   */
  constructor(
    private readonly knownIntents: () => ReadonlySet<string>,
    private readonly energyTotal?: () => number,
  ) {
    const families = registerMetricFamilies(this.registry, {
      flushCounts: () => this.flush(),
      readEnergy: () => this.readEnergy(),
    });
    this.tasks = families.tasks;
    this.latency = families.latency;
    this.tokens = families.tokens;
    this.peers = families.peers;
    this.heartbeatFailures = families.heartbeatFailures;
    this.energy = families.energy;
    this.taskEnergy = families.taskEnergy;
    this.peers.set(0);
  }

  task(status: string, intent: string, qos: string, latencyMs: number | null, tokens: number | null): void {
    const i = this.knownIntents().has(intent) ? intent : 'other';
    const q = KNOWN_QOS.has(qos) ? qos : 'best_effort';
    const key = `${status}\u0000${i}\u0000${q}`;
    // Resolving labels hashes them on every call; the label sets are few, so their children are kept.
    let c = this.children.get(key);
    if (!c) {
      c = { tasks: this.tasks.labels(status, i, q), latency: this.latency.labels(i, q), pendingTasks: 0 };
      this.children.set(key, c);
    }
    c.pendingTasks += 1;
    if (latencyMs !== null) c.latency.observe(latencyMs);
    if (tokens) {
      const t = this.tokenSeries.get(i);
      // Whole positive counts add up exactly in any order while the total stays a safe integer, so they wait
      // for the next read; anything else goes in at once, as it always did (a negative count throws here).
      if (
        tokens > 0 &&
        Number.isSafeInteger(tokens) &&
        (!t || (Number.isSafeInteger(t.total) && Number.isSafeInteger(t.total + t.pending + tokens)))
      ) {
        if (t) t.pending += tokens;
        else this.tokenSeries.set(i, { tokens: this.tokens.labels(i), pending: tokens, total: 0 });
      } else {
        this.flush();
        const child = t ? t.tokens : this.tokens.labels(i);
        child.inc(tokens);
        if (t) t.total += tokens;
        else this.tokenSeries.set(i, { tokens: child, pending: 0, total: tokens });
      }
    }
  }

  /** A task the ledger books used `joules` (null: no power figure was known while it ran, and it is not counted). */
  taskEnergyUsed(intent: string, joules: number | null | undefined): void {
    if (joules === null || joules === undefined || !Number.isFinite(joules) || joules < 0) return;
    const i = this.knownIntents().has(intent) ? intent : 'other';
    let child = this.energyChildren.get(i);
    if (!child) {
      child = this.taskEnergy.labels(i);
      this.energyChildren.set(i, child);
    }
    child.observe(joules);
  }

  heartbeatFailure(reason: 'network' | 'http_4xx' | 'http_5xx' | 'auth'): void {
    this.heartbeatFailures.inc({ reason });
  }

  /**
   * Adds what was counted since the last read to the prom-client counters, in the order the counts came,
   * so series appear in /metrics in the same order as if each task had been added at once.
   */
  private flush(): void {
    for (const c of this.children.values()) {
      if (c.pendingTasks > 0) {
        c.tasks.inc(c.pendingTasks);
        c.pendingTasks = 0;
      }
    }
    for (const t of this.tokenSeries.values()) {
      if (t.pending > 0) {
        t.tokens.inc(t.pending);
        t.total += t.pending;
        t.pending = 0;
      }
    }
  }

  /** The counter shows the ledger's total at each scrape; one that cannot be read leaves the last value shown. */
  private readEnergy(): void {
    let total: number;
    try {
      total = this.energyTotal?.() ?? 0;
    } catch {
      return;
    }
    if (!Number.isFinite(total)) return;
    this.energyShown = Math.max(this.energyShown, total);
    this.energy.reset();
    this.energy.inc(this.energyShown);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
