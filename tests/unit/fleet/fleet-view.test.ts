/**
 * One machine as the Machines page gets it from the engine: the sentence on its state is a catalogue sentence, and a
 * machine not heard says why it should be on: by its availability windows, or always, when it has none.
 */
import { describe, expect, it } from 'vitest';
import type { AvailabilitySchedule } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { machineView } from '@engine/fleet/fleet-view';
import type { Seen } from '@engine/fleet/fleet-types';
import type { MachineStatus } from '@engine/fleet/machine-status';

/** A Monday, 12:00 UTC. */
const NOW = Date.parse('2026-06-01T12:00:00Z');
const DAYTIME: AvailabilitySchedule = {
  timeZone: 'UTC',
  windows: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '18:00', share: 1 }],
  outsideShare: 0,
};
/** No windows: on all the time. */
const ALWAYS: AvailabilitySchedule = { timeZone: 'UTC', windows: [], outsideShare: 1 };

function status(schedule: AvailabilitySchedule): MachineStatus {
  return {
    v: 2,
    nodeId: 'node-attic-01',
    seq: 1,
    nonce: null,
    name: 'Attic',
    at: NOW - 120_000,
    switchedOn: true,
    pausedUntil: null,
    schedule,
    ownerFirst: null,
    slots: { busy: 0, total: 2 },
    today: { tasks: 0, credits: null },
    models: [],
    machines: [],
  };
}

/** The machine as the looks left it: down, not answering two looks in a row. */
function downSeen(schedule: AvailabilitySchedule): Seen {
  return {
    looks: {
      answered: false,
      misses: 2,
      askedDirectly: true,
      directory: null,
      directoryAnswered: true,
      status: status(schedule),
    },
    state: 'down',
    seq: 1,
    directoryAt: null,
    directoryProblem: null,
    view: null,
    machineAt: NOW - 120_000,
    machineProblem: null,
    alerted: true,
    alertSince: NOW - 60_000,
    episode: null,
  };
}

const ATTIC = { nodeId: 'node-attic-01', name: 'Attic' };

describe('machineView: the sentence on a machine down', () => {
  it('leans on its availability windows when it has some', () => {
    const m = machineView(ATTIC, downSeen(DAYTIME), NOW, 10_000);
    expect(english.said(m.words)).toBe('Not heard, though its availability windows say it should be on.');
  });

  it('says a machine without windows should always be on, not that its windows say so', () => {
    const m = machineView(ATTIC, downSeen(ALWAYS), NOW, 10_000);
    expect(m.words).toEqual({ id: 'fleet.words.downNoWindows' });
    expect(english.said(m.words)).toBe('Not heard, though it has no availability windows and so should always be on.');
  });
});
