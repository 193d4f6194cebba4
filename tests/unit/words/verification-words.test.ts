/**
 * The check against the directory's signed record in words: the same English as before for the CLI, the tray and the
 * log, and German on a German page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSay, english } from '@shared/i18n/say';
import { speakWith } from '@shared/i18n/current';
import { VERIFICATION_OFF, type VerificationInfo } from '@shared/contract/earnings';
import {
  failureWords,
  CHECK_WORDS,
  differenceSentences,
  logWarnings,
  stoppedSentence,
  uncheckedSentence,
  verificationNoticeTitle,
  verificationSentence,
  waitingSentence,
} from '@shared/words/verification-words';

const checked = (over: Partial<VerificationInfo>): VerificationInfo => ({
  ...VERIFICATION_OFF,
  state: 'done',
  asOf: '2026-11-21T10:00:00.000Z',
  verified: { count: 12, credits: '0.184' },
  ...over,
});

const differing = checked({
  differences: [{ check: 'awarded_less', count: 2, credits: '0.004' }],
  waiting: { count: 1, credits: '1' },
  unchecked: { count: 11, credits: '0.066' },
  stopped: { reason: 'budget', pages: 40 },
  log: { badSignatures: 1, chainBreaks: 2, rewritten: false },
});

afterEach(() => speakWith(() => english));

describe('verification in words', () => {
  it('says it in English as before', () => {
    speakWith(() => createSay('en', 'en-US'));
    expect(verificationSentence(checked({}), 'en-US')).toBe(
      'Verified against the directory’s signed record: 12 awards, 0.184 credits — all match.',
    );
    expect(verificationSentence(differing, 'en-US')).toBe(
      '14 of 25 awards checked against the directory’s signed record: 12 awards verified (0.184 credits); 2 tasks differ.',
    );
    expect(verificationSentence({ ...VERIFICATION_OFF, state: 'never' })).toBe(
      'Awards have not been checked against the directory’s signed record yet.',
    );
    expect(verificationSentence({ ...VERIFICATION_OFF, state: 'failed' })).toBe(
      'The directory’s signed record could not be checked: it did not answer.',
    );
    expect(differenceSentences(differing, 'en-US')).toEqual(['2 tasks: awarded less (0.004 credits).']);
    expect(waitingSentence(differing, 'en-US')).toBe('1 claim is not awarded yet (1 credit).');
    expect(uncheckedSentence(differing, 'en-US')).toBe(
      '11 newer awards are not checked yet (0.066 credits); the next check includes them.',
    );
    expect(stoppedSentence(differing, 'en-US')).toBe(
      'This check read as much of the directory’s log as one check may (40 pages); the next check goes on from there.',
    );
    expect(logWarnings(differing, 'en-US')).toEqual([
      'The signed record’s chain is broken in 2 places: events were removed, reordered or changed.',
      '1 event has an invalid signature in the directory’s record.',
    ]);
    expect(CHECK_WORDS.not_in_log.label).toBe('Not in the signed record');
    expect(verificationNoticeTitle()).toBe('Your earnings do not match the directory’s signed record');
  });

  it('says it in German on a German page, with German figures', () => {
    speakWith(() => createSay('de', 'de-DE'));
    expect(verificationSentence(checked({ verified: { count: 1, credits: '1' } }), 'de-DE')).toBe(
      'Mit dem signierten Protokoll des Verzeichnisses abgeglichen: 1 Gutschrift, 1 Credit – alles stimmt.',
    );
    expect(verificationSentence(differing, 'de-DE')).toMatch(
      /^14 von 25 Gutschriften mit dem signierten Protokoll .*2 Aufgaben weichen ab\.$/,
    );
    expect(differenceSentences(differing, 'de-DE')).toEqual(['2 Aufgaben: Weniger gutgeschrieben (0,004 Credits).']);
    expect(waitingSentence(differing, 'de-DE')).toBe('1 Forderung ist noch nicht gutgeschrieben (1 Credit).');
    expect(CHECK_WORDS.paid_twice.label).toBe('Vom Verzeichnis doppelt bezahlt');
    expect(logWarnings(differing, 'de-DE')[0]).toMatch(
      /^Die Kette des signierten Protokolls ist an 2 Stellen unterbrochen/,
    );
    expect(verificationNoticeTitle()).toMatch(/^Ihre Einnahmen stimmen nicht/);
  });

  it('says why a check failed in the page’s language, never the engine’s English detail', () => {
    const failed: VerificationInfo = {
      ...VERIFICATION_OFF,
      state: 'failed',
      error: 'the directory’s key could not be read (HTTP 404)',
      failure: 'key_unreadable',
    };
    speakWith(() => createSay('de', 'de-DE'));
    expect(verificationSentence(failed, 'de-DE')).toBe(
      'Das signierte Protokoll des Verzeichnisses konnte nicht geprüft werden: ' +
        'der Schlüssel des Verzeichnisses konnte nicht gelesen werden.',
    );
    expect(failureWords({ ...failed, failure: 'log_invalid' })).toBe(
      'das Verzeichnis hat das signierte Protokoll in einer Form gesendet, die der Knoten nicht lesen kann',
    );
    speakWith(() => createSay('en', 'en-US'));
    expect(verificationSentence(failed, 'en-US')).toBe(
      'The directory’s signed record could not be checked: the directory’s key could not be read.',
    );
  });
});
