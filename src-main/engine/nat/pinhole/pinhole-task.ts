import { toPinholeError, UPNP_NO_SUCH_ENTRY, UpnpPinholeError, type PinholeErrorKind } from './errors';
import { PinholeLease, type HeldPinhole } from './pinhole-lease';
import { PinholeRouter, type FoundRouter } from './pinhole-router';
import { pinholeTimings, type PinholeTaskOptions, type PinholeTimings } from './pinhole-task-options';
import type { PinholeService } from './upnp-pinhole-client';
import { LeaseTask, type LeaseStateEvent, type LeaseTaskLifecycle, type LeaseTaskStatus } from '../lease-task';

export type PinholeTaskState =
  | LeaseTaskLifecycle
  | 'discovering'
  | 'opening'
  | 'open'
  /** The router's IPv6 firewall is off: inbound connections already get through, nothing was opened. */
  | 'not_needed'
  /** The router answered but will not open a pinhole (inbound pinholes disallowed, not authorized, …). */
  | 'refused'
  /** No router offers pinholes, or it could not be talked to. */
  | 'failed'
  /** The pinhole is assumed gone after failed renewals; it is opened again on a backoff. */
  | 'lost';

export type PinholeTaskEvent =
  | LeaseStateEvent<PinholeTaskState>
  /** A pinhole is held: the first one, or a new one after the router lost the old one (`reopened`). */
  | { type: 'opened'; pinhole: HeldPinhole; reopened: boolean }
  | { type: 'not_needed'; reason: string }
  | { type: 'refused'; reason: string; upnpCode: number | null }
  | { type: 'failed'; kind: PinholeErrorKind; reason: string }
  | { type: 'lost'; lastPinhole: HeldPinhole; reason: string }
  | { type: 'closed'; pinhole: HeldPinhole };

export type PinholeTaskListener = (event: PinholeTaskEvent) => void;

/**
 * For the Network page and for /iicp/health `pinhole_state` (see pinhole-health.ts). The lease is the one asked for:
 * WANIPv6FirewallControl:1 does not report a shorter one.
 */
export interface PinholeTaskStatus extends LeaseTaskStatus<PinholeTaskState> {
  uniqueId: number | null;
  /** The IPv6 address the pinhole lets connections through to. */
  address: string;
  port: number;
  /** The router's control URL in use, or null. */
  router: string | null;
}

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
export class PinholeTask extends LeaseTask<PinholeTaskState, PinholeTaskEvent> {
  private service: PinholeService | null = null;
  /** Set when the last failure was the router not answering: the next try looks for it again first. */
  private rediscover = false;
  private readonly lease: PinholeLease;
  private readonly router: PinholeRouter;
  private readonly address: string;
  private readonly port: number;
  private readonly o: PinholeTimings;

  constructor(opts: PinholeTaskOptions) {
    const o = pinholeTimings(opts);
    super({ name: 'pinhole task', heldState: 'open', maxSteps: o.maxSteps, timers: opts.timers, now: opts.now });
    this.o = o;
    this.address = opts.address;
    this.port = opts.port;
    this.lease = new PinholeLease(this.now, this.o);
    this.router = new PinholeRouter({ client: opts.client, timers: this.timers, timings: this.o, address: this.address, port: this.port, stopRequested: () => this.stopRequested });
  }

  get status(): PinholeTaskStatus {
    const p = this.lease.pinhole;
    return {
      state: this.journal.state,
      uniqueId: p?.uniqueId ?? null,
      address: this.address,
      port: this.port,
      leaseSeconds: p?.leaseSeconds ?? null,
      leaseRemainingSeconds: p ? this.lease.remainingSeconds(p) : null,
      lastRenewalAt: this.lease.lastRenewalAt,
      consecutiveFailures: this.lease.consecutiveFailures,
      lastError: this.lease.lastError,
      nextAttemptAt: this.ops.nextAttemptAt,
      router: this.service?.controlUrlText ?? null,
      steps: this.journal.steps,
    };
  }

  /** Half the lease, at least `minRenewIntervalMs`, and always before the lease runs out. */
  renewDelayMs(leaseSeconds: number): number {
    return this.lease.renewDelayMs(leaseSeconds);
  }

  /** Finds the router, checks its firewall and opens the pinhole once; resolves in the resulting state. */
  async start(): Promise<PinholeTaskStatus> {
    await this.begin(() => this.open(false));
    return this.status;
  }

  // Deletes the pinhole if one is held.
  protected async release(): Promise<void> {
    const p = this.lease.pinhole;
    const svc = this.service;
    this.lease.forget();
    if (p && svc) await this.close(svc, p);
  }

  private async close(svc: PinholeService, p: HeldPinhole): Promise<void> {
    try {
      await this.router.remove(svc, p.uniqueId);
      this.journal.step(`Closed the pinhole (ID ${p.uniqueId}) for port ${p.port}.`);
      this.journal.emit({ type: 'closed', pinhole: p });
    } catch (err) {
      const e = toPinholeError(err, 'DeletePinhole');
      if (e.upnpCode === UPNP_NO_SUCH_ENTRY) {
        this.journal.step(`The router no longer had the pinhole (ID ${p.uniqueId}); nothing left to close.`);
        this.journal.emit({ type: 'closed', pinhole: p });
      } else {
        this.lease.lastError = e.message;
        this.journal.step(`Could not close the pinhole (ID ${p.uniqueId}): ${e.message}. The router drops it when its lease runs out (at most ${p.leaseSeconds} s).`);
      }
    }
  }

  private async open(reopen: boolean): Promise<void> {
    this.journal.set('discovering');
    let found: FoundRouter;
    try {
      found = await this.router.find();
    } catch (err) {
      return this.openFailed(toPinholeError(err, 'looking for the router'), reopen);
    }
    const { svc } = found;
    this.service = svc;
    this.journal.step(`Found the router's IPv6 firewall service at ${svc.controlUrlText}${svc.deviceName ? ` (${svc.deviceName})` : ''}.`);
    if (!found.enabled) {
      const reason = `The router's IPv6 firewall is switched off, so incoming IPv6 connections already reach ${this.address}; there is no pinhole to open.`;
      this.endIn('not_needed', reason, { type: 'not_needed', reason });
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
        const uniqueId = await this.router.add(candidate);
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

  /** `reason`: the whole sentence to show, when `e` does not already say it in the words wanted. */
  private openFailed(e: UpnpPinholeError, reopen: boolean, reason?: string): void {
    this.lease.lastError = reason ?? e.message;
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
    this.endIn('failed', `${text}.`, { type: 'failed', kind: e.kind, reason: text });
  }

  private refuse(reason: string, upnpCode: number | null): void {
    this.lease.lastError = reason;
    this.endIn('refused', reason, { type: 'refused', reason, upnpCode });
  }

  private onOpened(uniqueId: number, reopened: boolean): void {
    const p: HeldPinhole = { uniqueId, address: this.address, port: this.port, leaseSeconds: this.o.leaseSeconds };
    this.lease.held(p);
    this.rediscover = false;
    this.journal.step(`The router opened its IPv6 firewall for [${this.address}]:${this.port} (pinhole ID ${uniqueId}, lease ${this.o.leaseSeconds} s).`);
    // During stop the pinhole is only recorded so stop() deletes it; announcing it would invite an advertisement.
    this.hold(this.lease.renewDelayMs(p.leaseSeconds), () => this.journal.emit({ type: 'opened', pinhole: p, reopened }));
  }

  protected async renew(isRetry: boolean): Promise<void> {
    const current = this.lease.pinhole;
    if (!current) return;
    this.journal.set('renewing');
    try {
      if (this.rediscover || !this.service) {
        this.service = (await this.router.find()).svc;
        this.rediscover = false;
      }
      const svc = this.service;
      try {
        await this.router.update(svc, current.uniqueId);
      } catch (err) {
        const e = toPinholeError(err, 'UpdatePinhole');
        if (e.kind !== 'refused' || this.stopRequested) throw e;
        // The router answered but would not extend the pinhole: most often it no longer has it (restart, lease
        // ran out while the computer slept). Routers say so as 704, miniupnpd 2.3.1 (nftables) as 402. Adding the
        // same pinhole again either recreates it or, if it still exists, extends it under its old ID.
        this.journal.step(`The router would not renew pinhole ID ${current.uniqueId} (${e.message}); asking it to open the pinhole again.`);
        const uniqueId = await this.router.add(svc);
        this.onReopened(current, uniqueId);
        return;
      }
    } catch (err) {
      this.onRenewFailed(current, toPinholeError(err, 'UpdatePinhole'), isRetry);
      return;
    }
    this.lease.renewed();
    this.journal.step(`Renewed the pinhole (ID ${current.uniqueId}) for ${this.o.leaseSeconds} s.`);
    this.hold(this.lease.renewDelayMs(current.leaseSeconds));
  }

  private onReopened(previous: HeldPinhole, uniqueId: number): void {
    if (uniqueId === previous.uniqueId) {
      this.journal.step(`The router still had the pinhole and extended it (ID ${uniqueId}).`);
    }
    this.onOpened(uniqueId, uniqueId !== previous.uniqueId);
  }

  private onRenewFailed(current: HeldPinhole, e: UpnpPinholeError, wasRetry: boolean): void {
    this.lease.renewFailed(e.message);
    this.rediscover = e.kind !== 'refused';
    const failures = this.lease.consecutiveFailures;
    this.journal.step(`Renewing the pinhole failed (${failures} in a row): ${e.message}.`);
    if (this.stopRequested) return;
    if (failures >= this.o.maxConsecutiveFailures || this.lease.remainingSeconds(current) === 0) {
      this.lose(current, e);
      return;
    }
    const leaseLeftMs = this.lease.remainingSeconds(current) * 1000;
    this.retryRenewal(wasRetry, this.o.retryDelayMs, this.lease.renewDelayMs(current.leaseSeconds), leaseLeftMs);
  }

  private lose(last: HeldPinhole, e: UpnpPinholeError): void {
    this.lease.forget();
    const reason = `${this.lease.consecutiveFailures} renewals failed in a row (last: ${e.message})`;
    const line = `Treating the pinhole as gone: ${reason}. Will try to open it again in ${Math.round(this.lease.reopenDelayMs / 1000)} s.`;
    this.tryAgainLater('lost', line, this.lease.reopenDelayMs, () => this.open(true), () => this.journal.emit({ type: 'lost', lastPinhole: last, reason }));
  }

  private reopenFailed(e: UpnpPinholeError): void {
    if (this.stopRequested) return;
    this.lease.backOff();
    const line = `Opening the pinhole again failed (${e.message}); next try in ${Math.round(this.lease.reopenDelayMs / 1000)} s.`;
    this.tryAgainLater('lost', line, this.lease.reopenDelayMs, () => this.open(true));
  }
}
