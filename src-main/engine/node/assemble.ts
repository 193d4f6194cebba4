/**
 * The running node's composition root: each room assembles its own parts (`assemble…` in the room), and the three
 * sides of a run call those factories in the rooms' order: the serving side (assemble-serving.ts), the network side
 * (assemble-network.ts), the using side (assemble-using.ts). A lower part tells its news as node events
 * (node-events.ts) that later parts listen to; what it asks of a later part is a function, called only once all exist.
 */
import { join } from 'node:path';
import { MAIN_SERVER, moreBackendKey, moreBackendKeys } from '../backends';
import { DiscoveryClient, type DirectoryLink } from '../directory';
import type { EarningsService } from '../earnings';
import { claimNode, type InstanceLock, type NodeIdentity } from '../identity';
import { NodeLog, type NodeLogger } from '../logging';
import type { WayIn } from '../nat';
import { decodeUrlCredentials, useUrlCredentials, type ByteBudget, type UrlCredentials } from '../net';
import type { RelaySlot } from '../relay';
import type { RequestsParts } from '../requests';
import type { ServingOffer, TaskPort } from '../server';
import { assembleNetwork } from './assemble-network';
import { assembleServing, type RunBasics } from './assemble-serving';
import { assembleUsing, type UsingParts } from './assemble-using';
import type { BackendLooks } from './backend-looks';
import type { ReportSources } from './directory-reports';
import { NodeEvents } from './node-events';
import type { NodeServicesOptions } from './options';

/** Every part of a running node. */
export interface NodeParts extends Omit<TaskPort, 'relayMark' | 'reachProof'>, WayIn, RequestsParts, UsingParts {
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
  const events = new NodeEvents();
  const log: NodeLogger = (level, event, details, persist = true) => {
    nodeLog.write(event, details);
    if (event === 'heartbeat_fail')
      void events.emit('heartbeatFailed', details.includes('status=') ? 'http_5xx' : 'network');
    o.log(level, event, details, persist);
  };
  const discovery = new DiscoveryClient({
    directoryUrl: () => o.settings().directoryUrl,
    membership: () => o.secrets.get('membership_credential'),
    fetchImpl: o.fetchImpl,
  });
  const basics: RunBasics = { o, identity, events, log, discovery, serverKey };
  // The sides are made in order; a function given to an earlier one may name a later one, called only once all exist.
  const serving = assembleServing(basics, {
    directory: () => network.link.status,
    earnings: () => network.earnings,
    reports: () => network.reports,
    fleet: () => using.fleet,
  });
  const network = assembleNetwork(basics, serving, boundPort, {
    machineNameOf: () => using.machineNameOf,
    gatewayKeys: () => using.gateway.keys,
    myMachines: () => using.machines.ids(),
  });
  const using = assembleUsing(basics, serving, network);
  const { admission, metrics, codec, server, handler } = serving.port;
  const { wayIn, requests, closeNamedCalls, relay, earnings, reports, looks, link } = network;
  return {
    identity,
    lock,
    nodeLog,
    releaseUrlCredentials,
    log,
    discovery,
    offer: serving.offer,
    apiKey,
    serverKey,
    admission,
    metrics,
    codec,
    server,
    handler,
    bodyBudget: handler.bodyBudget,
    ...wayIn,
    ...requests,
    closeNamedCalls,
    relay,
    earnings,
    reports,
    looks,
    link,
    ...using,
  };
}
