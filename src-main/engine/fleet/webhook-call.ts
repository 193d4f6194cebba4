/**
 * One POST of the fleet webhook (fleet-webhook.ts keeps the queue): an ntfy-style plain request — the message as a
 * text body, title, tags and priority in headers, as ntfy reads them — and what its answer means: delivered, worth
 * another try (with the receiver's own wait, when it named one), or final. The address is a secret: it never appears
 * in the words or the details this module gives back.
 */
import { said, type Said } from '@shared/i18n/said';
import { cleanForeignText } from '@shared/text/foreign-text';
import { addressRefusalOf, type TimerFns } from '../net';

export interface WebhookMessage {
  title: string;
  body: string;
  tags: string[];
  priority: 'default' | 'high';
  /**
   * What the message is about (a machine's node id): a newer message with the same key replaces one still waiting,
   * and a key waiting out a receiver's pause never holds up messages of another key.
   */
  key?: string;
}

/**
 * The receiver's answer is never needed; this much of it is read so the connection can be reused, the rest cancelled.
 */
const ANSWER_DRAIN_BYTES = 4 * 1024;
/** A title far past what a phone shows would only risk the receiver's header size limit. */
const MAX_TITLE_CHARS = 256;
/** One RFC 2047 encoded word is at most 75 characters: 12 of frame, 60 of base64 for 45 bytes. */
const ENCODED_WORD_BYTES = 45;
/** Tags are short words (ntfy shows known ones as emoji). */
const MAX_TAG_CHARS = 64;

/** Why an attempt failed in a way another attempt may fix. */
export type Trouble = { status: number } | { error: 'timeout' | 'network'; code: string | null };

export type Outcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; trouble: Trouble; retryAfterMs: number | null }
  /** Retrying will not help: the sentence for the person and the log's details. */
  | { kind: 'final'; words: Said; details: string };

/**
 * A cleaned header text as ntfy reads it: what is not printable ASCII is sent as RFC 2047 encoded words, which ntfy
 * decodes. So is ASCII that looks like an encoded word, so that it arrives as written.
 */
function headerValue(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    // Whole characters per word: a decoder joins adjacent words' bytes, but some check each word on its own.
    if (chunk !== '' && Buffer.byteLength(chunk + ch, 'utf8') > ENCODED_WORD_BYTES) {
      words.push(chunk);
      chunk = ch;
    } else chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}

/**
 * The headers ntfy reads. Control characters (CR/LF above all: a header must stay one header) become a space, and
 * the invisible ones that steer how text shows are dropped; a comma inside a tag would split it in two.
 */
function ntfyHeaders(m: WebhookMessage): Record<string, string> {
  const tags = m.tags.map((t) => cleanForeignText(String(t).replace(/,/g, ' '), MAX_TAG_CHARS)).filter((t) => t !== '');
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    priority: m.priority === 'high' ? '4' : '3',
  };
  const title = cleanForeignText(String(m.title), MAX_TITLE_CHARS);
  if (title !== '') headers.title = headerValue(title);
  if (tags.length > 0) headers.tags = headerValue(tags.join(','));
  return headers;
}

/**
 * The address to call and its user name and password as Basic authentication (ntfy's form): fetch refuses an address
 * that carries them. Null when it is no http(s) address.
 */
function callTarget(raw: string): { url: string; auth: string | null } | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  let auth: string | null = null;
  if (u.username !== '' || u.password !== '') {
    const plain = (s: string): string => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    auth = `Basic ${Buffer.from(`${plain(u.username)}:${plain(u.password)}`, 'utf8').toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  u.hash = '';
  return { url: u.href, auth };
}

/** Reads at most ANSWER_DRAIN_BYTES of the answer, then cancels the rest; never fails. */
async function drainAnswer(res: Response): Promise<void> {
  const body = res.body;
  if (!body) return;
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  try {
    if (Number.isFinite(declared) && declared > ANSWER_DRAIN_BYTES) {
      await body.cancel();
      return;
    }
    const reader = body.getReader();
    let seen = 0;
    while (seen <= ANSWER_DRAIN_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The answer's status is all that counts; a body cut off (by the timeout, or the receiver) changes nothing.
  }
}

/** `Retry-After` in whole seconds (the HTTP-date form is not used by ntfy), or null. */
function retryAfterMs(value: string | null): number | null {
  if (value === null || !/^\s*\d{1,9}\s*$/.test(value)) return null;
  return Number(value) * 1000;
}

/** A system error code (ECONNREFUSED) from the error or its causes; never the message, which may name the host. */
function errorCode(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

const retryable = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** A wait, in seconds under two minutes, else in minutes. */
export function waitSaid(ms: number): Said {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 120
    ? said('fleet.webhook.words.seconds', { count: s })
    : said('fleet.webhook.words.minutes', { count: Math.round(s / 60) });
}

/** The last attempt failed and another comes after `delayMs`: what went wrong, whole, as one sentence. */
export function retrySaid(t: Trouble, timeoutMs: number, delayMs: number): Said {
  const delay = waitSaid(delayMs);
  if ('status' in t)
    return t.status === 429
      ? said('fleet.webhook.words.retryWait', { delay })
      : said('fleet.webhook.words.retryStatus', { status: String(t.status), delay });
  if (t.error === 'network') return said('fleet.webhook.words.retryNetwork', { delay });
  return said('fleet.webhook.words.retryTimeout', { timeout: waitSaid(timeoutMs), delay });
}

/** The node stopped trying after `count` attempts; the last one failed with `t`. */
export function gaveUpSaid(t: Trouble, count: number): Said {
  if ('status' in t)
    return t.status === 429
      ? said('fleet.webhook.words.gaveUpWait', { count })
      : said('fleet.webhook.words.gaveUpStatus', { count, status: String(t.status) });
  return said(t.error === 'network' ? 'fleet.webhook.words.gaveUpNetwork' : 'fleet.webhook.words.gaveUpTimeout', {
    count,
  });
}

export const troubleDetails = (t: Trouble): string =>
  'status' in t ? `status=${t.status}` : `error=${t.error}${t.code ? ` code=${t.code}` : ''}`;

/** Why a status is not tried again, as a sentence for the person. */
function finalStatusSaid(status: number): Said {
  const values = { status: String(status) };
  if (status >= 300 && status < 400) return said('fleet.webhook.words.redirect', values);
  if (status === 401 || status === 403) return said('fleet.webhook.words.refusedRights', values);
  return said('fleet.webhook.words.refused', values);
}

const PLACE_SAID = {
  this_computer: 'fleet.webhook.words.placeThisComputer',
  private: 'fleet.webhook.words.placePrivate',
  not_public: 'fleet.webhook.words.placeNotPublic',
} as const;

/** The call under way: abort it (its outcome then no longer matters to the caller). */
export interface CallHandle {
  abort(): void;
}

/** One POST of `m` to the address `raw`; resolves with what it means, never rejects. */
export async function postOnce(
  m: WebhookMessage,
  raw: string,
  d: { fetchImpl: typeof fetch; timers: TimerFns; timeoutMs: number; onCall: (call: CallHandle | null) => void },
): Promise<Outcome> {
  const target = callTarget(raw);
  if (target === null)
    return { kind: 'final', words: said('fleet.webhook.words.badAddress'), details: 'error=bad_address' };
  const headers = ntfyHeaders(m);
  if (target.auth !== null) headers.authorization = target.auth;
  const call = new AbortController();
  let timedOut = false;
  const timer = d.timers.setTimeout(() => {
    timedOut = true;
    call.abort();
  }, d.timeoutMs);
  (timer as { unref?: () => void } | null)?.unref?.();
  d.onCall({
    abort: () => {
      d.timers.clearTimeout(timer);
      call.abort();
    },
  });
  try {
    const res = await d.fetchImpl(target.url, {
      method: 'POST',
      headers,
      body: m.body,
      redirect: 'manual',
      signal: call.signal,
    });
    const status = res.status;
    const wait = retryAfterMs(res.headers.get('retry-after'));
    await drainAnswer(res);
    if (status >= 200 && status < 300) return { kind: 'delivered' };
    if (retryable(status)) return { kind: 'retry', trouble: { status }, retryAfterMs: wait };
    // An opaque redirect (a fetch that hides it) says status 0.
    const shown = status === 0 ? 302 : status;
    return { kind: 'final', words: finalStatusSaid(shown), details: `status=${shown}` };
  } catch (err) {
    const refusal = addressRefusalOf(err);
    if (refusal)
      return {
        kind: 'final',
        words: said(PLACE_SAID[refusal.place]),
        details: `error=address_refused place=${refusal.place}`,
      };
    return {
      kind: 'retry',
      trouble: timedOut ? { error: 'timeout', code: null } : { error: 'network', code: errorCode(err) },
      retryAfterMs: null,
    };
  } finally {
    d.timers.clearTimeout(timer);
    d.onCall(null);
  }
}
