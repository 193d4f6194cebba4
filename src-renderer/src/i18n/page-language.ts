/**
 * The page's language and locale: the one chosen in Settings, else the browser's (the system's in the desktop app).
 * No React.
 */
import { localeFor, pickLanguage, type Language, type LanguageChoice } from '@shared/i18n/languages';
import { currentChoice } from './language-cache';

/** The browser's preferred languages, best first (the desktop app's are the system's); `language` is the first. */
function preferred(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  const out: string[] = [];
  for (const tag of [navigator.language, ...(navigator.languages ?? [])]) {
    if (!tag) continue;
    try {
      const canonical = Intl.getCanonicalLocales(tag)[0];
      if (canonical && !out.includes(canonical)) out.push(canonical);
    } catch {
      // A tag Intl does not know is skipped.
    }
  }
  return out;
}

export interface PageLanguage {
  language: Language;
  /** The locale figures follow ("de-AT", "en-US"). */
  locale: string;
}

/** The language and locale for a choice (read each time, so a browser whose language changes is followed at once). */
export function pageLanguage(choice: LanguageChoice = currentChoice()): PageLanguage {
  const tags = preferred();
  const language = pickLanguage(choice, tags);
  return { language, locale: localeFor(language, tags, choice) };
}
