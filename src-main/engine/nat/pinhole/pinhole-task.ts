import { realTimers, type TimerFns } from '../port-mapper';
import { toPinholeError, UPNP_NO_SUCH_ENTRY, UpnpPinholeError, type PinholeErrorKind } from './errors';
import { MAX_PINHOLE_LEASE_SECONDS, type PinholeClient, type PinholeService } from './upnp-pinhole-client';
import { SerialOps } from '../serial-ops';
import { TaskJournal } from '../task-journal';

export type PinholeTaskState =
  | 'idle'
  | 'discovering'
  | 'opening'
  | 'open'
  | 'renewing'
  | 'retrying'
  /** The router's IPv6 firewall is off: inbound connections already get through, nothing was opened. */
  | 'not_needed'
  /** The router answered but will not open a pinhole (inbound pinholes disallowed, not authorized, …). */
  | 'refused'
  /** No router offers pinholes, or it could not be talked to. */
  | 'failed'
  /** The pinhole is assumed gone after failed renewals; it is opened again on a backoff. */
  | 'lost'
  | 'stopping'
  | 'stopped';

export interface HeldPinhole {
  uniqueId: number;
  address: string;
  port: number;
  leaseSeconds: number;
}

export type PinholeTaskEvent =
  | { type: 'state'; state: PinholeTaskState; previous: PinholeTaskState }
  /** A pinhole is held: the first one, or a new one after the router lost the old one (`reopened`). */
  | { type: 'opened'; pinhole: HeldPinhole; reopened: boolean }
  | { type: 'not_needed'; reason: string }
  | { type: 'refused'; reason: string; upnpCode: number | null }
  | { type: 'failed'; kind: PinholeErrorKind; reason: string }
  | { type: 'lost'; lastPinhole: HeldPinhole; reason: string }
  | { type: 'closed'; pinhole: HeldPinhole };

export type PinholeTaskListener = (event: PinholeTaskEvent) => void;

/** For the Network page and for /iicp/health `pinhole_state` (see pinhole-health.ts). */
export interface PinholeTaskStatus {
  state: PinholeTaskState;
  uniqueId: number | null;
  /** The IPv6 address the pinhole lets connections through to. */
  address: string;
  port: number;
  /** The lease asked for and granted (WANIPv6FirewallControl:1 does not report a shorter one), while one is held. */
  leaseSeconds: number | null;
  leaseRemainingSeconds: number | null;
  lastRenewalAt: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  /** The router's control URL in use, or null. */
  router: string | null;
  steps: readonly string[];
}

export interface PinholeTaskOptions {
  client: PinholeClient;
  /** This computer's global IPv6 address to open (the one advertised). */
  address: string;
  port: number;
  /** Asked of the router on AddPinhole and every UpdatePinhole (default 3600 s, as the reference client). */
  leaseSeconds?: number;
  /** Floor of the renewal interval, which is otherwise half the lease (default 60 s). */
  minRenewIntervalMs?: number;
  /** Pause before the quick retry of a failed renewal (default 5 s). */
  retryDelayMs?: number;
  /** Failed renewals in a row after which the pinhole counts as gone (default 3). */
  maxConsecutiveFailures?: number;
  reopenInitialDelayMs?: number;
  reopenMaxDelayMs?: number;
  /** Bound on each client call other than discovery (default 10 s); the client bounds its own exchanges too. */
  callTimeoutMs?: number;
  /** Bound on discovery: SSDP plus reading the descriptions (default 15 s). */
  discoverTimeoutMs?: number;
  /** Bound on DeletePinhole when stopping (default 5 s). */
  stopTimeoutMs?: number;
  maxSteps?: number;
  timers?: TimerFns;
  now?: () => number;
}

const DEFAULTS = {
  leaseSeconds: 3_600,
  minRenewIntervalMs: 60_000,
  retryDelayMs: 5_000,
  maxConsecutiveFailures: 3,
  reopenInitialDelayMs: 30_000,
  reopenMaxDelayMs: 10 * 60_000,
  callTimeoutMs: 10_000,
  discoverTimeoutMs: 15_000,
  stopTimeoutMs: 5_000,
  maxSteps: 50,
};

const FRITZ_HINT =
  'On a FRITZ!Box: Internet > Permit Access > Port Sharing, edit this computer and allow it to open ports by itself (self-service port sharing).';

/**
 * Keeps one inbound IPv6 firewall pinhole (UPnP WANIPv6FirewallControl) open for the node's port: checks the
 * firewall status, adds the pinhole, renews it with UpdatePinhole every max(lease/2, 60 s), opens it again when
 * the router has lost it, and deletes it on stop.
 *
 * Like MappingTask, operations are strictly sequential (every timer callback goes through `run()`), so stop()
 * can wait for the operation in flight and delete whatever pinhole it left behind.
 */
export class PinholeTask {
  private service: PinholeService | null = null;
  private pinhole: HeldPinhole | null = null;
  /** Clock value (ms) when the router last confirmed the pinhole's lease. */
  private confirmedAt: number | null = null;
  private lastRenewalAt: number | null = null;
  private consecutiveFailures = 0;
  private lastError: string | null = null;
  /** Set when the last failure was the router not answering: the next try looks for it again first. */
  private rediscover = false;
  private stopping: Promise<void> | null = null;
  private reopenDelayMs: number;
  private readonly journal: TaskJournal<PinholeTaskState, PinholeTaskEvent>;
  private readonly client: PinholeClient;
  private readonly address: string;
  private readonly port: number;
  private readonly leaseSeconds: number;
  private readonly o: Required<Omit<PinholeTaskOptions, 'client' | 'address' | 'port' | 'leaseSeconds' | 'timers' | 'now'>>;
  private readonly timers: TimerFns;
  private readonly ops: SerialOps;
  private readonly now: () => number;

  constructor(opts: PinholeTaskOptions) {
    this.client = opts.client;
    this.address = opts.address;
    this.port = opts.port;
    this.leaseSeconds = opts.leaseSeconds ?? DEFAULTS.leaseSeconds;
    if (!Number.isInteger(this.leaseSeconds) || this.leaseSeconds < 1 || this.leaseSeconds > MAX_PINHOLE_LEASE_SECONDS) {
      throw new RangeError(`pinhole lease must be 1..${MAX_PINHOLE_LEASE_SECONDS} s (got ${this.leaseSeconds})`);
    }
    this.o = {
      minRenewIntervalMs: opts.minRenewIntervalMs ?? DEFAULTS.minRenewIntervalMs,
      retryDelayMs: opts.retryDelayMs ?? DEFAULTS.retryDelayMs,
      maxConsecutiveFailures: opts.maxConsecutiveFailures ?? DEFAULTS.maxConsecutiveFailures,
      reopenInitialDelayMs: opts.reopenInitialDelayMs ?? DEFAULTS.reopenInitialDelayMs,
      reopenMaxDelayMs: opts.reopenMaxDelayMs ?? DEFAULTS.reopenMaxDelayMs,
      callTimeoutMs: opts.callTimeoutMs ?? DEFAULTS.callTimeoutMs,
      discoverTimeoutMs: opts.discoverTimeoutMs ?? DEFAULTS.discoverTimeoutMs,
      stopTimeoutMs: opts.stopTimeoutMs ?? DEFAULTS.stopTimeoutMs,
      maxSteps: opts.maxSteps ?? DEFAULTS.maxSteps,
    };
    this.timers = opts.timers ?? realTimers;
    this.now = opts.now ?? Date.now;
    this.journal = new TaskJournal<PinholeTaskState, PinholeTaskEvent>('idle', (state, previous) => ({ type: 'state', state, previous }), this.now, this.o.maxSteps);
    this.ops = new SerialOps(this.timers, this.now, () => this.stopRequested);
    this.reopenDelayMs = this.o.reopenInitialDelayMs;
  }

  get state(): PinholeTaskState {
    return this.journal.state;
  }

  get status(): PinholeTaskStatus {
    const p = this.pinhole;
    return {
      state: this.journal.state,
      uniqueId: p?.uniqueId ?? null,
      address: this.address,
      port: this.port,
      leaseSeconds: p?.leaseSeconds ?? null,
      leaseRemainingSeconds: p ? this.leaseRemainingSeconds(p) : null,
      lastRenewalAt: this.lastRenewalAt,
      consecutiveFailures: this.consecutiveFailures,
      lastError: this.lastError,
      nextAttemptAt: this.ops.nextAttemptAt,
      router: this.service?.controlUrlText ?? null,
      steps: this.journal.steps,
    };
  }

  /**
   * Half the lease, but at least `minRenewIntervalMs` so a short lease does not make the app hammer the router —
   * and never so late that the lease has run out before the renewal (a lease shorter than twice the floor).
   */
  renewDelayMs(leaseSeconds: number): number {
    const leaseMs = leaseSeconds * 1000;
    return Math.max(1, Math.min(Math.max(leaseMs / 2, this.o.minRenewIntervalMs), leaseMs * 0.8));
  }

  onChange(listener: PinholeTaskListener): () => void {
    return this.journal.onChange(listener);
  }

  /** Finds the router, checks its firewall and opens the pinhole once; resolves in the resulting state. */
  async start(): Promise<PinholeTaskStatus> {
    if (this.journal.state !== 'idle') throw new Error(`pinhole task cannot start from state ${this.journal.state}`);
    await this.ops.run(() => this.open(false));
    return this.status;
  }

  /** Renews a held pinhole now instead of at its next turn (after sleep); a no-op in any other state. */
  renewNow(): void {
    if (this.journal.state !== 'open' || this.stopRequested || this.ops.inflight) return;
    this.ops.clearTimer();
    void this.ops.run(() => this.renew(false));
  }

  /** Waits for any operation in flight, then deletes the pinhole if one is held. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.ops.clearTimer();
    if (this.journal.state === 'idle') {
      this.journal.set('stopped');
      this.journal.step('Stopped before anything was asked of the router.');
      return;
    }
    this.journal.set('stopping');
    // An AddPinhole already sent cannot be recalled; wait so the pinhole it may have opened is deleted too.
    await this.ops.settle();
    const p = this.pinhole;
    const svc = this.service;
    this.pinhole = null;
    this.confirmedAt = null;
    if (p && svc) {
      try {
        await this.bounded(this.o.stopTimeoutMs, 'DeletePinhole', () => this.client.deletePinhole(svc, p.uniqueId));
        this.journal.step(`Closed the pinhole (ID ${p.uniqueId}) for port ${p.port}.`);
        this.journal.emit({ type: 'closed', pinhole: p });
      } catch (err) {
        const e = toPinholeError(err, 'DeletePinhole');
        if (e.upnpCode === UPNP_NO_SUCH_ENTRY) {
          this.journal.step(`The router no longer had the pinhole (ID ${p.uniqueId}); nothing left to close.`);
          this.journal.emit({ type: 'closed', pinhole: p });
        } else {
          this.lastError = e.message;
          this.journal.step(`Could not close the pinhole (ID ${p.uniqueId}): ${e.message}. The router drops it when its lease runs out (at most ${p.leaseSeconds} s).`);
        }
      }
    }
    this.journal.set('stopped');
  }

  private get stopRequested(): boolean {
    return this.stopping !== null;
  }

  /** Races a client call against the task's own timer, so a hung exchange cannot stall the task or stop(). */
  private async bounded<T>(ms: number, what: string, fn: () => Promise<T>): Promise<T> {
    let handle: unknown;
    const timeout = new Promise<never>((_, reject) => {
      handle = this.timers.setTimeout(() => reject(new UpnpPinholeError('timeout', `${what}: no answer from the router within ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([fn(), timeout]);
    } finally {
      this.timers.clearTimeout(handle);
    }
  }

  /**
   * The first service whose router answers GetFirewallStatus, with that status, and the services listed after it
   * (the same router reached over the other IP family, usually).
   */
  private async findRouter(): Promise<{ svc: PinholeService; others: PinholeService[]; enabled: boolean; inboundAllowed: boolean }> {
    const services = await this.bounded(this.o.discoverTimeoutMs, 'looking for the router', () => this.client.discover());
    let last: UpnpPinholeError | null = null;
    for (const [i, svc] of services.entries()) {
      if (this.stopRequested) break;
      try {
        const s = await this.bounded(this.o.callTimeoutMs, 'GetFirewallStatus', () => this.client.getFirewallStatus(svc));
        return { svc, others: services.slice(i + 1), enabled: s.firewallEnabled, inboundAllowed: s.inboundPinholeAllowed };
      } catch (err) {
        last = toPinholeError(err, 'GetFirewallStatus');
      }
    }
    throw last ?? new UpnpPinholeError('unavailable', 'no router offering IPv6 pinholes answered');
  }

  private async open(reopen: boolean): Promise<void> {
    this.journal.set('discovering');
    let found: Awaited<ReturnType<PinholeTask['findRouter']>>;
    try {
      found = await this.findRouter();
    } catch (err) {
      return this.openFailed(toPinholeError(err, 'looking for the router'), reopen);
    }
    const { svc } = found;
    this.service = svc;
    this.journal.step(`Found the router's IPv6 firewall service at ${svc.controlUrlText}${svc.deviceName ? ` (${svc.deviceName})` : ''}.`);
    if (!found.enabled) {
      const reason = `The router's IPv6 firewall is switched off, so incoming IPv6 connections already reach ${this.address}; there is no pinhole to open.`;
      this.journal.step(reason);
      if (this.stopRequested) return;
      this.journal.set('not_needed');
      this.journal.emit({ type: 'not_needed', reason });
      return;
    }
    if (!found.inboundAllowed) {
      const reason = `The router's IPv6 firewall is on but does not let devices open pinholes. Allow it in the router's settings. ${FRITZ_HINT}`;
      return this.openFailed(new UpnpPinholeError('refused', reason), reopen, reason);
    }
    if (this.stopRequested) return;
    this.journal.set('opening');
    // IPv6 services come first; a router that refuses there (606: miniupnpd insists on an IPv6 request from the
    // pinhole's own address) may still accept over IPv4 if it checks the device some other way, so the other
    // services of the discovery get their turn before the refusal is reported.
    let refusal: UpnpPinholeError | null = null;
    for (const candidate of [svc, ...found.others]) {
      if (this.stopRequested) return;
      try {
        const uniqueId = await this.add(candidate);
        this.service = candidate;
        this.onOpened(uniqueId, reopen);
        return;
      } catch (err) {
        const e = toPinholeError(err, 'AddPinhole');
        if (e.kind !== 'refused') return this.openFailed(e, reopen);
        refusal ??= e;
        if (found.others.length > 0) this.journal.step(`${candidate.controlUrlText} refused: ${e.message}.`);
      }
    }
    this.openFailed(refusal!, reopen);
  }

  private add(svc: PinholeService): Promise<number> {
    return this.bounded(this.o.callTimeoutMs, 'AddPinhole', () =>
      this.client.addPinhole(svc, { internalClient: this.address, internalPort: this.port, leaseSeconds: this.leaseSeconds, protocol: 'tcp' }),
    );
  }

  /** `reason`: the whole sentence to show, when `e` does not already say it in the words wanted. */
  private openFailed(e: UpnpPinholeError, reopen: boolean, reason?: string): void {
    this.lastError = reason ?? e.message;
    // A pinhole the node held before is worth getting back whatever the router says now (it may be restarting,
    // or someone is changing its settings): keep trying on the backoff.
    if (reopen) {
      this.reopenFailed(e);
      return;
    }
    if (e.kind === 'refused') {
      this.refuse(reason ?? `The router would not open port ${this.port} for ${this.address}: ${e.message}`, e.upnpCode ?? null);
      return;
    }
    const text = `Could not open an IPv6 pinhole: ${e.message}`;
    this.journal.step(`${text}.`);
    if (this.stopRequested) return;
    this.journal.set('failed');
    this.journal.emit({ type: 'failed', kind: e.kind, reason: text });
  }

  private refuse(reason: string, upnpCode: number | null): void {
    this.lastError = reason;
    this.journal.step(reason);
    if (this.stopRequested) return;
    this.journal.set('refused');
    this.journal.emit({ type: 'refused', reason, upnpCode });
  }

  private onOpened(uniqueId: number, reopened: boolean): void {
    const p: HeldPinhole = { uniqueId, address: this.address, port: this.port, leaseSeconds: this.leaseSeconds };
    this.pinhole = p;
    this.confirmedAt = this.now();
    this.lastRenewalAt = this.confirmedAt;
    this.consecutiveFailures = 0;
    this.lastError = null;
    this.rediscover = false;
    this.reopenDelayMs = this.o.reopenInitialDelayMs;
    this.journal.step(`The router opened its IPv6 firewall for [${this.address}]:${this.port} (pinhole ID ${uniqueId}, lease ${this.leaseSeconds} s).`);
    // During stop the pinhole is only recorded so stop() deletes it; announcing it would invite an advertisement.
    if (this.stopRequested) return;
    this.journal.set('open');
    this.journal.emit({ type: 'opened', pinhole: p, reopened });
    this.ops.schedule(this.renewDelayMs(p.leaseSeconds), () => this.renew(false));
  }

  private async renew(isRetry: boolean): Promise<void> {
    const current = this.pinhole;
    if (!current) return;
    this.journal.set('renewing');
    try {
      if (this.rediscover || !this.service) {
        this.service = (await this.findRouter()).svc;
        this.rediscover = false;
      }
      const svc = this.service;
      try {
        await this.bounded(this.o.callTimeoutMs, 'UpdatePinhole', () => this.client.updatePinhole(svc, current.uniqueId, this.leaseSeconds));
      } catch (err) {
        const e = toPinholeError(err, 'UpdatePinhole');
        if (e.kind !== 'refused' || this.stopRequested) throw e;
        // The router answered but would not extend the pinhole: most often it no longer has it (restart, lease
        // ran out while the computer slept). Routers say so as 704, miniupnpd 2.3.1 (nftables) as 402. Adding the
        // same pinhole again either recreates it or, if it still exists, extends it under its old ID.
        this.journal.step(`The router would not renew pinhole ID ${current.uniqueId} (${e.message}); asking it to open the pinhole again.`);
        const uniqueId = await this.add(svc);
        this.onReopened(current, uniqueId);
        return;
      }
    } catch (err) {
      this.onRenewFailed(current, toPinholeError(err, 'UpdatePinhole'), isRetry);
      return;
    }
    this.confirmedAt = this.now();
    this.lastRenewalAt = this.confirmedAt;
    this.consecutiveFailures = 0;
    this.lastError = null;
    this.journal.step(`Renewed the pinhole (ID ${current.uniqueId}) for ${this.leaseSeconds} s.`);
    if (this.stopRequested) return;
    this.journal.set('open');
    this.ops.schedule(this.renewDelayMs(current.leaseSeconds), () => this.renew(false));
  }

  private onReopened(previous: HeldPinhole, uniqueId: number): void {
    if (uniqueId === previous.uniqueId) {
      this.journal.step(`The router still had the pinhole and extended it (ID ${uniqueId}).`);
    }
    this.onOpened(uniqueId, uniqueId !== previous.uniqueId);
  }

  private onRenewFailed(current: HeldPinhole, e: UpnpPinholeError, wasRetry: boolean): void {
    this.consecutiveFailures += 1;
    this.lastError = e.message;
    this.rediscover = e.kind !== 'refused';
    this.journal.step(`Renewing the pinhole failed (${this.consecutiveFailures} in a row): ${e.message}.`);
    if (this.stopRequested) return;
    if (this.consecutiveFailures >= this.o.maxConsecutiveFailures || this.leaseRemainingSeconds(current) === 0) {
      this.lose(current, e);
      return;
    }
    this.journal.set('retrying');
    if (!wasRetry) {
      this.ops.schedule(this.o.retryDelayMs, () => this.renew(true));
      return;
    }
    // The quick retry failed too; try again before the lease runs out rather than after a full interval.
    const leaseLeftMs = this.leaseRemainingSeconds(current) * 1000;
    const delay = Math.max(this.o.retryDelayMs, Math.min(this.renewDelayMs(current.leaseSeconds), leaseLeftMs / 2));
    this.ops.schedule(delay, () => this.renew(false));
  }

  private lose(last: HeldPinhole, e: UpnpPinholeError): void {
    this.pinhole = null;
    this.confirmedAt = null;
    const reason = `${this.consecutiveFailures} renewals failed in a row (last: ${e.message})`;
    this.journal.step(`Treating the pinhole as gone: ${reason}. Will try to open it again in ${Math.round(this.reopenDelayMs / 1000)} s.`);
    this.journal.set('lost');
    this.journal.emit({ type: 'lost', lastPinhole: last, reason });
    this.ops.schedule(this.reopenDelayMs, () => this.open(true));
  }

  private reopenFailed(e: UpnpPinholeError): void {
    if (this.stopRequested) return;
    this.reopenDelayMs = Math.min(this.reopenDelayMs * 2, this.o.reopenMaxDelayMs);
    this.journal.step(`Opening the pinhole again failed (${e.message}); next try in ${Math.round(this.reopenDelayMs / 1000)} s.`);
    this.journal.set('lost');
    this.ops.schedule(this.reopenDelayMs, () => this.open(true));
  }

  private leaseRemainingSeconds(p: HeldPinhole): number {
    if (this.confirmedAt === null) return 0;
    return Math.max(0, Math.round((this.confirmedAt + p.leaseSeconds * 1000 - this.now()) / 1000));
  }
}
