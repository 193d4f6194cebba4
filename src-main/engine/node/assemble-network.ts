/**
 * The network side of a run: the calls to addresses someone else named, the way in (with the relay rung), the
 * earnings, the requests, and the directory link with what the node tells it. It hears the serving side through node
 * events and tells its own news the same way.
 */
import { DirectoryLink, MetricsBatcher } from '../directory';
import { EarningsService } from '../earnings';
import type { GatewayParts } from '../gateway';
import { operatorFingerprintOf, type MachineNamer } from '../identity';
import { assembleWayIn, type WayIn } from '../nat';
import { createPinnedFetch, type PinnedFetch } from '../net';
import type { RelaySlot } from '../relay';
import { assembleRequests, type RequestsParts } from '../requests';
import type { RunBasics, ServingParts } from './assemble-serving';
import { BackendLooks } from './backend-looks';
import { registrationFor, type ReportSources } from './directory-reports';
import type { NodeEvents } from './node-events';

/** What the network side asks of parts made after it; called only once every part exists. */
export interface NetworkAsks {
  machineNameOf: () => MachineNamer;
  /** The gateway's key administration: the books name an app by its key. */
  gatewayKeys: () => GatewayParts['keys'];
  /** The node ids of the person's machine list, as the gateway and the fleet read it. */
  myMachines: () => readonly string[];
}

export interface NetworkParts {
  /** Calls to addresses someone else named (relays, tunnels, the person's machines), judged by the address rules. */
  named: PinnedFetch;
  /** Ends the connections of the calls to addresses someone else named (relays, tunnels, the node's own endpoint). */
  closeNamedCalls: () => Promise<void>;
  wayIn: WayIn;
  relay: RelaySlot;
  earnings: EarningsService;
  requests: RequestsParts;
  reports: ReportSources;
  looks: BackendLooks;
  link: DirectoryLink;
}

export function assembleNetwork(
  b: RunBasics,
  { offer, port }: ServingParts,
  boundPort: () => number | null,
  asks: NetworkAsks,
): NetworkParts {
  const { o, identity, events, log, discovery } = b;
  const { settings, onChange, fetchImpl } = o;
  const relay: RelaySlot = { current: null, mark: port.relayMark };
  // An address someone else named (a relay the directory lists, a tunnel another program reports) is called only at
  // an address its name resolves to that the rules allow, judged on the connection itself; a test's own fetch plays
  // the whole network instead.
  const addressRules = {
    allowPrivate: o.allowPrivateEndpoint === true,
    resolve: o.tuning?.resolveHost,
    interfaces: o.tuning?.nat?.interfaces,
  };
  const named = createPinnedFetch({ ...addressRules, ownPorts: () => [boundPort()] });
  // "Check my node" calls the node's own endpoint, which on the direct rungs is one of this computer's public
  // addresses.
  const ownEndpoint = createPinnedFetch({ ...addressRules, allowOwnPublic: true });
  const closeNamedCalls = async () => {
    await Promise.all([named.close(), ownEndpoint.close()]);
  };
  const wayIn = assembleWayIn({
    identity,
    settings,
    boundPort,
    dataDir: o.dataDir,
    allowPrivateEndpoint: o.allowPrivateEndpoint,
    log,
    onChange,
    offer,
    reachProof: port.reachProof,
    onEndpoint: (reason) => void events.emit('endpointChanged', reason),
    onLost: () => void events.emit('wayInLost', undefined),
    relay: {
      secrets: o.secrets,
      discovery,
      taskHost: o.taskHost,
      timings: o.tuning?.relay,
      slot: relay,
      codec: port.codec,
      admission: port.admission,
      bodyBudget: port.handler.bodyBudget,
      modelsKnown: () => looks.firstLook,
    },
    named,
    ownEndpoint,
    fetchImpl,
    publicFetch: o.publicFetch,
    tuning: o.tuning,
  });
  const earnings = new EarningsService({
    store: o.store,
    secrets: o.secrets,
    nodeId: identity.nodeId,
    baseUrl: () => settings().directoryUrl,
    settings,
    models: () => offer.advertised().models,
    intents: () => offer.advertised().intents,
    parameterCount: (name) => offer.capabilities().offered.get(name)?.parameterCount ?? null,
    log,
    onChange,
    onStoreProblem: o.onStoreProblem,
    energy: o.energy && (() => o.energy!.info()),
    fetchImpl,
    spendNames: {
      machine: (id) => asks.machineNameOf()(id),
      operator: (id) => asks.machineNameOf().operatorName(id),
      app: (id) => asks.gatewayKeys().appName(id),
    },
    ...o.tuning?.earnings,
  });
  const batcher = new MetricsBatcher();
  const requests = assembleRequests({
    db: o.store.db,
    settings,
    capacity: o.capacity,
    admission: port.admission,
    nodeId: identity.nodeId,
    offer,
    earnings,
    serverKey: b.serverKey,
    batcher,
    membership: () => o.secrets.get('membership_credential'),
    metrics: port.metrics,
    check: wayIn.check,
    onChange,
    now: o.tuning?.earnings?.now,
    fetchImpl,
    discovery,
    lastServedAt: () => o.store.ledger.lastServedAt(),
    // The person's own machines as the gateway tells them: on the machine list, or under the operator's fingerprint.
    own: {
      machines: asks.myMachines,
      fingerprint: () => operatorFingerprintOf(o.operator),
    },
  });
  const reports: ReportSources = {
    identity,
    appVersion: o.appVersion,
    store: o.store,
    settings,
    capacity: o.capacity,
    offered: o.offered,
    setUp: o.setUp,
    offer,
    reach: wayIn.reach,
    pinhole: wayIn.pinhole,
    earnings,
    admission: port.admission,
    beforeFirstJoin: () => looks.beforeFirstJoin,
  };
  const looks: BackendLooks = new BackendLooks({
    offer,
    reports,
    link: () => link,
    relay: () => relay.current,
    onBackendProblem: o.onBackendProblem,
    onChange,
  });
  const link: DirectoryLink = new DirectoryLink({
    baseUrl: () => settings().directoryUrl,
    nodeId: identity.nodeId,
    secrets: o.secrets,
    registration: () => registrationFor(reports),
    membership: () => o.secrets.get('membership_credential'),
    operator: o.operator,
    heartbeatState: () => looks.heartbeatState(),
    metrics: batcher,
    log,
    onChange,
    onHeartbeatAccepted: (sent) => void events.emit('heartbeatAccepted', sent),
    onRegistered: (sentPricing) => void events.emit('registered', sentPricing),
    fetchImpl,
    startupRetryDelaysMs: o.tuning?.directoryStartupRetryDelaysMs,
    backoffBaseMs: o.tuning?.directoryBackoffBaseMs,
  });
  hearNodeEvents(events, { requests, looks, link, earnings, relay });
  return { named, closeNamedCalls, wayIn, relay, earnings, requests, reports, looks, link };
}

/** The network side's answers to the node's events. */
function hearNodeEvents(
  events: NodeEvents,
  p: Pick<NetworkParts, 'requests' | 'looks' | 'link' | 'earnings' | 'relay'>,
) {
  const { outcomes } = p.requests;
  events.on('taskFinished', (t) => outcomes.finished(t));
  events.on('taskSettled', (t) => outcomes.settled(t));
  events.on('taskAnswered', (a) => outcomes.answered(a));
  events.on('backendObserved', () => p.looks.observed());
  events.on('endpointChanged', (reason) => p.link.requestReregister(reason));
  events.on('wayInLost', () => p.link.heartbeatNow());
  // A heartbeat failed since the last accepted one (receipts waited meanwhile).
  let directoryFailing = false;
  events.on('heartbeatFailed', () => {
    directoryFailing = true;
  });
  events.on('heartbeatAccepted', (sent) => {
    p.earnings.heartbeatAccepted(sent.pricing);
    if (directoryFailing) {
      directoryFailing = false;
      p.earnings.directoryBack();
    }
  });
  events.on('registered', (sentPricing) => {
    p.earnings.registered(sentPricing);
    // The directory may have accepted another model list than the one the relay was bound with.
    p.relay.current?.modelsChanged();
  });
}
