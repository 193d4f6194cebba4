import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Per-task energy, joules: an embedding takes a fraction of one, a long answer on a large GPU thousands. */
const ENERGY_BUCKETS = [0.1, 1, 5, 10, 50, 100, 500, 1000, 5000, 10000, 50000];

/** The metrics of /metrics, each registered once; their order here is the order /metrics lists them in. */
export interface MetricFamilies {
  tasks: Counter<'status' | 'intent' | 'qos'>;
  latency: Histogram<'intent' | 'qos'>;
  tokens: Counter<'intent'>;
  peers: Gauge;
  heartbeatFailures: Counter<'reason'>;
  energy: Counter;
  taskEnergy: Histogram<'intent'>;
}

/** What runs when /metrics is read, before the text is written. */
export interface MetricReads {
  /** Adds the counts kept in plain numbers since the last read to the task and token counters. */
  flushCounts: () => void;
  /** Sets the energy counter to the ledger's total. */
  readEnergy: () => void;
}

/**
 * The five metrics the IICP protocol requires of /metrics and the energy the node's tasks used, registered in
 * `registry` alone, so nothing else leaks onto the public /metrics page.
 */
export function registerMetricFamilies(registry: Registry, reads: MetricReads): MetricFamilies {
  const registers = [registry];
  // Counted per task in plain numbers and added to the counters when they are read (/metrics): a
  // prom-client increment hashes its labels every time, which showed up on the task path.
  const collect = reads.flushCounts;
  const tasks = new Counter({
    name: 'iicp_tasks_total',
    help: 'Tasks handled, by outcome',
    labelNames: ['status', 'intent', 'qos'],
    registers,
    collect,
  });
  const latency = new Histogram({
    name: 'iicp_task_latency_ms',
    help: 'Task latency in milliseconds',
    labelNames: ['intent', 'qos'],
    buckets: [10, 50, 100, 250, 500, 1000, 2500, 5000, 30000],
    registers,
  });
  const tokens = new Counter({
    name: 'iicp_tokens_used_total',
    help: 'Tokens used by served tasks',
    labelNames: ['intent'],
    registers,
    collect,
  });
  const peers = new Gauge({
    name: 'iicp_peers_active',
    help: 'Mesh peers known (mesh is not enabled on this node)',
    registers,
  });
  const heartbeatFailures = new Counter({
    name: 'iicp_heartbeat_failures_total',
    help: 'Failed heartbeats',
    labelNames: ['reason'],
    registers,
  });
  const energy = new Counter({
    name: 'iicp_energy_joules_total',
    help: "Energy the node's tasks used above the idle machine, in joules, since the node was first run (the ledger's total)",
    registers,
    collect: reads.readEnergy,
  });
  const taskEnergy = new Histogram({
    name: 'iicp_task_energy_joules',
    help: 'Energy each task used above the idle machine, in joules (tasks with a known figure, since the node started)',
    labelNames: ['intent'],
    buckets: ENERGY_BUCKETS,
    registers,
  });
  return { tasks, latency, tokens, peers, heartbeatFailures, energy, taskEnergy };
}
