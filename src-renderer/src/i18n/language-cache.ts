/**
 * The language chosen in Settings lives in the engine's settings, but those arrive only after the host answers; a copy
 * in localStorage lets the first paint already be in the right language. No React, no store: `locale.ts` reads it.
 */
import { LANGUAGE_CHOICES, type LanguageChoice } from '@shared/i18n/languages';

const CACHE_KEY = 'iicp.language';

export function readCachedLanguage(): LanguageChoice {
  try {
    const cached = localStorage.getItem(CACHE_KEY);
    return (LANGUAGE_CHOICES as readonly (string | null)[]).includes(cached) ? (cached as LanguageChoice) : 'system';
  } catch {
    return 'system';
  }
}

let chosen: LanguageChoice | null = null;

/** The choice in force now: the last one the store was given, else the one kept from the last run. */
export function currentChoice(): LanguageChoice {
  return (chosen ??= readCachedLanguage());
}

/** Keeps the choice for the first paint of the next start, and for figures formatted outside React. */
export function cacheLanguage(choice: LanguageChoice): void {
  chosen = choice;
  try {
    localStorage.setItem(CACHE_KEY, choice);
  } catch {
    // Only costs one paint in the browser's language on the next start.
  }
}
