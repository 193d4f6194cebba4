/**
 * The message catalogue: every word a person reads, by id, in English and German. The English file of an area is the
 * source; its German file must have every id (the type says so, and `tests/unit/i18n/catalogue.test.ts` checks the
 * arguments and plurals agree). Messages are ICU MessageFormat: `{count, plural, one {# task} other {# tasks}}`.
 *
 * English is always here. Another language is added when it is first needed (`addCatalogue`, called by importing
 * `catalogue/de`), so the page downloads German only for a person who reads German.
 */
import type { Language } from '../languages';
import { addCatalogue, catalogueOf } from './registry';

export { addCatalogue, catalogueOf, type MessageId, type Messages } from './registry';

/** Loads a language's messages (German is its own chunk of the page) and resolves once they are there. */
export async function loadCatalogue(language: Language): Promise<void> {
  if (catalogueOf(language)) return;
  if (language === 'de') addCatalogue('de', (await import('./de')).de);
}
