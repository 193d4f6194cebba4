/**
 * The task port's room assembled for a running node: the slots, the /metrics counters, the codec's threads, the task
 * pipeline and the HTTP server in front of it. What it needs of the rows above it (the ledger, the requests feed,
 * the fleet) comes in as functions, called only once the node has made every part.
 */
import { said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import type { Settings } from '@shared/contract';
import { STABILITY_OK, type UsageNote } from '../backends';
import type { NodeIdentity } from '../identity';
import { Admission } from './admission';
import { CodecPool } from './codec-pool';
import { NodeMetrics } from './node-metrics';
import { ReachProof } from '../net';
import { NativeCalls } from './native-calls';
import { RelayedTaskMark } from './relayed-task';
import type { ServingOffer } from './serving-offer';
import { MAX_BODY_BYTES } from './task-body-limits';
import { TaskHandler } from './task-handler';
import type { AnsweredRequest, Stability, TaskBooks, TaskOwnerSide } from './task-pipeline-types';
import { TaskServer, type TaskServerOptions } from './task-server';

/** The task port's limits a test shortens or shrinks; each has a default in the module that uses it. */
export interface TaskPortLimits {
  overShareGraceMs?: number;
  maxConnectionsPerSource?: number;
  bodyBudgetBytes?: number;
  bodyGraceMs?: number;
}

export interface TaskPortSources {
  identity: NodeIdentity;
  settings: () => Settings;
  /** Tasks admitted at once right now (0 while paused). */
  capacity: () => number;
  onChange: () => void;
  offer: ServingOffer;
  /** The ledger's side of each task. */
  books: TaskBooks;
  /** The ledger's energy total (every run's), read at each /metrics scrape. */
  energyTotal: () => number;
  owner: Omit<TaskOwnerSide, 'trustedProxies'>;
  /** Every answer of the task port, for the requests feed. */
  onAnswered: (answer: AnsweredRequest) => void;
  /** A served task's tokens claimed are not what its LLM server said: for the node's log. */
  onUsageNote?: (note: UsageNote) => void;
  /** The node's `GET /iicp/health` answer. */
  health: () => Record<string, unknown>;
  fleet: NonNullable<TaskServerOptions['fleet']>;
  /** Address the task server binds (default `::`, dual stack). */
  taskHost?: string;
  limits?: TaskPortLimits;
}

/** Every part of the task port. */
export interface TaskPort {
  admission: Admission;
  metrics: NodeMetrics;
  codec: CodecPool;
  handler: TaskHandler;
  server: TaskServer;
  /** Marks the tasks the node's own relay worker hands to the task port, so they are judged as relayed. */
  relayMark: RelayedTaskMark;
  /** Answers the one-time codes the tunnel rung sends through an address before using it. */
  reachProof: ReachProof;
}

export function assembleTaskPort(x: TaskPortSources): TaskPort {
  const { offer } = x;
  const admission = new Admission(x.capacity, x.onChange, { overShareGraceMs: x.limits?.overShareGraceMs });
  const metrics = new NodeMetrics(() => offer.advertised().intents, x.energyTotal);
  const codec = new CodecPool(x.identity.cx);
  const relayMark = new RelayedTaskMark();
  const build = () => (offer.servers.list().length > 0 ? offer.buildOptions() : null);
  const handler = new TaskHandler({
    nodeId: () => x.identity.nodeId,
    backend: {
      ready: () => offer.observation.status !== 'checking',
      advertised: () => offer.advertised(),
      build,
      route: (model) => offer.route(model),
      stability: () => (offer.observation.stability ?? STABILITY_OK) as Stability,
      // Told to consumers over the wire, so in English.
      down: () =>
        offer.observation.status === 'unreachable'
          ? english.said(offer.observation.message ?? said('engine.backend.unreachable'))
          : null,
    },
    books: x.books,
    owner: { ...x.owner, trustedProxies: () => x.settings().trustedProxies },
    observers: { metrics, onAnswered: x.onAnswered, onUsageNote: x.onUsageNote },
    admission,
    codec,
    relayed: { matches: (req) => relayMark.matches(req), plaintextAllowed: () => x.settings().relayPlaintext },
    limits: { bodyBudgetBytes: x.limits?.bodyBudgetBytes, bodyGraceMs: x.limits?.bodyGraceMs },
  });
  const reachProof = new ReachProof();
  // The native port answers on the same socket, through the same pipeline (its CALLs come from anyone, never the
  // relay).
  const native = new NativeCalls({ pipeline: handler.pipeline, codec });
  const server = new TaskServer({
    native: { nodeId: () => x.identity.nodeId, calls: native, maxCallBytes: MAX_BODY_BYTES },
    host: x.taskHost ?? '::',
    handler,
    health: x.health,
    fleet: x.fleet,
    reachProof,
    metrics,
    maxConnectionsPerSource: x.limits?.maxConnectionsPerSource,
    isTrustedProxy: (address) => handler.isTrustedProxy(address),
  });
  return { admission, metrics, codec, handler, server, relayMark, reachProof };
}

/**
 * Listens on `base`, or on the next free port of up to `tries` from it (0: any free port); throws when none is free
 * or listening fails for another reason.
 */
export async function listenNear(server: Pick<TaskServer, 'listen'>, base: number, tries: number): Promise<number> {
  const n = base === 0 ? 1 : tries;
  let last: unknown;
  for (let i = 0; i < n && base + i <= 65535; i++) {
    try {
      return await server.listen(base + i);
    } catch (err) {
      last = err;
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  throw Object.assign(new Error(`The task port ${base} is in use by another program.`), { cause: last });
}
