/**
 * Times as the person reads them: the person's locale decides the hour cycle, and every place that shows a time
 * (status line, tray, events, logs, availability) uses the same one; a time on the next day says "tomorrow".
 */
import { describe, expect, it } from 'vitest';
import { eventWords } from '@shared/words/event-words';
import { statusWords } from '@shared/words/status-sentence';
import {
  daysAhead,
  formatClock,
  formatDayClock,
  formatFullDateTime,
  formatHourMark,
  formatUntil,
  formatUntilThere,
} from '@shared/text/wall-clock';
import { snapshotWith } from '../app/snapshots';

const AT = Date.UTC(2026, 10, 23, 7, 42, 31); // Mon 23 Nov 2026, 07:42:31 UTC
const UTC = { timeZone: 'UTC' };

describe('times in the person’s locale', () => {
  it.each([
    {
      locale: 'en-US',
      clock: '7:42 AM',
      seconds: '7:42:31 AM',
      dayClock: 'Mon 7:42 AM',
      full: 'Nov 23, 2026, 7:42:31 AM',
      hourMark: '7 AM',
    },
    {
      locale: 'de-DE',
      clock: '07:42',
      seconds: '07:42:31',
      dayClock: 'Mo., 07:42',
      full: '23. Nov. 2026, 07:42:31',
      hourMark: '07',
    },
    {
      locale: 'en-GB',
      clock: '07:42',
      seconds: '07:42:31',
      dayClock: 'Mon 07:42',
      full: '23 Nov 2026, 07:42:31',
      hourMark: '07',
    },
  ])(
    '$locale: the clock, the log line and the timeline share one hour cycle',
    ({ locale, clock, seconds, dayClock, full, hourMark }) => {
      const style = { ...UTC, locale };
      expect(formatClock(AT, style)).toBe(clock);
      expect(formatClock(AT, { ...style, seconds: true })).toBe(seconds);
      expect(formatDayClock(AT, style)).toBe(dayClock);
      expect(formatFullDateTime(AT, style)).toBe(full);
      expect(formatHourMark(AT, style)).toBe(hourMark);
    },
  );

  it('an afternoon time keeps the hour cycle of its locale', () => {
    const pm = Date.UTC(2026, 10, 23, 19, 5);
    expect(formatClock(pm, { ...UTC, locale: 'en-US' })).toBe('7:05 PM');
    expect(formatClock(pm, { ...UTC, locale: 'de-DE' })).toBe('19:05');
    expect(formatClock(pm, { ...UTC, locale: 'en-GB' })).toBe('19:05');
  });

  it('says "tomorrow" for a time on the next day of the zone’s calendar, not for one later today', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const lateEvening = Date.UTC(2026, 10, 23, 22, 30); // 23:30 in Berlin
    const nextMorning = iso(Date.UTC(2026, 10, 24, 6, 43)); // 07:43 in Berlin
    expect(formatUntil(nextMorning, lateEvening, 'Europe/Berlin', 'en-GB')).toBe('07:43 tomorrow');
    expect(formatUntil(nextMorning, lateEvening, 'Europe/Berlin', 'en-US')).toBe('7:43 AM tomorrow');
    expect(formatUntil(nextMorning, lateEvening, 'Europe/Berlin', 'de-DE')).toBe('07:43 tomorrow');
    // Ten minutes past midnight in Berlin is tomorrow there while it is still the same day in UTC.
    expect(formatUntil(iso(Date.UTC(2026, 10, 23, 23, 10)), lateEvening, 'Europe/Berlin', 'en-GB')).toBe(
      '00:10 tomorrow',
    );
    expect(formatUntil(iso(Date.UTC(2026, 10, 23, 22, 50)), lateEvening, 'Europe/Berlin', 'en-GB')).toBe('23:50');
    // Further ahead: the weekday, then the date.
    expect(formatUntil(iso(Date.UTC(2026, 10, 26, 7, 0)), lateEvening, 'UTC', 'en-GB')).toBe('Thu 07:00');
    expect(formatUntil(iso(Date.UTC(2026, 11, 7, 7, 0)), lateEvening, 'UTC', 'en-GB')).toBe('Mon 7 Dec, 07:00');
  });

  it('counts calendar days on the zone’s clock', () => {
    const lateEvening = Date.UTC(2026, 10, 23, 22, 30);
    expect(daysAhead(Date.UTC(2026, 10, 23, 23, 10), lateEvening, 'Europe/Berlin')).toBe(1);
    expect(daysAhead(Date.UTC(2026, 10, 23, 23, 10), lateEvening, 'UTC')).toBe(0);
  });

  it('the status line and an event about the same pause write its end alike, in this runtime’s locale', () => {
    const now = Date.UTC(2025, 4, 12, 10, 0);
    const until = '2025-05-12T16:00:00.000Z';
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const status = statusWords(
      snapshotWith({
        state: 'paused',
        available: false,
        pausedUntil: until,
        availability: { reason: 'switched_off', timeZone: zone },
      }),
      {
        now,
        connection: 'connected',
      },
    );
    const event = eventWords({
      event: 'availability_off',
      level: 'info',
      details: `cause=manual until=${until}`,
      ts: new Date(now).toISOString(),
    });
    const inStatus = status.sentence.replace(/^Paused until /, '');
    const inEvent = event.sentence.replace(/^You paused the node until /, '').replace(/\.$/, '');
    expect(inStatus).toBe(inEvent);
    expect(inStatus).toBe(formatClock(until));
  });

  it('a time of a place is labelled with its zone only when the viewer reads another zone', () => {
    const now = Date.UTC(2026, 10, 23, 17, 48);
    const inAnHour = now + 3_600_000;
    // 18:48 on the machine's clock in UTC is 19:48 in Berlin: unlabelled, the viewer in Berlin would read "now".
    expect(formatUntilThere(inAnHour, now, 'UTC', 'en-GB', 'Europe/Berlin')).toBe('18:48 (UTC)');
    expect(formatUntilThere(inAnHour, now, 'Europe/Berlin', 'en-GB', 'Europe/Berlin')).toBe('19:48');
    expect(formatUntilThere(inAnHour, now, 'UTC', 'en-GB', 'Etc/UTC')).toBe('18:48');
    // A zone this runtime does not know is told on the viewer's clock, so it gets no label.
    expect(formatUntilThere(inAnHour, now, 'Mars/Olympus', 'en-GB', 'UTC')).toBe(
      formatUntil(inAnHour, now, undefined, 'en-GB'),
    );
  });
});
