/**
 * The fleet room's two parts, wired to the running node: the service that looks at the person's other machines and
 * publishes this computer's own status, and the optional webhook its alerts also go to.
 */
import type { Settings } from '@shared/contract';
import { machineBackWords, machineDownWords } from '@shared/words/fleet-words';
import type { EngineEventName } from '@shared/words/event-words';
import { LLM_INTENTS } from '../backends';
import type { DirectoryLink, DiscoveryClient } from '../directory';
import type { EarningsService } from '../earnings';
import { FleetService, type FleetServiceOptions } from './fleet-service';
import type { FleetAccess, FleetHooks } from './fleet-types';
import { FleetWebhook } from './fleet-webhook';
import type { MachineReach } from './machine-reach';
import type { MyMachines, NodeIdentity, SecretStore } from '../identity';
import type { NodeLogger } from '../logging';
import type { Admission, ServingOffer } from '../server';

const SHARE_OWNER_FIRST = 'fleet.shareOwnerFirst';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

/** What the fleet room takes from the rooms below it and from the node. */
export interface FleetSources {
  identity: NodeIdentity;
  settings: () => Settings;
  secrets: SecretStore;
  /** Where the fleet keeps what it knows of the machines across restarts (the store's engine state). */
  shelf: FleetServiceOptions['shelf'];
  /** Tasks admitted at once right now. */
  capacity: () => number;
  /** The identity's list and key, this computer's switch and schedule, where alerts go (fleet-hooks.ts). */
  hooks?: FleetHooks;
  /** The person's machine list, which the gateway reads too (identity/my-machines.ts). */
  machines: MyMachines<FleetAccess>;
  onChange: () => void;
  /** The directory's calls (the webhook's too); a test's own fetch plays the network. */
  fetchImpl?: typeof fetch;
  /** The node's one discovery client, whose answers every page shares. */
  discovery?: DiscoveryClient;
  /** How often discovery is read for machines not known yet, and how long a "back" must hold (tests shorten them). */
  discoverEveryMs?: number;
  settleMs?: number;
  log: NodeLogger;
  link: DirectoryLink;
  earnings: EarningsService;
  offer: ServingOffer;
  admission: Admission;
  machineFetch: typeof fetch;
  /** How the other machines are reached without the directory: learnt after each look (machine-reach.ts). */
  reach?: MachineReach;
  /**
   * One name per machine (identity/machine-names.ts): the Machines page, the Dashboard, the CLI and the log read it.
   */
  nameOf?: (nodeId: string) => string | null;
}

export function assembleFleet(x: FleetSources): { fleet: FleetService; fleetWebhook: FleetWebhook } {
  const { log } = x;
  const fleetWebhook = new FleetWebhook({
    url: () => x.secrets.get('fleet_webhook_url'),
    // The person's own address, often a server of their LAN (a self-hosted ntfy): private addresses are allowed.
    fetchImpl: x.fetchImpl,
    now: Date.now,
    log: (level, event, details) => log(level, event as EngineEventName, details),
    onChange: x.onChange,
  });
  const fleet = new FleetService({
    selfNodeId: x.identity.nodeId,
    access: () => x.machines.access(),
    saveMachines: (fingerprint, machines) => x.hooks?.saveMachines(fingerprint, machines),
    addMachine: (nodeId) => x.machines.add(nodeId),
    self: () => {
      const s = x.settings();
      const a = x.hooks?.availability();
      // One read of the books for the day's figures and the reputation.
      const e = x.earnings.info();
      const today = e.today;
      return {
        name: s.displayName,
        switchedOn: a?.switchedOn ?? true,
        pausedUntil: a?.pausedUntil ?? null,
        schedule: a?.schedule ?? { timeZone: 'UTC', windows: [], outsideShare: 0 },
        ownerFirst: a?.ownerFirst ?? null,
        slots: { busy: x.admission.activeJobs, total: x.capacity() },
        today: { tasks: today.jobs, credits: today.awarded },
        models: x.offer.advertised().models.slice(0, 256),
        lastHeartbeatAt: x.link.status.lastHeartbeatAt,
        reputation:
          e.reputationScore === null ? null : { score: e.reputationScore, completedTasks: e.completedTasks ?? 0 },
      };
    },
    directoryUrl: () => x.settings().directoryUrl,
    directoryFetch: x.fetchImpl,
    discovery: x.discovery,
    machineFetch: x.machineFetch,
    // Until the directory has set its interval, a short one: a machine just started learns its siblings at once.
    intervalMs: () => (x.link.status.lastHeartbeatAt === null ? 5_000 : x.link.status.heartbeatIntervalMs),
    shelf: x.shelf,
    walletNodes: () => x.earnings.info().operatorWallet?.nodeCount ?? null,
    shareOwnerFirst: () => x.shelf.get(SHARE_OWNER_FIRST, true, isBool),
    webhook: () => ({ set: x.secrets.get('fleet_webhook_url') !== null, ...fleetWebhook.status() }),
    alert: (kind, machine, outage) => {
      x.hooks?.alert(kind, machine, outage);
      const words = kind === 'machine_down' ? machineDownWords(machine.name) : machineBackWords(machine.name, outage);
      // Keyed by machine: a newer word about one machine replaces one still waiting, and never waits behind another's.
      fleetWebhook.send({
        ...words,
        key: machine.nodeId,
        tags: [kind === 'machine_down' ? 'warning' : 'white_check_mark'],
        priority: kind === 'machine_down' ? 'high' : 'default',
      });
    },
    renameSelf: (name) => x.hooks?.renameSelf(name),
    now: Date.now,
    discoverEveryMs: x.discoverEveryMs,
    settleMs: x.settleMs,
    intents: () => LLM_INTENTS,
    onChange: () => {
      // Each look has just read the directory's discovery: what it says of the machines is kept for when it is down.
      x.reach?.learn();
      x.onChange();
    },
    log: (level, event, details) => log(level, event, details),
    nameOf: x.nameOf,
  });
  return { fleet, fleetWebhook };
}

/** Whether this computer shares its owner-first state with the person's other machines, and changing it. */
export const shareOwnerFirst = {
  key: SHARE_OWNER_FIRST,
  isValid: isBool,
};
