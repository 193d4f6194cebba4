import type { EngineEvent } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { eventWords, type EventWords } from '@shared/words/event-words';

/** The words of each event, with the language they are in: a change of language says them again. */
const cache = new WeakMap<EngineEvent, { language: string; words: EventWords }>();

/**
 * An event's plain sentence, worked out once per event: the Logs page filters thousands of loaded events on every
 * keystroke, and the same objects come back with every page.
 */
export function wordsOf(e: EngineEvent): EventWords {
  const language = sayNow().language;
  const kept = cache.get(e);
  if (kept && kept.language === language) return kept.words;
  const words = eventWords(e);
  cache.set(e, { language, words });
  return words;
}
