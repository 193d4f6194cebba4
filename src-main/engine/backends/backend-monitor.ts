import type { BackendStatus } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { backendRoot } from './urls';
import type { ModelFacts } from './model-facts';
import {
  FAST_PROBE_S,
  HEARTBEAT_TIMEOUT_MS,
  lookAtBackend,
  newLookMemory,
  type BackendFlavour,
  type BackendLook,
  type LookMemory,
  type LeftOutModel,
} from './probe';
import { ProbeClient } from './probe-client';
import type { BackendStability } from './stability';
import type { TimerFns } from '../net';

export interface BackendObservation {
  status: BackendStatus;
  flavour: BackendFlavour | null;
  version: string | null;
  /** What the server offers now (before exclusions), with public names; empty until the first answer. */
  facts: ModelFacts[];
  /** The public names of `facts`. */
  models: string[];
  /** Models it lists that are left out of `facts`, with why (public names, as the server wrote them). */
  leftOut: LeftOutModel[];
  /** Backend ids of the models in memory at the last answer; null when the server does not say. */
  loaded: readonly string[] | null;
  stability: BackendStability | null;
  /** What is wrong with it, or what it is doing, as a sentence; null when it serves. */
  message: Said | null;
  checkedAt: number | null;
}

export interface BackendMonitorOptions {
  url: () => string | null;
  apiKey: () => string | null;
  selectedModel: () => string | null;
  /** The observation changed outside a `refresh` the caller awaits (a task's failure, a fast look). */
  onChange?: (obs: Readonly<BackendObservation>) => void;
  now?: () => number;
  /** The timer of the fast looks (every `FAST_PROBE_S`); tests pass one they fire themselves. */
  timers?: TimerFns;
}

/** Timers that do not keep the process alive: a monitor left running never holds up an exit. */
const unrefTimers: TimerFns = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const MESSAGES: Record<Exclude<BackendLook['status'], 'ok' | 'timeout'>, Said> = {
  loading: said('engine.backend.loading'),
  unauthorized: said('engine.backend.unauthorized'),
  unreachable: said('engine.backend.unreachable'),
  bad_response: said('engine.backend.badResponse'),
};

/** A server that answers and offers nothing: it has no models, or the node left out every one it lists. */
const emptyMessage = (leftOut: number): Said =>
  said(leftOut === 0 ? 'engine.backend.noModels' : 'engine.backend.allLeftOut');

/** A server that took connections but let a look run out of time answers slowly; it is not gone. */
const slowMessage = (budgetMs: number): Said =>
  said('engine.backend.slow', { seconds: String(Math.round(budgetMs / 100) / 10) });

/**
 * After a look ran out of time, the next ones may take this long: a server that needs 3 s an answer (busy with its
 * own work, or a slow machine) is still described, and served, rather than taken for stopped.
 */
export const PATIENT_LOOK_MS = 10_000;

/** Connection-level failures of a task's call: the server is gone, not merely slow or unhappy with a request. */
const GONE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Watches the configured local LLM server. Light when all is well — one look per heartbeat over one kept-alive
 * connection, and a task the server answered counts as proof of life — and quick when it is not: a task that finds
 * the server gone makes the node degraded at once, and while the server is away or loading a model it is looked at
 * every second, so the node is back within about a second of the server.
 */
export class BackendMonitor {
  private obs: BackendObservation;
  private refreshing: Promise<BackendObservation> | null = null;
  private probedUrl: string | null = null;
  private client: ProbeClient | null = null;
  private memory: LookMemory = newLookMemory();
  private lastAliveAt = 0;
  private lastRelookAt = 0;
  /** The last look ran out of time or needed more than the usual time: the next one gets `PATIENT_LOOK_MS`. */
  private patient = false;
  private fastTimer: unknown = null;
  private stopped = false;
  private readonly now: () => number;
  private readonly timers: TimerFns;

  constructor(private readonly o: BackendMonitorOptions) {
    this.now = o.now ?? Date.now;
    this.timers = o.timers ?? unrefTimers;
    const url = o.url();
    this.obs = {
      status: url ? 'checking' : 'not_configured',
      flavour: null,
      version: null,
      facts: [],
      models: [],
      leftOut: [],
      loaded: null,
      stability: null,
      message: said(url ? 'engine.backend.checking' : 'engine.backend.notChosen'),
      checkedAt: null,
    };
  }

  get observation(): Readonly<BackendObservation> {
    return this.obs;
  }

  /** One look; concurrent callers share it. */
  refresh(timeoutMs = HEARTBEAT_TIMEOUT_MS): Promise<BackendObservation> {
    this.refreshing ??= this.look(timeoutMs).finally(() => {
      this.refreshing = null;
      this.scheduleFast();
    });
    return this.refreshing;
  }

  /** A task's call came back 2xx: the server is alive whatever a slow probe says, and a slow one serves again. */
  taskAnswered(): void {
    this.lastAliveAt = this.now();
    if (this.stopped || this.obs.status !== 'slow' || this.obs.facts.length === 0) return;
    this.obs = { ...this.obs, status: 'healthy', message: null, checkedAt: this.lastAliveAt };
    this.o.onChange?.(this.obs);
  }

  /** A task's call failed at the connection (`code`): degraded now, and looked at again right away. */
  taskFailed(code: string | null): void {
    if (this.stopped || code === null || !GONE_CODES.has(code)) return;
    if (this.obs.status === 'unreachable') return;
    this.obs = { ...this.obs, status: 'unreachable', message: MESSAGES.unreachable, checkedAt: this.now() };
    this.o.onChange?.(this.obs);
    this.relook();
  }

  /**
   * The server refused a task the node thought it could serve (501 "does not support completions", 400 "pooling type",
   * 404 for a model it listed): what the node advertises is out of date. Looked at again now, at most every 5 s.
   */
  taskRefused(status: number): void {
    if (this.stopped || status < 400 || status === 429 || this.now() - this.lastRelookAt < 5_000) return;
    this.lastRelookAt = this.now();
    this.memory.shown.clear();
    this.memory.unreadable.clear();
    this.relook();
  }

  stop(): void {
    this.stopped = true;
    if (this.fastTimer) this.timers.clearTimeout(this.fastTimer);
    this.fastTimer = null;
    this.client?.close();
    this.client = null;
  }

  /**
   * Away, loading, not yet seen, or too slow to have been described yet: look again in a second (never more than one
   * look in flight). A slow server already described is looked at with the heartbeats, like a healthy one.
   */
  private scheduleFast(): void {
    if (this.stopped || this.fastTimer || this.refreshing) return;
    const s = this.obs.status;
    const undescribed = s === 'slow' && this.obs.facts.length === 0;
    if (s !== 'unreachable' && s !== 'loading' && s !== 'checking' && !undescribed) return;
    this.fastTimer = this.timers.setTimeout(() => {
      this.fastTimer = null;
      this.relook();
    }, FAST_PROBE_S * 1000);
  }

  /** A look nobody awaits: what it finds is told through `onChange`. */
  private relook(): void {
    void this.refresh().then((obs) => this.o.onChange?.(obs));
  }

  private async look(timeoutMs: number): Promise<BackendObservation> {
    const url = this.o.url();
    // Another server chosen: nothing known about the previous one (its flavour above all) still holds.
    if (url !== this.probedUrl) {
      this.probedUrl = url;
      this.client?.close();
      this.client = url ? new ProbeClient(backendRoot(url), this.o.apiKey) : null;
      this.memory = newLookMemory();
      this.obs = {
        ...this.obs,
        flavour: null,
        version: null,
        facts: [],
        models: [],
        leftOut: [],
        loaded: null,
        stability: null,
      };
    }
    if (!url || !this.client) {
      this.obs = {
        status: 'not_configured',
        flavour: null,
        version: null,
        facts: [],
        models: [],
        leftOut: [],
        loaded: null,
        stability: null,
        message: said('engine.backend.notChosen'),
        checkedAt: this.now(),
      };
      return this.obs;
    }
    const started = this.now();
    const budget = this.patient ? Math.max(timeoutMs, PATIENT_LOOK_MS) : timeoutMs;
    const deadline = started + budget;
    const look = await lookAtBackend(
      this.client,
      this.memory,
      this.o.selectedModel(),
      () => Math.max(1, deadline - this.now()),
      this.now,
    );
    if (this.probedUrl !== url) return this.obs; // the person chose another server meanwhile
    const base = { flavour: look.flavour, version: look.version, checkedAt: this.now() };
    // What it learnt before running out (its flavour, models described) stays in `memory`: a patient look goes on from
    // there.
    this.patient = look.status === 'timeout' || (look.status === 'ok' && base.checkedAt - started > timeoutMs);
    if (look.status === 'ok') {
      const models = look.facts.map((f) => f.name);
      // LM Studio lists its models while one of them loads: the node waits for it like for llama.cpp loading.
      const loading = look.stability?.reason_class === 'backend_loading';
      const message = loading ? MESSAGES.loading : models.length === 0 ? emptyMessage(look.leftOut.length) : null;
      this.obs = {
        ...base,
        status: loading ? 'loading' : 'healthy',
        facts: look.facts,
        models,
        leftOut: look.leftOut,
        loaded: look.loaded,
        stability: look.stability,
        message,
      };
    } else if (look.status === 'timeout' && this.obs.status === 'healthy' && this.lastAliveAt >= started - budget) {
      // Busy, not gone: a task it answered meanwhile says more than a probe that waited for a free connection.
      this.obs = { ...this.obs, checkedAt: base.checkedAt };
    } else if (look.status === 'timeout') {
      // It took the connection and did not answer in time: slow (busy, a slow machine), not stopped. Tasks still go to
      // it; what it offered last is kept; the next look waits longer.
      this.obs = { ...this.obs, ...base, status: 'slow', message: slowMessage(budget) };
    } else if (look.status === 'loading') {
      this.obs = { ...this.obs, ...base, status: 'loading', stability: look.stability, message: MESSAGES.loading };
    } else {
      // The last server seen on this address is still the best name for what to start again ("Start Ollama again"),
      // even after the look memory below is cleared.
      this.obs = {
        ...this.obs,
        ...base,
        flavour: look.flavour ?? this.obs.flavour,
        status: 'unreachable',
        stability: null,
        message: MESSAGES[look.status],
      };
      // Whatever answers next on this address may be another server (vLLM and llama-server share port 8000): the
      // next look starts from nothing.
      if (look.status === 'unreachable' || look.status === 'bad_response') this.memory = newLookMemory();
    }
    return this.obs;
  }
}
