/**
 * The requests room assembled for a running node: the feed of every answer of the task port, where each finished
 * task goes (the ledger, the directory's metrics, the recent tasks, the feed), and what the network asks for.
 */
import type { Settings } from '@shared/contract';
import { systemTimeZone } from '../availability';
import type { DiscoveryClient, MetricsBatcher } from '../directory';
import type { EarningsService } from '../earnings';
import type { NodeCheckRunner } from '../nat';
import type { Admission, NodeMetrics, ServingOffer } from '../server';
import type { Db } from '../store';
import { DemandService } from './demand-service';
import { RequestFeed } from './request-feed';
import { RequestStore } from './request-store';
import { TaskOutcomes } from './task-outcomes';

export interface RequestsSources {
  db: Db;
  settings: () => Settings;
  /** Tasks admitted at once right now. */
  capacity: () => number;
  admission: Admission;
  nodeId: string;
  membership: () => string | null;
  offer: ServingOffer;
  earnings: EarningsService;
  /** The API key of one LLM server, for a model pull. */
  serverKey: (server: string) => string | null;
  /** The heartbeat's batch of task outcomes, and the /metrics counters. */
  batcher: MetricsBatcher;
  metrics: NodeMetrics;
  /** "Check my node": its own task is no work for the network and goes nowhere. */
  check: NodeCheckRunner;
  /** The newest served task in the ledger when the node starts (earlier runs included), or null. */
  lastServedAt: () => number | null;
  onChange: () => void;
  /** The earnings' clock: the feed's refusals and the ledger's served tasks turn to a new day together. */
  now?: () => number;
  fetchImpl?: typeof fetch;
  /** The node's one discovery client, whose answers every page shares. */
  discovery?: DiscoveryClient;
  /** The person's own machines (the machine list's ids, the operator fingerprint), counted apart on the demand card. */
  own?: { machines: () => readonly string[]; fingerprint: () => string | null };
}

/** Every part of the requests room. */
export interface RequestsParts {
  requests: RequestFeed;
  demand: DemandService;
  outcomes: TaskOutcomes;
}

export function assembleRequests(x: RequestsSources): RequestsParts {
  const requests = new RequestFeed({
    store: new RequestStore(x.db),
    timeZone: systemTimeZone(),
    now: x.now,
    slots: {
      capacity: x.capacity,
      maxConcurrent: () => x.settings().maxConcurrent,
      activeJobs: () => x.admission.activeJobs,
    },
    onChange: x.onChange,
  });
  const demand = new DemandService({
    directoryUrl: () => x.settings().directoryUrl,
    nodeId: x.nodeId,
    membership: x.membership,
    offer: x.offer,
    requests,
    price: () => {
      const p = x.earnings.pricing();
      return p.directoryMultiplier ?? p.ceiling;
    },
    serverKey: x.serverKey,
    onChange: x.onChange,
    fetchImpl: x.fetchImpl,
    discovery: x.discovery,
    own: x.own,
  });
  const outcomes = new TaskOutcomes({
    earnings: x.earnings,
    batcher: x.batcher,
    requests,
    check: x.check,
    metrics: x.metrics,
    lastServedAt: x.lastServedAt,
    onChange: x.onChange,
  });
  return { requests, demand, outcomes };
}
