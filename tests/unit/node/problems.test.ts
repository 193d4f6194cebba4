import { describe, expect, it } from 'vitest';
import { createSay, english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import { Problems } from '@engine/node/problems';

describe('the named problems', () => {
  it('say every problem, in the order they arose, in the language of whoever reads them', () => {
    const logged: string[] = [];
    const p = new Problems(
      (_level, _event, details) => logged.push(details),
      () => undefined,
    );
    p.set('backend', said('status.reason.backendSilent'));
    p.set('store', said('status.reason.diskFull'));
    expect(english.said(p.words())).toBe(
      'The local LLM server is not responding. The disk is full: served tasks and their credit claims are kept in memory until there is space again.',
    );
    expect(createSay('de', 'de-DE').said(p.words())).toBe(
      'Der lokale LLM-Server antwortet nicht. Der Datenträger ist voll: Erledigte Aufgaben und ihre Credit-Ansprüche bleiben im Speicher, bis wieder Platz ist.',
    );
    // The log file keeps English.
    expect(logged).toEqual([
      'backend: The local LLM server is not responding.',
      'store: The disk is full: served tasks and their credit claims are kept in memory until there is space again.',
    ]);
  });

  it('count what does not fit in one sentence rather than drop it silently', () => {
    const p = new Problems(
      () => undefined,
      () => undefined,
    );
    for (const k of ['a', 'b', 'c', 'd', 'e']) p.set(k, said('status.reason.failed', { error: `${k}.` }));
    expect(english.said(p.words())).toBe('a. b. c. And 2 more problems.');
    expect(createSay('de', 'de-DE').said(p.words())).toBe('a. b. c. Und 2 weitere Probleme.');
  });

  it('a problem reported again in the same words changes nothing', () => {
    let changes = 0;
    const p = new Problems(
      () => undefined,
      () => (changes += 1),
    );
    p.set('backend', said('status.reason.failed', { error: 'down' }));
    p.set('backend', said('status.reason.failed', { error: 'down' }));
    expect(changes).toBe(1);
  });
});
