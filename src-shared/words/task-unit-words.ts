/**
 * A speech task's own unit as a person reads it, in the person's locale: "12.5 min of audio", "3,400 characters",
 * "31 texts", and what a speech intent earns in it. One writer for the Earnings page and the Pricing page, so every
 * page says the same figure the same way (docs/adr/0037-speech-tasks-own-unit.md).
 */
import type { SpeechRate } from '../contract/earnings';
import type { Say } from '../i18n/say';
import { formatCount, formatCredits } from './credits-words';

/** The unit totals of a model (the Earnings report's per-model row). */
export interface UnitTotals {
  audioMs: number;
  characters: number;
  items: number;
}

/** Minutes of audio to one decimal; a little audio shows as "< 0.1", never as "0". */
function minutesOf(ms: number, locale: string): string {
  const minutes = ms / 60_000;
  const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return minutes < 0.05 ? `< ${one.format(0.1)}` : one.format(minutes);
}

/** Each unit the model served, in words (none for a chat model). */
export function unitWords(t: Say, u: UnitTotals): string[] {
  const out: string[] = [];
  if (u.audioMs > 0) out.push(t('earnings.units.audio', { minutes: minutesOf(u.audioMs, t.locale) }));
  if (u.characters > 0)
    out.push(t('earnings.units.characters', { count: u.characters, shown: formatCount(u.characters, t.locale) }));
  if (u.items > 0) out.push(t('earnings.units.items', { count: u.items, shown: formatCount(u.items, t.locale) }));
  return out;
}

const INTENT_NAMES: Readonly<Record<string, 'transcribe' | 'speech' | 'moderate'>> = {
  'urn:iicp:intent:audio:transcribe:v1': 'transcribe',
  'urn:iicp:intent:audio:speech:v1': 'speech',
  'urn:iicp:intent:safety:moderate:v1': 'moderate',
};

/** One sentence of what a speech intent earns in its unit, with the speech rate a transcription's figure assumes. */
export function speechRateWords(t: Say, r: SpeechRate): string {
  const credits = formatCredits(r.credits, t.locale);
  if (r.unit === 'audio_ms' && r.assumed)
    return t('pricing.speech.perMinute', {
      credits,
      words: formatCount(r.assumed.wordsPerMinute, t.locale),
      bytes: formatCount(r.assumed.bytesPerMinute, t.locale),
    });
  return t('pricing.speech.perCharacters', {
    intent: INTENT_NAMES[r.intent] ?? 'speech',
    credits,
    per: formatCount(r.per, t.locale),
  });
}
