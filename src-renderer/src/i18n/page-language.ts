/**
 * The page's language and locale: the one chosen in Settings, else the browser's (the system's in the desktop app).
 * No React.
 */
import { localeFor, pickLanguage, type Language, type LanguageChoice } from '@shared/i18n/languages';
import { currentChoice } from './language-cache';

/** The browser's preferred languages as it states them, best first; `language` is the first. */
function stated(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return [navigator.language, ...(navigator.languages ?? [])];
}

/** The stated languages made canonical, unknown tags left out. */
function canonical(tags: readonly string[]): readonly string[] {
  const out: string[] = [];
  for (const tag of tags) {
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

let last: { key: string; value: PageLanguage } | null = null;

/**
 * The language and locale for a choice. Every figure and plain sentence on the page asks for it, so the answer is kept
 * for as long as the choice and the browser's stated languages stay the same: a change is still followed at once.
 */
export function pageLanguage(choice: LanguageChoice = currentChoice()): PageLanguage {
  const said = stated();
  const key = `${choice}|${said.join(',')}`;
  if (last?.key === key) return last.value;
  const tags = canonical(said);
  const language = pickLanguage(choice, tags);
  const value = { language, locale: localeFor(language, tags, choice) };
  last = { key, value };
  return value;
}
