/**
 * The catalogue is complete in both languages: every English id has its German message, with the same arguments,
 * plurals and tags; every message is valid ICU; a German message is not left in English; and each area's ids carry
 * the area's name, so two rooms never share an id by accident.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { en } from '@shared/i18n/catalogue/en';
import { de } from '@shared/i18n/catalogue/de';
import { GLOSSARY, SAME_IN_GERMAN, SETTLED_SPELLINGS } from '@shared/i18n/glossary';

/** The names of a message's arguments and tags, with their kind ("count:plural", "b:tag"). */
function argumentsOf(elements: readonly MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument) out.add(`${e.value}`);
    else if (e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) out.add(`${e.value}`);
    else if (e.type === TYPE.plural || e.type === TYPE.select) {
      out.add(`${e.value}:${e.type === TYPE.plural ? 'plural' : 'select'}`);
      for (const o of Object.values(e.options)) argumentsOf(o.value, out);
    } else if (e.type === TYPE.tag) {
      out.add(`${e.value}:tag`);
      argumentsOf(e.children, out);
    }
  }
  return out;
}

/** The literal text of a message, plural and select branches and tags included, without its arguments. */
function literalText(elements: readonly MessageFormatElement[]): string {
  let out = '';
  for (const e of elements) {
    if (e.type === TYPE.literal) out += e.value;
    else if (e.type === TYPE.plural || e.type === TYPE.select)
      for (const o of Object.values(e.options)) out += ` ${literalText(o.value)} `;
    else if (e.type === TYPE.tag) out += ` ${literalText(e.children)} `;
    else out += ' ';
  }
  return out;
}

/**
 * Each name that stays in every language, matched as a whole word only: a unit such as "s" or "h" must not take the
 * letter out of "tasks" or "heartbeat", or the glossary check would never see those terms.
 */
const SAME_NAMES = SAME_IN_GERMAN.map(
  (name) => new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu'),
);

/** The words of a message without its arguments and the names that stay in every language. */
function ownWords(text: string): string {
  let t = literalText(parse(text));
  for (const name of SAME_NAMES) t = t.replace(name, ' ');
  return t.replace(/[^\p{L}]+/gu, ' ').trim();
}

/**
 * Each way a message can read, one string per combination of its plural and select branches (the first 64), with
 * every argument and tag's place kept as "X" so a word beside it keeps its neighbour.
 */
function readings(elements: readonly MessageFormatElement[]): string[] {
  let out = [''];
  const join = (tails: string[]) => (out = out.flatMap((o) => tails.map((t) => o + t)).slice(0, 64));
  for (const e of elements) {
    if (e.type === TYPE.literal) out = out.map((o) => o + e.value);
    else if (e.type === TYPE.plural || e.type === TYPE.select)
      join(Object.values(e.options).flatMap((o) => readings(o.value)));
    else if (e.type === TYPE.tag) join(readings(e.children));
    else out = out.map((o) => `${o}X`);
  }
  return out;
}

/**
 * Conjunctions that always open a subordinate clause. "damit" is left out: it is also the adverb "with it" ("wird
 * damit erneut geprüft"), which takes no comma.
 */
const SUBORDINATE = /(\S+)\s+(dass|weil|wenn|ob|sobald|bevor|nachdem)\b/g;
/** What may stand before such a clause without a comma: a comma or other stop, "und"/"oder", or a word of the group. */
const NO_COMMA_NEEDED = /([,;:(„–—]|^(und|oder|auch|nur|erst|selbst|außer|ohne|als|so))$/i;

/** The pages' names in German; a sentence that names one after "Seite" quotes it: die Seite „Netzwerk“. */
const PAGE_NAMED_BARE =
  /Seite (Dashboard|Verfügbarkeit|Preise|Einnahmen|Rechner|Netzwerk|Protokoll|Einstellungen)\b|Netzwerkseite|Einnahmenseite/;

const ids = Object.keys(en) as (keyof typeof en)[];

describe('the message catalogue', () => {
  it('has a German message for every English one, and no German message without an English one', () => {
    expect(ids.filter((id) => !(id in de))).toEqual([]);
    expect(Object.keys(de).filter((id) => !(id in en))).toEqual([]);
  });

  it('parses every message as ICU MessageFormat in both languages', () => {
    const bad: string[] = [];
    for (const lang of ['en', 'de'] as const)
      for (const id of ids) {
        try {
          parse((lang === 'en' ? en : de)[id]);
        } catch (e) {
          bad.push(`${lang} ${id}: ${(e as Error).message}`);
        }
      }
    expect(bad).toEqual([]);
  });

  it('gives the German message the same arguments, plurals and tags as the English one', () => {
    const differ = ids.filter((id) => {
      const a = [...argumentsOf(parse(en[id]))].sort().join(',');
      const b = [...argumentsOf(parse(de[id]))].sort().join(',');
      return a !== b;
    });
    expect(differ.map((id) => `${id}: ${en[id]} | ${de[id]}`)).toEqual([]);
  });

  it('leaves no German message in English', () => {
    const same = ids.filter((id) => ownWords(en[id]).length > 0 && ownWords(en[id]) === ownWords(de[id]));
    expect(same.map((id) => `${id}: ${en[id]}`)).toEqual([]);
  });

  it('uses the glossary’s German word wherever the English uses its term', () => {
    const off: string[] = [];
    const words = new Map(ids.map((id) => [id, ownWords(en[id])]));
    for (const { en: term, de: stem } of GLOSSARY) {
      const said = new RegExp(`\\b${term}\\b`, 'i');
      // A soft hyphen only says where a long word may break on a narrow screen: the word is read without it.
      for (const id of ids)
        if (said.test(words.get(id)!) && !stem.test(de[id].replaceAll('\u00ad', '')))
          off.push(`${id} (${term}): ${de[id]}`);
    }
    expect(off).toEqual([]);
  });

  it('puts a comma before a German subordinate clause, unless it opens the sentence or follows "und"/"oder"', () => {
    const bare: string[] = [];
    for (const id of ids)
      for (const text of new Set(readings(parse(de[id]))))
        for (const m of text.matchAll(SUBORDINATE))
          if (!NO_COMMA_NEEDED.test(m[1]!))
            bare.push(`${id}: …${text.slice(Math.max(0, m.index - 30), m.index + 50)}…`);
    expect(bare).toEqual([]);
  });

  it('spells each settled compound one way in every German message', () => {
    const off: string[] = [];
    for (const { spelling, not } of SETTLED_SPELLINGS)
      for (const id of ids) if (not.test(de[id])) off.push(`${id} (write "${spelling}"): ${de[id]}`);
    expect(off).toEqual([]);
  });

  it('quotes a page’s name after "Seite", as the page itself is called', () => {
    const bare = ids.filter((id) => PAGE_NAMED_BARE.test(de[id])).map((id) => `${id}: ${de[id]}`);
    expect(bare).toEqual([]);
  });

  it('puts a space before the ellipsis that ends a German message ("Wird geladen …")', () => {
    const tight = ids.filter((id) => /\S…$/.test(de[id])).map((id) => `${id}: ${de[id]}`);
    expect(tight).toEqual([]);
  });

  it('writes "for example" and "zum Beispiel" out, as every other message does', () => {
    const short = ids
      .flatMap((id) => [`en ${id}: ${en[id]}`, `de ${id}: ${de[id]}`])
      .filter((line) => /\b(e\.\s?g\.|i\.\s?e\.|z\.\s?B\.|d\.\s?h\.)/.test(line));
    expect(short).toEqual([]);
  });

  it('names each id after its area', () => {
    const dir = join(process.cwd(), 'src-shared', 'i18n', 'catalogue', 'en');
    const areas = readdirSync(dir)
      .filter((f) => f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    const stray = ids.filter((id) => !areas.some((a) => id.startsWith(`${a}.`)));
    expect(stray).toEqual([]);
  });
});
