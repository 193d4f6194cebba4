/**
 * The running node's composition root: each room assembles its own parts (`assemble…` in the room), and this list
 * calls those factories in the rooms' order, handing each what it needs of the rooms below it and of the node. Parts
 * learn about each other only through the functions given here, so each can be read (and tested) on its own.
 */
import { join } from 'node:path';
import { LLM_INTENTS, MAIN_SERVER, moreBackendKey, moreBackendKeys } from '../backends';
import { DirectoryLink, DiscoveryClient, MetricsBatcher } from '../directory';
import { EarningsService } from '../earnings';
import { assembleFleet, MachineReach, type FleetAccess, type FleetService, type FleetWebhook } from '../fleet';
import { appNameOf, assembleGateway, type GatewayService } from '../gateway';
import {
  claimNode,
  machineNamer,
  MyMachines,
  type InstanceLock,
  type MachineNamer,
  type NodeIdentity,
} from '../identity';
import { NodeLog, type NodeLogger } from '../logging';
import { assembleWayIn, type WayIn } from '../nat';
import {
  createPinnedFetch,
  decodeUrlCredentials,
  useUrlCredentials,
  type ByteBudget,
  type UrlCredentials,
} from '../net';
import type { RelaySlot } from '../relay';
import { assembleRequests, type RequestsParts } from '../requests';
import { assembleTaskPort, ServingOffer, usageNoteDetails, type TaskPort } from '../server';
import { BackendLooks } from './backend-looks';
import { healthAnswer, registrationFor, type ReportSources } from './directory-reports';
import type { NodeServicesOptions } from './options';

/** Every part of a running node. */
export interface NodeParts extends Omit<TaskPort, 'relayMark' | 'reachProof'>, WayIn, RequestsParts {
  identity: NodeIdentity;
  lock: InstanceLock;
  nodeLog: NodeLog;
  /** Puts back the URL credentials this run lent to the calls it makes. */
  releaseUrlCredentials: () => void;
  /** Ends the connections of the calls to addresses someone else named (relays, tunnels, the node's own endpoint). */
  closeNamedCalls: () => Promise<void>;
  log: NodeLogger;
  /** The one reader of the directory's discovery: every page that tells of the network tells its answer. */
  discovery: DiscoveryClient;
  offer: ServingOffer;
  looks: BackendLooks;
  /** The LLM server's key, for the calls the node makes to it besides tasks. */
  apiKey: () => string | null;
  /** The API key of one LLM server (`main`: the same as `apiKey`). */
  serverKey: (server: string) => string | null;
  bodyBudget: ByteBudget;
  earnings: EarningsService;
  link: DirectoryLink;
  reports: ReportSources;
  relay: RelaySlot;
  /** "Use the network": the local gateway for apps on this computer. */
  gateway: GatewayService;
  /** One name per machine (identity/machine-names.ts): the gateway's rows, the Earnings page, the CSV and the log. */
  machineNameOf: MachineNamer;
  /** The person's machine list: the fleet looks at its machines, the gateway asks them first. */
  machines: MyMachines<FleetAccess>;
  /** The person's other machines, and what this computer publishes about itself for them. */
  fleet: FleetService;
  fleetWebhook: FleetWebhook;
}

/**
 * Takes the node lock before anything else touches the node's secrets or logs: a second process on the same node
 * must fail here, having changed nothing. Throws `InstanceLockError` or `SecretStoreError`.
 */
export function assembleNode(o: NodeServicesOptions, boundPort: () => number | null): NodeParts {
  const { identity, lock } = claimNode(o.store.state, o.secrets, join(o.dataDir, 'run'));
  // Credentials the service installer took out of the backend / directory URL go back onto the calls to them.
  const releaseUrlCredentials = useUrlCredentials(
    [
      decodeUrlCredentials(o.secrets.get('backend_url_credentials')),
      decodeUrlCredentials(o.secrets.get('directory_url_credentials')),
    ].filter((c): c is UrlCredentials => c !== null),
  );
  const apiKey = () => o.backendApiKey ?? o.secrets.get('backend_api_key');
  const serverKey = (server: string): string | null =>
    server === MAIN_SERVER ? apiKey() : moreBackendKey(o.secrets, server);
  const secretsToMask = () => [
    o.secrets.get('node_token'),
    o.secrets.get('node_hmac_key'),
    o.secrets.get('cx_private_key'),
    apiKey(),
    ...moreBackendKeys(o.secrets),
    o.secrets.get('fleet_webhook_url'),
  ];
  const nodeLog = new NodeLog(join(o.dataDir, 'logs'), identity.nodeId, secretsToMask);
  // A heartbeat failed since the last accepted one (receipts waited meanwhile).
  let directoryFailing = false;
  const batcher = new MetricsBatcher();
  const { settings, onChange, fetchImpl } = o;
  const discovery = new DiscoveryClient({
    directoryUrl: () => settings().directoryUrl,
    membership: () => o.secrets.get('membership_credential'),
    fetchImpl,
  });
  // The rooms are made in order; a function given to one may name a later one, called only once all exist.
  /* eslint-disable prefer-const */
  let link: DirectoryLink;
  let fleet: FleetService;
  let earnings: EarningsService;
  let looks: BackendLooks;
  let requestsParts: RequestsParts;
  /* eslint-enable prefer-const */
  const offer = new ServingOffer({
    settings,
    apiKey: serverKey,
    directory: () => link.status,
    onObserved: () => looks.observed(),
    fetchImpl,
  });
  const port = assembleTaskPort({
    identity,
    settings,
    capacity: o.capacity,
    onChange,
    offer,
    books: {
      records: {
        hasTask: (id) => earnings.hasTask(id),
        hasNonce: (nonce, since) => earnings.hasNonce(nonce, since),
        noteCut: (id, nonce) => earnings.noteCut(id, nonce),
      },
      onFinished: (t) => requestsParts.outcomes.finished(t),
      onSettled: (t) => requestsParts.outcomes.settled(t),
      claimsReceipts: () => earnings.canClaim(),
    },
    // The energy total is the ledger's (every run's), read at each scrape.
    energyTotal: () => earnings.energyTotal(),
    owner: { busy: () => o.ownerBusy?.() ?? null, energy: o.energy },
    onAnswered: (a) => requestsParts.outcomes.answered(a),
    onUsageNote: (note) => log('warn', 'usage_claim_bounded', usageNoteDetails(note)),
    health: () => healthAnswer(reports),
    fleet: (body) => fleet.request(body),
    taskHost: o.taskHost,
    limits: o.tuning?.taskLimits,
  });
  const log: NodeLogger = (level, event, details, persist = true) => {
    nodeLog.write(event, details);
    if (event === 'heartbeat_fail') {
      port.metrics.heartbeatFailure(details.includes('status=') ? 'http_5xx' : 'network');
      directoryFailing = true;
    }
    o.log(level, event, details, persist);
  };
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
    onEndpoint: (reason) => link.requestReregister(reason),
    onLost: () => link.heartbeatNow(),
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
  earnings = new EarningsService({
    store: o.store,
    secrets: o.secrets,
    nodeId: identity.nodeId,
    baseUrl: () => settings().directoryUrl,
    settings,
    models: () => offer.advertised().models,
    parameterCount: (name) => offer.capabilities().offered.get(name)?.parameterCount ?? null,
    log,
    onChange,
    onStoreProblem: o.onStoreProblem,
    energy: o.energy && (() => o.energy!.info()),
    fetchImpl,
    spendNames: { machine: (id) => machineNameOf(id), app: (id) => appNameOf(gateway.keys.list(), id) },
    ...o.tuning?.earnings,
  });
  requestsParts = assembleRequests({
    db: o.store.db,
    settings,
    capacity: o.capacity,
    admission: port.admission,
    nodeId: identity.nodeId,
    offer,
    earnings,
    serverKey,
    batcher,
    membership: () => o.secrets.get('membership_credential'),
    metrics: port.metrics,
    check: wayIn.check,
    onChange,
    now: o.tuning?.earnings?.now,
    fetchImpl,
    discovery,
    lastServedAt: () => o.store.ledger.lastServedAt(),
  });
  const reports: ReportSources = {
    identity,
    appVersion: o.appVersion,
    store: o.store,
    settings,
    capacity: o.capacity,
    offered: o.offered,
    offer,
    reach: wayIn.reach,
    pinhole: wayIn.pinhole,
    earnings,
    admission: port.admission,
  };
  looks = new BackendLooks({
    offer,
    reports,
    link: () => link,
    relay: () => relay.current,
    onBackendProblem: o.onBackendProblem,
    onChange,
  });
  link = new DirectoryLink({
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
    fetchImpl,
    startupRetryDelaysMs: o.tuning?.directoryStartupRetryDelaysMs,
    backoffBaseMs: o.tuning?.directoryBackoffBaseMs,
  });
  // One list of the person's machines for the fleet and the gateway, kept with the operator identity.
  const machines = new MyMachines<FleetAccess>({
    holder: {
      access: () => o.fleet?.access() ?? null,
      save: (fingerprint, list) => o.fleet?.saveMachines(fingerprint, list),
    },
    waiting: o.store.state,
    selfNodeId: identity.nodeId,
    log,
    nameOf: (id) => machineNameOf(id),
  });
  // The person's machines as the fleet last saw them: the gateway still reaches them while the directory is down.
  const reach = new MachineReach({
    shelf: o.store.state,
    discovery,
    intents: () => LLM_INTENTS,
    others: () => machines.ids().filter((id) => id !== identity.nodeId),
    log: (problem) => log('warn', 'fleet_save_failed', problem),
  });
  // One name per machine: every page, the CSV and the log name a node by this one resolver.
  const machineNameOf = machineNamer({
    selfNodeId: identity.nodeId,
    selfName: () => settings().displayName,
    machines: () => machines.access()?.machines ?? [],
    operatorName: (fp) => discovery.operatorName(fp),
    operatorOf: (id) => discovery.operatorOf(id),
  });
  const gateway = assembleGateway({
    machineName: machineNameOf,
    identity,
    settings,
    secrets: o.secrets,
    store: o.store,
    operator: o.operator,
    earnings,
    log,
    onChange,
    directoryFetch: fetchImpl,
    discovery,
    myMachines: () => machines.ids(),
    knownMachines: () => reach.known(),
    // This computer's own servers answer first, as the owner's use of the GPU.
    servers: { observation: () => offer.observation, route: (m) => offer.route(m) },
    ownerUse: o.ownerUse,
    // Nodes are addresses the directory named: each connection is judged by the address rules, as a relay's is.
    nodeFetch: o.publicFetch ?? { post: named.post },
    nodeConnect: named.connect,
    now: o.tuning?.earnings?.now,
    portOverride: o.gatewayPort,
    breaker: o.tuning?.gatewayBreaker,
  });
  const fleetParts = assembleFleet({
    identity,
    settings,
    secrets: o.secrets,
    shelf: o.store.state,
    capacity: o.capacity,
    hooks: o.fleet,
    machines,
    onChange,
    fetchImpl,
    discovery,
    log,
    link,
    earnings,
    offer,
    admission: port.admission,
    machineFetch: o.publicFetch ?? named.fetch,
    discoverEveryMs: o.tuning?.fleetDiscoverMs,
    settleMs: o.tuning?.fleetSettleMs,
    reach,
    nameOf: (id) => machineNameOf(id),
  });
  fleet = fleetParts.fleet;
  const { admission, metrics, codec, server, handler } = port;
  return {
    identity,
    lock,
    nodeLog,
    releaseUrlCredentials,
    closeNamedCalls,
    log,
    discovery,
    offer,
    looks,
    apiKey,
    serverKey,
    admission,
    metrics,
    codec,
    server,
    handler,
    bodyBudget: handler.bodyBudget,
    ...wayIn,
    ...requestsParts,
    earnings,
    link,
    reports,
    relay,
    gateway,
    machines,
    machineNameOf,
    ...fleetParts,
  };
}
