/**
 * The one rule for names a person gives (their operator name, each machine's name): a name must show something, and
 * two names that look the same are the same name. Compatibility forms (fullwidth letters, the no-break space,
 * composed and decomposed accents) are brought to one form with Unicode NFKC, invisible format characters (zero-width
 * spaces and joiners, bidi marks, soft hyphens) are dropped, every run of white space is one space, and case is folded.
 * Without that, "Café Box" could be copied as "Cafe\u0301 Box", "Ｃａｆé Box" or "Café\u00a0Box" and pass for the
 * machine it copies.
 */

/**
 * Longest name a person gives, in characters: their operator name, this computer's name and every machine's name
 * alike, so a name one page accepts is never cut or refused by another. It is the directory's own cap for the one name
 * it is sent (`operator_display_name`, at most 64); machine names travel only between the person's machines, which read
 * up to four times as much and keep this many characters.
 */
export const NAME_MAX = 64;

/** Format characters and the line and paragraph separators: nothing a reader sees. */
const INVISIBLE = /[\p{Cf}\p{Cc}\u2028\u2029]+/gu;

/** The form two names are compared in: equal keys are the same name to a reader. */
export function nameKey(name: string): string {
  const compatible = name.normalize('NFKC').replace(INVISIBLE, '');
  // Upper then lower case folds what lower case alone keeps apart ("ß" and "SS", the Greek final sigma).
  const folded = compatible.toUpperCase().toLowerCase().normalize('NFKC');
  return folded.replace(/\s+/gu, ' ').trim();
}

/** Whether two names read as the same name. */
export const sameName = (a: string, b: string): boolean => nameKey(a) === nameKey(b);

/**
 * Whether a name shows at least one letter or digit: a name of combining accents, spaces or symbols alone shows as
 * nothing, or as nothing a person can tell apart.
 */
export const hasVisibleLetterOrDigit = (name: string): boolean => /[\p{L}\p{N}]/u.test(name.normalize('NFKC'));

/** The contract's issue for a name without a letter or digit (a page says `fleet.name.needsLetter` for it). */
// not-shown: the contract's English issue text, matched by the page and said from the catalogue
export const NAME_NEEDS_LETTER = 'use at least one letter or digit';
