/**
 * The fleet room's shared shapes: what this computer says of itself, the identity's part, what is kept of a machine.
 */
import type { AvailabilitySchedule, MachineState } from '@shared/contract';
import type { MachineOutage } from '@shared/words/fleet-words';
import type { MachineRef } from '../identity';
import type { AlertState } from './alert-fold';
import type { DirectoryView } from './machine-reads';
import type { MachineStatus } from './machine-status';
import type { MachineLooks } from './machine-verdict';
import type { Said } from '@shared/i18n/said';

/** What this computer says about itself, as the node knows it now. */
export type SelfFacts = Omit<MachineStatus, 'v' | 'nodeId' | 'seq' | 'nonce' | 'machines' | 'at'> & {
  lastHeartbeatAt: number | null;
  /** The directory's reputation of this node as its books last said (not published: the directory has it). */
  reputation: { score: number; completedTasks: number } | null;
};

/** Where the fleet keeps what it saw of each machine across restarts (the store's engine state). */
export interface FleetShelf {
  get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T;
  set(key: string, value: unknown): void;
}

export interface FleetAccess {
  fingerprint: string;
  key: Buffer;
  machines: MachineRef[];
}

/** What is kept of each other machine between looks and across restarts. */
export interface Seen extends AlertState {
  looks: MachineLooks;
  state: MachineState;
  /** The newest counter seen of the machine: only a greater one is taken (fleet-wire.ts). */
  seq: number | null;
  directoryAt: number | null;
  directoryProblem: Said | null;
  view: DirectoryView | null;
  machineAt: number | null;
  machineProblem: Said | null;
}

/** What the fleet room needs of the node beyond its running parts (fleet-hooks.ts makes it). */
export interface FleetHooks {
  access(): FleetAccess | null;
  saveMachines(fingerprint: string, machines: MachineRef[]): void;
  availability(): {
    switchedOn: boolean;
    pausedUntil: number | null;
    schedule: AvailabilitySchedule;
    ownerFirst: 'serving' | 'yielding' | 'cooling' | null;
  };
  alert(kind: 'machine_down' | 'machine_back', machine: MachineRef, outage?: MachineOutage): void;
  renameSelf(name: string): void;
}

/** What is known of a machine never looked at. */
export function blankSeen(): Seen {
  return {
    looks: {
      answered: false,
      misses: 0,
      askedDirectly: false,
      directory: null,
      directoryAnswered: false,
      status: null,
      saidGoodbye: false,
    },
    state: 'unknown',
    alerted: false,
    alertSince: null,
    episode: null,
    seq: null,
    directoryAt: null,
    directoryProblem: null,
    view: null,
    machineAt: null,
    machineProblem: null,
  };
}
