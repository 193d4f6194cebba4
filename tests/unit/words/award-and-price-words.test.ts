/**
 * The directory's note on an award and the status of the price, said in the language of the process: the same
 * English as before, and German on a German page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSay } from '@shared/i18n/say';
import { speakWith } from '@shared/i18n/current';
import { awardNoteWords } from '@shared/words/award-note-words';
import { priceStatusLabel } from '@shared/words/price-status';
import { eventWords } from '@shared/words/event-words';

const facts = { declarationAccepted: true, directoryMultiplier: 0.5, ceiling: 1, capped: false };

afterEach(() => speakWith(() => createSay('en')));

describe('award notes and price status in words', () => {
  it('says them in English as before', () => {
    speakWith(() => createSay('en'));
    expect(awardNoteWords('attribution: attributed_cross_operator')).toBe(
      'Awarded for a request from a node of another verified operator.',
    );
    expect(awardNoteWords('attribution: some_new_kind')).toBe('Awarded; the directory filed it as “some_new_kind”.');
    expect(awardNoteWords('excluded: self_query_excluded')).toMatch(/^Not paid: the request came from this node/);
    expect(priceStatusLabel('differs', facts)).toBe('The directory still holds 0.5\u00a0×, not your 1\u00a0×');
  });

  it('says them in German on a German page, the directory’s own word quoted and cleaned', () => {
    speakWith(() => createSay('de', 'de-DE'));
    expect(awardNoteWords('attribution: legacy_unattributed')).toBe(
      'Gutgeschrieben für eine Anfrage, die keinen Knoten des Netzwerks als Absender nannte.',
    );
    expect(awardNoteWords('attribution: new\u202ekind')).toBe(
      'Gutgeschrieben; das Verzeichnis führt es als „newkind“.',
    );
    expect(awardNoteWords('attribution: toString')).toBe('Gutgeschrieben; das Verzeichnis führt es als „toString“.');
    expect(priceStatusLabel('confirmed', facts)).toBe('Vom Verzeichnis bestätigt');
    expect(priceStatusLabel('lowered', facts)).toBe(
      'Das Verzeichnis hat ihn wegen der Größe Ihres Modells auf 1\u00a0× gesenkt',
    );
  });

  it('closes the price it names in German, so the verb after it is not cut off by a lone comma', () => {
    speakWith(() => createSay('de', 'de-DE'));
    const accepted = (details: string) => eventWords({ event: 'pricing_accepted', level: 'info', details }).sentence;
    expect(accepted('multiplier=1 model=per_request')).toBe(
      'Das Verzeichnis hat Ihren Preis (den Grundtarif) akzeptiert, berechnet pro Anfrage.',
    );
    expect(accepted('multiplier=2.5 model=per_token')).toBe(
      'Das Verzeichnis hat Ihren Preis (2,5 × den Grundtarif) akzeptiert, berechnet pro Token.',
    );
  });
});
