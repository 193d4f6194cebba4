/** The languages whose messages are here now: English always, another once it is added. */
import type { Language } from '../languages';
import { en } from './en';

export type MessageId = keyof typeof en;
export type Messages = Readonly<Record<MessageId, string>>;

const catalogues: Partial<Record<Language, Messages>> = { en };

/** The messages of a language, or undefined while they are not loaded. */
export function catalogueOf(language: Language): Messages | undefined {
  return catalogues[language];
}

/** Makes a language's messages available; its own module calls this when imported. */
export function addCatalogue(language: Language, messages: Messages): void {
  catalogues[language] = messages;
}
