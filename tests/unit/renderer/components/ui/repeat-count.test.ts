/**
 * The log shows a row that counts repeats of one event as "×N" after its sentence, with the span in words; an event
 * that happened once shows no count.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '@shared/contract';
import { renderComponent } from '../../../../support/render-markup';

const once: EngineEvent = {
  id: 1,
  ts: '2026-11-23T10:00:00.000Z',
  level: 'warn',
  event: 'relay_lost',
  details: 'closed',
};
const repeated: EngineEvent = {
  id: 2,
  ts: '2026-11-23T10:00:01.000Z',
  level: 'info',
  event: 'relay_plaintext_refused',
  details: 'call=abc',
  count: 2868,
  lastTs: '2026-11-23T10:00:16.000Z',
};

describe('repeated events on screen', () => {
  it.each([
    ['the Logs page', 'pages/logs/EventTable.tsx', 'EventTable'],
    ['the dashboard', 'pages/dashboard/RecentEvents.tsx', 'RecentEvents'],
  ])('%s shows ×N for a counted row and nothing for a single event', async (_where, file, name) => {
    const html = await renderComponent(file, name, { events: [repeated, once] });
    const counts = [...html.matchAll(/data-testid="event-count"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(counts).toEqual([`×${(2868).toLocaleString()}`]);
    expect(html).toMatch(/title="Happened 2,?868 times, from [^"]+ to [^"]+\."/);
  });
});
