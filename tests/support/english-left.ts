/**
 * Finds English left on a German page: a word the English catalogue uses that no German message uses (so "the",
 * "tasks", "Serving", but not "Gateway", "Server" or "Status", which German shares). Quoted foreign text and the
 * names given are taken out first. Pure: the e2e tour feeds it what Chromium shows, unit tests feed it strings.
 */
import { de } from '@shared/i18n/catalogue/de';
import { en } from '@shared/i18n/catalogue/en';

const WORD = /\p{L}[\p{L}'’-]*\p{L}/gu;

/** The words of a catalogue's messages, without their arguments and tags. */
function wordsOf(messages: Readonly<Record<string, string>>): Set<string> {
  const out = new Set<string>();
  for (const text of Object.values(messages)) {
    // Plural and select branches hold words too; only the argument names in braces go.
    const plain = text
      .replace(/\{\s*\w+\s*(,[^{}]*)?\}/g, ' ')
      .replace(/<\/?\w+>/g, ' ')
      .replace(/[{}]/g, ' ');
    for (const w of plain.match(WORD) ?? []) out.add(w.toLowerCase());
  }
  return out;
}

let englishOnly: Set<string> | null = null;

/** Words of the English catalogue that German never uses, three letters or more. */
export function englishOnlyWords(): Set<string> {
  if (englishOnly) return englishOnly;
  const german = wordsOf(de);
  englishOnly = new Set([...wordsOf(en)].filter((w) => w.length >= 3 && !german.has(w)));
  return englishOnly;
}

/** Quoted text in any of the quotation marks a page uses: foreign data, shown as it came. */
const QUOTED = /“[^”]*”|„[^“”]*[“”]|"[^"]*"|‘[^’]*’|‚[^‘’]*[‘’]|«[^»]*»/g;

/** The English words left in the text, with the block each stands in. */
export function englishLeft(blocks: readonly string[], names: readonly string[] = []): string[] {
  const only = englishOnlyWords();
  const found: string[] = [];
  for (const block of blocks) {
    // Addresses, intents and time zones are machine values or names, whatever words they are made of.
    let text = block
      .replace(QUOTED, ' ')
      .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ')
      .replace(/\burn:\S+/g, ' ')
      .replace(/\b[A-Z][A-Za-z]+\/[A-Z][A-Za-z_]+(?:[ _][A-Z][a-z]+)*/g, ' ')
      .replace(/\b[\w-]+(\.[\w-]+)+\b/g, ' ');
    // The longest names first, so a name inside another ("IICP" in "My IICP node") does not cut the longer one apart.
    for (const n of [...names].sort((a, b) => b.length - a.length)) text = text.split(n).join(' ');
    const hits = (text.match(WORD) ?? []).filter((w) => only.has(w.toLowerCase()));
    if (hits.length) found.push(`${hits.join(', ')} in “${block.slice(0, 120)}”`);
  }
  return found;
}
