/**
 * The status another machine publishes is read as hostile even though it opened with the operator's key: a machine
 * may run another version, or be broken. Every field is checked, texts are cleaned before they reach a screen, lists
 * are capped, and a status naming another machine than the one asked is refused.
 */
import { describe, expect, it } from 'vitest';
import { FLEET_MAX_MACHINES, MACHINE_NAME_MAX } from '@shared/contract';
import { machineName, readMachineStatus } from '@engine/fleet/machine-status';

const NODE = 'node-attic-01';

function status(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    v: 2,
    nodeId: NODE,
    seq: 1_780_000_000_000_000,
    nonce: 'bm9uY2Utb2YtYS1xdWVzdGlvbg',
    name: 'Attic',
    at: Date.parse('2026-06-01T12:00:00Z'),
    switchedOn: true,
    pausedUntil: null,
    schedule: {
      timeZone: 'UTC',
      windows: [{ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00', share: 1 }],
      outsideShare: 0,
    },
    ownerFirst: 'serving',
    slots: { busy: 1, total: 4 },
    today: { tasks: 12, credits: 3.5 },
    models: ['llama3:8b', 'qwen2.5:7b'],
    machines: [{ nodeId: 'node-cellar-02', name: 'Cellar' }],
    ...over,
  };
}

describe('reading a machine status', () => {
  it('takes a well-formed status as it is', () => {
    const s = status();
    expect(readMachineStatus(s, NODE)).toEqual(s);
    expect(
      readMachineStatus(
        status({ ownerFirst: null, pausedUntil: 5, today: { tasks: 0, credits: null }, models: [], machines: [] }),
        NODE,
      ),
    ).toMatchObject({
      ownerFirst: null,
      pausedUntil: 5,
      today: { tasks: 0, credits: null },
      models: [],
      machines: [],
    });
  });

  it('refuses a status that names another machine than the one asked', () => {
    expect(readMachineStatus(status(), 'node-cellar-02')).toBeNull();
    expect(readMachineStatus(status({ nodeId: 'node-cellar-02' }), NODE)).toBeNull();
  });

  it('cleans bidi, control and zero-width characters out of names and models, and cuts long names', () => {
    const got = readMachineStatus(
      status({
        name: 'Att\u202Eic\u0007 \u200Bbox\n\nroom',
        models: ['llama\u202E3', '\u0000\u200B', 'qwen\u001b[31m2.5'],
        machines: [
          { nodeId: 'node-cellar-02', name: 'Cel\u2066lar\r\n' },
          { nodeId: 'node-shed-03', name: '\u202A\u202C' },
        ],
      }),
      NODE,
    )!;
    expect(got).not.toBeNull();
    expect(got.name).toBe('Attic box room');
    // A terminal escape goes as a whole (no "[31m" is left); a model that is nothing once cleaned is dropped.
    expect(got.models).toEqual(['llama3', 'qwen 2.5']);
    expect(got.machines).toEqual([
      { nodeId: 'node-cellar-02', name: 'Cellar' },
      { nodeId: 'node-shed-03', name: 'Unnamed machine' },
    ]);
    const long = readMachineStatus(status({ name: 'x'.repeat(MACHINE_NAME_MAX * 3) }), NODE)!;
    expect([...long.name]).toHaveLength(MACHINE_NAME_MAX);
    expect(long.name.endsWith('…')).toBe(true);
    expect(machineName('')).toBe('Unnamed machine');
    expect(machineName(42)).toBe('Unnamed machine');
    // A name that shows no letter or digit (three combining accents, a no-break space, punctuation) is no name.
    expect(machineName('\u0301\u0301\u0301')).toBe('Unnamed machine');
    expect(machineName('\u00a0')).toBe('Unnamed machine');
    expect(machineName('…')).toBe('Unnamed machine');
    expect(readMachineStatus(status({ name: '\u0300\u0301\u0302' }), NODE)?.name).toBe('Unnamed machine');
  });

  it('caps its lists: 256 models and 32 machines are read, one more is refused', () => {
    const models = (n: number) => Array.from({ length: n }, (_, i) => `model-${i}`);
    const machines = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ nodeId: `node-${i}`, name: `Machine ${i}` }));
    expect(readMachineStatus(status({ models: models(256) }), NODE)?.models).toHaveLength(256);
    expect(readMachineStatus(status({ models: models(257) }), NODE)).toBeNull();
    expect(readMachineStatus(status({ machines: machines(FLEET_MAX_MACHINES) }), NODE)?.machines).toHaveLength(
      FLEET_MAX_MACHINES,
    );
    expect(readMachineStatus(status({ machines: machines(FLEET_MAX_MACHINES + 1) }), NODE)).toBeNull();
    expect(readMachineStatus(status({ models: ['m'.repeat(256)] }), NODE)).toBeNull();
    expect(readMachineStatus(status({ name: 'x'.repeat(MACHINE_NAME_MAX * 4 + 1) }), NODE)).toBeNull();
  });

  it('refuses an invalid schedule', () => {
    const bad = [
      { timeZone: 'UTC', windows: [{ days: [8], start: '08:00', end: '18:00', share: 1 }], outsideShare: 0 },
      { timeZone: 'UTC', windows: [{ days: [1], start: '8:00', end: '18:00', share: 1 }], outsideShare: 0 },
      { timeZone: 'UTC', windows: [{ days: [1], start: '08:00', end: '24:00', share: 1 }], outsideShare: 0 },
      { timeZone: 'UTC', windows: [{ days: [1], start: '08:00', end: '18:00', share: 2 }], outsideShare: 0 },
      { timeZone: 'UTC', windows: [], outsideShare: -1 },
      { timeZone: '', windows: [], outsideShare: 0 },
      { timeZone: 'UTC', windows: [] },
      { timeZone: 'UTC', windows: [], outsideShare: 0, extra: true },
      null,
    ];
    for (const schedule of bad)
      expect(readMachineStatus(status({ schedule }), NODE), JSON.stringify(schedule)).toBeNull();
  });

  it('refuses other broken fields: version, counts, times, switch, owner-first state, node ids', () => {
    const bad: Record<string, unknown>[] = [
      { v: 1 },
      { v: 3 },
      { seq: 0 },
      { seq: 1.5 },
      { seq: Number.MAX_SAFE_INTEGER + 2 },
      { seq: undefined },
      { nonce: 'short' },
      { nonce: 'has spaces in it, not base64url' },
      { nonce: undefined },
      { at: -1 },
      { at: 1.5 },
      { switchedOn: 'yes' },
      { ownerFirst: 'sleeping' },
      { slots: { busy: -1, total: 4 } },
      { slots: { busy: 1, total: 4, extra: 1 } },
      { today: { tasks: 1, credits: -2 } },
      { machines: [{ nodeId: 'bad id with spaces', name: 'x' }] },
      { machines: [{ nodeId: 'node-x', name: 'x', extra: 1 }] },
      { nodeId: '-starts-with-a-dash' },
    ];
    for (const over of bad) expect(readMachineStatus(status(over), NODE), JSON.stringify(over)).toBeNull();
    for (const value of [null, undefined, 'text', 42, [], {}]) expect(readMachineStatus(value, NODE)).toBeNull();
  });

  it('tolerates fields a newer version adds, but does not pass them on', () => {
    const got = readMachineStatus(status({ gpu: { name: 'RTX' }, note: '\u202Eevil' }), NODE)!;
    expect(got).not.toBeNull();
    expect(got).not.toHaveProperty('gpu');
    expect(got).not.toHaveProperty('note');
    expect(Object.keys(got).sort()).toEqual([
      'at',
      'machines',
      'models',
      'name',
      'nodeId',
      'nonce',
      'ownerFirst',
      'pausedUntil',
      'schedule',
      'seq',
      'slots',
      'switchedOn',
      'today',
      'v',
    ]);
  });
});
