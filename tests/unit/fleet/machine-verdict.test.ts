/**
 * Whether a machine of the operator is up, and whether its silence is what its owner meant. The verdict comes from
 * its looks (did it answer itself, how many looks in a row it did not, what the directory said) and from the status
 * it last published (its switch and its schedule). One missed look is not news; two are. Real schedules in UTC at
 * fixed times, so "inside its window" and "outside" are what the evaluator says, not a stub.
 */
import { describe, expect, it } from 'vitest';
import type { AvailabilitySchedule, MachineState } from '@shared/contract';
import type { MachineStatus } from '@engine/fleet/machine-status';
import { heard, machineState, meantToBeOn, type MachineLooks } from '@engine/fleet/machine-verdict';

/** A Monday, 12:00 UTC. */
const NOW = Date.parse('2026-06-01T12:00:00Z');
const INTERVAL = 30_000;
/** The directory's heartbeat counts as fresh for two intervals and five seconds. */
const FRESH = 2 * INTERVAL + 5_000;

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
/** On from 08:00 to 18:00 every day: NOW is inside. */
const DAYTIME: AvailabilitySchedule = {
  timeZone: 'UTC',
  windows: [{ days: EVERY_DAY, start: '08:00', end: '18:00', share: 1 }],
  outsideShare: 0,
};
/** On from 00:00 to 06:00 every day: NOW is outside. */
const NIGHTS: AvailabilitySchedule = {
  timeZone: 'UTC',
  windows: [{ days: EVERY_DAY, start: '00:00', end: '06:00', share: 1 }],
  outsideShare: 0,
};
/** On at weekends only: a Monday is outside. */
const WEEKENDS: AvailabilitySchedule = {
  timeZone: 'UTC',
  windows: [{ days: [6, 7], start: '00:00', end: '23:59', share: 1 }],
  outsideShare: 0,
};
/** No windows: always on. */
const ALWAYS: AvailabilitySchedule = { timeZone: 'UTC', windows: [], outsideShare: 0 };

function status(over: Partial<MachineStatus> = {}): MachineStatus {
  return {
    v: 2,
    nodeId: 'node-attic-01',
    seq: 1,
    nonce: null,
    name: 'Attic',
    at: NOW - 60_000,
    switchedOn: true,
    pausedUntil: null,
    schedule: DAYTIME,
    ownerFirst: null,
    slots: { busy: 0, total: 2 },
    today: { tasks: 0, credits: null },
    models: [],
    machines: [],
    ...over,
  };
}

function looks(over: Partial<MachineLooks> = {}): MachineLooks {
  return {
    answered: false,
    misses: 0,
    askedDirectly: false,
    directory: null,
    directoryAnswered: true,
    status: status(),
    ...over,
  };
}

/** A machine that answered earlier in this run and has now missed `misses` looks in a row. */
const silent = (misses: number, st: MachineStatus | null = status()) =>
  looks({
    askedDirectly: true,
    misses,
    status: st,
    directory: { found: true, lastSeen: NOW },
    directoryAnswered: true,
  });
/** A machine never asked itself (a relay's address, or none), known only by the directory's heartbeat. */
const byDirectory = (lastSeen: number | null, st: MachineStatus | null = status(), found = true) =>
  looks({ askedDirectly: false, directory: { found, lastSeen }, directoryAnswered: true, status: st });

const ALL: MachineState[] = ['online', 'down', 'asleep', 'paused', 'stopped', 'unknown'];

describe('heard', () => {
  it('is yes when the machine answered itself, whatever else was seen', () => {
    expect(heard(looks({ answered: true, askedDirectly: true }), INTERVAL, NOW)).toBe(true);
    expect(
      heard(
        looks({
          answered: true,
          askedDirectly: true,
          directoryAnswered: false,
          directory: { found: false, lastSeen: null },
        }),
        INTERVAL,
        NOW,
      ),
    ).toBe(true);
  });

  it('needs two missed looks in a row of a machine that answered before; one is nothing new', () => {
    expect(heard(silent(0), INTERVAL, NOW)).toBeNull();
    expect(heard(silent(1), INTERVAL, NOW)).toBeNull();
    expect(heard(silent(2), INTERVAL, NOW)).toBe(false);
    expect(heard(silent(7), INTERVAL, NOW)).toBe(false);
  });

  it('goes by the directory heartbeat for a machine never asked itself: fresh up to two intervals and five seconds', () => {
    expect(heard(byDirectory(NOW), INTERVAL, NOW)).toBe(true);
    expect(heard(byDirectory(NOW - FRESH), INTERVAL, NOW)).toBe(true);
    expect(heard(byDirectory(NOW - FRESH - 1), INTERVAL, NOW)).toBe(false);
    // The bound follows the interval.
    expect(heard(byDirectory(NOW - FRESH - 1), INTERVAL * 2, NOW)).toBe(true);
    expect(heard(byDirectory(null), INTERVAL, NOW)).toBe(false);
    expect(heard(byDirectory(NOW, status(), false), INTERVAL, NOW)).toBe(false);
  });

  it('concludes nothing from a directory that did not answer, or was never read', () => {
    expect(
      heard(looks({ directoryAnswered: false, directory: { found: true, lastSeen: NOW - 10 * FRESH } }), INTERVAL, NOW),
    ).toBeNull();
    expect(heard(looks({ directoryAnswered: true, directory: null }), INTERVAL, NOW)).toBeNull();
  });
});

describe('meantToBeOn', () => {
  it('reads the schedule and the switch; unknown without a status', () => {
    expect(meantToBeOn(null, NOW)).toBeNull();
    expect(meantToBeOn(status({ schedule: DAYTIME }), NOW)).toBe(true);
    expect(meantToBeOn(status({ schedule: NIGHTS }), NOW)).toBe(false);
    expect(meantToBeOn(status({ schedule: WEEKENDS }), NOW)).toBe(false);
    expect(meantToBeOn(status({ schedule: ALWAYS }), NOW)).toBe(true);
    // Outside every window but with a share left outside them: still on.
    expect(meantToBeOn(status({ schedule: { ...NIGHTS, outsideShare: 0.5 } }), NOW)).toBe(true);
    expect(meantToBeOn(status({ switchedOn: false }), NOW)).toBe(false);
    expect(meantToBeOn(status({ switchedOn: false, pausedUntil: NOW + 1 }), NOW)).toBe(false);
    expect(meantToBeOn(status({ switchedOn: false, pausedUntil: NOW - 1 }), NOW)).toBe(true);
    // The schedule's windows end on their last minute.
    expect(meantToBeOn(status(), Date.parse('2026-06-01T18:00:59Z'))).toBe(true);
    expect(meantToBeOn(status(), Date.parse('2026-06-01T18:01:00Z'))).toBe(false);
  });
});

describe('machineState', () => {
  it('is online when the machine answered, from any earlier state; paused when it answered switched off', () => {
    for (const previous of ALL) {
      expect(machineState(looks({ answered: true, askedDirectly: true }), previous, INTERVAL, NOW)).toBe('online');
      expect(
        machineState(
          looks({ answered: true, askedDirectly: true, status: status({ switchedOn: false }) }),
          previous,
          INTERVAL,
          NOW,
        ),
      ).toBe('paused');
    }
  });

  it('keeps the earlier state after one missed look', () => {
    for (const previous of ALL) expect(machineState(silent(1), previous, INTERVAL, NOW)).toBe(previous);
  });

  it('after two missed looks: down inside its windows, asleep outside them, paused when switched off', () => {
    expect(machineState(silent(2, status({ schedule: DAYTIME })), 'online', INTERVAL, NOW)).toBe('down');
    expect(machineState(silent(2, status({ schedule: ALWAYS })), 'online', INTERVAL, NOW)).toBe('down');
    expect(machineState(silent(2, status({ schedule: NIGHTS })), 'online', INTERVAL, NOW)).toBe('asleep');
    expect(machineState(silent(2, status({ schedule: WEEKENDS })), 'online', INTERVAL, NOW)).toBe('asleep');
    expect(machineState(silent(2, status({ switchedOn: false })), 'online', INTERVAL, NOW)).toBe('paused');
    expect(
      machineState(silent(2, status({ switchedOn: false, pausedUntil: NOW + 60_000 })), 'online', INTERVAL, NOW),
    ).toBe('paused');
  });

  it('counts a timed pause that has ended as switched on', () => {
    expect(machineState(silent(2, status({ switchedOn: false, pausedUntil: NOW - 1 })), 'paused', INTERVAL, NOW)).toBe(
      'down',
    );
    expect(machineState(silent(2, status({ switchedOn: false, pausedUntil: NOW })), 'paused', INTERVAL, NOW)).toBe(
      'down',
    );
    expect(
      machineState(
        silent(2, status({ switchedOn: false, pausedUntil: NOW - 1, schedule: NIGHTS })),
        'paused',
        INTERVAL,
        NOW,
      ),
    ).toBe('asleep');
    // It answered, still saying "paused" from before its pause ran out: online.
    expect(
      machineState(
        looks({ answered: true, askedDirectly: true, status: status({ switchedOn: false, pausedUntil: NOW - 1 }) }),
        'paused',
        INTERVAL,
        NOW,
      ),
    ).toBe('online');
  });

  it('goes by the directory for a machine never asked itself: fresh is online, stale is down or asleep by its schedule', () => {
    expect(machineState(byDirectory(NOW - 1_000), 'unknown', INTERVAL, NOW)).toBe('online');
    expect(machineState(byDirectory(NOW - FRESH), 'down', INTERVAL, NOW)).toBe('online');
    expect(machineState(byDirectory(NOW - FRESH - 1), 'online', INTERVAL, NOW)).toBe('down');
    expect(machineState(byDirectory(NOW - FRESH - 1, status({ schedule: NIGHTS })), 'online', INTERVAL, NOW)).toBe(
      'asleep',
    );
    expect(machineState(byDirectory(null), 'online', INTERVAL, NOW)).toBe('down');
    expect(machineState(byDirectory(NOW, status(), false), 'online', INTERVAL, NOW)).toBe('down');
    expect(machineState(byDirectory(NOW - FRESH - 1, status({ switchedOn: false })), 'online', INTERVAL, NOW)).toBe(
      'paused',
    );
  });

  it('keeps the earlier state when the directory did not answer about a machine never asked itself', () => {
    for (const previous of ALL) {
      expect(
        machineState(
          looks({ directoryAnswered: false, directory: { found: true, lastSeen: NOW - 10 * FRESH } }),
          previous,
          INTERVAL,
          NOW,
        ),
      ).toBe(previous);
    }
  });

  it('is unknown when the machine is not heard and nothing is known of its schedule', () => {
    expect(machineState(silent(2, null), 'online', INTERVAL, NOW)).toBe('unknown');
    expect(machineState(byDirectory(NOW - FRESH - 1, null), 'online', INTERVAL, NOW)).toBe('unknown');
    // Heard through the directory without a status of its own: online all the same.
    expect(machineState(byDirectory(NOW, null), 'unknown', INTERVAL, NOW)).toBe('online');
  });
});

describe('a machine that said goodbye', () => {
  const bye = (l: MachineLooks): MachineLooks => ({ ...l, saidGoodbye: true });

  it('is not heard from the goodbye on, even while the directory still has a fresh heartbeat of it', () => {
    expect(heard(bye(silent(0)), INTERVAL, NOW)).toBe(false);
    expect(heard(bye(byDirectory(NOW)), INTERVAL, NOW)).toBe(false);
    // An answer after it is newer still.
    expect(heard(bye(looks({ answered: true, askedDirectly: true })), INTERVAL, NOW)).toBe(true);
    // Once its goodbye is gone (it answered since), two missed looks are down again, as a crash.
    expect(machineState(silent(2, status({ schedule: DAYTIME })), 'stopped', INTERVAL, NOW)).toBe('down');
  });

  it('is stopped at once where its silence would be down or unknown: no missed look needed', () => {
    for (const previous of ALL) {
      expect(machineState(bye(silent(0, status({ schedule: DAYTIME }))), previous, INTERVAL, NOW)).toBe('stopped');
      expect(machineState(bye(silent(2, status({ schedule: ALWAYS }))), previous, INTERVAL, NOW)).toBe('stopped');
      expect(machineState(bye(byDirectory(NOW)), previous, INTERVAL, NOW)).toBe('stopped');
      expect(machineState(bye(silent(0, null)), previous, INTERVAL, NOW)).toBe('stopped');
    }
  });

  it('stays paused or asleep when its own switch or schedule says so already', () => {
    expect(machineState(bye(silent(0, status({ switchedOn: false }))), 'paused', INTERVAL, NOW)).toBe('paused');
    expect(machineState(bye(silent(0, status({ schedule: NIGHTS }))), 'online', INTERVAL, NOW)).toBe('asleep');
  });
});
