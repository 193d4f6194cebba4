/** The fleet room's shared shapes: what this computer says of itself, the identity's part, what is kept of a machine. */
import type { AvailabilitySchedule, MachineState } from '@shared/contract';
import type { MachineRef } from '../identity/machine-list';
import type { DirectoryView } from './machine-reads';
import type { MachineStatus } from './machine-status';
import type { MachineLooks } from './machine-verdict';

/** What this computer says about itself, as the node knows it now. */
export type SelfFacts = Omit<MachineStatus, 'v' | 'nodeId' | 'machines' | 'at'> & {
  lastHeartbeatAt: number | null;
  /** The directory's reputation of this node as its books last said (not published: the directory has it). */
  reputation: { score: number; completedTasks: number } | null;
};

export interface FleetAccess {
  fingerprint: string;
  key: Buffer;
  machines: MachineRef[];
}

/** What is kept of each other machine between looks and across restarts. */
export interface Seen {
  looks: MachineLooks;
  state: MachineState;
  /** A "down" was told and no "back" yet. */
  alerted: boolean;
  alertSince: number | null;
  directoryAt: number | null;
  directoryProblem: string | null;
  view: DirectoryView | null;
  machineAt: number | null;
  machineProblem: string | null;
}


/** What the fleet room needs of the node beyond its running parts (node/fleet-hooks.ts makes it). */
export interface FleetHooks {
  access(): FleetAccess | null;
  saveMachines(fingerprint: string, machines: MachineRef[]): void;
  availability(): { switchedOn: boolean; pausedUntil: number | null; schedule: AvailabilitySchedule; ownerFirst: 'serving' | 'yielding' | 'cooling' | null };
  alert(kind: 'machine_down' | 'machine_back', machine: MachineRef): void;
  renameSelf(name: string): void;
}

