/**
 * "My machines": the one list of the person's machines is the machine list (machine-list.ts), kept with the operator
 * identity. The fleet looks at every machine on it, the Machines page and the gateway's page show and edit it, and the
 * gateway asks its machines first, for free. It belongs to the identity because only a task between nodes of one
 * operator is free at the directory: without an identity, this computer is the only machine of the person's.
 *
 * An earlier version kept the gateway's own list in its settings (`gateway.myNodes`). The store's migration 15 moved
 * those ids into the engine state under `machines.waiting`, in one transaction with the settings; they are taken in
 * here the first time the list is read while an identity is there. The list is written first and the waiting ids
 * cleared after, so a process killed in between finds them again and takes them in as no change. Ids that do not fit
 * (the list holds `FLEET_MAX_MACHINES`) keep waiting until a machine is forgotten: none is dropped.
 */
import { FLEET_MAX_MACHINES, NodeIdSchema, type EventLevel } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { said, type Said } from '@shared/i18n/said';
import type { EngineEventName } from '@shared/words/event-words';
import { metMachine, type MachineRef } from './machine-list';
import { namedNode } from './machine-names';

/** The list as the identity holds it, with the fingerprint it belongs to. */
export interface MachineListAccess {
  fingerprint: string;
  machines: MachineRef[];
}

/** Where the list lives: the operator identity (`OperatorIdentity.fleetAccess` and `saveMachines`). */
export interface MachineListHolder<A extends MachineListAccess> {
  access(): A | null;
  save(fingerprint: string, machines: MachineRef[]): void;
}

/** The engine state's key-value shelf (store/state-repo.ts). */
export interface WaitingShelf {
  get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T;
  set(key: string, value: unknown): void;
}

export interface MyMachinesOptions<A extends MachineListAccess> {
  holder: MachineListHolder<A>;
  /** Where ids from an earlier version wait; null while the node has no store open. */
  waiting: WaitingShelf | null;
  selfNodeId: string;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  /** A machine's one name (machine-names.ts), for the log line that tells of it. */
  nameOf?: (nodeId: string) => string | null;
}

export const WAITING_KEY = 'machines.waiting';
/** The most ids the gateway's setting ever held: a longer row was written by hand, and only its start is read. */
const WAITING_READ_MAX = 64;
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

/** The node ids of a waiting row, each checked as the contract checks one, once each; anything else is dropped. */
export function waitingIds(row: unknown): string[] {
  if (!Array.isArray(row)) return [];
  const ids = row.slice(0, WAITING_READ_MAX).flatMap((v) => {
    const id = NodeIdSchema.safeParse(v);
    return id.success ? [id.data] : [];
  });
  return [...new Set(ids)];
}

export class MyMachines<A extends MachineListAccess> {
  /** Nothing waits any more: the shelf is not read again this run. */
  private settled = false;
  /** How many ids were left waiting at the last try, so a full list is told once, not at every read. */
  private leftTold = -1;

  constructor(private readonly o: MyMachinesOptions<A>) {}

  /** The identity's part with the list, once anything waiting is taken in; null without an identity. */
  access(): A | null {
    this.takeInWaiting();
    return this.o.holder.access();
  }

  /** The node ids on the list (this computer's own id is not always among them); none without an identity. */
  ids(): string[] {
    return (this.access()?.machines ?? []).map((m) => m.nodeId);
  }

  /**
   * Puts `nodeId` on the list under a name of its id until the machine answers with its own. True when it was added,
   * false when it was already there. Throws a ContractError for this computer's own id, a full list, or no identity.
   */
  add(nodeId: string): boolean {
    const id = NodeIdSchema.safeParse(nodeId);
    if (!id.success) throw refused('invalid_node_id', said('refusal.machines.notNodeId'));
    if (id.data === this.o.selfNodeId) throw refused('this_computer', said('refusal.machines.thisComputer'));
    const access = this.access();
    if (!access) throw new ContractError('invalid_state', said('refusal.machines.noIdentity'));
    if (access.machines.some((m) => m.nodeId === id.data)) return false;
    if (access.machines.length >= FLEET_MAX_MACHINES) {
      throw refused('list_full', said('refusal.machines.listFull', { count: FLEET_MAX_MACHINES }));
    }
    this.o.holder.save(access.fingerprint, [...access.machines, metMachine(id.data)]);
    this.o.log('info', 'fleet_machine_added', namedNode(id.data, this.o.nameOf?.(id.data) ?? null));
    return true;
  }

  /**
   * Takes in the ids an earlier version left waiting, as many as fit; a failure is logged and tried at the next read.
   */
  private takeInWaiting(): void {
    if (this.settled) return;
    const shelf = this.o.waiting;
    if (!shelf) return;
    try {
      const waiting = waitingIds(shelf.get(WAITING_KEY, [], isArray));
      if (waiting.length === 0) {
        this.settled = true;
        return;
      }
      const access = this.o.holder.access();
      // Without an identity there is no list to take them in: they wait for one to be made or imported.
      if (!access) return;
      const known = new Set(access.machines.map((m) => m.nodeId));
      const fresh = waiting.filter((id) => id !== this.o.selfNodeId && !known.has(id));
      const taken = fresh.slice(0, Math.max(0, FLEET_MAX_MACHINES - access.machines.length));
      const left = fresh.slice(taken.length);
      if (taken.length > 0) this.o.holder.save(access.fingerprint, [...access.machines, ...taken.map(metMachine)]);
      shelf.set(WAITING_KEY, left);
      if (left.length === 0) this.settled = true;
      if (taken.length > 0 || left.length !== this.leftTold)
        this.o.log(
          left.length > 0 ? 'warn' : 'info',
          'fleet_machines_taken_in',
          `taken=${taken.length} left=${left.length}`,
        );
      this.leftTold = left.length;
    } catch (err) {
      this.o.log('warn', 'fleet_save_failed', err instanceof Error ? err.message : String(err));
    }
  }
}

function refused(code: string, message: Said): ContractError {
  return new ContractError('invalid_request', message, [{ path: 'nodeId', message, code }]);
}
