/**
 * The optional webhook that tells the person when one of their machines goes down or comes back: an ntfy-style plain
 * POST (the message as a text body, the title, tags and priority in headers, as ntfy reads them). Messages go out one
 * at a time, in order. A receiver that fails is tried again after a growing, jittered pause, a fixed number of times;
 * a receiver that hangs is cut off after a per-attempt timeout. The queue has a fixed size, so a receiver that is gone
 * never makes memory grow.
 *
 * The address is a secret (anyone who knows an ntfy topic can read it), so it never appears in the words shown to the
 * person, in a log line, or in anything this module throws: those carry status codes and counts only.
 */
import { cleanForeignText } from '@shared/text/foreign-text';
import { addressRefusalOf } from '../net/address-place';
import { realTimers, type TimerFns } from '../net/timers';

export interface WebhookMessage { title: string; body: string; tags: string[]; priority: 'default' | 'high' }
export interface WebhookDelivery { at: string; ok: boolean; words: string }

export interface FleetWebhookOptions {
  /** The address now (a secret: never logged, never in an error text), or null when none is set. */
  url: () => string | null;
  /** Default: global fetch. The caller passes the engine's address-judging fetch. */
  fetchImpl?: typeof fetch;
  now: () => number;
  /** setTimeout/clearTimeout seam for tests (default the globals); timers are unref'd. */
  timers?: { setTimeout: (fn: () => void, ms: number) => unknown; clearTimeout: (t: unknown) => void };
  random?: () => number;
  /** Default 20: messages waiting; past it the oldest is dropped (and counted). */
  maxQueue?: number;
  /** Default 6 per message. */
  maxAttempts?: number;
  /** Default 2_000, doubled per failure, ±20 % jitter. */
  baseDelayMs?: number;
  /** Default 300_000. */
  maxDelayMs?: number;
  /** Default 10_000 per attempt (AbortSignal). */
  timeoutMs?: number;
  log?: (level: 'info' | 'warn', event: string, details: string) => void;
  /** After each delivery outcome (the page shows `last`). */
  onChange?: () => void;
}

/** The receiver's answer is never needed; this much of it is read so the connection can be reused, the rest cancelled. */
const ANSWER_DRAIN_BYTES = 4 * 1024;
/** A title far past what a phone shows would only risk the receiver's header size limit. */
const MAX_TITLE_CHARS = 256;
/** One RFC 2047 encoded word is at most 75 characters: 12 of frame, 60 of base64 for 45 bytes. */
const ENCODED_WORD_BYTES = 45;
/** Tags are short words (ntfy shows known ones as emoji). */
const MAX_TAG_CHARS = 64;

/** Why an attempt failed in a way another attempt may fix. */
type Trouble = { status: number } | { error: 'timeout' | 'network'; code: string | null };

type Outcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; trouble: Trouble; retryAfterMs: number | null }
  /** Retrying will not help: the words for the person and the log's details. */
  | { kind: 'final'; words: string; details: string };

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
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', priority: m.priority === 'high' ? '4' : '3' };
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

function inWords(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** What went wrong, after "the webhook". */
function troubleWords(t: Trouble, timeoutMs: number, short: boolean): string {
  if ('status' in t) return t.status === 429 ? 'asked to wait (HTTP 429)' : `answered HTTP ${t.status}`;
  if (t.error === 'network') return 'could not be reached';
  return short ? 'did not answer' : `did not answer within ${inWords(timeoutMs)}`;
}

const troubleDetails = (t: Trouble): string => ('status' in t ? `status=${t.status}` : `error=${t.error}${t.code ? ` code=${t.code}` : ''}`);

/** Why a status is not tried again, in words for the person. */
function finalStatusWords(status: number): string {
  if (status >= 300 && status < 400) return `The webhook answered with a redirect (HTTP ${status}), which is not followed: check the address.`;
  if (status === 401 || status === 403) return `The webhook refused it (HTTP ${status}): check the address and its access rights.`;
  return `The webhook refused it (HTTP ${status}): check the address.`;
}

export class FleetWebhook {
  private readonly fetchImpl: typeof fetch;
  private readonly timers: TimerFns;
  private readonly random: () => number;
  private readonly maxQueue: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  /** The messages not yet done with, oldest first; the first is the one being tried (under way or waiting to retry). */
  private readonly queue: WebhookMessage[] = [];
  /** Tries of the first message so far. */
  private attempts = 0;
  private busy = false;
  private retryTimer: unknown = null;
  private call: AbortController | null = null;
  /** The timeout of the call under way. */
  private callTimer: unknown = null;
  /** Moves on at `stop`, so a call that ends after it changes nothing. */
  private epoch = 0;
  private last: WebhookDelivery | null = null;
  /** Messages dropped for room since the last log line that said so. */
  private droppedUntold = 0;

  constructor(private readonly o: FleetWebhookOptions) {
    this.fetchImpl = o.fetchImpl ?? ((input, init) => fetch(input, init));
    this.timers = o.timers ?? realTimers;
    this.random = o.random ?? Math.random;
    this.maxQueue = Math.max(1, Math.floor(o.maxQueue ?? 20));
    this.maxAttempts = Math.max(1, Math.floor(o.maxAttempts ?? 6));
    this.baseDelayMs = Math.max(1, o.baseDelayMs ?? 2_000);
    this.maxDelayMs = Math.max(1_000, o.maxDelayMs ?? 300_000);
    this.timeoutMs = Math.max(1, o.timeoutMs ?? 10_000);
  }

  /** Queues a message; never throws; nothing happens when no address is set. */
  send(m: WebhookMessage): void {
    try {
      if (this.address() === null) {
        this.dropWaiting();
        return;
      }
      this.queue.push({ title: String(m.title ?? ''), body: String(m.body ?? ''), tags: [...(m.tags ?? [])], priority: m.priority === 'high' ? 'high' : 'default' });
      if (this.queue.length > this.maxQueue) {
        // The first is under way or waiting out its pause, and its tries are bounded: the oldest behind it goes.
        this.queue.splice(1, 1);
        this.droppedUntold += 1;
      }
      this.pump();
    } catch {
      // A message lost is better than an engine stopped by its own notifier.
    }
  }

  status(): { pending: number; last: WebhookDelivery | null } {
    return { pending: this.queue.length, last: this.last };
  }

  /** Drops what waits and cancels the retry timer and the call under way. */
  stop(): void {
    this.epoch += 1;
    this.queue.length = 0;
    this.attempts = 0;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.callTimer !== null) this.timers.clearTimeout(this.callTimer);
    this.callTimer = null;
    this.call?.abort();
    this.call = null;
    this.busy = false;
  }

  private address(): string | null {
    try {
      return this.o.url();
    } catch {
      return null;
    }
  }

  /** No address any more: what waits has nowhere to go. */
  private dropWaiting(): void {
    if (this.busy) {
      // The call under way ends by itself (its timeout bounds it); its outcome then finds nothing behind it.
      this.queue.splice(1);
      return;
    }
    this.queue.length = 0;
    this.attempts = 0;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Starts the first message's next try, unless one is under way or its pause is not over. */
  private pump(): void {
    if (this.busy || this.retryTimer !== null) return;
    const m = this.queue[0];
    if (!m) return;
    const raw = this.address();
    if (raw === null) {
      this.dropWaiting();
      return;
    }
    this.busy = true;
    const epoch = this.epoch;
    void this.attempt(m, raw).then((outcome) => {
      if (epoch !== this.epoch) return;
      this.busy = false;
      this.call = null;
      this.settle(outcome);
    }).catch(() => undefined);
  }

  /** One POST; resolves with what it means, never rejects. */
  private async attempt(m: WebhookMessage, raw: string): Promise<Outcome> {
    const target = callTarget(raw);
    if (target === null) return { kind: 'final', words: 'The webhook address is not an http:// or https:// address.', details: 'error=bad_address' };
    const headers = ntfyHeaders(m);
    if (target.auth !== null) headers.authorization = target.auth;
    const call = new AbortController();
    this.call = call;
    let timedOut = false;
    const timer = this.timers.setTimeout(() => {
      timedOut = true;
      call.abort();
    }, this.timeoutMs);
    (timer as { unref?: () => void } | null)?.unref?.();
    this.callTimer = timer;
    try {
      const res = await this.fetchImpl(target.url, { method: 'POST', headers, body: m.body, redirect: 'manual', signal: call.signal });
      const status = res.status;
      const wait = retryAfterMs(res.headers.get('retry-after'));
      await drainAnswer(res);
      if (status >= 200 && status < 300) return { kind: 'delivered' };
      if (retryable(status)) return { kind: 'retry', trouble: { status }, retryAfterMs: wait };
      // An opaque redirect (a fetch that hides it) says status 0.
      const shown = status === 0 ? 302 : status;
      return { kind: 'final', words: finalStatusWords(shown), details: `status=${shown}` };
    } catch (err) {
      const refusal = addressRefusalOf(err);
      if (refusal) return { kind: 'final', words: `The webhook address ${refusal.words}: the node does not call it.`, details: `error=address_refused place=${refusal.place}` };
      return { kind: 'retry', trouble: timedOut ? { error: 'timeout', code: null } : { error: 'network', code: errorCode(err) }, retryAfterMs: null };
    } finally {
      this.timers.clearTimeout(timer);
      if (this.callTimer === timer) this.callTimer = null;
    }
  }

  private settle(outcome: Outcome): void {
    this.attempts += 1;
    this.tellDrops();
    if (outcome.kind === 'delivered') return this.done(true, 'Delivered.');
    if (outcome.kind === 'final') {
      this.log('warn', 'fleet_webhook_gave_up', `${outcome.details} attempts=${this.attempts}`);
      return this.done(false, outcome.words);
    }
    const { trouble } = outcome;
    if (this.attempts >= this.maxAttempts) {
      this.log('warn', 'fleet_webhook_gave_up', `${troubleDetails(trouble)} attempts=${this.attempts}`);
      return this.done(false, `Gave up after ${this.attempts} ${this.attempts === 1 ? 'try' : 'tries'}: the webhook ${troubleWords(trouble, this.timeoutMs, true)}.`);
    }
    const delay = outcome.retryAfterMs === null ? this.backoff() : Math.min(this.maxDelayMs, Math.max(1_000, outcome.retryAfterMs));
    this.log('warn', 'fleet_webhook_failed', `${troubleDetails(trouble)} attempt=${this.attempts}/${this.maxAttempts} retry_in_ms=${delay}`);
    this.record(false, `The webhook ${troubleWords(trouble, this.timeoutMs, false)}; trying again in ${inWords(delay)}.`);
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, delay);
    (this.retryTimer as { unref?: () => void } | null)?.unref?.();
  }

  /** The pause after `attempts` failures in a row: the base doubled each time, capped, ±20 % so it is not a beat. */
  private backoff(): number {
    const base = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(this.attempts - 1, 30));
    return Math.min(this.maxDelayMs, Math.round(base * (0.8 + 0.4 * this.random())));
  }

  /** The first message is done with, one way or the other: on to the next. */
  private done(ok: boolean, words: string): void {
    this.queue.shift();
    this.attempts = 0;
    this.record(ok, words);
    this.pump();
  }

  private record(ok: boolean, words: string): void {
    this.last = { at: new Date(this.o.now()).toISOString(), ok, words };
    try {
      this.o.onChange?.();
    } catch {
      // The page's refresh failing must not stop the deliveries.
    }
  }

  /** At most one line per outcome, however many messages a flood pushed out. */
  private tellDrops(): void {
    if (this.droppedUntold === 0) return;
    this.log('warn', 'fleet_webhook_dropped', `dropped=${this.droppedUntold} max_queue=${this.maxQueue}`);
    this.droppedUntold = 0;
  }

  private log(level: 'info' | 'warn', event: string, details: string): void {
    try {
      this.o.log?.(level, event, details);
    } catch {
      // A log that fails must not stop the deliveries.
    }
  }
}
