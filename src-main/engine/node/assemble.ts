/**
 * The running node's composition root: makes each part once and wires it to the others. Parts learn about each
 * other only through the functions given here, so each can be read (and tested) on its own.
 */
import { join } from 'node:path';
import type { NodeServicesOptions } from './options';
import { DirectoryLink } from '../directory/directory-link';
import { MetricsBatcher } from '../directory/metrics-batch';
import { EarningsService } from '../earnings/earnings-service';
import { InstanceLock } from '../identity/instance-lock';
import { loadOrCreateCxKey, loadOrCreateNodeId, type NodeIdentity } from '../identity/node-identity';
import { NodeLog } from '../logging/node-log';
import { createPinholeRung, type PinholeRung } from '../nat/pinhole-rung';
import { Reachability } from '../nat/reachability';
import { createTunnelRung } from '../nat/tunnel-rung';
import { ReachProof } from '../server/reach-proof';
import { createPinnedFetch } from '../net/pinned-fetch';
import { decodeUrlCredentials, useUrlCredentials, type UrlCredentials } from '../net/url-credentials';
import { RequestFeed } from '../requests/request-feed';
import { RequestStore } from '../requests/request-store';
import { Admission } from '../server/admission';
import type { ByteBudget } from '../net/byte-budget';
import { CodecPool } from '../server/codec-pool';
import { NodeMetrics } from '../server/node-metrics';
import { RelayedTaskMark } from '../server/relayed-task';
import { TaskHandler } from '../server/task-handler';
import type { Stability } from '../server/task-handler-types';
import { TaskServer } from '../server/task-server';
import { STABILITY_OK } from '../backends/stability';
import { systemTimeZone } from '../availability/schedule';
import { GatewayService } from '../gateway/gateway-service';
import { operatorFingerprint } from '../identity/operator-key';
import { BackendLooks } from './backend-looks';
import { healthAnswer, registrationFor, type ReportSources } from './directory-reports';
import { NodeCheckRunner } from './node-check-runner';
import type { NodeLogger } from './node-logger';
import { createRelay, type RelaySlot } from './relay-factory';
import { ServingOffer } from './serving-offer';
import { moreBackendKey, moreBackendKeys } from './server-keys';
import { DemandService } from './demand-service';
import { MAIN_SERVER } from '../backends/server-set';
import { TaskOutcomes } from './task-outcomes';
import { assembleFleet } from './fleet-parts';
import type { FleetService } from '../fleet/fleet-service';
import type { FleetWebhook } from '../fleet/fleet-webhook';

/** Every part of a running node. */
export interface NodeParts {
  identity: NodeIdentity;
  lock: InstanceLock;
  nodeLog: NodeLog;
  /** Puts back the URL credentials this run lent to the calls it makes. */
  releaseUrlCredentials: () => void;
  /** Ends the connections of the calls to addresses someone else named (relays, tunnels, the node's own endpoint). */
  closeNamedCalls: () => Promise<void>;
  log: NodeLogger;
  offer: ServingOffer;
  looks: BackendLooks;
  check: NodeCheckRunner;
  outcomes: TaskOutcomes;
  admission: Admission;
  metrics: NodeMetrics;
  codec: CodecPool;
  server: TaskServer;
  handler: TaskHandler;
  /** The LLM server's key, for the calls the node makes to it besides tasks. */
  apiKey: () => string | null;
  /** The API key of one LLM server (`main`: the same as `apiKey`). */
  serverKey: (server: string) => string | null;
  /** What the network asks for, and pulling a model onto an Ollama server. */
  demand: DemandService;
  bodyBudget: ByteBudget;
  pinhole: PinholeRung;
  reach: Reachability;
  earnings: EarningsService;
  requests: RequestFeed;
  link: DirectoryLink;
  reports: ReportSources;
  relay: RelaySlot;
  /** "Use the network": the local gateway for apps on this computer. */
  gateway: GatewayService;
  /** The person's other machines, and what this computer publishes about itself for them. */
  fleet: FleetService;
  fleetWebhook: FleetWebhook;
}

/**
 * Takes the node lock before anything else touches the node's secrets or logs: a second process on the same node
 * must fail here, having changed nothing. Throws `InstanceLockError` or `SecretStoreError`.
 */
export function assembleNode(o: NodeServicesOptions, boundPort: () => number | null): NodeParts {
  const nodeId = loadOrCreateNodeId(o.store.state);
  const lock = new InstanceLock(join(o.dataDir, 'run'), nodeId);
  lock.acquire();
  let identity: NodeIdentity;
  try {
    identity = { nodeId, cx: loadOrCreateCxKey(o.secrets) };
  } catch (err) {
    lock.release();
    throw err;
  }
  // Credentials the service installer took out of the backend / directory URL go back onto the calls to them.
  const releaseUrlCredentials = useUrlCredentials(
    [decodeUrlCredentials(o.secrets.get('backend_url_credentials')), decodeUrlCredentials(o.secrets.get('directory_url_credentials'))].filter(
      (c): c is UrlCredentials => c !== null,
    ),
  );
  const apiKey = () => o.backendApiKey ?? o.secrets.get('backend_api_key');
  const nodeLog = new NodeLog(join(o.dataDir, 'logs'), identity.nodeId, () => [
    o.secrets.get('node_token'),
    o.secrets.get('node_hmac_key'),
    o.secrets.get('cx_private_key'),
    apiKey(),
    ...moreBackendKeys(o.secrets),
    o.secrets.get('fleet_webhook_url'),
  ]);
  const admission = new Admission(() => o.capacity(), o.onChange, { overShareGraceMs: o.tuning?.taskLimits?.overShareGraceMs });
  const relay: RelaySlot = { current: null, mark: new RelayedTaskMark() };
  // A heartbeat failed since the last accepted one (receipts waited meanwhile).
  let directoryFailing = false;
  const batcher = new MetricsBatcher();
  // The parts below are made in order; a function given to one may name a later one, called only once all exist.
  /* eslint-disable prefer-const */
  let link: DirectoryLink;
  let fleet: FleetService;
  let earnings: EarningsService;
  let looks: BackendLooks;
  let outcomes: TaskOutcomes;
  /* eslint-enable prefer-const */
  const serverKey = (server: string): string | null => (server === MAIN_SERVER ? apiKey() : moreBackendKey(o.secrets, server));
  const offer = new ServingOffer({ settings: o.settings, apiKey: serverKey, directory: () => link.status, onObserved: () => looks.observed(), fetchImpl: o.fetchImpl });
  // The energy total is the ledger's (every run's), read at each scrape.
  const metrics = new NodeMetrics(() => offer.advertised().intents, () => earnings.energyTotal());
  const log: NodeLogger = (level, event, details, persist = true) => {
    nodeLog.write(event, details);
    if (event === 'heartbeat_fail') {
      metrics.heartbeatFailure(details.includes('status=') ? 'http_5xx' : 'network');
      directoryFailing = true;
    }
    o.log(level, event, details, persist);
  };
  const codec = new CodecPool(identity.cx);
  const handler = new TaskHandler({
    nodeId: () => identity.nodeId,
    backend: {
      ready: () => offer.observation.status !== 'checking',
      advertised: () => offer.advertised(),
      build: () => (offer.servers.list().length > 0 ? offer.buildOptions() : null),
      route: (model) => offer.route(model),
      stability: () => (offer.observation.stability ?? STABILITY_OK) as Stability,
      down: () => (offer.observation.status === 'unreachable' ? (offer.observation.message ?? 'The local LLM server is not responding.') : null),
    },
    books: {
      records: { hasTask: (id) => earnings.hasTask(id), hasNonce: (nonce, since) => earnings.hasNonce(nonce, since) },
      onFinished: (t) => outcomes.finished(t),
      onSettled: (t) => outcomes.settled(t),
      claimsReceipts: () => earnings.canClaim(),
    },
    owner: { busy: () => o.ownerBusy?.() ?? null, energy: o.energy, trustedProxies: () => o.settings().trustedProxies },
    observers: { metrics, onAnswered: (a) => outcomes.answered(a) },
    admission,
    codec,
    relayed: { matches: (req) => relay.mark.matches(req), plaintextAllowed: () => o.settings().relayPlaintext },
    limits: { bodyBudgetBytes: o.tuning?.taskLimits?.bodyBudgetBytes, bodyGraceMs: o.tuning?.taskLimits?.bodyGraceMs },
  });
  // The task server answers the one-time codes the tunnel rung sends through an address before using it.
  const reachProof = new ReachProof();
  const server = new TaskServer({
    host: o.taskHost ?? '::',
    handler,
    health: () => healthAnswer(reports),
    fleet: (body) => fleet.request(body),
    reachProof,
    metrics,
    maxConnectionsPerSource: o.tuning?.taskLimits?.maxConnectionsPerSource,
    isTrustedProxy: (address) => handler.isTrustedProxy(address),
  });
  // An address someone else named (a relay the directory lists, a tunnel another program reports) is called only at
  // an address its name resolves to that the rules allow, judged on the connection itself; a test's own fetch plays
  // the whole network instead.
  const addressRules = { allowPrivate: o.allowPrivateEndpoint === true, resolve: o.tuning?.resolveHost, interfaces: o.tuning?.nat?.interfaces };
  const named = createPinnedFetch({ ...addressRules, ownPorts: () => [boundPort()] });
  // "Check my node" calls the node's own endpoint, which on the direct rungs is one of this computer's public addresses.
  const ownEndpoint = createPinnedFetch({ ...addressRules, allowOwnPublic: true });
  const closeNamedCalls = async () => {
    await Promise.all([named.close(), ownEndpoint.close()]);
  };
  const pinhole = createPinholeRung({ interfaces: o.tuning?.nat?.interfaces, onChange: o.onChange, log: (level, event, details) => log(level, event, details), ...o.tuning?.pinhole });
  const reach = new Reachability({
    port: boundPort,
    settings: o.settings,
    allowPrivateEndpoint: o.allowPrivateEndpoint,
    tuning: o.tuning?.nat,
    log: (level, event, details) => log(level, event, details),
    onChange: o.onChange,
    onEndpoint: (reason) => link.requestReregister(reason),
    // Tell the directory at once that the node cannot be reached, instead of at the next beat.
    onLost: () => link.heartbeatNow(),
    createRelay: (events) =>
      createRelay({ o, identity, slot: relay, boundPort, offer, codec, admission, bodyBudget: handler.bodyBudget, modelsKnown: () => looks.firstLook, named, log, events }),
    pinhole,
    tunnels: createTunnelRung({
      stateDir: join(o.dataDir, 'state'),
      ...o.tuning?.tunnels,
      reachProof,
      fetchImpl: o.publicFetch ?? named.fetch,
      // The ngrok agent's API is on this computer by the node's own choice, not an address someone else named.
      agentFetch: o.publicFetch ?? fetch,
      log: (level, event, details) => log(level, event, details),
      onChange: o.onChange,
    }),
  });
  earnings = new EarningsService({
    store: o.store,
    secrets: o.secrets,
    nodeId: identity.nodeId,
    baseUrl: () => o.settings().directoryUrl,
    settings: o.settings,
    models: () => offer.advertised().models,
    parameterCount: (name) => offer.capabilities().offered.get(name)?.parameterCount ?? null,
    log,
    onChange: o.onChange,
    onStoreProblem: o.onStoreProblem,
    energy: o.energy && (() => o.energy!.info()),
    fetchImpl: o.fetchImpl,
    ...o.tuning?.earnings,
  });
  const requests = new RequestFeed({
    store: new RequestStore(o.store.db),
    timeZone: systemTimeZone(),
    // The earnings' clock: the feed's refusals and the ledger's served tasks turn to a new day together.
    now: o.tuning?.earnings?.now,
    slots: { capacity: () => o.capacity(), maxConcurrent: () => o.settings().maxConcurrent, activeJobs: () => admission.activeJobs },
    onChange: o.onChange,
  });
  const demand = new DemandService({
    directoryUrl: () => o.settings().directoryUrl,
    nodeId: identity.nodeId,
    membership: () => o.secrets.get('membership_credential'),
    offer,
    requests,
    price: () => {
      const p = earnings.pricing();
      return p.directoryMultiplier ?? p.ceiling;
    },
    serverKey,
    onChange: o.onChange,
    fetchImpl: o.fetchImpl,
  });
  const reports: ReportSources = { identity, appVersion: o.appVersion, store: o.store, settings: o.settings, capacity: o.capacity, offered: o.offered, offer, reach, pinhole, earnings, admission };
  looks = new BackendLooks({ offer, reports, link: () => link, relay: () => relay.current, onBackendProblem: o.onBackendProblem, onChange: o.onChange });
  const check = new NodeCheckRunner({ identity, settings: o.settings, reach, offer, log, onChange: o.onChange, fetchImpl: o.fetchImpl, probeGapMs: o.tuning?.probeGapMs, publicFetch: o.publicFetch ?? o.fetchImpl ?? ownEndpoint.fetch });
  outcomes = new TaskOutcomes({ earnings, batcher, requests, check, metrics, lastServedAt: () => o.store.ledger.lastServedAt(), onChange: o.onChange });
  link = new DirectoryLink({
    baseUrl: () => o.settings().directoryUrl,
    nodeId: identity.nodeId,
    secrets: o.secrets,
    registration: () => registrationFor(reports),
    membership: () => o.secrets.get('membership_credential'),
    operator: o.operator,
    heartbeatState: () => looks.heartbeatState(),
    metrics: batcher,
    log,
    onChange: o.onChange,
    onHeartbeatAccepted: (sent) => {
      earnings.heartbeatAccepted(sent.pricing);
      if (directoryFailing) {
        directoryFailing = false;
        earnings.directoryBack();
      }
    },
    onRegistered: (sentPricing) => {
      earnings.registered(sentPricing);
      // The directory may have accepted another model list than the one the relay was bound with.
      relay.current?.modelsChanged();
    },
    fetchImpl: o.fetchImpl,
    startupRetryDelaysMs: o.tuning?.directoryStartupRetryDelaysMs,
    backoffBaseMs: o.tuning?.directoryBackoffBaseMs,
  });
  const gateway = new GatewayService({
    settings: () => o.settings().gateway,
    directoryUrl: () => o.settings().directoryUrl,
    shelf: o.store.state,
    book: {
      record: (entries) => o.store.spend.recordAll(entries),
      recent: (limit) => o.store.spend.recent(limit),
      spentBetweenMicro: (from, to) => o.store.spend.spentBetweenU(from, to),
      version: () => o.store.spend.version,
    },
    selfNodeId: identity.nodeId,
    nodeToken: () => o.secrets.get('node_token'),
    operatorFingerprint: () => {
      const pub = o.operator?.registration()?.publicKey;
      return pub ? operatorFingerprint(pub) : null;
    },
    balance: () => earnings.balance(),
    readBooks: () => earnings.syncNow(),
    directoryFetch: o.fetchImpl,
    // Nodes are addresses the directory named: each connection is judged by the address rules, as a relay's is.
    nodeFetch: o.publicFetch ?? { post: named.post },
    now: o.tuning?.earnings?.now ?? Date.now,
    timeZone: systemTimeZone(),
    log: (level, event, details) => log(level, event, details ?? ''),
    onChange: o.onChange,
    portOverride: o.gatewayPort,
    breaker: o.tuning?.gatewayBreaker,
  });
  const fleetParts = assembleFleet({ o, identity, log, link, earnings, offer, admission, machineFetch: o.publicFetch ?? named.fetch });
  fleet = fleetParts.fleet;
  return { identity, lock, nodeLog, releaseUrlCredentials, closeNamedCalls, log, offer, looks, check, outcomes, admission, metrics, codec, server, handler, apiKey, serverKey, demand, bodyBudget: handler.bodyBudget, pinhole, reach, earnings, requests, link, reports, relay, gateway, ...fleetParts };
}
