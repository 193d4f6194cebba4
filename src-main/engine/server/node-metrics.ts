import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const KNOWN_QOS = new Set(['realtime', 'interactive', 'batch', 'best_effort']);

/**
 * The five metrics of the spec (brief §3.10, ADR-014) in a registry of our own, so nothing else leaks
 * onto the public /metrics page. Label values come from fixed sets: a caller cannot create new series.
 */
export class NodeMetrics {
  readonly registry = new Registry();
  private readonly tasks: Counter<'status' | 'intent' | 'qos'>;
  private readonly latency: Histogram<'intent' | 'qos'>;
  private readonly tokens: Counter<'intent'>;
  private readonly peers: Gauge;
  private readonly heartbeatFailures: Counter<'reason'>;
  private readonly children = new Map<string, { tasks: Counter.Internal; latency: Histogram.Internal<'intent' | 'qos'>; tokens: Counter.Internal }>();

  constructor(private readonly knownIntents: () => ReadonlySet<string>) {
    const registers = [this.registry];
    this.tasks = new Counter({ name: 'iicp_tasks_total', help: 'Tasks handled, by outcome', labelNames: ['status', 'intent', 'qos'], registers });
    this.latency = new Histogram({
      name: 'iicp_task_latency_ms',
      help: 'Task latency in milliseconds',
      labelNames: ['intent', 'qos'],
      buckets: [10, 50, 100, 250, 500, 1000, 2500, 5000, 30000],
      registers,
    });
    this.tokens = new Counter({ name: 'iicp_tokens_used_total', help: 'Tokens used by served tasks', labelNames: ['intent'], registers });
    this.peers = new Gauge({ name: 'iicp_peers_active', help: 'Mesh peers known (mesh is not enabled on this node)', registers });
    this.heartbeatFailures = new Counter({ name: 'iicp_heartbeat_failures_total', help: 'Failed heartbeats', labelNames: ['reason'], registers });
    this.peers.set(0);
  }

  task(status: string, intent: string, qos: string, latencyMs: number | null, tokens: number | null): void {
    const i = this.knownIntents().has(intent) ? intent : 'other';
    const q = KNOWN_QOS.has(qos) ? qos : 'best_effort';
    const key = `${status}\u0000${i}\u0000${q}`;
    // Resolving labels hashes them on every call; the label sets are few, so their children are kept.
    let c = this.children.get(key);
    if (!c) {
      c = { tasks: this.tasks.labels(status, i, q), latency: this.latency.labels(i, q), tokens: this.tokens.labels(i) };
      this.children.set(key, c);
    }
    c.tasks.inc();
    if (latencyMs !== null) c.latency.observe(latencyMs);
    if (tokens) c.tokens.inc(tokens);
  }

  heartbeatFailure(reason: 'network' | 'http_4xx' | 'http_5xx' | 'auth'): void {
    this.heartbeatFailures.inc({ reason });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
