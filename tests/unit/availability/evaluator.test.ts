import { describe, expect, it } from 'vitest';
import { effectiveCapacity, nextChange, shareAt, timeline, wallClock } from '@engine/availability/evaluator';
import {
  describeWindow,
  scheduleProblems,
  type AvailabilitySchedule,
  type AvailabilityWindow,
  type Weekday,
} from '@engine/availability/schedule';

const ALL: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const win = (start: string, end: string, share = 1, days: Weekday[] = ALL): AvailabilityWindow => ({
  days,
  start,
  end,
  share,
});
const sched = (windows: AvailabilityWindow[], outsideShare = 0, timeZone = 'UTC'): AvailabilitySchedule => ({
  timeZone,
  windows,
  outsideShare,
});
const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

/** Real minutes in [from, to) during which the schedule offers anything. */
function openMinutes(s: AvailabilitySchedule, from: string, to: string): number {
  let n = 0;
  for (let t = at(from); t < at(to); t += MIN) if (shareAt(s, t).share > 0) n++;
  return n;
}

describe('share and capacity (as the reference evaluator tests pin them)', () => {
  // 2026-11-18 is a Wednesday.
  it.each([
    { name: 'no windows → full share', s: sched([]), when: '2026-11-18T12:00:00Z', base: 4, share: 1, capacity: 4 },
    {
      name: '08:00–22:00 @0.5 at 12:00 → 2 of 4',
      s: sched([win('08:00', '22:00', 0.5)]),
      when: '2026-11-18T12:00:00Z',
      base: 4,
      share: 0.5,
      capacity: 2,
    },
    {
      name: 'outside all windows, reference 0.5',
      s: sched([win('08:00', '10:00')], 0.5),
      when: '2026-11-18T12:00:00Z',
      base: 4,
      share: 0.5,
      capacity: 2,
    },
    {
      name: 'outside all windows, our default: closed',
      s: sched([win('08:00', '10:00')]),
      when: '2026-11-18T12:00:00Z',
      base: 4,
      share: 0,
      capacity: 0,
    },
    {
      name: 'share 0.1 floors at one slot',
      s: sched([win('00:00', '23:59', 0.1)]),
      when: '2026-11-18T12:00:00Z',
      base: 4,
      share: 0.1,
      capacity: 1,
    },
    { name: 'base 0 stays 0', s: sched([]), when: '2026-11-18T12:00:00Z', base: 0, share: 1, capacity: 0 },
    {
      name: '00:00–23:59 @0.0 → closed',
      s: sched([win('00:00', '23:59', 0)]),
      when: '2026-11-18T12:00:00Z',
      base: 4,
      share: 0,
      capacity: 0,
    },
    {
      name: 'overnight 22:00–06:00 matches 23:30',
      s: sched([win('22:00', '06:00')]),
      when: '2026-11-18T23:30:00Z',
      base: 4,
      share: 1,
      capacity: 4,
    },
    {
      name: 'overnight 22:00–06:00 matches 02:00',
      s: sched([win('22:00', '06:00')]),
      when: '2026-11-18T02:00:00Z',
      base: 4,
      share: 1,
      capacity: 4,
    },
    {
      name: 'overnight 22:00–06:00 does not match 12:00',
      s: sched([win('22:00', '06:00')]),
      when: '2026-11-18T12:00:00Z',
      base: 4,
      share: 0,
      capacity: 0,
    },
  ])('$name', ({ s, when, base, share, capacity }) => {
    const r = shareAt(s, at(when));
    expect(r.share).toBe(share);
    expect(effectiveCapacity(base, r.share)).toBe(capacity);
  });

  it.each([
    ['07:59', false],
    ['08:00', true],
    ['10:30', true],
    ['12:00', true],
    ['12:01', false],
  ])('boundaries are inclusive: 08:00–12:00 at %s → %s', (hhmm, open) => {
    expect(shareAt(sched([win('08:00', '12:00')]), at(`2026-11-18T${hhmm}:00Z`)).share > 0).toBe(open);
  });

  it.each([
    [4, 0.5, 2],
    [4, 0.75, 3],
    [3, 0.5, 1],
    [10, 0.3, 3], // 10 × 0.3 is 2.9999… in binary: still 3 slots
    [10, 0.7, 7],
    [7, 0.15, 1],
    [64, 1, 64],
    [2, 0.01, 1],
    [0, 0.5, 0],
    [4, 0, 0],
  ])('capacity of base %i at share %f is %i', (base, share, expected) => {
    expect(effectiveCapacity(base, share)).toBe(expected);
  });
});

describe('days of the week', () => {
  it('a Monday window is closed on Tuesday', () => {
    const s = sched([win('09:00', '17:00', 1, [1])]);
    expect(shareAt(s, at('2026-11-16T10:00:00Z')).share).toBe(1); // Monday
    expect(shareAt(s, at('2026-11-17T10:00:00Z')).share).toBe(0); // Tuesday
  });

  it('an overnight window belongs to the day it starts on', () => {
    const s = sched([win('22:00', '06:00', 1, [1])]);
    expect(shareAt(s, at('2026-11-16T23:00:00Z')).share).toBe(1); // Mon 23:00
    expect(shareAt(s, at('2026-11-17T05:00:00Z')).share).toBe(1); // Tue 05:00, still Monday night
    expect(shareAt(s, at('2026-11-16T05:00:00Z')).share).toBe(0); // Mon 05:00 belongs to Sunday night
  });

  it('Sunday night runs into Monday morning across the end of the week', () => {
    const s = sched([win('22:00', '06:00', 1, [7])]);
    expect(shareAt(s, at('2026-11-23T03:00:00Z')).share).toBe(1); // Monday 03:00
  });

  it('reads the wall clock in the schedule time zone, not the computer zone', () => {
    expect(wallClock(at('2026-11-18T12:00:00Z'), 'Asia/Tokyo')).toEqual({ weekday: 3, minute: 21 * 60 });
    expect(wallClock(at('2026-11-18T23:30:00Z'), 'Asia/Tokyo')).toEqual({ weekday: 4, minute: 8 * 60 + 30 });
    const s = sched([win('09:00', '17:00', 1, [3])], 0, 'America/New_York');
    expect(shareAt(s, at('2026-11-18T13:59:00Z')).share).toBe(0); // 08:59 EST
    expect(shareAt(s, at('2026-11-18T14:00:00Z')).share).toBe(1); // 09:00 EST
  });
});

describe('daylight saving time', () => {
  // Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST (01:00Z); 2026-10-25 03:00 CEST → 02:00 CET (01:00Z).
  // America/New_York: 2026-03-08 02:00 EST → 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT → 01:00 EST (06:00Z).
  it.each([
    ['Europe/Berlin', 'spring forward', '2026-03-28T22:00:00Z', '2026-03-29T06:00:00Z', 2 * 60 + 1],
    ['Europe/Berlin', 'fall back', '2026-10-24T21:00:00Z', '2026-10-25T06:00:00Z', 4 * 60 + 1],
    ['America/New_York', 'spring forward', '2026-03-08T04:00:00Z', '2026-03-08T12:00:00Z', 2 * 60 + 1],
    ['America/New_York', 'fall back', '2026-11-01T03:00:00Z', '2026-11-01T12:00:00Z', 4 * 60 + 1],
  ])('%s %s: a 01:00–04:00 window is open exactly as long as the wall clock says', (tz, _what, from, to, minutes) => {
    // The skipped hour is not offered (it does not exist) and the repeated one is offered once per pass,
    // so the real length is 2 h (spring) or 4 h (autumn) plus the inclusive last minute.
    expect(openMinutes(sched([win('01:00', '04:00')], 0, tz), from, to)).toBe(minutes);
  });

  it.each([
    ['Europe/Berlin', '2026-03-28T08:00:00Z', '2026-03-29T07:00:00Z'], // 09:00 CET, then 09:00 CEST
    ['Europe/Berlin', '2026-10-24T07:00:00Z', '2026-10-25T08:00:00Z'], // 09:00 CEST, then 09:00 CET
    ['America/New_York', '2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z'],
    ['America/New_York', '2026-10-31T13:00:00Z', '2026-11-01T14:00:00Z'],
  ])('%s: a 09:00 window opens at 09:00 local on both sides of the change (%s, %s)', (tz, before, after) => {
    const s = sched([win('09:00', '17:00')], 0, tz);
    for (const open of [before, after]) {
      expect(shareAt(s, at(open) - MIN).share).toBe(0);
      expect(shareAt(s, at(open)).share).toBe(1);
    }
  });

  it('a day-long schedule neither loses nor doubles an hour: 8 h windows stay 8 h (+1 min) on DST days', () => {
    for (const tz of ['Europe/Berlin', 'America/New_York']) {
      const s = sched([win('09:00', '17:00')], 0, tz);
      for (const day of ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01']) {
        expect(openMinutes(s, `${day}T00:00:00Z`, `${day}T23:59:00Z`)).toBe(8 * 60 + 1);
      }
    }
  });

  it('the next change is found across the autumn change', () => {
    const s = sched([win('09:00', '17:00')], 0, 'Europe/Berlin');
    // Saturday 20:00 CEST → opens Sunday 09:00 CET = 08:00Z.
    expect(nextChange(s, at('2026-10-24T18:00:00Z'))).toBe(at('2026-10-25T08:00:00Z'));
  });
});

describe('timeline and next change', () => {
  it('cuts the next 24 h into segments of constant share', () => {
    const s = sched([win('08:00', '11:59', 0.5), win('12:00', '17:59', 1)]);
    const t = timeline(s, at('2026-11-18T06:00:00Z'), 24);
    expect(t.map((x) => [new Date(x.from).toISOString().slice(11, 16), x.share])).toEqual([
      ['06:00', 0],
      ['08:00', 0.5],
      ['12:00', 1],
      ['18:00', 0],
    ]);
    expect(t.at(-1)!.to).toBe(at('2026-11-19T06:00:00Z'));
  });

  it('has no next change without windows', () => {
    expect(nextChange(sched([]), Date.now())).toBeNull();
  });
});

describe('schedule validation', () => {
  it.each([
    [
      'same day, overlapping hours',
      [win('08:00', '12:00', 1, [1]), win('11:00', '14:00', 1, [1])],
      /overlap at Mon 11:00/,
    ],
    [
      'a shared end minute (ends are inclusive)',
      [win('08:00', '12:00', 1, [1]), win('12:00', '18:00', 1, [1])],
      /overlap at Mon 12:00.*end one at 11:59/,
    ],
    [
      'an overnight window running into the next morning',
      [win('22:00', '06:00', 1, [1]), win('05:00', '09:00', 1, [2])],
      /overlap at Tue 05:00/,
    ],
    [
      'Sunday night into Monday',
      [win('22:00', '02:00', 1, [7]), win('01:00', '03:00', 1, [1])],
      /overlap at Mon 01:00/,
    ],
  ])('rejects %s', (_name, windows, message) => {
    const problems = scheduleProblems(sched(windows));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.path).toBe('windows.1');
  });

  it.each([
    ['touching windows', [win('08:00', '11:59', 1, [1]), win('12:00', '18:00', 1, [1])]],
    ['the same hours on different days', [win('08:00', '12:00', 1, [1, 3]), win('08:00', '12:00', 0.5, [2, 4])]],
    ['a full week of overnight windows', [win('22:00', '06:00', 1, ALL), win('06:01', '21:59', 0.5, ALL)]],
    ['no windows at all', []],
  ])('accepts %s', (_name, windows) => {
    expect(scheduleProblems(sched(windows))).toEqual([]);
  });

  it('rejects a window that starts and ends at the same minute, a repeated day and an unknown zone', () => {
    expect(scheduleProblems(sched([win('08:00', '08:00')]))[0]!.message).toMatch(/same minute/);
    expect(scheduleProblems(sched([win('08:00', '09:00', 1, [1, 1])]))[0]!.message).toMatch(/listed twice/);
    expect(scheduleProblems(sched([], 0, 'Mars/Olympus_Mons'))[0]).toEqual({
      path: 'timeZone',
      message: expect.stringMatching(/not a known time zone/),
      said: { id: 'refusal.schedule.unknownZone', values: { zone: 'Mars/Olympus_Mons' } },
    });
  });
});

describe('window descriptions', () => {
  it.each([
    [[1, 2, 3, 4, 5], 'Mon–Fri'],
    [[1, 3], 'Mon, Wed'],
    [[1, 2], 'Mon, Tue'],
    [[6, 7, 1], 'Mon, Sat, Sun'],
    [[1, 2, 3, 5, 6, 7], 'Mon–Wed, Fri–Sun'],
    [ALL, 'Every day'],
  ])('days %j read as "%s"', (days, words) => {
    expect(describeWindow(win('09:00', '17:00', 1, days as Weekday[]))).toBe(`${words} 09:00–17:00`);
  });
});

describe('next change is remembered until it happens', () => {
  it('answers the same as a fresh walk at any later minute before the change', () => {
    const s = sched([win('09:00', '17:00', 1, [1, 2, 3, 4, 5])], 0, 'Europe/Berlin');
    const first = nextChange(s, at('2026-11-18T17:00:00Z'));
    expect(first).toBe(at('2026-11-19T08:00:00Z'));
    expect(nextChange(s, at('2026-11-19T03:00:00Z'))).toBe(first);
    expect(nextChange({ ...s }, at('2026-11-19T03:00:00Z'))).toBe(first);
    // Inside the window now: the next change is its end.
    expect(nextChange(s, at('2026-11-19T09:00:00Z'))).toBe(at('2026-11-19T16:01:00Z'));
  });
});
