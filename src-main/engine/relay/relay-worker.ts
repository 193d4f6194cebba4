import { RelayRefusal, type Pulled, type RelayClient, type RelaySession } from './relay-client';
import { PulledCalls } from './pulled-calls';
import type { RelayBinder } from './relay-binder';
import { plainSaid, RelayProgress, type RelayBinding, type RelayWorkerStatus } from './relay-status';
import { RelayWaits, SYSTEM_CLOCK, type RelayClock } from './relay-waits';
import {
  RELAY_WORKER_DEFAULTS,
  relayBinderFor,
  type RelayWorkerOptions,
  type RelayWorkerTimings,
} from './relay-worker-options';
import { english } from '@shared/i18n/say';
import { said, type Said } from '@shared/i18n/said';

/**
 * The relay rung: elect a relay the directory lists, bind over HTTP long-poll (with a directory bind ticket where
 * one is issued), pull calls and answer each through the node's own pipeline, and keep that up: a lost session is
 * re-bound, a dead relay is replaced by electing another with back-off. IICP-CX tasks pass the relay as ciphertext;
 * plaintext tasks are refused unless the person allowed them. The worker owns the session and its loops; finding and
 * binding a relay is `RelayBinder`'s, what a pull brings is `PulledCalls`'.
 */
export class RelayWorker {
  private session: RelaySession | null = null;
  private client: RelayClient | null = null;
  private generation = 0;
  private pullAbort: AbortController | null = null;
  /** The models the current session was bound with (what the relay repeats on `/iicp/health`). */
  private boundModels: string[] = [];
  private readonly t: RelayWorkerTimings;
  private readonly clock: RelayClock;
  private readonly progress: RelayProgress;
  private readonly waits: RelayWaits;
  private readonly binder: RelayBinder;
  private readonly desk: PulledCalls;

  constructor(private readonly o: RelayWorkerOptions) {
    this.t = { ...RELAY_WORKER_DEFAULTS, ...o.timings };
    const clock = (this.clock = o.clock ?? { now: o.now ?? Date.now, ...SYSTEM_CLOCK });
    const now = () => clock.now();
    this.progress = new RelayProgress(now, o.onChange);
    const waits = (this.waits = new RelayWaits(clock));
    const { forward, decodeCall, canAdmit, budget, log } = o;
    this.desk = new PulledCalls({ forward, decodeCall, canAdmit, budget, now, waits, log });
    const adopt = (client: RelayClient, session: RelaySession, models: string[]) => {
      this.client = client;
      this.session = session;
      this.boundModels = models;
    };
    this.binder = relayBinderFor(o, this.t, { now, progress: this.progress, waits, adopt });
  }

  private now(): number {
    return this.clock.now();
  }

  get status(): RelayWorkerStatus {
    const p = this.progress;
    return {
      state: p.state,
      binding: p.binding,
      nextAttemptAt: p.nextAttemptAt,
      lastError: p.lastError,
      calls: this.desk.calls,
      refusedPlaintext: this.desk.refusedPlaintext,
      steps: p.steps,
    };
  }

  /** Bound and pulling: consumers can reach the node through the relay. */
  get usable(): boolean {
    return this.progress.state === 'bound' && this.progress.binding !== null;
  }

  /**
   * One election round: the best relay first, then the others, until one binds. Resolves with the binding, or null
   * when no relay could be bound (nothing listed, the directory unreachable, every relay refused); the caller decides
   * when to look again. While bound, the worker keeps itself bound on its own.
   */
  async connect(): Promise<RelayBinding | null> {
    if (this.progress.state === 'stopped') return null;
    const gen = ++this.generation;
    const binding = await this.binder.electAndBind(this.liveFor(gen));
    if (gen !== this.generation) return null;
    if (!binding) {
      this.progress.set('no_relay');
      return null;
    }
    this.o.onBound(binding);
    void this.pullLoop(gen);
    return binding;
  }

  /**
   * What the node offers changed: a bound session whose models differ is bound again to the same relay (the relay
   * keeps the models of the bind, so only a new bind corrects what it says). The current pull is cut short.
   */
  modelsChanged(): void {
    if (this.progress.state !== 'bound' || !this.session || sameModels(this.boundModels, this.o.models())) return;
    this.pullAbort?.abort();
  }

  /** Unbinds (best effort, bounded) and stops every loop. Idempotent. */
  async stop(): Promise<void> {
    if (this.progress.state === 'stopped') return;
    this.generation++;
    this.progress.set('stopped');
    this.pullAbort?.abort();
    this.waits.wakeAll();
    const session = this.session;
    const client = this.client;
    this.session = null;
    this.progress.binding = null;
    if (session && client) {
      await client.unbind(session);
      this.progress.step(said('relay.worker.unbound'));
    }
    this.o.onChange();
  }

  // ---------------------------------------------------------------------------------------------------

  /** Whether the round started as `gen` is still the worker's (not stopped, not replaced by a newer one). */
  private liveFor(gen: number): () => boolean {
    return () => gen === this.generation;
  }

  /**
   * Pulls until stopped or the relay is gone; each call is answered concurrently so a long task does not block others.
   * A pull is made only when the node could take a task. A relay that answers pulls at once without work (an idle
   * answer long before its window, a call that cannot be taken) is paused for, with back-off, and after a few in a
   * row it is treated as failing: polling it in a tight loop would cost a core for nothing.
   */
  private async pullLoop(gen: number): Promise<void> {
    let failures = 0;
    let early = 0;
    while (gen === this.generation && this.session && this.client) {
      await this.desk.waitForRoom(this.liveFor(gen));
      if (gen !== this.generation || !this.session || !this.client) return;
      if (!sameModels(this.boundModels, this.o.models())) {
        if (await this.rebindForModels(gen)) continue;
        return;
      }
      const session = this.session;
      const client = this.client;
      this.pullAbort = new AbortController();
      const started = this.now();
      let got: Pulled;
      try {
        got = await client.pull(session, this.desk.pullLimits, this.pullAbort.signal);
      } catch (err) {
        this.pullAbort = null;
        if (gen !== this.generation) return;
        // Cut short by `modelsChanged`: not the relay's fault; the loop binds again with the new models.
        if (!sameModels(this.boundModels, this.o.models())) continue;
        const gone = err instanceof RelayRefusal && (err.status === 401 || err.status === 404 || err.status === 410);
        // No answer, or a relay failing on its side (5xx), counts toward "lost"; a 429 only asks us to wait.
        if (!gone && (!(err instanceof RelayRefusal) || err.status >= 500)) failures++;
        // The session expired or the relay restarted: bind again to the same relay before calling it lost.
        if (gone || failures >= this.t.pullFailuresBeforeLost) {
          if (await this.rebindSame(gen)) {
            failures = 0;
            continue;
          }
          if (gen !== this.generation) return;
          this.lost(
            gen,
            gone ? said('relay.lost.sessionEnded') : said('relay.lost.noAnswer', { reason: plainSaid(err) }),
          );
          return;
        }
        // A relay that answers with something else (busy, a hiccup): pause briefly instead of spinning.
        await this.waits.sleep(
          err instanceof RelayRefusal && err.retryAfterMs !== null ? Math.min(err.retryAfterMs, 10_000) : 1_000,
        );
        continue;
      }
      this.pullAbort = null;
      failures = 0;
      if (gen !== this.generation) {
        if (got.kind === 'call') got.release();
        return;
      }
      const outcome = await this.desk.take(client, session, got, started);
      if (outcome === 'no_room') {
        await this.waits.sleep(this.t.earlyPullFloorMs);
        continue;
      }
      if (outcome === 'worked') {
        early = 0;
        continue;
      }
      early++;
      if (early >= this.t.earlyPullsBeforeFailing) {
        this.lost(gen, said('relay.lost.emptyAnswers'));
        return;
      }
      await this.waits.sleep(Math.min(this.t.earlyPullFloorMs * 2 ** (early - 1), this.t.earlyPullMaxMs));
    }
  }

  /**
   * Unbinds and binds again to the same relay with the models offered now: a relay refuses a second bind while the
   * first session is alive. Calls still being answered lose their session (a model change is rare). False when the
   * worker is lost (it then looks for a relay again).
   */
  private async rebindForModels(gen: number): Promise<boolean> {
    const session = this.session;
    const client = this.client;
    if (session && client) await client.unbind(session);
    if (gen !== this.generation) return false;
    this.progress.step(said('relay.worker.modelsChanged'));
    if (await this.rebindSame(gen)) return true;
    if (gen === this.generation) this.lost(gen, said('relay.lost.modelsRefused'));
    return false;
  }

  private async rebindSame(gen: number): Promise<boolean> {
    const relay = this.progress.binding?.relay;
    if (!relay) return false;
    this.session = null;
    const b = await this.binder.bindTo(relay, this.liveFor(gen));
    if (!b || gen !== this.generation) return false;
    // Same relay, same worker id: the same endpoint, so the directory needs no news.
    return true;
  }

  private lost(gen: number, reason: Said): void {
    const relay = this.progress.binding?.relay;
    if (relay) this.binder.markFailed(relay.nodeId, this.t.failedMemoryMs);
    this.session = null;
    this.client = null;
    this.progress.binding = null;
    this.progress.lastError = said('relay.worker.lostProblem', { reason });
    this.progress.step(said('relay.worker.lost', { reason }));
    // The log and the way-in's own events hear the reason in English.
    const words = english.said(reason);
    this.o.log('warn', 'relay_lost', words);
    this.progress.set('reconnecting');
    this.o.onLost(reason);
    void this.reconnect(gen);
  }

  /** Back-off 2, 4, 8 … 60 s between election rounds until a relay binds or the worker stops. */
  private async reconnect(gen: number): Promise<void> {
    let delay = this.t.retryBaseMs;
    while (gen === this.generation) {
      this.progress.nextAttemptAt = this.now() + delay;
      this.o.onChange();
      await this.waits.sleep(delay);
      if (gen !== this.generation) return;
      const binding = await this.binder.electAndBind(this.liveFor(gen));
      if (gen !== this.generation) return;
      if (binding) {
        this.o.onBound(binding);
        void this.pullLoop(gen);
        return;
      }
      this.progress.set('reconnecting');
      delay = Math.min(delay * 2, this.t.retryMaxMs);
    }
  }
}

function sameModels(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((m) => set.has(m));
}
