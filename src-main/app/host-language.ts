/**
 * The desktop host's words: the tray's lines and the desktop notifications speak the language chosen in Settings,
 * else the system's (Electron's preferred system languages, then the app's locale), else English, as the page does.
 * Set once at start (`speakWith`), and followed when the setting changes.
 */
import type { App } from 'electron';
import { speakWith } from '@shared/i18n/current';
import { localeFor, pickLanguage, type LanguageChoice } from '@shared/i18n/languages';
import { createSay, type Say } from '@shared/i18n/say';
// The tray and notifications say everything at once, in whichever language the person picks: German is always here.
import '@shared/i18n/catalogue/de';

/** What the host reads of the app: `getPreferredSystemLanguages` exists on Electron ≥ 29, older fakes may lack it. */
export type LanguageApp = Pick<App, 'getLocale'> & Partial<Pick<App, 'getPreferredSystemLanguages'>>;

/** A language tag at most this long is read; anything longer is no tag. */
const MAX_TAG = 35;

/** The system's preferred language tags, best first, each canonical and once; tags Intl does not know are skipped. */
export function systemLanguages(app: LanguageApp): string[] {
  let raw: unknown[] = [];
  try {
    raw = [...(app.getPreferredSystemLanguages?.() ?? []), app.getLocale()];
  } catch {
    // An app that cannot say its languages speaks English.
  }
  const out: string[] = [];
  for (const tag of raw) {
    if (typeof tag !== 'string' || !tag || tag.length > MAX_TAG) continue;
    try {
      const canonical = Intl.getCanonicalLocales(tag)[0];
      if (canonical && !out.includes(canonical)) out.push(canonical);
    } catch {
      // Not a language tag.
    }
  }
  return out;
}

/** The words for a Settings choice on this system. */
export function hostSay(app: LanguageApp, choice: LanguageChoice): Say {
  const tags = systemLanguages(app);
  const language = pickLanguage(choice, tags);
  return createSay(language, localeFor(language, tags, choice));
}

export interface HostWords {
  /** The words now. */
  readonly say: () => Say;
  /** Reads the choice again; true when the words changed (the tray then rebuilds its menu). */
  follow(): boolean;
}

/** Makes this process speak the chosen language (`sayNow`), read from `choice` now and on each `follow()`. */
export function speakAsHost(app: LanguageApp, choice: () => LanguageChoice): HostWords {
  let shown = hostSay(app, choice());
  speakWith(() => shown);
  return {
    say: () => shown,
    follow: () => {
      const next = hostSay(app, choice());
      if (next.language === shown.language && next.locale === shown.locale) return false;
      shown = next;
      return true;
    },
  };
}
