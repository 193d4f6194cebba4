/**
 * The languages the app speaks, and which one a person gets: the one chosen in Settings, else the first of their
 * system's (or browser's) preferred languages the app speaks, else English.
 */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The Settings choice: a language, or "as the system says". */
export const LANGUAGE_CHOICES = ['system', ...LANGUAGES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

const isLanguage = (s: string): s is Language => (LANGUAGES as readonly string[]).includes(s);

/** The language part of a BCP 47 tag, lower case: "de-AT" → "de". */
function languageOf(tag: string): string {
  return tag.split(/[-_]/)[0]?.toLowerCase() ?? '';
}

/** The language a person gets: their choice, else the first preferred language the app speaks, else English. */
export function pickLanguage(choice: LanguageChoice, preferred: readonly string[]): Language {
  if (choice !== 'system') return choice;
  for (const tag of preferred) {
    const language = languageOf(tag);
    if (isLanguage(language)) return language;
  }
  return 'en';
}

/**
 * The locale figures follow: the preferred tag of the chosen language (so "de-AT" keeps its region's habits); with
 * "as the system says" and no such tag, the system's own first tag (a person in France reads English words with
 * French figures); else the language alone.
 */
export function localeFor(language: Language, preferred: readonly string[], choice: LanguageChoice = 'system'): string {
  return (
    preferred.find((tag) => languageOf(tag) === language) ??
    (choice === 'system' ? preferred[0] : undefined) ??
    language
  );
}
