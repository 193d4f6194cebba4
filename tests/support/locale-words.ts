/**
 * Reads the words of a page as a person in one locale would, and lists what is written in another locale's style or
 * in two styles at once: a decimal point among decimal commas, an English weekday or month on a German page, "Today"
 * in a list of German dates, "50 %" beside "50%", a 24-hour time on a 12-hour clock, a range from a time to itself,
 * and words that are no words (wire values, report headings). The locale's own style is asked of Intl, so the same
 * checker serves any locale. Pure: the e2e tour feeds it what Chromium shows, unit tests feed it strings.
 */

export interface PageWords {
  /** The page's name, for the message. */
  page: string;
  /** Text of each block on the page (a paragraph, a cell, a label), foreign text left out. */
  blocks: string[];
  /** Tooltips (`title`). */
  tooltips: string[];
  /** Lists read together: a table's columns, a chart's axis labels. */
  groups: string[][];
}

export interface LocaleCheckOptions {
  /** Foreign names (model names) that may hold anything; removed before reading. */
  foreign?: readonly string[];
}

/** Words that are never shown: wire values and the headings of a report meant for a file. */
const NEVER_SHOWN: readonly RegExp[] = [/legacy_unattributed/, /region unknown/i, /Status report/];

const ENGLISH_DAYS = /\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;
const ENGLISH_MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
/** "25 Nov 2026" or "Nov 25": a day and a month in English order with no locale's punctuation after the month. */
const ENGLISH_DATE = new RegExp(`\\b(\\d{1,2} (${ENGLISH_MONTHS})\\b(?!\\.)|(${ENGLISH_MONTHS}) \\d{1,2}\\b)`);
const RELATIVE_DAY = /\b(today|yesterday|tomorrow)\b/i;
/** A range from a time to the same time ("19:52–19:52"): a zero-length span shown as a range. */
const EMPTY_RANGE = /(\d{1,2}:\d{2}(?:\s?[AP]M)?)\s?[–-]\s?\1(?!\d)/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface LocaleStyle {
  english: boolean;
  decimal: string;
  group: string;
  /** "50 %" (a space before the sign) or "50%". */
  spacedPercent: boolean;
  twelveHour: boolean;
  /** The locale's own short weekday and month names, to spot its dates. */
  dateWords: RegExp;
}

function styleOf(locale: string): LocaleStyle {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const names = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const at = Date.UTC(2026, i, 5, 12);
    names.add(new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(at));
    names.add(new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(at));
  }
  const words = [...names].map((n) => escape(n)).sort((a, b) => b.length - a.length);
  return {
    english: locale.toLowerCase().startsWith('en'),
    decimal: part('decimal'),
    group: part('group'),
    spacedPercent: /\s%/.test(new Intl.NumberFormat(locale, { style: 'percent' }).format(0.5)),
    twelveHour: ['h11', 'h12'].includes(
      new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle ?? '',
    ),
    dateWords: new RegExp(`(^|[\\s(,])(${words.join('|')})(?=$|[\\s,.)])`),
  };
}

/** Numbers with a separator inside ("0,288", "1.000", "19.11.2026"), not part of a word like "qwen2.5". */
const NUMBER = /(?<![\p{L}\d.,])\d+(?:[.,]\d+)+(?![\p{L}\d]|[.,]\d)/gu;

/** A number written with the other sign as its decimal point: "0.288" in German, "0,288" in English. */
function foreignDecimal(n: string, style: LocaleStyle): boolean {
  // The decimal sign between groups of three, twice or more ("1,000,000" in German), is the other locale's grouping.
  if (new RegExp(`^[1-9]\\d{0,2}(${escape(style.decimal)}\\d{3}){2,}$`).test(n)) return true;
  if (!n.includes(style.group)) return false;
  const g = escape(style.group);
  const d = escape(style.decimal);
  if (new RegExp(`^[1-9]\\d{0,2}(${g}\\d{3})+(${d}\\d+)?$`).test(n)) return false;
  // The sign twice or more and no grouping: a version ("0.12.3"), an address ("127.0.0.1") or a date written with
  // dots ("19.11.2026"), not a number.
  if (!n.includes(style.decimal) && n.split(style.group).length > 2) return false;
  return true;
}

/** Every text of the page with its kind, foreign names taken out. */
function textsOf(w: PageWords, foreign: readonly string[]): { kind: string; text: string }[] {
  const clean = (s: string) => foreign.reduce((t, f) => t.split(f).join(' '), s.replace(/[\u00a0\u202f]/g, ' '));
  return [
    ...w.blocks.map((text) => ({ kind: 'text', text: clean(text) })),
    ...w.tooltips.map((text) => ({ kind: 'tooltip', text: clean(text) })),
  ];
}

/** What reads wrong for a person in `locale` on these pages; empty when every page agrees with the locale. */
export function localeProblems(
  pages: readonly PageWords[],
  locale: string,
  options: LocaleCheckOptions = {},
): string[] {
  const style = styleOf(locale);
  const foreign = options.foreign ?? [];
  const problems: string[] = [];
  const percents = { spaced: [] as string[], tight: [] as string[] };
  for (const w of pages) {
    const say = (what: string, text: string) => problems.push(`${w.page}: ${what}: "${text.slice(0, 160)}"`);
    for (const { kind, text } of textsOf(w, foreign)) {
      for (const never of NEVER_SHOWN) if (never.test(text)) say(`${kind} shows ${String(never)}`, text);
      for (const m of text.matchAll(NUMBER))
        if (foreignDecimal(m[0], style)) say(`${kind} has "${m[0]}", not a number in ${locale}`, text);
      for (const m of text.matchAll(/\d( ?)%/g))
        (m[1] ? percents.spaced : percents.tight).push(`${w.page}: "${text.slice(0, 80)}"`);
      if (EMPTY_RANGE.test(text)) say(`${kind} has a range from a time to itself`, text);
      if (style.twelveHour && /(?<![\d:]|UTC[+−-]|GMT[+−-])(0\d|1[3-9]|2[0-3]):[0-5]\d(?!\s?[AP]M)(?![\d])/.test(text))
        say(`${kind} has a 24-hour time on a 12-hour clock`, text);
      if (!style.twelveHour && /\d\s?(AM|PM)\b/.test(text)) say(`${kind} has a 12-hour time on a 24-hour clock`, text);
      if (!style.english) {
        if (ENGLISH_DAYS.test(text)) say(`${kind} has an English weekday`, text);
        if (ENGLISH_DATE.test(text)) say(`${kind} has an English date`, text);
        if (style.dateWords.test(text) && RELATIVE_DAY.test(text))
          say(`${kind} has an English day word beside a ${locale} date`, text);
      }
    }
    if (!style.english) {
      for (const group of w.groups) {
        const cells = group.map((c) => c.replace(/[\u00a0\u202f]/g, ' '));
        if (
          cells.some((c) => style.dateWords.test(c)) &&
          cells.some((c) => RELATIVE_DAY.test(c) && !style.dateWords.test(c))
        ) {
          say(`a list mixes English day words with ${locale} dates`, cells.join(' | '));
        }
      }
    }
  }
  const wrong = style.spacedPercent ? percents.tight : percents.spaced;
  for (const where of wrong)
    problems.push(
      `${where.split(':')[0]}: a percentage not written as ${locale} writes it (${style.spacedPercent ? '"50 %"' : '"50%"'}): ${where.slice(where.indexOf(':') + 2)}`,
    );
  return problems;
}
