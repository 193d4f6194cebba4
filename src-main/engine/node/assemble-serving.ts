/**
 * The serving side of a run: the serving offer (what this computer's LLM servers can do) and the task port that
 * serves the network's tasks. It is made first; what it learns of later parts comes through `asks`, and what it has
 * to tell goes out as node events.
 */
import type { DirectoryStatus, DiscoveryClient } from '../directory';
import type { EarningsService } from '../earnings';
import type { FleetService } from '../fleet';
import type { NodeIdentity } from '../identity';
import type { NodeLogger } from '../logging';
import { assembleTaskPort, ServingOffer, usageNoteDetails, type TaskPort } from '../server';
import { healthAnswer, type ReportSources } from './directory-reports';
import type { NodeEvents } from './node-events';
import type { NodeServicesOptions } from './options';

/** What every side of a run is made with: the node's options and the parts made before the rooms. */
export interface RunBasics {
  o: NodeServicesOptions;
  identity: NodeIdentity;
  events: NodeEvents;
  log: NodeLogger;
  /** The one reader of the directory's discovery: every page that tells of the network tells its answer. */
  discovery: DiscoveryClient;
  /** The API key of one LLM server (`main`: the node's own). */
  serverKey: (server: string) => string | null;
}

/** What the serving side asks of parts made after it; called only once every part exists. */
export interface ServingAsks {
  directory: () => Readonly<DirectoryStatus>;
  earnings: () => EarningsService;
  reports: () => ReportSources;
  fleet: () => FleetService;
}

export interface ServingParts {
  offer: ServingOffer;
  port: TaskPort;
}

export function assembleServing(b: RunBasics, asks: ServingAsks): ServingParts {
  const { o, events, log } = b;
  const { settings, onChange, fetchImpl } = o;
  const offer = new ServingOffer({
    settings,
    apiKey: b.serverKey,
    directory: () => asks.directory(),
    onObserved: () => void events.emit('backendObserved', undefined),
    fetchImpl,
  });
  const earnings = () => asks.earnings();
  const port = assembleTaskPort({
    identity: b.identity,
    settings,
    capacity: o.capacity,
    onChange,
    offer,
    books: {
      records: {
        hasTask: (id) => earnings().hasTask(id),
        hasNonce: (nonce, since) => earnings().hasNonce(nonce, since),
        noteCut: (id, nonce) => earnings().noteCut(id, nonce),
      },
      onFinished: (t) => events.emit('taskFinished', t),
      onSettled: (t) => void events.emit('taskSettled', t),
      claimsReceipts: () => earnings().canClaim(),
    },
    // The energy total is the ledger's (every run's), read at each scrape.
    energyTotal: () => earnings().energyTotal(),
    owner: { busy: () => o.ownerBusy?.() ?? null, energy: o.energy },
    onAnswered: (a) => void events.emit('taskAnswered', a),
    onUsageNote: (note) => log('warn', 'usage_claim_bounded', usageNoteDetails(note)),
    health: () => healthAnswer(asks.reports()),
    fleet: (body) => asks.fleet().request(body),
    taskHost: o.taskHost,
    limits: o.tuning?.taskLimits,
  });
  events.on('heartbeatFailed', (reason) => port.metrics.heartbeatFailure(reason));
  return { offer, port };
}
