/**
 * The page's words: `const t = useT(); t('dashboard.models.title', { count })`. Every word on screen comes from the
 * catalogue through here (`tests/unit/architecture/visible-words.test.ts` fails on a visible literal). A sentence the
 * engine made is `t.said(sentence)`. The page re-renders in the new language as soon as Settings changes it.
 */
import { useEffect, useMemo, useState } from 'react';
import { catalogueOf, loadCatalogue } from '@shared/i18n/catalogue';
import { createSay, type Say } from '@shared/i18n/say';
import { useProviderStore } from '../store';
import { pageLanguage } from './page-language';

const says = new Map<string, Say>();

/**
 * One `Say` per language and locale, kept, so its parsed messages are too. A language whose words are still on the
 * way is said in English meanwhile (and that stand-in is not kept).
 */
export function sayFor(language: Say['language'], locale: string): Say {
  if (!catalogueOf(language)) return createSay('en', locale);
  const key = `${language}|${locale}`;
  let say = says.get(key);
  if (!say) {
    say = createSay(language, locale);
    says.set(key, say);
  }
  return say;
}

/** The words outside React (a download's file name, a document title): the language the page shows now. */
export function currentSay(): Say {
  const { language, locale } = pageLanguage();
  return sayFor(language, locale);
}

export function useT(): Say {
  const choice = useProviderStore((s) => s.language);
  const { language, locale } = pageLanguage(choice);
  const ready = catalogueOf(language) !== undefined;
  const [, loaded] = useState(0);
  useEffect(() => {
    if (ready) return;
    let live = true;
    void loadCatalogue(language).then(() => live && loaded((n) => n + 1));
    return () => {
      live = false;
    };
  }, [language, ready]);
  // English stands in until the language's words are here; the load above re-renders with them.
  const speaking = ready ? language : 'en';
  return useMemo(() => sayFor(speaking, locale), [speaking, locale]);
}

/** Loads the words of the page's language before its first paint, so a German page never opens in English. */
export function loadPageLanguage(): Promise<void> {
  return loadCatalogue(pageLanguage().language);
}
