/**
 * The using side of a run: the person's machines and their names, the local gateway that lets apps on this computer
 * use the network, and the fleet. It is made last, so it takes the serving and network parts as they are.
 */
import { LLM_INTENTS } from '../backends';
import { assembleFleet, MachineReach, type FleetAccess, type FleetService, type FleetWebhook } from '../fleet';
import { assembleGateway, type GatewayParts } from '../gateway';
import { machineNamer, MyMachines, type MachineNamer } from '../identity';
import type { RunBasics, ServingParts } from './assemble-serving';
import type { NetworkParts } from './assemble-network';

export interface UsingParts {
  /** "Use the network": the local gateway for apps on this computer, as its listener, page view and key admin. */
  gateway: GatewayParts;
  /** One name per machine (identity/machine-names.ts): the gateway's rows, the Earnings page, the CSV and the log. */
  machineNameOf: MachineNamer;
  /** The person's machine list: the fleet looks at its machines, the gateway asks them first. */
  machines: MyMachines<FleetAccess>;
  /** The person's other machines, and what this computer publishes about itself for them. */
  fleet: FleetService;
  fleetWebhook: FleetWebhook;
}

export function assembleUsing(b: RunBasics, { offer, port }: ServingParts, net: NetworkParts): UsingParts {
  const { o, identity, log, discovery } = b;
  const { settings, onChange, fetchImpl } = o;
  const { named, earnings } = net;
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
    link: net.link,
    earnings,
    offer,
    admission: port.admission,
    machineFetch: o.publicFetch ?? named.fetch,
    discoverEveryMs: o.tuning?.fleetDiscoverMs,
    settleMs: o.tuning?.fleetSettleMs,
    reach,
    nameOf: (id) => machineNameOf(id),
  });
  return { gateway, machineNameOf, machines, ...fleetParts };
}
