/**
 * The fleet room's two parts, wired to the running node: the service that looks at the person's other machines and
 * publishes this computer's own status, and the optional webhook its alerts also go to.
 */
import { machineBackWords, machineDownWords } from '@shared/words/fleet-words';
import type { EngineEventName } from '@shared/words/event-words';
import { GATEWAY_INTENTS } from '../gateway/network-offer';
import type { DirectoryLink } from '../directory/directory-link';
import type { EarningsService } from '../earnings/earnings-service';
import { FleetService } from '../fleet/fleet-service';
import { FleetWebhook } from '../fleet/fleet-webhook';
import type { NodeIdentity } from '../identity/node-identity';
import type { Admission } from '../server/admission';
import type { NodeLogger } from './node-logger';
import type { NodeServicesOptions } from './options';
import type { ServingOffer } from './serving-offer';

const SHARE_OWNER_FIRST = 'fleet.shareOwnerFirst';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

interface FleetSources {
  o: NodeServicesOptions;
  identity: NodeIdentity;
  log: NodeLogger;
  link: DirectoryLink;
  earnings: EarningsService;
  offer: ServingOffer;
  admission: Admission;
  machineFetch: typeof fetch;
}

export function assembleFleet(x: FleetSources): { fleet: FleetService; fleetWebhook: FleetWebhook } {
  const { o, log } = x;
  const fleetWebhook = new FleetWebhook({
    url: () => o.secrets.get('fleet_webhook_url'),
    // The person's own address, often a server of their LAN (a self-hosted ntfy): private addresses are allowed.
    fetchImpl: o.fetchImpl,
    now: Date.now,
    log: (level, event, details) => log(level, event as EngineEventName, details),
    onChange: o.onChange,
  });
  const fleet = new FleetService({
    selfNodeId: x.identity.nodeId,
    access: () => o.fleet?.access() ?? null,
    saveMachines: (fingerprint, machines) => o.fleet?.saveMachines(fingerprint, machines),
    self: () => {
      const s = o.settings();
      const a = o.fleet?.availability();
      // One read of the books for the day's figures and the reputation.
      const e = x.earnings.info();
      const today = e.today;
      return {
        name: s.displayName,
        switchedOn: a?.switchedOn ?? true,
        pausedUntil: a?.pausedUntil ?? null,
        schedule: a?.schedule ?? { timeZone: 'UTC', windows: [], outsideShare: 0 },
        ownerFirst: a?.ownerFirst ?? null,
        slots: { busy: x.admission.activeJobs, total: o.capacity() },
        today: { tasks: today.jobs, credits: today.awarded },
        models: x.offer.advertised().models.slice(0, 256),
        lastHeartbeatAt: x.link.status.lastHeartbeatAt,
        reputation: e.reputationScore === null ? null : { score: e.reputationScore, completedTasks: e.completedTasks ?? 0 },
      };
    },
    directoryUrl: () => o.settings().directoryUrl,
    directoryFetch: o.fetchImpl,
    machineFetch: x.machineFetch,
    // Until the directory has set its interval, a short one: a machine just started learns its siblings at once.
    intervalMs: () => (x.link.status.lastHeartbeatAt === null ? 5_000 : x.link.status.heartbeatIntervalMs),
    shelf: o.store.state,
    walletNodes: () => x.earnings.info().operatorWallet?.nodeCount ?? null,
    shareOwnerFirst: () => o.store.state.get(SHARE_OWNER_FIRST, true, isBool),
    webhook: () => ({ set: o.secrets.get('fleet_webhook_url') !== null, ...fleetWebhook.status() }),
    alert: (kind, machine, outage) => {
      o.fleet?.alert(kind, machine, outage);
      const words = kind === 'machine_down' ? machineDownWords(machine.name) : machineBackWords(machine.name, outage);
      // Keyed by machine: a newer word about one machine replaces one still waiting, and never waits behind another's.
      fleetWebhook.send({ ...words, key: machine.nodeId, tags: [kind === 'machine_down' ? 'warning' : 'white_check_mark'], priority: kind === 'machine_down' ? 'high' : 'default' });
    },
    renameSelf: (name) => o.fleet?.renameSelf(name),
    now: Date.now,
    discoverEveryMs: o.tuning?.fleetDiscoverMs,
    settleMs: o.tuning?.fleetSettleMs,
    intents: () => GATEWAY_INTENTS,
    onChange: o.onChange,
    log: (level, event, details) => log(level, event, details),
  });
  return { fleet, fleetWebhook };
}

/** Whether this computer shares its owner-first state with the person's other machines, and changing it. */
export const shareOwnerFirst = {
  key: SHARE_OWNER_FIRST,
  isValid: isBool,
};
