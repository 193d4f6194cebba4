import type { EventLevel, PortMappingInfo, PortMappingMode } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import type { EngineEventName } from '@shared/words/event-words';
import { advert, type Advertisement } from './advertisement';
import { natWarningFor } from './local-addresses';
import { MappingTask, type MappingTaskEvent, type MappingTaskStatus } from './mapping-task';
import { NatApiMapper } from './nat-api-mapper';
import {
  protocolLabel as label,
  toPortMapperError,
  whenReady,
  withTimeout,
  type PortMapper,
  type PortMapperProtocol,
} from './port-mapper';
import type { ResolvedTuning } from './reachability-tuning';
import type { StepLog } from './step-log';

/** The log reads the task's last error in English. */
const lastErrorText = (e: Said | null): string => (e ? english.said(e) : '');

export interface RouterMappingOptions {
  tuning: ResolvedTuning;
  steps: StepLog;
  now: () => number;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  /** The ladder is running: it reports what the router did itself. */
  checking: () => boolean;
  /** A renewal came back with another public address (a public one). */
  onNewAddress: (url: string) => void;
  /** The router had dropped the mapping and installed it again. */
  onRestored: (url: string) => void;
  /** The router now reports an address that is not public: the ladder must look again. */
  onNonPublic: () => void;
}

/** Mapping states in which the router holds the port for the node. */
const HELD: ReadonlySet<MappingTaskStatus['state']> = new Set(['mapped', 'renewing', 'retrying']);

/**
 * The router rung of the ladder: asks UPnP and NAT-PMP at once for the router's public address, maps the task port
 * with the first protocol whose router is itself on the internet, and keeps that one mapping alive through a
 * MappingTask. A device whose answers keep breaking makes port mapping rest for a while.
 */
export class RouterMapping {
  /** What the last check learned from the router: its public address, and a NAT found in front of it. */
  externalIp: string | null = null;
  natWarning: Said | null = null;
  private task: MappingTask | null = null;
  /** Checks in a row in which a device answered the port-mapping search with something broken or hostile. */
  private failures = 0;
  private offUntil: number | null = null;
  private aborted = false;
  private abortSignal!: () => void;
  /** Resolves on abort(): router discovery can take seconds and must not hold up a shutdown. */
  private readonly aborted$ = new Promise<void>((resolve) => (this.abortSignal = resolve));

  constructor(private readonly o: RouterMappingOptions) {}

  /** The router holds the mapping right now. */
  get held(): boolean {
    return this.task !== null && HELD.has(this.task.state);
  }

  /** The running task's status, with its own steps. */
  get status(): MappingTaskStatus | null {
    return this.task?.status ?? null;
  }

  /** The mapping as the Network page shows it. */
  info(): PortMappingInfo | null {
    const ts = this.task?.status;
    if (!ts) return null;
    return {
      protocol: ts.protocol,
      state: ts.state,
      externalAddress: ts.externalAddress,
      internalPort: ts.internalPort,
      leaseSeconds: ts.leaseSeconds,
      leaseRemainingSeconds: ts.leaseRemainingSeconds,
      lastRenewalAt: ts.lastRenewalAt === null ? null : new Date(ts.lastRenewalAt).toISOString(),
      nextAttemptAt: ts.nextAttemptAt === null ? null : new Date(ts.nextAttemptAt).toISOString(),
      consecutiveFailures: ts.consecutiveFailures,
      lastError: ts.lastError,
    };
  }

  /** A new check starts: what the router said last time no longer counts. */
  forgetFacts(): void {
    this.natWarning = null;
    this.externalIp = null;
  }

  /** Renews a held mapping at once (the router may have rebooted while the computer slept); false when none is. */
  renewNow(): boolean {
    if (!this.task) return false;
    this.task.renewNow();
    return true;
  }

  /** Maps `port` on the router; `suspended` (availability off) asks it for nothing. */
  async map(mode: PortMappingMode, port: number, suspended: boolean): Promise<Advertisement | null> {
    const step = (words: Said) => this.o.steps.step(words);
    if (mode === 'off') {
      step(said('ladder.mapping.off'));
      return null;
    }
    if (suspended) {
      step(said('ladder.mapping.suspended'));
      return null;
    }
    if (this.offUntil !== null && this.o.now() < this.offUntil) {
      const minutes = Math.max(1, Math.ceil((this.offUntil - this.o.now()) / 60_000));
      step(said('ladder.mapping.resting', { minutes }));
      return null;
    }
    const answered = await this.probe(mode === 'auto' ? ['upnp', 'natpmp'] : [mode]);
    for (let i = 0; i < answered.length; i++) {
      const mapper = answered[i]!;
      if (this.aborted) {
        void mapper.close();
        continue;
      }
      const st = await this.install(mapper, port);
      if (st?.externalIp && st.externalPort) {
        for (const rest of answered.slice(i + 1)) void rest.close();
        this.externalIp = st.externalIp;
        this.o.log(
          'info',
          'nat_mapped',
          `protocol=${mapper.protocol} external=${st.externalAddress} internal=${port} lease=${st.leaseSeconds ?? 0}`,
        );
        return advert({
          url: `http://${st.externalIp}:${st.externalPort}`,
          method: mapper.protocol,
          transportMethod: 'upnp_mapped',
          tier: 1,
        });
      }
    }
    return null;
  }

  /** Lets go of the mapping (waiting for a router exchange in flight); `note` is the step that says why. */
  async drop(note: Said | null): Promise<void> {
    const task = this.task;
    this.task = null;
    if (!task) return;
    // Keep the removal steps visible after the task is gone.
    const before = task.status.steps.length;
    await task.stop();
    const st = task.status;
    this.o.steps.keep(st.steps.slice(Math.min(before, st.steps.length)));
    if (note) this.o.steps.step(note);
    this.o.log('info', 'nat_unmapped', `protocol=${st.protocol}`);
    this.o.onChange();
  }

  /** The node stops: a check waiting on the router gives up instead of finishing its install. */
  abort(): void {
    this.aborted = true;
    this.abortSignal();
    if (this.task) void this.task.stop();
  }

  /**
   * Asks every protocol at once (a router without one of them would otherwise cost a full timeout first); the
   * mappers whose router is itself on the internet, in order. The others are closed.
   */
  private async probe(order: PortMapperProtocol[]): Promise<PortMapper[]> {
    const mappers = order.map((p) => this.createMapper(p));
    const probing = Promise.allSettled(
      mappers.map((m) =>
        whenReady(m, () => withTimeout(m.probe(), this.o.tuning.probeTimeoutMs, `${label(m.protocol)} discovery`)),
      ),
    );
    const probes = await Promise.race([probing, this.aborted$.then(() => null)]);
    if (!probes) {
      for (const m of mappers) void m.close();
      return [];
    }
    const answered: PortMapper[] = [];
    let broken: string | null = null;
    probes.forEach((r, i) => {
      const m = mappers[i]!;
      if (r.status === 'fulfilled') {
        this.externalIp ??= r.value.externalIp;
        const warn = natWarningFor(r.value.externalIp);
        // A router that gets a mapping task says so in the task's own steps; only one that is skipped is noted here.
        if (warn) {
          this.natWarning = warn;
          this.o.steps.step(
            said('ladder.mapping.behindNat', { protocol: label(m.protocol), address: r.value.externalIp }),
          );
        } else answered.push(m);
      } else {
        const e = toPortMapperError(r.reason, 'discovery');
        // "unavailable" is a quiet network; a timeout or a broken exchange means something answered and then failed.
        if (e.kind === 'timeout' || e.kind === 'transport') broken ??= e.message;
        this.o.steps.step(said('ladder.mapping.noAnswer', { protocol: label(m.protocol), detail: e.message }));
      }
    });
    this.judge(
      probes.some((r) => r.status === 'fulfilled'),
      broken,
    );
    for (const m of mappers) if (!answered.includes(m)) void m.close();
    if (this.natWarning && answered.length === 0) this.o.steps.step(said('ladder.mapping.doubleNat'));
    return answered;
  }

  /** Starts a mapping task with one router protocol; its status once it holds the port, else null (the task went). */
  private async install(mapper: PortMapper, port: number): Promise<MappingTaskStatus | null> {
    const t = this.o.tuning;
    const task = new MappingTask({
      mapper,
      port,
      leaseSeconds: t.leaseSeconds,
      renewIntervalMs: t.renewIntervalMs,
      retryDelayMs: t.retryDelayMs,
      reinstallInitialDelayMs: t.reinstallInitialDelayMs,
      reinstallMaxDelayMs: t.reinstallMaxDelayMs,
      now: this.o.now,
    });
    task.onChange((e) => this.onTaskEvent(task, e));
    this.task = task;
    const st = await task.start();
    if (st.state === 'mapped' && st.externalIp && st.externalPort && !this.aborted) return st;
    this.task = null;
    await task.stop();
    // The task goes, its account of what the router said stays.
    this.o.steps.keep(task.status.steps);
    return null;
  }

  /**
   * A device that keeps answering the port-mapping search with something broken or hostile costs a worker thread's
   * budget per check; after a few such checks in a row, port mapping rests for a while and the ladder goes on without
   * it. The node itself is never held up.
   */
  private judge(anyAnswered: boolean, broken: string | null): void {
    const t = this.o.tuning;
    if (anyAnswered || !broken) {
      this.failures = 0;
      return;
    }
    this.failures += 1;
    if (this.failures < t.mappingOffAfterFailures) return;
    this.failures = 0;
    this.offUntil = this.o.now() + t.mappingOffForMs;
    this.o.log(
      'warn',
      'port_mapping_helper_off',
      `failures=${t.mappingOffAfterFailures} off_ms=${t.mappingOffForMs} ${broken}`,
    );
    this.o.steps.step(
      said('ladder.mapping.switchedOff', {
        minutes: Math.round(t.mappingOffForMs / 60_000),
        failures: t.mappingOffAfterFailures,
      }),
    );
  }

  private onTaskEvent(task: MappingTask, e: MappingTaskEvent): void {
    if (task !== this.task) return;
    switch (e.type) {
      case 'changed': {
        const warn = natWarningFor(e.mapping.externalIp);
        this.externalIp = e.mapping.externalIp;
        this.o.log('warn', 'nat_address_changed', `external=${e.mapping.externalIp}:${e.mapping.externalPort}`);
        if (warn) {
          this.natWarning = warn;
          this.o.onNonPublic();
        } else this.o.onNewAddress(`http://${e.mapping.externalIp}:${e.mapping.externalPort}`);
        break;
      }
      case 'revoked':
        this.o.log('warn', 'nat_mapping_lost', e.reason);
        break;
      case 'state':
        if (e.state === 'retrying' && e.previous === 'renewing')
          this.o.log('warn', 'nat_renew_failed', lastErrorText(task.status.lastError));
        // A re-install after the router dropped the mapping (the first install is reported by the ladder). Handled
        // on the state change, before anyone is told "mapped", so no snapshot shows the new state with old facts.
        if (e.state === 'mapped' && e.previous === 'installing' && !this.o.checking()) this.restored(task);
        break;
      default:
        break;
    }
    this.o.onChange();
  }

  private restored(task: MappingTask): void {
    const st = task.status;
    if (!st.externalIp || !st.externalPort) return;
    this.o.log('info', 'nat_mapping_restored', `external=${st.externalAddress}`);
    this.o.onRestored(`http://${st.externalIp}:${st.externalPort}`);
  }

  private createMapper(protocol: PortMapperProtocol): PortMapper {
    const create = this.o.tuning.createMapper;
    return create ? create(protocol) : new NatApiMapper(protocol, { description: 'IICP Provider task port' });
  }
}
