import {
  type PortMapperError,
  protocolLabel,
  toPortMapperError,
  whenReady,
  withTimeout,
  type Mapping,
  type PortMapper,
  type PortMapperErrorKind,
  type PortMapperProtocol,
} from './port-mapper';
import { said, type Said } from '@shared/i18n/said';
import type { TimerFns } from '../net';
import {
  LeaseTask,
  routerErrorSaid,
  type LeaseStateEvent,
  type LeaseTaskLifecycle,
  type LeaseTaskStatus,
} from './lease-task';
import { installWithFallback } from './mapping-install';

export type MappingTaskState = LeaseTaskLifecycle | 'probing' | 'installing' | 'mapped' | 'revoked' | 'failed';

export type MappingTaskEvent =
  | LeaseStateEvent<MappingTaskState>
  /** A mapping now exists: first install, or re-install after a revoke. */
  | { type: 'mapped'; mapping: Mapping }
  /** A renewal came back with a different external address or port; whoever advertised the old one must re-register. */
  | { type: 'changed'; mapping: Mapping; previous: Mapping }
  /** Too many renewals failed in a row; the router is assumed to have dropped the mapping. */
  | { type: 'revoked'; lastMapping: Mapping; reason: string }
  | { type: 'failed'; kind: PortMapperErrorKind; reason: string }
  | { type: 'removed'; mapping: Mapping };

export type MappingTaskListener = (event: MappingTaskEvent) => void;

export interface MappingTaskStatus extends LeaseTaskStatus<MappingTaskState> {
  protocol: PortMapperProtocol;
  internalPort: number;
  externalIp: string | null;
  externalPort: number | null;
  /** "ip:port" as peers should dial it, or null while no mapping is held. */
  externalAddress: string | null;
}

export interface MappingTaskOptions {
  mapper: PortMapper;
  /** The task port; only this port is ever asked of the router. */
  port: number;
  leaseSeconds: number;
  /** Upper bound between renewals; the effective interval is also capped at half the granted lease. */
  renewIntervalMs: number;
  /** Pause before the single quick retry of a failed renewal. */
  retryDelayMs?: number;
  /** Consecutive failed renewals (including the quick retry) that count as the mapping being gone. */
  maxConsecutiveFailures?: number;
  reinstallInitialDelayMs?: number;
  reinstallMaxDelayMs?: number;
  /** Bound on every single mapper call, independent of any timeout the mapper applies itself. */
  callTimeoutMs?: number;
  maxSteps?: number;
  /** Other public ports tried, one by one, when the router refuses the task port and cannot pick one itself. */
  alternativePorts?: number;
  /** Picks those ports (tests make it predictable). */
  random?: () => number;
  timers?: TimerFns;
  now?: () => number;
}

const DEFAULTS = {
  retryDelayMs: 5_000,
  maxConsecutiveFailures: 3,
  reinstallInitialDelayMs: 30_000,
  reinstallMaxDelayMs: 10 * 60_000,
  callTimeoutMs: 15_000,
  maxSteps: 50,
  alternativePorts: 2,
};

/**
 * Keeps one TCP port mapping alive on the router for the lifetime of a task.
 *
 * Operations are strictly sequential: at most one mapper call is in flight, and every timer callback goes through
 * `run()`, so stop() can wait for the current operation and then remove whatever mapping it left behind.
 */
export class MappingTask extends LeaseTask<MappingTaskState, MappingTaskEvent> {
  private mapping: Mapping | null = null;
  /** Asked for again on a re-install, so a router that comes back keeps the address the directory knows. */
  private lastExternalPort: number | null = null;
  private lastRenewalAt: number | null = null;
  private consecutiveFailures = 0;
  private lastError: Said | null = null;
  private reinstallDelayMs: number;
  private readonly mapper: PortMapper;
  private readonly port: number;
  private readonly leaseSeconds: number;
  private readonly renewIntervalMs: number;
  private readonly retryDelayMs: number;
  private readonly maxConsecutiveFailures: number;
  private readonly reinstallInitialDelayMs: number;
  private readonly reinstallMaxDelayMs: number;
  private readonly callTimeoutMs: number;
  private readonly alternativePorts: number;
  private readonly random: () => number;

  constructor(opts: MappingTaskOptions) {
    super({
      name: 'mapping task',
      heldState: 'mapped',
      maxSteps: opts.maxSteps ?? DEFAULTS.maxSteps,
      timers: opts.timers,
      now: opts.now,
    });
    this.mapper = opts.mapper;
    this.port = opts.port;
    this.leaseSeconds = opts.leaseSeconds;
    this.renewIntervalMs = opts.renewIntervalMs;
    this.retryDelayMs = opts.retryDelayMs ?? DEFAULTS.retryDelayMs;
    this.maxConsecutiveFailures = opts.maxConsecutiveFailures ?? DEFAULTS.maxConsecutiveFailures;
    this.reinstallInitialDelayMs = opts.reinstallInitialDelayMs ?? DEFAULTS.reinstallInitialDelayMs;
    this.reinstallMaxDelayMs = opts.reinstallMaxDelayMs ?? DEFAULTS.reinstallMaxDelayMs;
    this.callTimeoutMs = opts.callTimeoutMs ?? DEFAULTS.callTimeoutMs;
    this.alternativePorts = opts.alternativePorts ?? DEFAULTS.alternativePorts;
    this.random = opts.random ?? Math.random;
    this.reinstallDelayMs = this.reinstallInitialDelayMs;
  }

  get status(): MappingTaskStatus {
    const m = this.mapping;
    return {
      state: this.journal.state,
      protocol: this.mapper.protocol,
      internalPort: this.port,
      externalIp: m?.externalIp ?? null,
      externalPort: m?.externalPort ?? null,
      externalAddress: m ? `${m.externalIp}:${m.externalPort}` : null,
      leaseSeconds: m?.leaseSeconds ?? null,
      leaseRemainingSeconds: m
        ? Math.max(0, Math.round((m.installedAt + m.leaseSeconds * 1000 - this.now()) / 1000))
        : null,
      lastRenewalAt: this.lastRenewalAt,
      consecutiveFailures: this.consecutiveFailures,
      lastError: this.lastError,
      nextAttemptAt: this.ops.nextAttemptAt,
      steps: this.journal.steps,
    };
  }

  /** The delay between successful renewals for a given granted lease. */
  renewDelayMs(leaseSeconds: number): number {
    return Math.max(1, Math.min(this.renewIntervalMs, (leaseSeconds * 1000) / 2));
  }

  /** Probes and installs once; resolves when the task is `mapped` or `failed` (or stopped meanwhile). */
  async start(): Promise<MappingTaskStatus> {
    await this.begin(() => this.probeAndInstall());
    return this.status;
  }

  // Removes the mapping if one is held, and closes the mapper.
  protected async release(): Promise<void> {
    const m = this.mapping;
    this.mapping = null;
    if (m) {
      try {
        await this.callMapper('removing the mapping', () => this.mapper.remove(m));
        this.journal.step(said('ladder.mapping.removed', { port: m.externalPort }));
        this.journal.emit({ type: 'removed', mapping: m });
      } catch (err) {
        const e = toPortMapperError(err, 'removing the mapping');
        this.lastError = routerErrorSaid(e);
        this.journal.step(said('ladder.mapping.notRemoved', { port: m.externalPort, detail: e.message }));
      }
    }
    try {
      await this.mapper.close();
    } catch {
      // Nothing further depends on the mapper once the task is stopped.
    }
  }

  private callMapper<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return whenReady(this.mapper, () =>
      withTimeout(fn(), this.callTimeoutMs, `${this.protoLabel()}: ${what}`, this.timers),
    );
  }

  private async probeAndInstall(): Promise<void> {
    this.journal.set('probing');
    let externalIp: string;
    try {
      ({ externalIp } = await this.callMapper('probing', () => this.mapper.probe()));
    } catch (err) {
      const e = toPortMapperError(err, 'probing');
      return this.fail(
        e,
        `No ${this.protoLabel()} router answered`,
        said('ladder.mapping.noRouter', { protocol: this.protoLabel(), detail: e.message }),
      );
    }
    this.journal.step(said('ladder.mapping.reports', { protocol: this.protoLabel(), address: externalIp }));
    if (this.stopRequested) return;
    this.journal.set('installing');
    try {
      const m = await this.installWithFallback();
      this.onInstalled(m);
    } catch (err) {
      const e = toPortMapperError(err, 'installing');
      this.fail(
        e,
        `The router would not open port ${this.port}`,
        said('ladder.mapping.wouldNotOpen', { port: this.port, detail: e.message }),
      );
    }
  }

  // The public port asked for first is the task port, or the previous public port on a re-install.
  private installWithFallback(): Promise<Mapping> {
    return installWithFallback({
      mapper: this.mapper,
      port: this.port,
      leaseSeconds: this.leaseSeconds,
      first: this.lastExternalPort ?? this.port,
      alternativePorts: this.alternativePorts,
      random: this.random,
      stopRequested: () => this.stopRequested,
      call: (what, fn) => this.callMapper(what, fn),
      step: (line) => this.journal.step(line),
    });
  }

  private onInstalled(m: Mapping): void {
    this.mapping = m;
    this.lastExternalPort = m.externalPort;
    this.consecutiveFailures = 0;
    this.lastError = null;
    this.lastRenewalAt = m.installedAt;
    this.reinstallDelayMs = this.reinstallInitialDelayMs;
    this.journal.step(
      said('ladder.mapping.installed', {
        address: `${m.externalIp}:${m.externalPort}`,
        port: m.internalPort,
        seconds: m.leaseSeconds,
      }),
    );
    // During stop the mapping is only recorded so stop() removes it; announcing it would invite a registration.
    this.hold(this.renewDelayMs(m.leaseSeconds), () => this.journal.emit({ type: 'mapped', mapping: m }));
  }

  /** `prefix` begins the English reason the listeners (the log) read; `line` is the step the page says. */
  private fail(e: PortMapperError, prefix: string, line: Said): void {
    this.lastError = routerErrorSaid(e);
    const reason = `${prefix}: ${e.message}`;
    this.endIn('failed', line, { type: 'failed', kind: e.kind, reason });
  }

  protected async renew(isRetry: boolean): Promise<void> {
    const current = this.mapping;
    if (!current) return;
    this.journal.set('renewing');
    let next: Mapping;
    try {
      next = await this.callMapper('renewing', () => this.mapper.renew(current));
    } catch (err) {
      this.onRenewFailed(current, toPortMapperError(err, 'renewing'), isRetry);
      return;
    }
    this.mapping = next;
    this.consecutiveFailures = 0;
    this.lastError = null;
    this.lastRenewalAt = this.now();
    const moved = next.externalIp !== current.externalIp || next.externalPort !== current.externalPort;
    const to = `${next.externalIp}:${next.externalPort}`;
    this.journal.step(
      moved
        ? said('ladder.mapping.moved', { from: `${current.externalIp}:${current.externalPort}`, to })
        : said('ladder.mapping.renewed', { address: to, seconds: next.leaseSeconds }),
    );
    this.hold(this.renewDelayMs(next.leaseSeconds), () => {
      if (moved) this.journal.emit({ type: 'changed', mapping: next, previous: current });
    });
  }

  private onRenewFailed(current: Mapping, e: PortMapperError, wasRetry: boolean): void {
    this.consecutiveFailures += 1;
    this.lastError = routerErrorSaid(e);
    this.journal.step(said('ladder.mapping.renewFailed', { count: this.consecutiveFailures, detail: e.message }));
    if (this.stopRequested) return;
    if (this.consecutiveFailures >= this.maxConsecutiveFailures) {
      this.revoke(current, e);
      return;
    }
    const leaseLeftMs = current.installedAt + current.leaseSeconds * 1000 - this.now();
    this.retryRenewal(wasRetry, this.retryDelayMs, this.renewDelayMs(current.leaseSeconds), leaseLeftMs);
  }

  private revoke(lastMapping: Mapping, e: PortMapperError): void {
    this.mapping = null;
    const reason = `${this.consecutiveFailures} renewals failed in a row (last: ${e.message})`;
    const seconds = Math.round(this.reinstallDelayMs / 1000);
    const line = said('ladder.mapping.gone', {
      count: this.consecutiveFailures,
      detail: e.message,
      port: this.port,
      seconds,
    });
    this.tryAgainLater(
      'revoked',
      line,
      this.reinstallDelayMs,
      () => this.reinstall(),
      () => this.journal.emit({ type: 'revoked', lastMapping, reason }),
    );
  }

  // A router that rebooted has forgotten the mapping but will usually accept it again once it is back up.
  private async reinstall(): Promise<void> {
    this.journal.set('installing');
    try {
      const m = await this.installWithFallback();
      this.onInstalled(m);
    } catch (err) {
      const e = toPortMapperError(err, 'installing');
      this.lastError = routerErrorSaid(e);
      if (this.stopRequested) return;
      this.reinstallDelayMs = Math.min(this.reinstallDelayMs * 2, this.reinstallMaxDelayMs);
      const line = said('ladder.mapping.remapFailed', {
        port: this.port,
        detail: e.message,
        seconds: Math.round(this.reinstallDelayMs / 1000),
      });
      this.tryAgainLater('revoked', line, this.reinstallDelayMs, () => this.reinstall());
    }
  }

  private protoLabel(): string {
    return protocolLabel(this.mapper.protocol);
  }
}
