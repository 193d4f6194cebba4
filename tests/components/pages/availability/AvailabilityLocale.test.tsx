/**
 * The Availability page in the person's language and locale: for a person in Germany every word, weekday, time and
 * percentage on it is German ("Mo–Fr 08:00–18:00", "50 %"), with no "Mon" or "Monday" and no English sentence left;
 * for a person in the United States the same page says "Mon–Fri 8:00 AM–6:00 PM" and "50%". Every card names the
 * window in force as the window list does, its end the minute after the stored one, never "17:59". A stretch of the
 * preview shorter than a minute is one time in its tooltip, not a range from a minute to itself.
 */
import { render, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { speakWith } from '@shared/i18n/current';
import { currentSay } from '@renderer/i18n/useT';
import type { AvailabilityPreview, AvailabilitySchedule } from '@shared/contract';
import { Availability } from '@renderer/pages/availability/Availability';
import { useSchedule } from '@renderer/pages/availability/schedule-store';
import { localeProblems } from '../../../support/locale-words';
import { connectedTo, snapshot } from '../../support/fixtures';
import { inLocale, pageWords } from '../../support/locale';
import { ok, provider } from '../../support/provider';

const SCHEDULE: AvailabilitySchedule = {
  timeZone: 'UTC',
  outsideShare: 0,
  windows: [{ days: [1, 2, 3, 4, 5], start: '08:00', end: '17:59', share: 0.5 }],
};

/** The engine's preview: each stretch carries its window as stored; the last stretch lasts 40 seconds. */
const PREVIEW: AvailabilityPreview = {
  timeZone: 'UTC',
  segments: [
    {
      from: '2026-11-25T10:00:00.000Z',
      to: '2026-11-25T17:59:00.000Z',
      share: 0.5,
      capacity: 1,
      window: SCHEDULE.windows[0]!,
    },
    { from: '2026-11-25T17:59:00.000Z', to: '2026-11-26T09:59:20.000Z', share: 0, capacity: 0, window: null },
    {
      from: '2026-11-26T09:59:20.000Z',
      to: '2026-11-26T10:00:00.000Z',
      share: 0.5,
      capacity: 1,
      window: SCHEDULE.windows[0]!,
    },
  ],
};

async function openAvailability() {
  useSchedule.setState(useSchedule.getInitialState(), true);
  provider.answer('getSchedule', ok(SCHEDULE));
  provider.answer('previewAvailability', ok(PREVIEW));
  connectedTo(
    snapshot({
      capacity: { maxConcurrent: 2, effectiveMaxConcurrent: 1, activeJobs: 0 },
      availability: {
        share: 0.5,
        windowShare: 0.5,
        window: SCHEDULE.windows[0]!,
        windowCount: 1,
        timeZone: 'UTC',
        nextChangeAt: '2026-11-25T18:00:00.000Z',
      },
    }),
  );
  const { container } = render(<Availability />);
  await screen.findByTestId('availability-windows');
  await waitFor(() => expect(screen.getAllByTestId('preview-segment')).toHaveLength(3));
  return container;
}

const plain = (s: string | null | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

// Words made outside React (a cell's label, a stretch's times) follow the page's language, as main.tsx sets it.
beforeAll(() => speakWith(currentSay));

describe('the Availability page for a person in Germany', () => {
  inLocale('de-DE');

  it('writes every weekday, time and percentage in German, the engine’s window names too', async () => {
    const container = await openAvailability();
    expect(localeProblems([pageWords('availability', container)], 'de-DE')).toEqual([]);
    expect(screen.getAllByRole('rowheader').map((h) => h.textContent)).toEqual([
      'Mo',
      'Di',
      'Mi',
      'Do',
      'Fr',
      'Sa',
      'So',
    ]);
    expect(screen.getAllByRole('rowheader').map((h) => h.getAttribute('aria-label'))).toEqual([
      'Montag',
      'Dienstag',
      'Mittwoch',
      'Donnerstag',
      'Freitag',
      'Samstag',
      'Sonntag',
    ]);
    expect(plain(screen.getByTestId('availability-window').textContent)).toMatch(/^Mo–Fr 08:00–18:00 · 50 %/);
    expect(plain(screen.getByTestId('availability-now').textContent)).toContain(
      'In Ihrem Zeitfenster Mo–Fr 08:00–18:00: 50 % Ihrer Plätze.',
    );
    expect(plain(screen.getAllByTestId('preview-segment')[0]!.textContent)).toContain('(50 %) · Mo–Fr 08:00–18:00');
  });

  it('says every sentence of the page in German, none of them in English', async () => {
    const container = await openAvailability();
    const text = plain(container.textContent);
    for (const german of [
      'Verfügbarkeit',
      'Gerade jetzt',
      'Wochenplan',
      'Die nächsten 24 Stunden',
      'Bedingungen',
      'Zeitplan speichern',
      'Zeitzone',
    ]) {
      expect(text).toContain(german);
    }
    for (const english of [
      'Right now',
      'Weekly schedule',
      'Next 24 hours',
      'Conditions',
      'Save schedule',
      'Time zone',
      'of your slots',
      'Outside your windows',
    ]) {
      expect(text).not.toContain(english);
    }
  });

  it('gives a stretch shorter than a minute one time, not a range from a minute to itself', async () => {
    const container = await openAvailability();
    const titles = [...container.querySelectorAll('[title]')].map((e) => e.getAttribute('title')!);
    expect(titles).toContain('Do., 09:59: 1 Platz, 50 %'.replace(' %', '\u00a0%'));
    expect(titles.filter((t) => /(\d\d:\d\d)–\1/.test(t))).toEqual([]);
  });
});

describe('the Availability page for a person in the United States', () => {
  inLocale('en-US');

  it('writes the same page on a 12-hour clock with US percentages', async () => {
    const container = await openAvailability();
    expect(localeProblems([pageWords('availability', container)], 'en-US')).toEqual([]);
    expect(screen.getAllByRole('rowheader').map((h) => h.textContent)).toEqual([
      'Mon',
      'Tue',
      'Wed',
      'Thu',
      'Fri',
      'Sat',
      'Sun',
    ]);
    expect(plain(screen.getByTestId('availability-window').textContent)).toMatch(/^Mon–Fri 8:00 AM–6:00 PM · 50%/);
    expect(plain(screen.getByTestId('availability-now').textContent)).toContain(
      'In your window Mon–Fri 8:00 AM–6:00 PM: 50% of your slots.',
    );
  });
});
