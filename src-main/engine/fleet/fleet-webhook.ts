/**
 * The optional webhook that tells the person when one of their machines goes down or comes back (webhook-call.ts makes
 * each ntfy-style POST). Messages go out one at a time, in order. A receiver that fails is tried again after a
 * growing, jittered pause, a fixed number of times; a receiver that hangs is cut off after a per-attempt timeout.
 *
 * Messages about one machine share a lane (their `key`): a newer one replaces one still waiting in it, since only
 * where the machine stands now is worth a push, and a lane waiting out a receiver's pause (at most a minute, whatever
 * the receiver asks) never holds up another machine's lane. The queue has a fixed size, so a receiver that is gone
 * never makes memory grow.
 *
 * The address is a secret (anyone who knows an ntfy topic can read it), so it never appears in the words shown to the
 * person, in a log line, or in anything this module throws: those carry status codes and counts only.
 */
import { said, type Said } from '@shared/i18n/said';
import { realTimers, type TimerFns } from '../net';
import {
  gaveUpSaid,
  postOnce,
  retrySaid,
  troubleDetails,
  type CallHandle,
  type Outcome,
  type WebhookMessage,
} from './webhook-call';

export type { WebhookMessage };
export interface WebhookDelivery {
  at: string;
  ok: boolean;
  words: Said;
}

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

/** The longest a receiver's `Retry-After` is honoured: a receiver asking for more is asked again after a minute. */
export const MAX_RETRY_AFTER_MS = 60_000;

interface Entry {
  m: WebhookMessage;
  /** The message's lane: its key, or '' for messages about nothing in particular. */
  lane: string;
}

/** One lane's tries of its first message, and its pause before the next. */
interface Lane {
  attempts: number;
  retryTimer: unknown;
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
  /** The messages not yet done with, oldest first, of every lane. */
  private readonly queue: Entry[] = [];
  private readonly lanes = new Map<string, Lane>();
  /** The message being tried now. */
  private current: Entry | null = null;
  private call: CallHandle | null = null;
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
      const key = typeof m.key === 'string' ? m.key : '';
      const entry: Entry = {
        m: {
          title: String(m.title ?? ''),
          body: String(m.body ?? ''),
          tags: [...(m.tags ?? [])],
          priority: m.priority === 'high' ? 'high' : 'default',
        },
        lane: key,
      };
      if (key !== '') this.replaceWaiting(key);
      this.queue.push(entry);
      if (this.queue.length > this.maxQueue) {
        // The one under way stays (its tries are bounded): the oldest of the others goes.
        this.queue.splice(
          this.queue.findIndex((e) => e !== this.current),
          1,
        );
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

  /** Drops what waits and cancels the retry timers and the call under way. */
  stop(): void {
    this.epoch += 1;
    this.queue.length = 0;
    this.clearLanes();
    this.call?.abort();
    this.call = null;
    this.current = null;
  }

  private address(): string | null {
    try {
      return this.o.url();
    } catch {
      return null;
    }
  }

  private lane(key: string): Lane {
    let l = this.lanes.get(key);
    if (!l) this.lanes.set(key, (l = { attempts: 0, retryTimer: null }));
    return l;
  }

  /** A newer message about `key` is coming: what of its lane waits is old news (the one under way goes on). */
  private replaceWaiting(key: string): void {
    const before = this.queue.length;
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (this.queue[i]!.lane === key && this.queue[i] !== this.current) this.queue.splice(i, 1);
    // A lane's tries were its old message's; its pause, the receiver's word, still holds.
    if (this.queue.length < before) this.lane(key).attempts = 0;
  }

  private clearLanes(): void {
    for (const l of this.lanes.values()) if (l.retryTimer !== null) this.timers.clearTimeout(l.retryTimer);
    this.lanes.clear();
  }

  /** No address any more: what waits has nowhere to go. */
  private dropWaiting(): void {
    // The call under way ends by itself (its timeout bounds it); its outcome then finds nothing behind it.
    this.queue.splice(0, this.queue.length, ...(this.current ? [this.current] : []));
    if (!this.current) this.clearLanes();
  }

  /** Starts the next message whose lane is not pausing, unless a call is under way. */
  private pump(): void {
    if (this.current) return;
    const seen = new Set<string>();
    const next = this.queue.find((e) => {
      // Only the first message of a lane may go, and only when its lane is not waiting out a pause.
      const first = !seen.has(e.lane);
      seen.add(e.lane);
      return first && this.lane(e.lane).retryTimer === null;
    });
    if (!next) return;
    const raw = this.address();
    if (raw === null) {
      this.dropWaiting();
      return;
    }
    this.current = next;
    const epoch = this.epoch;
    void postOnce(next.m, raw, {
      fetchImpl: this.fetchImpl,
      timers: this.timers,
      timeoutMs: this.timeoutMs,
      onCall: (c) => (this.call = c),
    })
      .then((outcome) => {
        if (epoch !== this.epoch) return;
        this.current = null;
        this.settle(next, outcome);
      })
      .catch(() => undefined);
  }

  private settle(entry: Entry, outcome: Outcome): void {
    const lane = this.lane(entry.lane);
    lane.attempts += 1;
    this.tellDrops();
    if (outcome.kind === 'delivered') return this.done(entry, true, said('fleet.webhook.words.delivered'));
    if (outcome.kind === 'final') {
      this.log('warn', 'fleet_webhook_gave_up', `${outcome.details} attempts=${lane.attempts}`);
      return this.done(entry, false, outcome.words);
    }
    const { trouble } = outcome;
    if (lane.attempts >= this.maxAttempts) {
      this.log('warn', 'fleet_webhook_gave_up', `${troubleDetails(trouble)} attempts=${lane.attempts}`);
      return this.done(entry, false, gaveUpSaid(trouble, lane.attempts));
    }
    const delay =
      outcome.retryAfterMs === null
        ? this.backoff(lane.attempts)
        : Math.min(MAX_RETRY_AFTER_MS, this.maxDelayMs, Math.max(1_000, outcome.retryAfterMs));
    this.log(
      'warn',
      'fleet_webhook_failed',
      `${troubleDetails(trouble)} attempt=${lane.attempts}/${this.maxAttempts} retry_in_ms=${delay}`,
    );
    this.record(false, retrySaid(trouble, this.timeoutMs, delay));
    lane.retryTimer = this.timers.setTimeout(() => {
      lane.retryTimer = null;
      this.pump();
    }, delay);
    (lane.retryTimer as { unref?: () => void } | null)?.unref?.();
    // Other machines' messages do not wait for this one's pause.
    this.pump();
  }

  /** The pause after `attempts` failures in a row: the base doubled each time, capped, ±20 % so it is not a beat. */
  private backoff(attempts: number): number {
    const base = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempts - 1, 30));
    return Math.min(this.maxDelayMs, Math.round(base * (0.8 + 0.4 * this.random())));
  }

  /** A message is done with, one way or the other: on to the next. */
  private done(entry: Entry, ok: boolean, words: Said): void {
    const i = this.queue.indexOf(entry);
    if (i >= 0) this.queue.splice(i, 1);
    this.lane(entry.lane).attempts = 0;
    if (!this.queue.some((e) => e.lane === entry.lane) && this.lane(entry.lane).retryTimer === null)
      this.lanes.delete(entry.lane);
    this.record(ok, words);
    this.pump();
  }

  private record(ok: boolean, words: Said): void {
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
