/**
 * Words from the catalogue, in one language, with ICU plurals and selects (FormatJS's `intl-messageformat`). The page,
 * the tray and the engine's host all say things through here, so a sentence reads the same everywhere. A message id
 * missing in a language (or a language not loaded yet) falls back to English; an id unknown to English is shown as
 * the id, never as nothing.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogueOf, type MessageId } from './catalogue';
import type { Language } from './languages';
import { isSaid, type Said, type SaidValue } from './said';

export type SayValues = Readonly<Record<string, SaidValue>>;

export interface Say {
  (id: MessageId, values?: SayValues): string;
  /** An engine-made sentence in this language. */
  said(s: Said): string;
  /** Rich text: each `<tag>…</tag>` in the message is handed to `tags[tag]`; returns the parts in order. */
  parts<T>(
    id: MessageId,
    values: SayValues,
    tags: Readonly<Record<string, (chunks: (string | T)[]) => T>>,
  ): (string | T)[];
  readonly language: Language;
  readonly locale: string;
}

const MAX_CACHED = 4_000;

export function createSay(language: Language, locale: string = language): Say {
  const cache = new Map<string, IntlMessageFormat>();
  const formatter = (id: string): IntlMessageFormat | null => {
    let f = cache.get(id);
    if (f) return f;
    const own = catalogueOf(language) as Record<string, string> | undefined;
    const text = own?.[id] ?? (catalogueOf('en') as Record<string, string>)[id];
    if (text === undefined) return null;
    f = new IntlMessageFormat(text, locale);
    // English standing in for a language not loaded yet is not kept: the language's own words come once it is.
    if (!own) return f;
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(id, f);
    return f;
  };
  const plain = (values: SayValues | undefined): Record<string, string | number> | undefined => {
    if (!values) return undefined;
    const out: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(values)) out[k] = isSaid(v) ? say.said(v) : v;
    return out;
  };
  const say = ((id: MessageId, values?: SayValues): string => {
    const f = formatter(id);
    if (!f) return id;
    try {
      return String(f.format(plain(values)));
    } catch {
      // A value the message needs is missing (a sentence from an older or newer engine): the id shows, the page stays.
      return id;
    }
  }) as Say;
  say.said = (s: Said) => say(s.id, s.values);
  say.parts = <T>(id: MessageId, values: SayValues, tags: Readonly<Record<string, (chunks: (string | T)[]) => T>>) => {
    const f = formatter(id);
    if (!f) return [id];
    let out: ReturnType<typeof f.format<T>>;
    try {
      out = f.format<T>({ ...plain(values), ...tags } as never);
    } catch {
      return [id];
    }
    return Array.isArray(out) ? (out as (string | T)[]) : [out as string | T];
  };
  Object.defineProperty(say, 'language', { value: language });
  Object.defineProperty(say, 'locale', { value: locale });
  return say;
}

/** English, for logs, wire messages and tests that read what a person reads. */
export const english: Say = createSay('en', 'en-US');

/** A value with every sentence in it said in English: what a file a person hands to a helper holds. */
export type InEnglish<T> = T extends Said
  ? string
  : T extends readonly (infer U)[]
    ? InEnglish<U>[]
    : T extends object
      ? { [K in keyof T]: InEnglish<T[K]> }
      : T;

/** A sentence for sure: an English message id, and nothing but its values beside it (a server's `id` is not one). */
function isSentence(v: unknown): v is Said {
  if (!isSaid(v) || (catalogueOf('en') as Record<string, string>)[v.id] === undefined) return false;
  return Object.keys(v).every((k) => k === 'id' || k === 'values');
}

/** `value` with each sentence in it, however deep, said in English. */
export function inEnglish<T>(value: T): InEnglish<T> {
  const walk = (v: unknown): unknown => {
    if (isSentence(v)) return english.said(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as InEnglish<T>;
}
