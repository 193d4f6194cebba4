/**
 * The message catalogue: every word a person reads, by id, in English and German. The English file of an area is the
 * source; its German file must have every id (the type says so, and `tests/unit/i18n/catalogue.test.ts` checks the
 * arguments and plurals agree). Messages are ICU MessageFormat: `{count, plural, one {# task} other {# tasks}}`.
 */
import type { Language } from '../languages';
import { de } from './de';
import { en } from './en';

export type MessageId = keyof typeof en;

export const CATALOGUES: Readonly<Record<Language, Readonly<Record<MessageId, string>>>> = { en, de };
