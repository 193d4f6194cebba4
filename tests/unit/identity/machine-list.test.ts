/**
 * The operator's machines as they travel with the identity: merged in the order they were first met (the order
 * decides which machine keeps the first-run name), the newer name of a machine winning, never more than 32, and
 * names read from a file or a secret cleaned like any foreign text.
 */
import { describe, expect, it } from 'vitest';
import { FLEET_MAX_MACHINES, MACHINE_NAME_MAX } from '@shared/contract';
import {
  MachineList,
  mergeMachines,
  rebaseMachines,
  sameMachines,
  type MachineRef,
} from '@engine/identity/machine-list';

const m = (nodeId: string, name = nodeId): MachineRef => ({ nodeId, name });
const many = (n: number, prefix = 'node') => Array.from({ length: n }, (_, i) => m(`${prefix}-${i}`, `${prefix} ${i}`));

describe('mergeMachines', () => {
  it('keeps the first list in its order and adds new machines after it', () => {
    expect(mergeMachines([m('a'), m('b')], [m('c'), m('a'), m('d')]).map((x) => x.nodeId)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(mergeMachines([], [m('c'), m('a')]).map((x) => x.nodeId)).toEqual(['c', 'a']);
    expect(mergeMachines([m('a')], [])).toEqual([m('a')]);
  });

  it("takes the second list's name for a machine both know, keeping its place", () => {
    expect(mergeMachines([m('a', 'Attic'), m('b', 'Cellar')], [m('a', 'Loft')])).toEqual([
      m('a', 'Loft'),
      m('b', 'Cellar'),
    ]);
  });

  it('keeps a machine listed twice once, in its first place, under its last name', () => {
    expect(mergeMachines([m('a', 'One'), m('b'), m('a', 'Two')], [])).toEqual([m('a', 'Two'), m('b')]);
  });

  it('keeps at most 32, the earliest met first', () => {
    const first = many(30, 'old');
    const got = mergeMachines(first, many(5, 'new'));
    expect(got).toHaveLength(FLEET_MAX_MACHINES);
    expect(got.slice(0, 30)).toEqual(first);
    expect(got.slice(30).map((x) => x.nodeId)).toEqual(['new-0', 'new-1']);
    // A full list still takes a new name for a machine it has.
    const renamed = mergeMachines(many(FLEET_MAX_MACHINES), [m('node-5', 'Renamed'), m('extra')]);
    expect(renamed).toHaveLength(FLEET_MAX_MACHINES);
    expect(renamed[5]).toEqual(m('node-5', 'Renamed'));
    expect(renamed.some((x) => x.nodeId === 'extra')).toBe(false);
  });

  it('copies what it keeps: a change to the inputs later does not reach the merged list', () => {
    const a = [m('a', 'Attic')];
    const got = mergeMachines(a, []);
    a[0]!.name = 'Changed';
    expect(got).toEqual([m('a', 'Attic')]);
  });
});

describe('sameMachines', () => {
  it('is true only for the same machines, names and order', () => {
    expect(sameMachines([m('a'), m('b')], [m('a'), m('b')])).toBe(true);
    expect(sameMachines([], [])).toBe(true);
    expect(sameMachines([m('a'), m('b')], [m('b'), m('a')])).toBe(false);
    expect(sameMachines([m('a', 'x')], [m('a', 'y')])).toBe(false);
    expect(sameMachines([m('a')], [m('a'), m('b')])).toBe(false);
  });
});

describe('MachineList', () => {
  it('cleans names of control and bidi characters, cuts long ones, and names an empty one', () => {
    const got = MachineList.parse([
      { nodeId: 'node-1', name: '  Att\u202Eic\n' },
      { nodeId: 'node-2', name: '\u200B\u2066' },
      { nodeId: 'node-3', name: 'x'.repeat(MACHINE_NAME_MAX + 10) },
      { nodeId: 'node-4', name: '' },
    ]);
    expect(got[0]).toEqual({ nodeId: 'node-1', name: 'Attic' });
    expect(got[1]).toEqual({ nodeId: 'node-2', name: 'Unnamed machine' });
    expect([...got[2]!.name]).toHaveLength(MACHINE_NAME_MAX);
    expect(got[2]!.name.endsWith('…')).toBe(true);
    expect(got[3]).toEqual({ nodeId: 'node-4', name: 'Unnamed machine' });
  });

  it('refuses more than 32 machines, bad node ids, extra fields and overlong raw names', () => {
    expect(MachineList.safeParse(many(FLEET_MAX_MACHINES)).success).toBe(true);
    expect(MachineList.safeParse(many(FLEET_MAX_MACHINES + 1)).success).toBe(false);
    expect(MachineList.safeParse([{ nodeId: 'has space', name: 'x' }]).success).toBe(false);
    expect(MachineList.safeParse([{ nodeId: 'x'.repeat(37), name: 'x' }]).success).toBe(false);
    expect(MachineList.safeParse([{ nodeId: 'node-1', name: 'x', extra: 1 }]).success).toBe(false);
    expect(MachineList.safeParse([{ nodeId: 'node-1', name: 'x'.repeat(MACHINE_NAME_MAX * 4 + 1) }]).success).toBe(
      false,
    );
    expect(MachineList.safeParse([{ nodeId: 'node-1' }]).success).toBe(false);
    expect(MachineList.safeParse({}).success).toBe(false);
  });
});

describe('rebaseMachines', () => {
  const a = { nodeId: 'node-a', name: 'A' };
  const b = { nodeId: 'node-b', name: 'B' };
  const c = { nodeId: 'node-c', name: 'C' };
  it('keeps what a look learned, without the machines forgotten and with those added while it ran', () => {
    const learned = [{ ...a, name: 'A renamed' }, b];
    expect(rebaseMachines(learned, [a, b], [b, c])).toEqual([b, c]);
    expect(rebaseMachines(learned, [a, b], [a, b])).toEqual(learned);
  });
});
