/**
 * The Logs page: the node's events in words, newest first; filtering by level, kind and text; new events arriving
 * at the top while following, held back while paused; each event's name and details behind "Details"; older pages.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '@shared/contract';
import { Logs } from '@renderer/pages/logs/Logs';
import { connectedTo, event } from '../../support/fixtures';
import { ok, provider, refusal } from '../../support/provider';
import { isShown } from '../../support/shown';

const STARTED = 'The node started, app version 0.1.0.';
const RENAMED = 'Settings changed: display name.';
const SERVER_DOWN = 'The local LLM server is not answering; the node takes no tasks until it is back.';
const SWITCHED_OFF = 'You switched Available off: the node takes no new tasks.';

/** The log as the engine pages it: newest first. */
const LOG: EngineEvent[] = [
  event(4, 'availability_off', { level: 'warn', details: 'cause=manual' }),
  event(3, 'problem', { level: 'error', details: 'backend' }),
  event(2, 'settings_changed', { details: 'fields=displayName' }),
  event(1, 'engine_start', { details: 'version=0.1.0 host=electron' }),
];

async function openLogs(log: EngineEvent[] = LOG) {
  provider.answer('listEvents', (request) =>
    ok(log.filter((e) => request.beforeId === undefined || e.id < request.beforeId).slice(0, request.limit ?? 100)),
  );
  connectedTo();
  render(<Logs />);
  await screen.findByRole('table');
}

/** What each shown event says, top to bottom. */
function shownEvents(): string[] {
  const [, ...rows] = within(screen.getByRole('table')).getAllByRole('row');
  return rows.map((row) => {
    const said = [STARTED, RENAMED, SERVER_DOWN, SWITCHED_OFF, 'The node stopped.'].find((s) =>
      row.textContent?.includes(s),
    );
    return said ?? row.textContent ?? '';
  });
}

const loadedCount = () => screen.getByText(/events loaded\.|loaded events match\./).textContent;

describe('Logs: the events', () => {
  it('lists the first page in words, newest first, with each level named', async () => {
    await openLogs();
    expect(provider.requests('listEvents')).toEqual([{ limit: 100 }]);
    expect(shownEvents()).toEqual([SWITCHED_OFF, SERVER_DOWN, RENAMED, STARTED]);
    expect(loadedCount()).toBe('4 events loaded.');
    const [, newest, serverDown] = within(screen.getByRole('table')).getAllByRole('row');
    within(newest!).getByText('Warning');
    within(serverDown!).getByText('Error');
    screen.getByText('This is the beginning of the log.');
  });

  it('keeps an event\'s name and details behind "Details" until asked', async () => {
    const user = userEvent.setup();
    await openLogs();
    const started = within(screen.getByRole('table')).getAllByRole('row').at(-1)!;
    const name = within(started).getByText('engine_start');
    const details = within(started).getByText('version=0.1.0 host=electron');
    expect(isShown(name)).toBe(false);
    expect(isShown(details)).toBe(false);
    // The row's own "Details" (the one in sight): its list of facts has a "Details" too.
    await user.click(within(started).getAllByText('Details').find(isShown)!);
    expect(isShown(name)).toBe(true);
    expect(isShown(details)).toBe(true);
  });

  it('says when the log cannot be read, and reads it again on "Try again"', async () => {
    const user = userEvent.setup();
    provider.answer('listEvents', refusal('store_error', 'The database is busy.'));
    connectedTo();
    render(<Logs />);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The event log could not be read: The database is busy.',
    );
    provider.answer('listEvents', ok(LOG));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('table');
    expect(shownEvents()).toHaveLength(4);
  });

  it('loads older events a page at a time', async () => {
    const user = userEvent.setup();
    const long = Array.from({ length: 130 }, (_, i) => event(130 - i, i % 2 ? 'engine_start' : 'engine_stop'));
    await openLogs(long);
    expect(loadedCount()).toBe('100 events loaded.');
    await user.click(screen.getByRole('button', { name: 'Load older events' }));
    await screen.findByText('This is the beginning of the log.');
    expect(provider.requests('listEvents').at(-1)).toEqual({ limit: 100, beforeId: 31 });
    expect(loadedCount()).toBe('130 events loaded.');
  });
});

describe('Logs: filtering', () => {
  it('by level: errors only, then warnings and errors', async () => {
    const user = userEvent.setup();
    await openLogs();
    const level = screen.getByRole('combobox', { name: 'Level' });
    await user.selectOptions(level, 'Errors only');
    expect(shownEvents()).toEqual([SERVER_DOWN]);
    expect(loadedCount()).toBe('1 of 4 loaded events match.');
    await user.selectOptions(level, 'Warnings and errors');
    expect(shownEvents()).toEqual([SWITCHED_OFF, SERVER_DOWN]);
  });

  it('by kind of event, offered by what it means', async () => {
    const user = userEvent.setup();
    await openLogs();
    const kind = screen.getByRole('combobox', { name: 'Kind of event' });
    expect(
      within(kind)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All events', 'Available switched off', 'Node started', 'Problem', 'Settings changed']);
    await user.selectOptions(kind, 'Settings changed');
    expect(shownEvents()).toEqual([RENAMED]);
  });

  it('by text in the sentence, the event name or its details', async () => {
    const user = userEvent.setup();
    await openLogs();
    const contains = screen.getByRole('textbox', { name: 'Contains' });
    await user.type(contains, 'DISPLAY NAME');
    expect(shownEvents()).toEqual([RENAMED]);
    await user.clear(contains);
    await user.type(contains, 'engine_start');
    expect(shownEvents()).toEqual([STARTED]);
    await user.clear(contains);
    await user.type(contains, 'cause=manual');
    expect(shownEvents()).toEqual([SWITCHED_OFF]);
    await user.type(contains, ' and more');
    expect(screen.queryByRole('table')).toBeNull();
    screen.getByText('No loaded event matches the filter.');
    expect(loadedCount()).toBe('0 of 4 loaded events match.');
  });
});

describe('Logs: following new events', () => {
  it('puts a new event at the top while following', async () => {
    await openLogs();
    expect(screen.getByRole('button', { name: 'Follow new events' }).getAttribute('aria-pressed')).toBe('true');
    provider.pushEvent(event(5, 'engine_stop'));
    expect(shownEvents()[0]).toBe('The node stopped.');
    expect(loadedCount()).toBe('5 events loaded.');
  });

  it('holds new events back while paused, counts them, and shows them on request', async () => {
    const user = userEvent.setup();
    await openLogs();
    const follow = screen.getByRole('button', { name: 'Follow new events' });
    await user.click(follow);
    expect(follow.getAttribute('aria-pressed')).toBe('false');

    provider.pushEvent(event(5, 'engine_stop'));
    expect(shownEvents()).toEqual([SWITCHED_OFF, SERVER_DOWN, RENAMED, STARTED]);
    screen.getByText(/Paused: 1 new event not shown\./);

    await user.click(screen.getByRole('button', { name: 'Show it' }));
    expect(shownEvents()[0]).toBe('The node stopped.');
    expect(follow.getAttribute('aria-pressed')).toBe('true');
  });

  it('a new event that does not pass the filter stays out of the list', async () => {
    const user = userEvent.setup();
    await openLogs();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Level' }), 'Errors only');
    provider.pushEvent(event(5, 'engine_stop'));
    expect(shownEvents()).toEqual([SERVER_DOWN]);
    expect(loadedCount()).toBe('1 of 5 loaded events match.');
  });
});
