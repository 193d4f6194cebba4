/**
 * "My machines": the one machine list, with the ids an earlier version kept in the gateway's settings taken in without
 * loss (once, across restarts and a process killed between the two writes), the cap held with a clear code, and
 * hostile rows and ids refused.
 */
import { describe, expect, it } from 'vitest';
import { FLEET_MAX_MACHINES } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import type { MachineRef } from '@engine/identity/machine-list';
import {
  MyMachines,
  WAITING_KEY,
  waitingIds,
  type MachineListAccess,
  type WaitingShelf,
} from '@engine/identity/my-machines';
import { memoryShelf } from '../../support/memory-shelf';

const SELF = 'self-node';
const FP = '0123456789ab';

/** The identity's list as the secret keeps it (or no identity), counting its writes. */
function identity(machines: MachineRef[] | null) {
  const state = { machines, saves: 0, failSave: false };
  return {
    state,
    holder: {
      access: (): MachineListAccess | null => (state.machines ? { fingerprint: FP, machines: state.machines } : null),
      save: (fingerprint: string, list: MachineRef[]) => {
        expect(fingerprint).toBe(FP);
        if (state.failSave)
          throw new ContractError('store_error', 'The list of your machines could not be saved: disk full');
        state.saves += 1;
        state.machines = list;
      },
    },
  };
}

function list(id: ReturnType<typeof identity>, waiting: WaitingShelf | null) {
  const logged: string[] = [];
  const machines = new MyMachines({
    holder: id.holder,
    waiting,
    selfNodeId: SELF,
    log: (level, event, details) => logged.push(`${level} ${event} ${details}`),
  });
  return { machines, logged };
}

const m = (nodeId: string, name = `Machine ${nodeId.slice(0, 8)}`): MachineRef => ({ nodeId, name });
const many = (n: number) => Array.from({ length: n }, (_, i) => m(`node-${i}`, `Box ${i}`));
const waitingOf = (s: ReturnType<typeof memoryShelf>) => JSON.parse(s.values.get(WAITING_KEY) ?? 'null') as unknown;

function refusal(f: () => unknown): ContractError {
  try {
    f();
  } catch (err) {
    if (err instanceof ContractError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('the gateway machines an earlier version kept', () => {
  it('are taken into the machine list after the ones it had, under a name of their id, and stop waiting', () => {
    const id = identity([m('attic', 'Attic PC')]);
    const s = memoryShelf({ [WAITING_KEY]: ['laptop-1', 'attic', SELF, 'server-2'] });
    const { machines, logged } = list(id, s);
    expect(machines.ids()).toEqual(['attic', 'laptop-1', 'server-2']);
    expect(id.state.machines).toEqual([m('attic', 'Attic PC'), m('laptop-1'), m('server-2')]);
    expect(waitingOf(s)).toEqual([]);
    expect(logged).toEqual(['info fleet_machines_taken_in taken=2 left=0']);
    // A second read, and a restart with the same identity and shelf, change nothing.
    machines.access();
    list(id, s).machines.access();
    expect(id.state.saves).toBe(1);
  });

  it('killed between the two writes, the next start takes them in as no change: nothing lost, nothing twice', () => {
    const id = identity([]);
    const s = memoryShelf({ [WAITING_KEY]: ['laptop-1', 'server-2'] });
    s.failSet = true;
    const first = list(id, s);
    expect(first.machines.ids()).toEqual(['laptop-1', 'server-2']);
    expect(waitingOf(s)).toEqual(['laptop-1', 'server-2']);
    expect(first.logged).toEqual(['warn fleet_save_failed SQLITE_FULL: database or disk is full']);
    s.failSet = false;
    const again = list(id, s);
    expect(again.machines.ids()).toEqual(['laptop-1', 'server-2']);
    expect(id.state.saves).toBe(1);
    expect(waitingOf(s)).toEqual([]);
  });

  it('wait for an operator identity, and a list that could not be written waits for the next read', () => {
    const id = identity(null);
    const s = memoryShelf({ [WAITING_KEY]: ['laptop-1'] });
    const { machines } = list(id, s);
    expect(machines.ids()).toEqual([]);
    expect(waitingOf(s)).toEqual(['laptop-1']);
    id.state.machines = [];
    id.state.failSave = true;
    expect(machines.ids()).toEqual([]);
    expect(waitingOf(s)).toEqual(['laptop-1']);
    id.state.failSave = false;
    expect(machines.ids()).toEqual(['laptop-1']);
    expect(waitingOf(s)).toEqual([]);
  });

  it('that do not fit keep waiting, said once, and come in as machines are forgotten', () => {
    const id = identity(many(FLEET_MAX_MACHINES - 1));
    const s = memoryShelf({ [WAITING_KEY]: ['extra-a', 'extra-b', 'extra-c'] });
    const { machines, logged } = list(id, s);
    expect(machines.ids()).toHaveLength(FLEET_MAX_MACHINES);
    expect(machines.ids().at(-1)).toBe('extra-a');
    expect(waitingOf(s)).toEqual(['extra-b', 'extra-c']);
    machines.ids();
    expect(logged).toEqual(['warn fleet_machines_taken_in taken=1 left=2']);
    id.state.machines = id.state.machines!.filter((x) => x.nodeId !== 'node-0');
    expect(machines.ids().at(-1)).toBe('extra-b');
    expect(waitingOf(s)).toEqual(['extra-c']);
    expect(logged.at(-1)).toBe('warn fleet_machines_taken_in taken=1 left=1');
  });

  it('in a hostile row are refused: only node ids, each once, from the first 64 entries', () => {
    expect(waitingIds('node-a')).toEqual([]);
    expect(waitingIds({ 0: 'node-a' })).toEqual([]);
    expect(waitingIds(null)).toEqual([]);
    expect(
      waitingIds(['node-a', 'node-a', 7, null, { id: 'x' }, 'has space', 'x'.repeat(37), '\u202enode', ' node-b ']),
    ).toEqual(['node-a', 'node-b']);
    const long = Array.from({ length: 10_000 }, (_, i) => `n-${i}`);
    expect(waitingIds(long)).toEqual(long.slice(0, 64));
    // A row that is not a list at all leaves the machine list as it was, and is no longer read.
    const id = identity([m('attic')]);
    const s = memoryShelf({ [WAITING_KEY]: { evil: true } });
    expect(list(id, s).machines.ids()).toEqual(['attic']);
    expect(id.state.saves).toBe(0);
  });
});

describe('adding a machine', () => {
  it('puts it on the one list the fleet and the gateway read; a machine listed already is no change', () => {
    const id = identity([m('attic', 'Attic PC')]);
    const { machines, logged } = list(id, null);
    expect(machines.add(' laptop-1 ')).toBe(true);
    expect(id.state.machines).toEqual([m('attic', 'Attic PC'), m('laptop-1')]);
    expect(machines.add('attic')).toBe(false);
    expect(id.state.saves).toBe(1);
    expect(logged).toEqual(['info fleet_machine_added node=laptop-1']);
  });

  it('tells the log the machine by its one name, quoted, beside its id', () => {
    const logged: string[] = [];
    const machines = new MyMachines({
      holder: identity([]).holder,
      waiting: null,
      selfNodeId: SELF,
      log: (level, event, details) => logged.push(`${level} ${event} ${details}`),
      nameOf: (id) => `Machine ${id.slice(0, 8)}`,
    });
    machines.add('laptop-1');
    expect(logged).toEqual(['info fleet_machine_added node=laptop-1 name="Machine laptop-1"']);
  });

  it(`refuses a machine past ${FLEET_MAX_MACHINES} with the code list_full, and the list stays as it was`, () => {
    const id = identity(many(FLEET_MAX_MACHINES));
    const err = refusal(() => list(id, null).machines.add('one-more'));
    expect(err.code).toBe('invalid_request');
    expect(err.body.issues).toEqual([expect.objectContaining({ path: 'nodeId', code: 'list_full' })]);
    expect(err.message).toContain(`at most ${FLEET_MAX_MACHINES} machines`);
    expect(id.state.machines).toHaveLength(FLEET_MAX_MACHINES);
    expect(id.state.saves).toBe(0);
  });

  it('refuses this computer, a hostile id, and any machine without an operator identity', () => {
    const id = identity([]);
    const { machines } = list(id, null);
    expect(refusal(() => machines.add(SELF)).body.issues?.[0]?.code).toBe('this_computer');
    for (const bad of [
      '',
      'has space',
      'x'.repeat(37),
      '../etc',
      'node\u202e',
      42 as unknown as string,
      null as unknown as string,
    ]) {
      expect(refusal(() => machines.add(bad)).body.issues?.[0]?.code).toBe('invalid_node_id');
    }
    expect(id.state.saves).toBe(0);
    expect(refusal(() => list(identity(null), null).machines.add('laptop-1')).code).toBe('invalid_state');
  });

  it('says a list that could not be written as the store error it is', () => {
    const id = identity([]);
    id.state.failSave = true;
    expect(refusal(() => list(id, null).machines.add('laptop-1')).code).toBe('store_error');
  });
});
