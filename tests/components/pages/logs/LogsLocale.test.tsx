/**
 * An event's time is written one way on every page: the Logs page and the Dashboard's recent events show the same
 * event at the same time in the same words (to the second, with the day when it is not today), the whole date in the
 * tooltip, all in the person's locale; so is the count of events loaded and of a burst's repeats.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '@shared/contract';
import { Logs } from '@renderer/pages/logs/Logs';
import { RecentEvents } from '@renderer/pages/dashboard/RecentEvents';
import { localeProblems } from '../../../support/locale-words';
import { connectedTo, event } from '../../support/fixtures';
import { inLocale, pageWords } from '../../support/locale';
import { ok, provider } from '../../support/provider';

const TODAY = new Date(Date.now() - 5_000).toISOString();
const LOG: EngineEvent[] = [
  event(2, 'settings_changed', { ts: TODAY, details: 'fields=displayName', count: 1234, lastTs: TODAY }),
  event(1, 'engine_start', { ts: '2025-05-12T10:00:07.000Z', details: 'version=0.1.0 host=electron' }),
];

/** The Time column of the Logs page and the times of the Dashboard's recent events, for the same events. */
async function timesOnBothPages() {
  provider.answer('listEvents', ok(LOG));
  connectedTo();
  const logs = render(<Logs />);
  const table = await screen.findByRole('table');
  const rows = within(table).getAllByRole('row').slice(1);
  const logTimes = rows.map((r) => r.querySelector('time')!);
  const words = pageWords('logs', logs.container);
  logs.unmount();
  const dashboard = render(<RecentEvents events={LOG} />);
  const dashTimes = [...dashboard.container.querySelectorAll('time')];
  return { logTimes, dashTimes, words };
}

describe('an event’s time, for a person in Germany', () => {
  inLocale('de-DE');

  it('reads the same on the Logs page as on the Dashboard: to the second, the day only when not today', async () => {
    const { logTimes, dashTimes, words } = await timesOnBothPages();
    expect(logTimes.map((t) => t.textContent)).toEqual(dashTimes.map((t) => t.textContent));
    expect(logTimes.map((t) => t.getAttribute('title'))).toEqual(dashTimes.map((t) => t.getAttribute('title')));
    expect(logTimes[0]!.textContent).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(logTimes[1]!.textContent).toMatch(/^Mo\., 12\. Mai, \d{2}:\d{2}:07$/);
    expect(logTimes[1]!.getAttribute('title')).toMatch(/^12\. Mai 2025, \d{2}:\d{2}:07$/);
    expect(localeProblems([words], 'de-DE')).toEqual([]);
  });

  it('counts in German', async () => {
    provider.answer('listEvents', ok(LOG));
    connectedTo();
    render(<Logs />);
    await screen.findByRole('table');
    expect(screen.getByTestId('event-count').textContent).toBe('×1.234');
  });
});

describe('an event’s time, for a person in the United States', () => {
  inLocale('en-US');

  it('is on a 12-hour clock, the same on both pages', async () => {
    const { logTimes, dashTimes, words } = await timesOnBothPages();
    expect(logTimes.map((t) => t.textContent)).toEqual(dashTimes.map((t) => t.textContent));
    expect(logTimes[1]!.textContent?.replace(/[\u00a0\u202f]/g, ' ')).toMatch(/^Mon, May 12, \d{1,2}:\d{2}:07 [AP]M$/);
    expect(localeProblems([words], 'en-US')).toEqual([]);
  });
});
