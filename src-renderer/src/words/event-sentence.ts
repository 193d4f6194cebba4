import type { EngineEvent } from '@shared/contract';
import { eventWords, type EventWords } from '@shared/words/event-words';

const cache = new WeakMap<EngineEvent, EventWords>();

/**
 * An event's plain sentence, worked out once per event: the Logs page filters thousands of loaded events on every
 * keystroke, and the same objects come back with every page.
 */
export function wordsOf(e: EngineEvent): EventWords {
  let words = cache.get(e);
  if (!words) {
    words = eventWords(e);
    cache.set(e, words);
  }
  return words;
}
