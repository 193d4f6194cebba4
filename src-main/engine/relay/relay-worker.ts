import type { EventLevel } from '@shared/contract';
import { networkErrorWords } from '../net/error-words';
import { ByteBudget } from '../server/byte-budget';
import type { ShapeLimits } from '../server/json-shape';
import { SHAPE_MESSAGES } from '../server/request-body';
import { BODY_SHAPE } from '../server/task-body-limits';
import { decodeRelayCall, type RelayCall } from './relay-call';
import { MAX_CALL_BYTES, RelayClient, RelayRefusal, type PullLimits, type Pulled, type RelaySession } from './relay-client';
import { electRelay, listRelays, type RelayCandidate } from './relay-election';
import { relayResult, type ForwardedAnswer } from './relay-result';
import { fetchBindTicket } from './relay-ticket';
import type { EngineEventName } from '@shared/words/event-words';

export type RelayWorkerState = 'idle' | 'electing' | 'binding' | 'bound' | 'reconnecting' | 'no_relay' | 'stopped';

/** Where consumers reach the node while it is bound, and what the REGISTER payload says about it (brief §9.5). */
export interface RelayBinding {
  relay: RelayCandidate;
  /** `{relay}/v1/relay-for/{node_id}`: the endpoint the node registers. */
  endpoint: string;
  metadata: Record<string, unknown>;
  boundAt: number;
}

export interface RelayWorkerStatus {
  state: RelayWorkerState;
  binding: RelayBinding | null;
  /** When the next attempt to find or bind a relay is due (ms), while reconnecting. */
  nextAttemptAt: number | null;
  lastError: string | null;
  /** Calls the relay handed over since the node started, and how many were refused for being unencrypted. */
  calls: number;
  refusedPlaintext: number;
  steps: readonly string[];
}

export interface RelayWorkerTimings {
  /** First pause after losing a relay; doubles up to `retryMaxMs` (the reference reconnects within 60 s). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a relay that failed us is passed over in elections. */
  failedMemoryMs: number;
  /** A pull that fails at the network this many times in a row means the relay is gone. */
  pullFailuresBeforeLost: number;
  /**
   * A pull that brings no work well before the relay's own window (an idle answer at once, a call that could not be
   * taken) is followed by a pause: this long after the first, doubling up to `earlyPullMaxMs`.
   */
  earlyPullFloorMs: number;
  earlyPullMaxMs: number;
  /** This many such pulls in a row and the relay is treated as failing (left, and passed over for a while). */
  earlyPullsBeforeFailing: number;
}

/** Time as the worker sees it: tests pass a fake clock to count pulls without waiting for them. */
export interface RelayClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface RelayWorkerOptions {
  nodeId: string;
  directoryUrl: () => string;
  /** The node token, for a bind ticket (null before the first registration). */
  nodeToken: () => string | null;
  /** Extra directory headers (a restricted trust domain's membership). */
  directoryHeaders?: () => Record<string, string> | undefined;
  intent: () => string;
  models: () => string[];
  /**
   * Settles once the node knows what its LLM server offers (its first look is done). A bind waits for it: a relay
   * repeats the bound models on `/iicp/health`, and an empty list there reads as a node that declares nothing.
   */
  modelsKnown?: () => Promise<void>;
  /**
   * Runs a task (its JSON bytes) through the node's own task pipeline as a relayed task (admission, the relay rules of
   * IICP-CX, ledger, receipts) and returns its answer. Plaintext tasks are refused there unless the person allowed
   * them; the worker counts those refusals.
   */
  forward: (task: Buffer) => Promise<ForwardedAnswer>;
  /** Parses a pulled call off the event loop when it is large (the node's codec pool); inline by default. */
  decodeCall?: (raw: Buffer) => RelayCall | null | Promise<RelayCall | null>;
  /** Whether the node could take a relayed task now: the worker pulls only then (and at least every 45 s). */
  canAdmit?: () => boolean;
  /** The node's body budget: a pulled call holds its bytes in it until the task port has taken the task. */
  budget?: ByteBudget;
  /** Loopback and private relays are accepted (the private-endpoint switch: tests, LAN-only directories). */
  allowPrivateRelays?: boolean;
  /** Ports of this computer a relay may never be: the node's own task port, the dashboard. */
  ownPorts?: () => readonly (number | null)[];
  fetchImpl?: typeof fetch;
  timings?: Partial<RelayWorkerTimings>;
  now?: () => number;
  /** Replaces `now` and the worker's timers (tests). */
  clock?: RelayClock;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  /** Bound to a relay (first time, or a different one after a loss): register this endpoint. */
  onBound: (binding: RelayBinding) => void;
  /** The relay is gone: consumers cannot reach the node until `onBound` again. */
  onLost: (reason: string) => void;
}

const DEFAULTS: RelayWorkerTimings = {
  retryBaseMs: 2_000,
  retryMaxMs: 60_000,
  failedMemoryMs: 10 * 60_000,
  pullFailuresBeforeLost: 2,
  earlyPullFloorMs: 1_000,
  earlyPullMaxMs: 30_000,
  earlyPullsBeforeFailing: 6,
};
/** Calls in progress at once: past it, the next pull waits. */
const MAX_IN_FLIGHT = 32;
/** Who pulled calls are booked to in the node's body budget (at most its per-source share, a quarter of it). */
const PULL_SOURCE = 'relay-pull';
/** Without the node's own budget (tests), the worker keeps one of the task port's size. */
const OWN_BUDGET_BYTES = 64 * 1024 * 1024;
/** A pull whose answer comes in less than this share of the relay's window "returned early". */
const EARLY_SHARE = 0.5;
/** The relay forgets a worker that has not pulled for 90 s; never wait for room longer than this. */
const MAX_PULL_PAUSE_MS = 45_000;
/** How often a worker waiting for room looks again (a finished call wakes it at once). */
const ROOM_CHECK_MS = 250;
const MAX_STEPS = 40;

const SYSTEM_CLOCK: Omit<RelayClock, 'now'> = {
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The relay rung (brief §3.11, §9.8): elect a relay the directory lists, bind over HTTP long-poll (with a
 * directory bind ticket where one is issued), pull calls and answer each through the node's own pipeline, and keep
 * that up: a lost session is re-bound, a dead relay is replaced by electing another with back-off. IICP-CX tasks pass
 * the relay as ciphertext; plaintext tasks are refused unless the person allowed them.
 */
export class RelayWorker {
  private st: RelayWorkerState = 'idle';
  private binding: RelayBinding | null = null;
  private session: RelaySession | null = null;
  private client: RelayClient | null = null;
  private readonly failed = new Map<string, number>();
  private lastError: string | null = null;
  private nextAttemptAt: number | null = null;
  private calls = 0;
  private refusedPlaintext = 0;
  private inFlight = 0;
  private steps: string[] = [];
  private generation = 0;
  private pullAbort: AbortController | null = null;
  /** The models the current session was bound with (what the relay repeats on `/iicp/health`). */
  private boundModels: string[] = [];
  /** Waits in progress (back-off, pauses, waiting for room): stop() cuts them short; `wakeRoom` ends a wait for room. */
  private readonly sleepers = new Set<() => void>();
  private wakeRoom: (() => void) | null = null;
  private readonly t: RelayWorkerTimings;
  private readonly clock: RelayClock;
  private readonly fetchImpl: typeof fetch;
  private readonly budget: ByteBudget;
  private readonly pullLimits: PullLimits;

  constructor(private readonly o: RelayWorkerOptions) {
    this.t = { ...DEFAULTS, ...o.timings };
    this.clock = o.clock ?? { now: o.now ?? Date.now, ...SYSTEM_CLOCK };
    this.fetchImpl = o.fetchImpl ?? fetch;
    this.budget = o.budget ?? new ByteBudget(OWN_BUDGET_BYTES);
    // A call is `{"call_id": …, "task": <task>}`: one level and three values more than a task may have.
    const shape: ShapeLimits = { maxDepth: BODY_SHAPE.maxDepth + 1, maxValues: BODY_SHAPE.maxValues + 3 };
    this.pullLimits = { budget: this.budget, source: PULL_SOURCE, shape };
  }

  private now(): number {
    return this.clock.now();
  }

  get status(): RelayWorkerStatus {
    return {
      state: this.st,
      binding: this.binding,
      nextAttemptAt: this.nextAttemptAt,
      lastError: this.lastError,
      calls: this.calls,
      refusedPlaintext: this.refusedPlaintext,
      steps: this.steps,
    };
  }

  /** Bound and pulling: consumers can reach the node through the relay. */
  get usable(): boolean {
    return this.st === 'bound' && this.binding !== null;
  }

  /**
   * One election round: the best relay first, then the others, until one binds. Resolves with the binding, or null
   * when no relay could be bound (nothing listed, the directory unreachable, every relay refused); the caller decides
   * when to look again. While bound, the worker keeps itself bound on its own.
   */
  async connect(): Promise<RelayBinding | null> {
    if (this.st === 'stopped') return null;
    const gen = ++this.generation;
    const binding = await this.electAndBind(gen);
    if (gen !== this.generation) return null;
    if (!binding) {
      this.set('no_relay');
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
    if (this.st !== 'bound' || !this.session || sameModels(this.boundModels, this.o.models())) return;
    this.pullAbort?.abort();
  }

  /** Unbinds (best effort, bounded) and stops every loop. Idempotent. */
  async stop(): Promise<void> {
    if (this.st === 'stopped') return;
    this.generation++;
    this.set('stopped');
    this.pullAbort?.abort();
    for (const wake of [...this.sleepers]) wake();
    const session = this.session;
    const client = this.client;
    this.session = null;
    this.binding = null;
    if (session && client) {
      await client.unbind(session);
      this.step('Unbound from the relay.');
    }
    this.o.onChange();
  }

  // ---------------------------------------------------------------------------------------------------

  private async electAndBind(gen: number): Promise<RelayBinding | null> {
    this.set('electing');
    let listed: RelayCandidate[];
    const skipped: { id: string; why: string }[] = [];
    try {
      listed = await listRelays(this.o.directoryUrl(), this.o.intent(), {
        fetchImpl: this.o.fetchImpl,
        headers: this.o.directoryHeaders?.(),
        rules: { allowPrivate: this.o.allowPrivateRelays === true, ownPorts: (this.o.ownPorts?.() ?? []).filter((p): p is number => p !== null) },
        onSkipped: (id, why) => skipped.push({ id, why }),
      });
    } catch (err) {
      this.fail(`Could not ask the directory for relays: ${plain(err)}.`);
      return null;
    }
    if (gen !== this.generation) return null;
    // Nothing was sent to these: their addresses are not ones a relay may have.
    for (const x of skipped) this.step(`Relay ${short(x.id)} was skipped: ${x.why}.`);
    if (skipped.length > 0) this.o.log('warn', 'relay_bind_failed', `skipped=${skipped.length} ${skipped[0]!.why}`);
    if (listed.length === 0 && skipped.length > 0) {
      this.fail(`No relay the directory lists can be used: ${skipped.length === 1 ? 'the one listed was' : `all ${skipped.length} listed were`} skipped for their address (${skipped[0]!.why}).`);
      return null;
    }
    const now = this.now();
    for (const [id, until] of this.failed) if (until <= now) this.failed.delete(id);
    const tried = new Set<string>();
    for (;;) {
      const first = electRelay(this.o.nodeId, listed, new Set([...this.failed.keys(), ...tried]));
      const steps = first.steps;
      // A relay that failed is tried after the others, not never: with one relay in the network, a blip must not
      // cost ten minutes.
      const chosen = first.chosen ?? electRelay(this.o.nodeId, listed, tried).chosen;
      if (tried.size === 0) for (const s of steps) this.step(s);
      if (!chosen) {
        if (tried.size === 0) this.fail(listed.length === 0 ? 'The directory lists no relay for this kind of task right now.' : 'No relay the directory lists can be used right now.');
        return null;
      }
      tried.add(chosen.nodeId);
      const binding = await this.bindTo(chosen, gen);
      if (gen !== this.generation) return null;
      if (binding) return binding;
    }
  }

  private async bindTo(relay: RelayCandidate, gen: number): Promise<RelayBinding | null> {
    this.set('binding');
    const host = hostOf(relay.url);
    this.step(`Asking relay ${short(relay.nodeId)} at ${host} to carry tasks for this node.`);
    const client = new RelayClient(relay.url, this.fetchImpl);
    if (this.o.modelsKnown) {
      await this.until(gen, this.o.modelsKnown());
      if (gen !== this.generation) return null;
    }
    const models = [...this.o.models()];
    const body = { worker_id: this.o.nodeId, intent: this.o.intent(), models };
    const ticket = await fetchBindTicket(this.o.directoryUrl(), {
      nodeId: this.o.nodeId,
      token: this.o.nodeToken(),
      relayNodeId: relay.nodeId,
      headers: this.o.directoryHeaders?.(),
      fetchImpl: this.o.fetchImpl,
    });
    if (gen !== this.generation) return null;
    let session: RelaySession;
    try {
      session = await client.bind(ticket.ticket ? { ...body, bind_ticket: ticket.ticket } : body);
    } catch (err) {
      const why = err instanceof RelayRefusal ? bindRefusal(err, ticket.why) : `it could not be reached (${plain(err)})`;
      this.step(`Relay ${short(relay.nodeId)} did not bind: ${why}.`);
      this.o.log('warn', 'relay_bind_failed', `relay=${short(relay.nodeId)} ${err instanceof RelayRefusal ? `status=${err.status} code=${err.code ?? ''}` : plain(err)}`);
      this.markFailed(relay.nodeId, err instanceof RelayRefusal && err.retryAfterMs !== null ? err.retryAfterMs : this.t.failedMemoryMs);
      this.lastError = `Relay ${short(relay.nodeId)}: ${why}.`;
      return null;
    }
    const url = new URL(relay.url);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const binding: RelayBinding = {
      relay,
      endpoint: relay.url + session.endpointPath,
      metadata: { relay_for: this.o.nodeId, relay_host: url.hostname.replace(/^\[|\]$/g, ''), relay_port: port, relay_node_id: relay.nodeId, relay_transport: 'http-poll' },
      boundAt: this.now(),
    };
    this.client = client;
    this.session = session;
    this.boundModels = models;
    this.binding = binding;
    this.lastError = null;
    this.nextAttemptAt = null;
    this.set('bound');
    this.step(`Bound to relay ${short(relay.nodeId)} at ${host}${relay.probation ? ' (new to the network, on probation)' : ''}.`);
    this.o.log('info', 'relay_bound', `relay=${short(relay.nodeId)} host=${host}`);
    return binding;
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
      await this.waitForRoom(gen);
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
        got = await client.pull(session, this.pullLimits, this.pullAbort.signal);
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
          this.lost(gen, gone ? 'the relay ended the session' : `the relay stopped answering (${plain(err)})`);
          return;
        }
        // A relay that answers with something else (busy, a hiccup): pause briefly instead of spinning.
        await this.sleep(err instanceof RelayRefusal && err.retryAfterMs !== null ? Math.min(err.retryAfterMs, 10_000) : 1_000);
        continue;
      }
      this.pullAbort = null;
      failures = 0;
      if (gen !== this.generation) {
        if (got.kind === 'call') got.release();
        return;
      }
      let worked = false;
      if (got.kind === 'call') {
        // Parsed off the event loop when large; the loop waits for it, so a relay cannot queue up parsing work.
        const call = await this.decode(got.raw);
        if (call) {
          this.handleCall(client, session, call, got.release);
          worked = true;
        } else {
          got.release();
          this.refuseCall(client, session, got.callId, 400, 'invalid_json', 'The relay handed over something that is not a task call.');
        }
      } else if (got.kind === 'refused') {
        if (got.why === 'no_room') {
          // Our own budget filled up while the call was read: not the relay's doing.
          this.refuseCall(client, session, got.callId, 429, 'IICP-E021', 'capacity_exceeded', '2');
          await this.sleep(this.t.earlyPullFloorMs);
          continue;
        }
        if (got.why === 'too_large') this.refuseCall(client, session, got.callId, 413, 'payload_too_large', 'The task is larger than this node accepts.');
        else this.refuseCall(client, session, got.callId, 422, 'validation_error', SHAPE_MESSAGES[got.why]);
      } else if (this.now() - started >= session.pollTimeoutMs * EARLY_SHARE) {
        worked = true; // idle after the relay's window: the honest answer
      }
      if (worked) {
        early = 0;
        continue;
      }
      early++;
      if (early >= this.t.earlyPullsBeforeFailing) {
        this.lost(gen, 'it keeps answering at once without a task');
        return;
      }
      await this.sleep(Math.min(this.t.earlyPullFloorMs * 2 ** (early - 1), this.t.earlyPullMaxMs));
    }
  }

  private async decode(raw: Buffer): Promise<RelayCall | null> {
    try {
      return await (this.o.decodeCall ?? decodeRelayCall)(raw);
    } catch {
      return null;
    }
  }

  /** A call that never reaches the pipeline still gets an answer, so its consumer does not wait out the relay's timeout. */
  private refuseCall(client: RelayClient, session: RelaySession, callId: string | undefined, status: number, code: string, message: string, retryAfter: string | null = null): void {
    // Not logged one by one: a relay could send such calls as fast as it is pulled; what it costs is the back-off.
    if (!callId) return;
    const answer: ForwardedAnswer = { status, body: { error: { code, message } }, retryAfter };
    void client.result(session, callId, relayResult({}, answer)).catch(() => undefined);
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
    this.step('What this node offers changed: binding to the relay again with the new model list.');
    if (await this.rebindSame(gen)) return true;
    if (gen === this.generation) this.lost(gen, 'it did not take the new model list');
    return false;
  }

  private async rebindSame(gen: number): Promise<boolean> {
    const relay = this.binding?.relay;
    if (!relay) return false;
    this.session = null;
    const b = await this.bindTo(relay, gen);
    if (!b || gen !== this.generation) return false;
    // Same relay, same worker id: the same endpoint, so the directory needs no news.
    return true;
  }

  private lost(gen: number, reason: string): void {
    const relay = this.binding?.relay;
    if (relay) this.markFailed(relay.nodeId, this.t.failedMemoryMs);
    this.session = null;
    this.client = null;
    this.binding = null;
    this.lastError = `The relay was lost: ${reason}.`;
    this.step(`Lost the relay: ${reason}. Looking for another one.`);
    this.o.log('warn', 'relay_lost', reason);
    this.set('reconnecting');
    this.o.onLost(reason);
    void this.reconnect(gen);
  }

  /** Back-off 2, 4, 8 … 60 s between election rounds until a relay binds or the worker stops. */
  private async reconnect(gen: number): Promise<void> {
    let delay = this.t.retryBaseMs;
    while (gen === this.generation) {
      this.nextAttemptAt = this.now() + delay;
      this.o.onChange();
      await this.sleep(delay);
      if (gen !== this.generation) return;
      const binding = await this.electAndBind(gen);
      if (gen !== this.generation) return;
      if (binding) {
        this.o.onBound(binding);
        void this.pullLoop(gen);
        return;
      }
      this.set('reconnecting');
      delay = Math.min(delay * 2, this.t.retryMaxMs);
    }
  }

  private handleCall(client: RelayClient, session: RelaySession, call: RelayCall, release: () => void): void {
    const { callId } = call;
    this.calls++;
    this.inFlight++;
    const done = () => {
      this.inFlight--;
      release();
      this.wakeRoom?.();
    };
    void (async () => {
      let answer: ForwardedAnswer;
      try {
        answer = await this.o.forward(call.task);
      } catch {
        answer = { status: 502, body: { error: { code: 'backend_error', message: 'The node could not process the task.' } }, retryAfter: null };
      } finally {
        // The task port has read the task (and booked it itself): the pulled bytes no longer count.
        release();
      }
      if (answer.status === 403 && errorCode(answer.body) === 'confidentiality_required') {
        this.refusedPlaintext++;
        this.o.log('info', 'relay_plaintext_refused', `call=${callId.slice(0, 12)}`);
      }
      try {
        // The relay lays this over `{task_id, status: completed}` of the consumer's own task.
        await client.result(session, callId, relayResult({}, answer));
      } catch (err) {
        this.o.log('warn', 'relay_result_failed', `call=${callId.slice(0, 12)} ${err instanceof RelayRefusal ? `status=${err.status}` : plain(err)}`);
      }
    })().finally(done);
  }

  /** Room for one more call: a free place among the calls in progress, a slot the node could give, budget for a whole call. */
  private hasRoom(): boolean {
    return this.inFlight < MAX_IN_FLIGHT && (this.o.canAdmit?.() ?? true) && this.budget.fits(PULL_SOURCE, MAX_CALL_BYTES);
  }

  private async waitForRoom(gen: number): Promise<void> {
    // Past the pause the loop pulls anyway (the relay forgets a worker silent for 90 s); the task port then refuses.
    const until = this.now() + MAX_PULL_PAUSE_MS;
    while (gen === this.generation && !this.hasRoom() && this.now() < until) {
      await this.sleep(ROOM_CHECK_MS, (wake) => (this.wakeRoom = wake));
      this.wakeRoom = null;
    }
  }

  private markFailed(nodeId: string, forMs: number): void {
    this.failed.set(nodeId, this.now() + Math.max(1_000, forMs));
  }

  private fail(message: string): void {
    this.lastError = message;
    this.step(message);
  }

  private set(state: RelayWorkerState): void {
    if (this.st === 'stopped' && state !== 'stopped') return;
    this.st = state;
    this.o.onChange();
  }

  /** Waits for `p`, or less when the worker is stopped meanwhile. */
  private async until(gen: number, p: Promise<unknown>): Promise<void> {
    const stop = { wake: (): void => undefined };
    const stopped = new Promise<void>((resolve) => (stop.wake = resolve));
    this.sleepers.add(stop.wake);
    try {
      if (gen === this.generation) await Promise.race([p.catch(() => undefined), stopped]);
    } finally {
      this.sleepers.delete(stop.wake);
    }
  }

  /** A wait that stop() cuts short; `onWake` learns how to end it early. */
  private sleep(ms: number, onWake?: (wake: () => void) => void): Promise<void> {
    return new Promise<void>((resolve) => {
      let handle: unknown = null;
      const wake = () => {
        if (!this.sleepers.delete(wake)) return;
        if (handle !== null) this.clock.clearTimer(handle);
        resolve();
      };
      this.sleepers.add(wake);
      handle = this.clock.setTimer(wake, ms);
      onWake?.(wake);
    });
  }

  private step(line: string): void {
    this.steps = [...this.steps, `${new Date(this.now()).toISOString()} ${line}`].slice(-MAX_STEPS);
    this.o.onChange();
  }
}

function sameModels(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((m) => set.has(m));
}

function errorCode(body: unknown): string | null {
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : null;
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : null;
  return typeof code === 'string' ? code : null;
}

function bindRefusal(err: RelayRefusal, ticketWhy: string | null): string {
  if (err.status === 409 && err.code === 'IICP-E040') return 'it had seen that directory ticket before (a ticket is good for one bind)';
  if (err.status === 409) return 'it still holds an older session for this node (it expires within 90 s)';
  if (err.status === 429 || err.status === 503) return 'it is at its limit right now';
  if (err.status === 401) return ticketWhy ? `it requires a directory ticket, and ${ticketWhy}` : 'it refused the directory ticket';
  return `it answered ${err.status}${err.code ? ` ${err.code}` : ''}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function short(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

function plain(err: unknown): string {
  return networkErrorWords(err) ?? (err instanceof Error ? err.message.slice(0, 120) : 'failed');
}
