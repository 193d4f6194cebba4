/**
 * The "Right now" card says the schedule's times on the schedule's clock, and names the schedule's zone after each of
 * them when this browser reads another zone, so a window end is never taken for a browser-time hour (ADR 0022).
 */
import { said } from '@shared/i18n/said';
import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { NowCard } from '@renderer/pages/availability/NowCard';
import { browserTimeZone } from '@renderer/lib/zone-time';
import { formatUntil } from '@renderer/format';
import { snapshot } from '../../support/fixtures';

/** A zone no test machine runs in, checked below, 12:45 ahead of UTC. */
const FAR = 'Pacific/Chatham';
const NEXT = new Date(Date.now() + 3 * 3600_000).toISOString();

function showOutsideWindow(timeZone: string) {
  const snap = snapshot({
    capacity: { maxConcurrent: 2, effectiveMaxConcurrent: 0, activeJobs: 0 },
    availability: {
      share: 0,
      windowShare: 0,
      window: null,
      windowCount: 1,
      timeZone,
      nextChangeAt: NEXT,
      reason: 'outside_window',
      message: said('status.reason.outsideUntil', { when: '18:00' }),
    },
  });
  render(<NowCard snapshot={snap} />);
  return screen.getByTestId('availability-now').textContent ?? '';
}

/** The time as the card writes it on that zone's clock ("6:45 PM", "6:45 AM tomorrow"), without its label. */
const clock = (iso: string, timeZone: string) => (formatUntil(iso, Date.now(), timeZone) ?? '').replace(/\u202f/g, ' ');

describe('the Right now card', () => {
  it('names the schedule’s zone after its times when the browser reads another zone', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US');
    expect(browserTimeZone()).not.toBe(FAR);
    const text = showOutsideWindow(FAR).replace(/\u202f/g, ' ');
    expect(text).toContain(`Outside your availability windows until ${clock(NEXT, FAR)} (${FAR}), in 3 h.`);
  });

  it('says the end of the time outside the windows once', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US');
    const text = showOutsideWindow(FAR).replace(/\u202f/g, ' ');
    expect(text.split(clock(NEXT, FAR)).length - 1).toBe(1);
    expect(text).not.toContain('The schedule changes at');
  });

  it('says the times bare when the schedule’s zone is the browser’s', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US');
    const here = browserTimeZone();
    const text = showOutsideWindow(here).replace(/\u202f/g, ' ');
    expect(text).toContain(`Outside your availability windows until ${clock(NEXT, here)}, in 3 h.`);
    expect(text).not.toContain(`(${here})`);
  });

  it('says the engine’s reason in the page’s language', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    const snap = snapshot({
      capacity: { maxConcurrent: 2, effectiveMaxConcurrent: 0, activeJobs: 0 },
      availability: {
        share: 0,
        windowShare: 1,
        window: null,
        windowCount: 0,
        timeZone: browserTimeZone(),
        nextChangeAt: null,
        reason: 'on_battery',
        message: said('status.reason.onBattery'),
      },
    });
    render(<NowCard snapshot={snap} />);
    const text = screen.getByTestId('availability-now').textContent ?? '';
    expect(text).toContain('Akkubetrieb: Der Knoten wartet auf Netzstrom.');
    expect(text).not.toContain('On battery power');
  });

  it('names the window in force by its end as the schedule list does, "midnight", never "11:59 PM"', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US');
    const snap = snapshot({
      capacity: { maxConcurrent: 2, effectiveMaxConcurrent: 2, activeJobs: 0 },
      availability: {
        share: 1,
        windowShare: 1,
        window: { days: [7], start: '22:00', end: '23:59', share: 1 },
        windowCount: 1,
        timeZone: browserTimeZone(),
        nextChangeAt: NEXT,
        reason: null,
        message: null,
      },
    });
    render(<NowCard snapshot={snap} />);
    const text = (screen.getByTestId('availability-now').textContent ?? '').replace(/\u202f/g, ' ');
    expect(text).toContain('In your window Sun 10:00 PM–midnight: 100% of your slots.');
    expect(text).not.toContain('11:59');
  });
});
