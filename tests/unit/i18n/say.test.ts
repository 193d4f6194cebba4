/**
 * Saying a message: nested sentences are said in the same language, and a message that cannot be said (an id this
 * build does not know, a value missing) shows its id instead of throwing, so a page never breaks on one sentence.
 */
import { describe, expect, it } from 'vitest';
import type { MessageId } from '@shared/i18n/catalogue';
import { said } from '@shared/i18n/said';
import { createSay, english } from '@shared/i18n/say';

const german = createSay('de', 'de-DE');

describe('say', () => {
  it('says a sentence inside a sentence in the same language', () => {
    const inner = said('engine.backend.unreachable');
    const outer = said('engine.backend.list.offeredLast', { why: inner });
    expect(english.said(outer)).toBe('The local LLM server is not responding. The list shows what it offered last.');
    expect(german.said(outer)).toBe(
      'Der lokale LLM-Server antwortet nicht. Die Liste zeigt, was er zuletzt angeboten hat.',
    );
  });

  it('shows the id of a sentence it cannot say, and does not throw', () => {
    expect(english('no.such.message' as MessageId)).toBe('no.such.message');
    // The select's variable is missing: FormatJS throws, the page shows the id.
    expect(english.said(said('gateway.offer.problem', { kind: 'unreachable' }))).toBe('gateway.offer.problem');
    expect(german.said(said('gateway.offer.problem', { kind: 'unreachable' }))).toBe('gateway.offer.problem');
    expect(english.parts('gateway.offer.problem', { kind: 'unreachable' }, {})).toEqual(['gateway.offer.problem']);
  });
});
