import { said, type Said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import { toPinholeError, UPNP_NO_SUCH_ENTRY, UpnpPinholeError, type PinholeErrorKind } from './errors';
import { PinholeLease, type HeldPinhole } from './pinhole-lease';
import { PinholeRouter, type FoundRouter } from './pinhole-router';
import { pinholeTimings, type PinholeTaskOptions, type PinholeTimings } from './pinhole-task-options';
import type { PinholeService } from './upnp-pinhole-client';
import {
  LeaseTask,
  routerErrorSaid,
  type LeaseStateEvent,
  type LeaseTaskLifecycle,
  type LeaseTaskStatus,
} from '../lease-task';

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
    this.router = new PinholeRouter({
      client: opts.client,
      timers: this.timers,
      timings: this.o,
      address: this.address,
      port: this.port,
      stopRequested: () => this.stopRequested,
    });
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
      this.journal.step(said('ladder.pinhole.closed', { id: p.uniqueId, port: p.port }));
      this.journal.emit({ type: 'closed', pinhole: p });
    } catch (err) {
      const e = toPinholeError(err, 'DeletePinhole');
      if (e.upnpCode === UPNP_NO_SUCH_ENTRY) {
        this.journal.step(said('ladder.pinhole.alreadyGone', { id: p.uniqueId }));
        this.journal.emit({ type: 'closed', pinhole: p });
      } else {
        this.lease.lastError = routerErrorSaid(e);
        this.journal.step(
          said('ladder.pinhole.notClosed', { id: p.uniqueId, detail: e.message, seconds: p.leaseSeconds }),
        );
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
    const url = svc.controlUrlText;
    this.journal.step(
      svc.deviceName
        ? said('ladder.pinhole.foundNamed', { url, device: svc.deviceName })
        : said('ladder.pinhole.found', { url }),
    );
    if (!found.enabled) {
      const reason = said('ladder.pinhole.firewallOff', { address: this.address });
      this.endIn('not_needed', reason, { type: 'not_needed', reason: english.said(reason) });
      return;
    }
    if (!found.inboundAllowed) {
      const reason = said('ladder.pinhole.notAllowed');
      return this.openFailed(new UpnpPinholeError('refused', english.said(reason)), reopen, reason);
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
        if (found.others.length > 0)
          this.journal.step(
            said('ladder.pinhole.serviceRefused', { url: candidate.controlUrlText, detail: e.message }),
          );
      }
    }
    this.openFailed(refusal!, reopen);
  }

  /** `reason`: the whole sentence to show, when `e` does not already say it in the words wanted. */
  private openFailed(e: UpnpPinholeError, reopen: boolean, reason?: Said): void {
    this.lease.lastError = reason ?? routerErrorSaid(e);
    // A pinhole the node held before is worth getting back whatever the router says now (it may be restarting,
    // or someone is changing its settings): keep trying on the backoff.
    if (reopen) {
      this.reopenFailed(e);
      return;
    }
    if (e.kind === 'refused') {
      this.refuse(
        reason ?? said('ladder.pinhole.wouldNotOpen', { port: this.port, address: this.address, detail: e.message }),
        e.upnpCode ?? null,
      );
      return;
    }
    const text = `Could not open an IPv6 pinhole: ${e.message}`;
    this.endIn('failed', said('ladder.pinhole.couldNotOpen', { detail: e.message }), {
      type: 'failed',
      kind: e.kind,
      reason: text,
    });
  }

  private refuse(reason: Said, upnpCode: number | null): void {
    this.lease.lastError = reason;
    this.endIn('refused', reason, { type: 'refused', reason: english.said(reason), upnpCode });
  }

  private onOpened(uniqueId: number, reopened: boolean): void {
    const p: HeldPinhole = { uniqueId, address: this.address, port: this.port, leaseSeconds: this.o.leaseSeconds };
    this.lease.held(p);
    this.rediscover = false;
    this.journal.step(
      said('ladder.pinhole.opened', {
        address: this.address,
        port: this.port,
        id: uniqueId,
        seconds: this.o.leaseSeconds,
      }),
    );
    // During stop the pinhole is only recorded so stop() deletes it; announcing it would invite an advertisement.
    this.hold(this.lease.renewDelayMs(p.leaseSeconds), () =>
      this.journal.emit({ type: 'opened', pinhole: p, reopened }),
    );
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
        this.journal.step(said('ladder.pinhole.wouldNotRenew', { id: current.uniqueId, detail: e.message }));
        const uniqueId = await this.router.add(svc);
        this.onReopened(current, uniqueId);
        return;
      }
    } catch (err) {
      this.onRenewFailed(current, toPinholeError(err, 'UpdatePinhole'), isRetry);
      return;
    }
    this.lease.renewed();
    this.journal.step(said('ladder.pinhole.renewed', { id: current.uniqueId, seconds: this.o.leaseSeconds }));
    this.hold(this.lease.renewDelayMs(current.leaseSeconds));
  }

  private onReopened(previous: HeldPinhole, uniqueId: number): void {
    if (uniqueId === previous.uniqueId) {
      this.journal.step(said('ladder.pinhole.extended', { id: uniqueId }));
    }
    this.onOpened(uniqueId, uniqueId !== previous.uniqueId);
  }

  private onRenewFailed(current: HeldPinhole, e: UpnpPinholeError, wasRetry: boolean): void {
    this.lease.renewFailed(routerErrorSaid(e));
    this.rediscover = e.kind !== 'refused';
    const failures = this.lease.consecutiveFailures;
    this.journal.step(said('ladder.pinhole.renewFailed', { count: failures, detail: e.message }));
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
    const seconds = Math.round(this.lease.reopenDelayMs / 1000);
    const line = said('ladder.pinhole.gone', { count: this.lease.consecutiveFailures, detail: e.message, seconds });
    this.tryAgainLater(
      'lost',
      line,
      this.lease.reopenDelayMs,
      () => this.open(true),
      () => this.journal.emit({ type: 'lost', lastPinhole: last, reason }),
    );
  }

  private reopenFailed(e: UpnpPinholeError): void {
    if (this.stopRequested) return;
    this.lease.backOff();
    const line = said('ladder.pinhole.reopenFailed', {
      detail: e.message,
      seconds: Math.round(this.lease.reopenDelayMs / 1000),
    });
    this.tryAgainLater('lost', line, this.lease.reopenDelayMs, () => this.open(true));
  }
}
