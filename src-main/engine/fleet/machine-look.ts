/**
 * One look at one other machine: its directory view, then, when its endpoint may be asked, its answer to a sealed
 * question numbered by this computer's counter, and a hello when it does not list this computer yet. What was read
 * is written into what is kept of the machine; what it means (online, down) is judged by the look as a whole.
 */
import type { MachineRef } from '../identity';
import type { FleetAccess, Seen } from './fleet-types';
import {
  askable,
  notAskable,
  OLDER_STATUS,
  NOT_LISTED,
  readDirectoryView,
  readMachine,
  sayHello,
} from './machine-reads';
import type { OwnStatus } from './own-status';
import { newer } from './seen-machines';

/** What one machine's look needs of the service. */
export interface MachineLookDeps {
  selfNodeId: string;
  directoryUrl: () => string;
  directoryFetch?: typeof fetch;
  machineFetch: typeof fetch;
  now: () => number;
  own: OwnStatus;
  /** The known machines with this computer under its current name (the hello carries them). */
  roster: (access: FleetAccess) => MachineRef[];
}

export async function lookAtMachine(d: MachineLookDeps, s: Seen, nodeId: string, access: FleetAccess): Promise<void> {
  const view = await readDirectoryView(d.directoryUrl(), nodeId, d.directoryFetch);
  const now = d.now();
  s.looks.directoryAnswered = view.ok;
  if (view.ok) {
    s.view = view.value;
    s.looks.directory = { found: view.value.found, lastSeen: view.value.lastSeen };
    s.directoryAt = now;
    s.directoryProblem = view.value.found ? null : NOT_LISTED;
  } else s.directoryProblem = view.problem;
  const endpoint = s.view?.endpoint ?? null;
  const seq = endpoint !== null && askable(endpoint) ? d.own.nextSeq() : null;
  if (endpoint === null || !askable(endpoint)) {
    s.looks.answered = false;
    s.machineProblem = notAskable(endpoint);
    return;
  }
  if (seq === null) {
    // No number for the question (this computer's store refuses its counter): nothing asked, nothing concluded.
    s.looks.answered = false;
    return;
  }
  const got = await readMachine(endpoint, nodeId, { id: d.selfNodeId, key: access.key, seq }, d.machineFetch);
  // An answer to this question that is older than a status seen before is a machine gone back in time: not taken.
  const read = got.ok && !newer(s, got.value) ? { ok: false as const, problem: OLDER_STATUS } : got;
  s.looks.answered = read.ok;
  // A machine that does not list this one has not met it yet: this one says hello.
  if (read.ok && !read.value.machines.some((m) => m.nodeId === d.selfNodeId)) {
    const sealed = d.own.seal(access.key, 'hello', null, d.roster(access));
    if (sealed !== null) await sayHello(endpoint, d.selfNodeId, sealed, d.machineFetch);
  }
  if (read.ok) {
    s.looks.status = read.value;
    s.seq = read.value.seq;
    s.looks.misses = 0;
    s.looks.askedDirectly = true;
    s.looks.saidGoodbye = false;
    s.machineAt = d.now();
    s.machineProblem = null;
  } else {
    s.looks.misses += 1;
    s.machineProblem = read.problem;
  }
}
