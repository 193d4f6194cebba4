/** Engine values in plain words, and the tone a badge should use for them. */
import type {
  BackendFlavour,
  BackendStatus,
  DirectoryLink,
  ReachabilityInfo,
  ReachabilityStatus,
} from '@shared/contract';
import { flavourName } from '@shared/words/status-sentence';
import {
  daysAhead,
  formatClock,
  formatDateClock,
  formatFullDateTime,
  formatUntil as untilIn,
  formatUntilThere as untilThere,
} from '@shared/text/wall-clock';
import { browserTimeZone } from './lib/zone-time';
import { sayNow } from '@shared/i18n/current';
import type { MessageId } from '@shared/i18n/catalogue';
import type { Said } from '@shared/i18n/said';
import type { Say } from '@shared/i18n/say';
import { formatNumber, personLocale } from './locale';

export { personLocale } from './locale';
export {
  formatBytes,
  formatCount,
  formatExact,
  formatNumber,
  formatPercent,
  formatScore,
  formatWallTime,
  weekdayName,
} from './locale';

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';

/** A badge's words from the catalogue, read each time, so a new language is followed at once. */
const words = (id: MessageId, tone: Tone): { readonly label: string; readonly tone: Tone } => ({
  get label() {
    return sayNow()(id);
  },
  tone,
});

export const DIRECTORY_WORDS: Record<DirectoryLink, { label: string; tone: Tone }> = {
  not_configured: words('common.directory.notConfigured', 'neutral'),
  connecting: words('common.directory.connecting', 'neutral'),
  registered: words('common.directory.registered', 'ok'),
  unreachable: words('common.directory.unreachable', 'warn'),
  rejected: words('common.directory.rejected', 'bad'),
  restricted: words('common.directory.restricted', 'warn'),
};

export const BACKEND_WORDS: Record<BackendStatus, { label: string; tone: Tone }> = {
  not_configured: words('common.backend.notConfigured', 'neutral'),
  checking: words('common.backend.checking', 'neutral'),
  healthy: words('common.backend.healthy', 'ok'),
  loading: words('common.backend.loading', 'neutral'),
  slow: words('common.backend.slow', 'warn'),
  unreachable: words('common.backend.unreachable', 'warn'),
};

export const REACHABILITY_WORDS: Record<ReachabilityStatus, { label: string; tone: Tone }> = {
  unknown: words('common.reach.unknown', 'neutral'),
  checking: words('common.reach.checking', 'neutral'),
  public: words('common.reach.public', 'ok'),
  mapped: words('common.reach.mapped', 'ok'),
  tunnel: words('common.reach.tunnel', 'ok'),
  relayed: words('common.reach.relayed', 'ok'),
  not_reachable: words('common.reach.notReachable', 'warn'),
  local_only: words('common.reach.localOnly', 'neutral'),
};

/**
 * The reachability badge for a snapshot: `public`, `mapped`, `tunnel` and `relayed` are only claims until the directory
 * has reached the node, so an unconfirmed claim says so and is not shown in the "ok" colour.
 */
export function reachabilityBadge(r: Pick<ReachabilityInfo, 'status' | 'verified'>): { label: string; tone: Tone } {
  const known = REACHABILITY_WORDS[r.status];
  if (
    (r.status === 'public' || r.status === 'mapped' || r.status === 'tunnel' || r.status === 'relayed') &&
    !r.verified
  )
    return { label: sayNow()('common.reach.notConfirmed', { label: known.label }), tone: 'neutral' };
  return known;
}

const SERVER_NAMES: Record<BackendFlavour, string> = {
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
  vllm: 'vLLM',
  llamacpp: 'llama.cpp',
  whispercpp: 'whisper.cpp',
  speaches: 'Speaches',
  kokoro: 'Kokoro',
  openedai_speech: 'openedai-speech',
  localai: 'LocalAI',
  custom: '',
};

/** What a person calls the server: "Ollama", "LM Studio", …; an unrecognised one is "LLM server". */
export function serverName(flavour: BackendFlavour | null): string {
  if (flavour === 'custom') return sayNow()('common.server.custom');
  return flavour && Object.hasOwn(SERVER_NAMES, flavour) ? SERVER_NAMES[flavour] : sayNow()('common.server.unknown');
}

/** The kind of local LLM server in its own spelling; anything unrecognised is "Other". */
export function flavourLabel(flavour: string | null): string | null {
  if (flavour === null) return null;
  return flavourName(flavour) ?? sayNow()('common.server.other');
}

/**
 * An intent URN as a short name: `urn:iicp:intent:llm:chat:v1` → `chat`. Unknown shapes come back whole
 * (the caller shows the full value as a tooltip either way).
 */
export function intentShortName(intent: string): string {
  const parts = intent.split(':').filter(Boolean);
  if (parts.length === 0) return intent;
  const last = parts[parts.length - 1]!;
  const name = /^v\d+$/i.test(last) && parts.length > 1 ? parts[parts.length - 2]! : last;
  return name || intent;
}

const INTENT_WORDS = {
  chat: 'common.intent.chat',
  completion: 'common.intent.completion',
  embedding: 'common.intent.embedding',
} as const;

/** What kind of task an intent asks for, in the page's words ("chat", „Chat“); an unknown kind by its short name. */
export function intentWord(intent: string): string {
  const name = intentShortName(intent);
  const id = (INTENT_WORDS as Record<string, (typeof INTENT_WORDS)[keyof typeof INTENT_WORDS]>)[name];
  return id ? sayNow()(id) : name;
}

/** A long identifier cut to its start and end, e.g. `3f2a9c1e…7b21`; short ones are left alone. */
export function shortenId(id: string, head = 8, tail = 4): string {
  return id.length <= head + tail + 1 ? id : `${id.slice(0, head)}…${id.slice(-tail)}`;
}

/** The host (and port) of a URL, for showing where something lives without the noise. */
export function urlHost(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/**
 * When a row of a list happened (an event, a request, a task, a transaction): the time to the second, since several
 * rows often share a minute, with the day before it when that is not today ("Wed 25 Nov, 14:24:19"). Every list on
 * every page writes its rows' times this way.
 */
export function formatTimestamp(iso: string, nowMs: number = Date.now()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const locale = personLocale();
  return daysAhead(ms, nowMs) === 0
    ? formatClock(ms, { seconds: true, locale })
    : formatDateClock(ms, { seconds: true, locale });
}

/**
 * A moment a sentence names ("read at 14:24", "as of 14:24", "since Wed 25 Nov, 09:10"): the time to the minute, with
 * the day when that is not today.
 */
export function formatAt(iso: string, nowMs: number = Date.now()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const locale = personLocale();
  return daysAhead(ms, nowMs) === 0 ? formatClock(ms, { locale }) : formatDateClock(ms, { locale });
}

/**
 * When something ends or starts, on `timeZone`'s clock (the computer's when not given), in the person's locale:
 * "18:00" later today, "08:00 tomorrow", "Wed 08:00" within the week, the date beyond; null for an unreadable time.
 */
export function formatUntil(iso: string | number, nowMs: number, timeZone?: string): string | null {
  return untilIn(iso, nowMs, timeZone, personLocale());
}

/**
 * A time of a place (a machine's schedule, its window end, its pause end) on that place's clock, with the zone's name
 * after it when this browser reads another zone: the same hour unlabelled would be read as the browser's (ADR 0022).
 */
export function formatUntilThere(iso: string | number, nowMs: number, timeZone: string): string | null {
  return untilThere(iso, nowMs, timeZone, personLocale(), browserTimeZone());
}

/**
 * The whole timestamp, for a tooltip: "23. Nov. 2026, 07:42:31" or "Nov 23, 2026, 7:42:31 AM" in the person's locale.
 */
export function formatFullTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatFullDateTime(ms, { locale: personLocale() });
}

/** A day as the person writes it ("12 May 2025"), without the time; an unreadable value comes back as it is. */
export function formatDate(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Intl.DateTimeFormat(personLocale(), { dateStyle: 'medium' }).format(ms);
}

/**
 * How long ago a moment was, in the short form a status line uses: "just now", "12 s ago", "3 min ago",
 * "2 h ago", then the date. A moment slightly in the future (clock skew) counts as "just now".
 */
export function formatAgo(iso: string, nowMs: number): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const t = sayNow();
  const s = Math.floor((nowMs - then) / 1000);
  if (s < 2) return t('common.ago.justNow');
  if (s < 60) return t('common.ago.seconds', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('common.ago.minutes', { n: m });
  const h = Math.floor(m / 60);
  if (h < 24) return t('common.ago.hours', { n: h });
  return formatAt(iso, nowMs);
}

/**
 * How far ahead a moment is: "in 12 s", "in 3 min", "in 2 h", then the date; a moment already past is "due now".
 */
export function formatIn(iso: string, nowMs: number): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const t = sayNow();
  const s = Math.ceil((then - nowMs) / 1000);
  if (s <= 0) return t('common.in.dueNow');
  if (s < 60) return t('common.in.seconds', { n: s });
  const m = Math.round(s / 60);
  if (m < 60) return t('common.in.minutes', { n: m });
  const h = Math.round(m / 60);
  if (h < 24) return t('common.in.hours', { n: h });
  return formatAt(iso, nowMs);
}

/** A whole length of time in its largest units, the way a setting reads: "2 h", "1 h 30 min", "45 s". */
export function formatSpan(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const parts = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor((s % 86400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
    [s % 60, 's'],
  ] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`);
  return shown.length > 0 ? shown.join(' ') : '0 s';
}

/** A length of time to the second, the way a countdown reads: "1 h 05 min 00 s", "4 min 09 s", "42 s". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h} h ${two(m)} min ${two(sec)} s`;
  if (m > 0) return `${m} min ${two(sec)} s`;
  return `${sec} s`;
}

/**
 * The directory link's sentence beside its badge, without repeating the badge: next to "Not registered", the
 * engine's "Not registered: no public address yet" reads as "No public address yet" (its reason alone, by id).
 */
export function linkMessageWords(t: Say, message: Said): string {
  const why =
    message.id === 'network.link.notRegistered' || message.id === 'network.link.notRegisteredYet'
      ? message.values?.why
      : undefined;
  if (why === undefined) return t.said(message);
  const rest = typeof why === 'string' || typeof why === 'number' ? String(why) : t.said(why);
  return rest ? rest.charAt(0).toLocaleUpperCase(t.locale) + rest.slice(1) : t.said(message);
}

/**
 * A price multiplier as every page writes it: the number in the person's locale with up to four decimals (as the
 * setting holds it), a space that does not break, then "×": "0.75 ×", "1 ×", "0,75 ×" in German.
 */
export const formatTimes = (m: number): string => `${formatNumber(m, 4)}\u00a0×`;
