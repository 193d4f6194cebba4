/**
 * The computer's name as "Start my node" saves it on the first run: the first-run name in the language the page
 * speaks at that moment ("Mein IICP-Knoten" in German), so a person who set up in German does not find an English
 * name on every page. Made once: after the first setup, or once the person named the computer, it is left alone.
 */
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import { firstRunName } from '@shared/i18n/first-run-name';
import type { Language } from '@shared/i18n/languages';

/** The name to save with the typed settings, or nothing. */
export function firstRunNamePatch(settings: Settings, setupDone: boolean, language: Language): Partial<Settings> {
  if (setupDone || settings.displayName !== DEFAULT_SETTINGS.displayName) return {};
  const name = firstRunName(language);
  return name === settings.displayName ? {} : { displayName: name };
}
