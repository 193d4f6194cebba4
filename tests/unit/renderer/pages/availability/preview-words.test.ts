/** The availability preview's "from – to" words: a stretch ending after midnight says "tomorrow". */
import { describe, expect, it } from 'vitest';
import { spanWords } from '@renderer/pages/availability/preview-words';
import { fakeClock } from '../../../../support/fake-clock';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The next 24 hours from `now` cut at the given instants, as the engine's preview sends them. */
function spans(now: number, cuts: number[]) {
  const ends = [...cuts, now + 24 * HOUR];
  return ends.map((to, i) => ({ from: iso(i === 0 ? now : ends[i - 1]!), to: iso(to) }));
}

describe('the availability preview in words', () => {
  it('crossing midnight: "Now – 07:43 tomorrow", and the day is said once', () => {
    const clock = fakeClock(Date.parse('2026-11-23T22:30:00Z')); // 23:30 in Berlin
    const now = clock.now();
    const cuts = [Date.parse('2026-11-24T06:43:00Z'), Date.parse('2026-11-24T17:00:00Z')]; // 07:43 and 18:00 tomorrow
    expect(spanWords(spans(now, cuts), now, 'Europe/Berlin', 'en-GB')).toEqual([
      { from: 'Now', to: '07:43 tomorrow' },
      { from: '07:43 tomorrow', to: '18:00' },
      { from: '18:00', to: '23:30' },
    ]);
    expect(spanWords(spans(now, cuts), now, 'Europe/Berlin', 'en-US')[0]).toEqual({
      from: 'Now',
      to: '7:43 AM tomorrow',
    });
  });

  it('before midnight nothing says tomorrow; once the clock passes midnight, the same morning is today', () => {
    const clock = fakeClock(Date.parse('2026-11-23T08:00:00Z')); // 09:00 in Berlin
    const first = spanWords(spans(clock.now(), [clock.now() + 9 * HOUR]), clock.now(), 'Europe/Berlin', 'de-DE');
    expect(first[0]).toEqual({ from: 'Now', to: '18:00' });
    expect(first[1]).toEqual({ from: '18:00', to: '09:00 tomorrow' });

    clock.advance(16 * HOUR); // 01:00 in Berlin, the next day
    const cut = Date.parse('2026-11-24T06:43:00Z');
    expect(spanWords(spans(clock.now(), [cut]), clock.now(), 'Europe/Berlin', 'de-DE')[0]).toEqual({
      from: 'Now',
      to: '07:43',
    });
  });
});
