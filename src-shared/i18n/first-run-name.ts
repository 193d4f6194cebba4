/**
 * The name a computer has until the person gives it one, in the language the setup wizard spoke when it was made.
 * The name is the person's data once saved, not a message: it is kept as it was made, never said again in another
 * language, so it lives here and not in the catalogue. The engine knows every language's name, so two computers that
 * both still have one are numbered ("Mein IICP-Knoten 2") whatever the language (fleet/first-run-name.ts), and the
 * diagnostics masking treats each as the first-run name it is.
 */
import type { Language } from './languages';

export const FIRST_RUN_NAMES: Readonly<Record<Language, string>> = {
  en: 'My IICP node',
  de: 'Mein IICP-Knoten',
};

/** The first-run name in `language`. */
export const firstRunName = (language: Language): string => FIRST_RUN_NAMES[language];
