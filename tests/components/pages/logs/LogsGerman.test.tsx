/**
 * The Logs page in German: a person whose browser speaks German reads the page, its filters, its counts and each
 * event's sentence in German, and no English sentence of the page is left.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '@shared/contract';
import { speakWith } from '@shared/i18n/current';
import { english } from '@shared/i18n/say';
import { Logs } from '@renderer/pages/logs/Logs';
import { currentSay } from '@renderer/i18n/useT';
import { connectedTo, event } from '../../support/fixtures';
import { inLocale } from '../../support/locale';
import { ok, provider } from '../../support/provider';

const LOG: EngineEvent[] = [
  event(3, 'problem', { level: 'error', details: 'backend' }),
  event(2, 'settings_changed', { details: 'fields=displayName' }),
  event(1, 'engine_start', { details: 'version=0.1.0 host=electron' }),
];

/** English the page said before it spoke German: none of it may be left. */
const ENGLISH = [
  'What your node did and why, newest first.',
  'Follow new events',
  'New events appear at the top as they happen.',
  'events loaded.',
  'This is the beginning of the log.',
  'Kind of event',
  'Prepare diagnostics',
  'A diagnostics file helps someone',
  'Save logs',
  'What happened',
  'The node started',
  'Settings changed',
  'The local LLM server is not answering',
];

describe('the Logs page in German', () => {
  inLocale('de-DE');
  // The shared sentences (an event's) speak the page's language, as main.tsx sets it at start.
  beforeEach(() => speakWith(currentSay));
  afterEach(() => speakWith(() => english));

  it('says the page, its filters, its counts and every event in German', async () => {
    provider.answer('listEvents', ok(LOG));
    connectedTo();
    render(<Logs />);
    const table = await screen.findByRole('table');
    screen.getByRole('heading', { name: 'Protokoll' });
    screen.getByText('Was Ihr Knoten getan hat und warum, das Neueste zuerst.');
    screen.getByRole('button', { name: 'Neuen Ereignissen folgen' });
    screen.getByText('3 Ereignisse geladen.');
    screen.getByText('Hier beginnt das Protokoll.');
    screen.getByRole('button', { name: 'Diagnose vorbereiten' });
    screen.getByRole('columnheader', { name: 'Was geschah' });
    screen.getByRole('combobox', { name: 'Art des Ereignisses' });
    const sentences = within(table)
      .getAllByTestId('event-sentence')
      .map((p) => p.textContent);
    expect(sentences).toEqual([
      'Der lokale LLM-Server antwortet nicht; der Knoten nimmt keine Aufgaben an, bis er wieder da ist.',
      'Einstellungen geändert: Anzeigename.',
      'Der Knoten wurde gestartet, App-Version 0.1.0.',
    ]);
    const text = document.body.textContent ?? '';
    expect(ENGLISH.filter((words) => text.includes(words))).toEqual([]);
  });

  it('counts what matches a filter in German', async () => {
    const user = userEvent.setup();
    provider.answer('listEvents', ok(LOG));
    connectedTo();
    render(<Logs />);
    await screen.findByRole('table');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Stufe' }), 'error');
    screen.getByText('1 von 3 geladenen Ereignissen passen.');
  });
});
