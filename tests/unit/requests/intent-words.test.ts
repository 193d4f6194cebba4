/**
 * How the "why no tasks" check names an intent's tasks: a kind the node serves has its own words (German writes each
 * as one compound), and any other intent's short name is quoted data inside a sentence that reads right in German.
 */
import { describe, expect, it } from 'vitest';
import { intentWords } from '@engine/requests/why-words';
import { createSay, english } from '@shared/i18n/say';

const german = createSay('de', 'de-DE');

describe('intentWords', () => {
  it('names a known kind with its own words, the German compound capitalised', () => {
    const chat = intentWords('urn:iicp:intent:llm:chat:v1');
    expect(german.said(chat)).toBe('Chat-Aufgaben');
    expect(english.said(chat)).toBe('chat tasks');
  });

  it('quotes an unknown intent’s short name, in German as "Aufgaben für „…“" rather than a lowercase compound', () => {
    const other = intentWords('urn:iicp:intent:vision:describe:v1');
    expect(german.said(other)).toBe('Aufgaben für „describe“');
    expect(english.said(other)).toBe('“describe” tasks');
  });
});
