import type { EventLevel } from '../../../src-preload/contract';
import { networkErrorWords } from '../net/error-words';
import { RelayClient, RelayRefusal, type RelaySession } from './relay-client';
import { electRelay, listRelays, type RelayCandidate } from './relay-election';
import { relayResult, type ForwardedAnswer } from './relay-result';
import { fetchBindTicket } from './relay-ticket';
import type { EngineEventName } from '../../../src-preload/event-words';

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
  /** Runs a task through the node's own task pipeline (admission, CX, ledger, receipts) and returns its answer. */
  forward: (task: Record<string, unknown>) => Promise<ForwardedAnswer>;
  /** Whether tasks without IICP-CX encryption are accepted through a relay (the relay could read them). */
  plaintextAllowed: () => boolean;
  fetchImpl?: typeof fetch;
  timings?: Partial<RelayWorkerTimings>;
  now?: () => number;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  /** Bound to a relay (first time, or a different one after a loss): register this endpoint. */
  onBound: (binding: RelayBinding) => void;
  /** The relay is gone: consumers cannot reach the node until `onBound` again. */
  onLost: (reason: string) => void;
}

const DEFAULTS: RelayWorkerTimings = { retryBaseMs: 2_000, retryMaxMs: 60_000, failedMemoryMs: 10 * 60_000, pullFailuresBeforeLost: 2 };
/** Calls in progress at once, and the task bytes they may hold: past either, the next pull waits (a fixed budget). */
const MAX_IN_FLIGHT = 32;
const MAX_HELD_BYTES = 48 * 1024 * 1024;
/** The relay forgets a worker that has not pulled for 90 s; never wait for room longer than this. */
const MAX_PULL_PAUSE_MS = 45_000;
const MAX_STEPS = 40;

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
  private heldBytes = 0;
  private roomWaiters: (() => void)[] = [];
  private steps: string[] = [];
  private generation = 0;
  private pullAbort: AbortController | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private wakeRetry: (() => void) | null = null;
  private readonly t: RelayWorkerTimings;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly o: RelayWorkerOptions) {
    this.t = { ...DEFAULTS, ...o.timings };
    this.now = o.now ?? Date.now;
    this.fetchImpl = o.fetchImpl ?? fetch;
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

  /** Unbinds (best effort, bounded) and stops every loop. Idempotent. */
  async stop(): Promise<void> {
    if (this.st === 'stopped') return;
    this.generation++;
    this.set('stopped');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.wakeRetry?.();
    this.pullAbort?.abort();
    for (const w of this.roomWaiters.splice(0)) w();
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
    try {
      listed = await listRelays(this.o.directoryUrl(), this.o.intent(), { fetchImpl: this.o.fetchImpl, headers: this.o.directoryHeaders?.() });
    } catch (err) {
      this.fail(`Could not ask the directory for relays: ${plain(err)}.`);
      return null;
    }
    if (gen !== this.generation) return null;
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
    const body = { worker_id: this.o.nodeId, intent: this.o.intent(), models: this.o.models() };
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
    this.binding = binding;
    this.lastError = null;
    this.nextAttemptAt = null;
    this.set('bound');
    this.step(`Bound to relay ${short(relay.nodeId)} at ${host}${relay.probation ? ' (new to the network, on probation)' : ''}.`);
    this.o.log('info', 'relay_bound', `relay=${short(relay.nodeId)} host=${host}`);
    return binding;
  }

  /** Pulls until stopped or the relay is gone; each call is answered concurrently so a long task does not block others. */
  private async pullLoop(gen: number): Promise<void> {
    let failures = 0;
    while (gen === this.generation && this.session && this.client) {
      await this.waitForRoom();
      if (gen !== this.generation || !this.session || !this.client) return;
      const session = this.session;
      const client = this.client;
      this.pullAbort = new AbortController();
      try {
        const got = await client.pull(session, this.pullAbort.signal);
        failures = 0;
        if (got.kind === 'call') this.handleCall(client, session, got.callId, got.task, got.bytes);
        continue;
      } catch (err) {
        if (gen !== this.generation) return;
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
      } finally {
        this.pullAbort = null;
      }
    }
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

  private handleCall(client: RelayClient, session: RelaySession, callId: string, task: Record<string, unknown>, bytes: number): void {
    this.calls++;
    this.inFlight++;
    this.heldBytes += bytes;
    const done = () => {
      this.inFlight--;
      this.heldBytes -= bytes;
      const w = this.roomWaiters.shift();
      w?.();
    };
    void (async () => {
      let answer: ForwardedAnswer;
      if (!this.o.plaintextAllowed() && !isEncrypted(task)) {
        this.refusedPlaintext++;
        answer = {
          status: 403,
          body: {
            error: {
              code: 'confidentiality_required',
              message: 'Through a relay this node accepts only end-to-end encrypted (IICP-CX) tasks; send the task with iicp_conf.',
            },
          },
          retryAfter: null,
        };
        this.o.log('info', 'relay_plaintext_refused', `call=${callId.slice(0, 12)}`);
      } else {
        try {
          answer = await this.o.forward(task);
        } catch {
          answer = { status: 502, body: { error: { code: 'backend_error', message: 'The node could not process the task.' } }, retryAfter: null };
        }
      }
      try {
        await client.result(session, callId, relayResult(task, answer));
      } catch (err) {
        this.o.log('warn', 'relay_result_failed', `call=${callId.slice(0, 12)} ${err instanceof RelayRefusal ? `status=${err.status}` : plain(err)}`);
      }
    })().finally(done);
  }

  private waitForRoom(): Promise<void> {
    if (this.inFlight < MAX_IN_FLIGHT && this.heldBytes < MAX_HELD_BYTES) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      // Past the pause the loop pulls anyway (the relay forgets a worker silent for 90 s); the waiter goes with it.
      const timer = setTimeout(() => {
        this.roomWaiters = this.roomWaiters.filter((w) => w !== wake);
        resolve();
      }, MAX_PULL_PAUSE_MS);
      this.roomWaiters.push(wake);
    });
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

  /** A wait that stop() cuts short; one at a time (the pull loop and the reconnect loop never run together). */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.wakeRetry = null;
        resolve();
      }, ms);
    });
  }

  private step(line: string): void {
    this.steps = [...this.steps, `${new Date(this.now()).toISOString()} ${line}`].slice(-MAX_STEPS);
    this.o.onChange();
  }
}

/** An IICP-CX task carries `iicp_conf` instead of `payload` (brief §4.2). */
function isEncrypted(task: Record<string, unknown>): boolean {
  return task.iicp_conf !== undefined && task.iicp_conf !== null && typeof task.iicp_conf === 'object' && task.payload === undefined;
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
