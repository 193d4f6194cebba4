/** What the event sentences are made from: the details of an event, and the small pieces of wording they share. */
import { withMinusSign } from '../../text/minus-sign';
import type { MessageId } from '../../i18n/catalogue';
import { sayNow } from '../../i18n/current';
import { errorTextWords } from '../error-words';
import { isPlainForPeople } from '../../text/plain-text';
import { daysAhead, formatClock, formatDateClock, formatDayClock } from '../../text/wall-clock';
import type { EventWords } from './event-names';

/** What the sentences are made from: the event's free-text details, with its `key=value` parts picked out. */
export class Details {
  private readonly pairs = new Map<string, string>();

  /** `at`: when the event happened (ms), so a time in it can be told as that day's or a later one. */
  constructor(
    readonly raw: string,
    readonly at: number = Date.now(),
  ) {
    for (const m of raw.matchAll(/(?:^|\s)([a-z_]+)=(\S*)/g)) if (!this.pairs.has(m[1]!)) this.pairs.set(m[1]!, m[2]!);
  }

  get(key: string): string | undefined {
    return this.pairs.get(key);
  }

  /** A value written as a JSON string (`name="Ana laptop"`), or undefined when there is none or it is malformed. */
  quoted(key: string): string | undefined {
    const m = new RegExp(String.raw`(?:^|\s)${key}=("(?:[^"\\]|\\.)*")`).exec(this.raw);
    if (!m) return undefined;
    try {
      const v: unknown = JSON.parse(m[1]!);
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  }

  num(key: string): number | undefined {
    const v = this.pairs.get(key);
    const n = v === undefined || v === '' ? NaN : Number(v);
    return Number.isFinite(n) ? n : undefined;
  }

  /** The raw text if a person can read it as it is. */
  plain(text = this.raw): string | null {
    const t = text.trim();
    return t && isPlainForPeople(t) ? t : null;
  }

  /** Plain words for the error in the details (`ECONNREFUSED 127.0.0.1:9` → "nothing answered at that address"). */
  why(): string | null {
    return errorTextWords(this.raw);
  }

  /** Why, from an error code in the details or from their free text (after any `key=value` parts) if it is plain. */
  reason(): string | null {
    return this.why() ?? this.plain(this.raw.replace(/^(?:\s*[a-z_]+=\S*)+\s*/, ''));
  }
}

export interface Entry {
  /** The kind of event in a few words (a catalogue message): the Logs page's event filter. */
  label: MessageId;
  /** The sentence for one event of this kind; it may throw on odd details (a generic sentence is used then). */
  say(d: Details): string | EventWords;
}

export const good = (sentence: string): EventWords => ({ sentence, tone: 'good' });
export const bad = (sentence: string): EventWords => ({ sentence, tone: 'bad' });
/** A number in the reader's locale (the language the words are in): "1,234", "0.002", "0,002". */
export const figure = (n: number): string =>
  withMinusSign(new Intl.NumberFormat(sayNow().locale, { maximumFractionDigits: 6 }).format(n));
/** " (why)" after a clause; ": why" when the words carry brackets of their own. */
export const inParens = (words: string | null) =>
  !words ? '' : /[()]/.test(words) ? `: ${words.replace(/\.$/, '')}` : ` (${words.replace(/\.$/, '')})`;
export const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const withStop = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/** A wait in words: "30 seconds", "about a minute", "5 minutes". */
export function duration(ms: number): string {
  const t = sayNow();
  // The language's own words for a unit and its plural ("5 minutes", "5 Minuten"), from Intl.
  const units = (n: number, unit: 'second' | 'minute' | 'hour') =>
    new Intl.NumberFormat(t.locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
  const s = Math.round(ms / 1000);
  if (s < 50) return units(Math.max(1, s), 'second');
  if (s < 90) return t('events.duration.aboutMinute');
  const min = Math.round(s / 60);
  if (min < 90) return units(min, 'minute');
  return units(Math.round(min / 60), 'hour');
}

/**
 * A time the event names, on the person's local clock: "14:05" (or "2:05 PM") on the event's own day, with the
 * weekday or the date on a later one. Never "tomorrow": an event is read long after it happened.
 */
export function clock(iso: string | undefined, at: number): string | null {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return null;
  const days = daysAhead(t, at);
  if (days === 0) return formatClock(t);
  return days > 0 && days < 6 ? formatDayClock(t) : formatDateClock(t);
}

/** Time zone names use underscores (America/New_York); people write spaces. */
export const zoneWords = (zone: string) => zone.replace(/_/g, ' ');

/** "some_old_event" → "Some old event": for names this version does not know (rows an older version wrote). */
export function humanise(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\W]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? sentenceCase(words) : sayNow()('events.fallback.event');
}
