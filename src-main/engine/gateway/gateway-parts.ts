/**
 * The gateway room assembled for a running node: "Use the network" with its spent book in the store, the person's own
 * machines asked first, the node's balance and books, and nodes called only where the address rules allow.
 */
import type { Settings } from '@shared/contract';
import { systemTimeZone } from '../availability';
import type { DiscoveryClient } from '../directory';
import type { EarningsService } from '../earnings';
import { operatorFingerprintOf, type NodeIdentity, type OperatorLinkHooks, type SecretStore } from '../identity';
import type { NodeLogger } from '../logging';
import type { Store } from '../store';
import { composeGateway, type GatewayParts } from './compose-gateway';
import type { GatewayOptions } from './gateway-options';
import { type BreakerTimes, localServer, type LocalServerSources } from './routing';

export interface GatewaySources {
  identity: NodeIdentity;
  settings: () => Settings;
  secrets: SecretStore;
  store: Store;
  /** The person's operator identity: its fingerprint tells the directory which nodes are the person's own. */
  operator?: OperatorLinkHooks;
  /** The node ids of the person's machine list (identity/my-machines.ts), asked first and free. */
  myMachines: () => readonly string[];
  /** The person's machines as the fleet last saw them, asked while the directory cannot be reached. */
  knownMachines?: GatewayOptions['knownMachines'];
  earnings: EarningsService;
  /** How nodes are called: every connection judged by the address rules, as a relay's is. */
  nodeFetch: GatewayOptions['nodeFetch'];
  /** How a node's native transport is reached for streams, judged by the same rules; none: nothing streams. */
  nodeConnect?: GatewayOptions['nodeConnect'];
  directoryFetch?: typeof fetch;
  /** The node's one discovery client, whose answers every page shares. */
  discovery?: DiscoveryClient;
  /** The earnings' clock, so the spent book's days turn with the ledger's. */
  now?: () => number;
  log: NodeLogger;
  onChange: () => void;
  /** Test seams: a port to listen on instead of the setting (0 = any), and the breaker's times. */
  portOverride?: number;
  breaker?: BreakerTimes;
  /** This computer's LLM servers (the serving offer's look and route), asked first for every model they run. */
  servers?: Pick<LocalServerSources, 'observation' | 'route'>;
  /** A request to this computer's server is the owner's use of the GPU from the call until the returned function. */
  ownerUse?: () => () => void;
  /** The one resolver of machine names (identity/machine-names.ts). */
  machineName?: GatewayOptions['machineName'];
}

export function assembleGateway(x: GatewaySources): GatewayParts {
  const spend = x.store.spend;
  return composeGateway({
    settings: () => x.settings().gateway,
    directoryUrl: () => x.settings().directoryUrl,
    shelf: x.store.state,
    book: {
      record: (entries) => spend.recordAll(entries),
      recent: (limit) => spend.recent(limit),
      spentBetweenMicro: (from, to) => spend.spentBetweenU(from, to),
      byApp: (from, to) => spend.byApp(from, to),
      answerTokens: (model, appKeyId, limit) => spend.answerTokens(model, appKeyId, limit),
      version: () => spend.version,
      // Requests answered in the last two days and not yet debited will be: the balance read may not show them.
      unsettledMicro: () => spend.unsettledU((x.now ?? Date.now)() - 2 * 86_400_000),
      flagged: { version: () => spend.flagsVersion, nodes: () => spend.flaggedNodes() },
    },
    selfNodeId: x.identity.nodeId,
    nodeToken: () => x.secrets.get('node_token'),
    operatorFingerprint: () => operatorFingerprintOf(x.operator),
    myMachines: x.myMachines,
    knownMachines: x.knownMachines,
    balance: () => x.earnings.balance(),
    readBooks: () => x.earnings.syncNow(),
    directoryFetch: x.directoryFetch,
    discovery: x.discovery,
    nodeFetch: x.nodeFetch,
    nodeConnect: x.nodeConnect,
    now: x.now ?? Date.now,
    timeZone: systemTimeZone(),
    log: (level, event, details) => x.log(level, event, details ?? ''),
    onChange: x.onChange,
    portOverride: x.portOverride,
    breaker: x.breaker,
    local: x.servers && localServer({ settings: x.settings, ...x.servers, ownerUse: x.ownerUse }),
    machineName: x.machineName,
  });
}
