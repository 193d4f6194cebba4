import type { EventLevel, PortMappingInfo, PortMappingMode, ReachabilityMethod, Settings } from '@shared/contract';
import { looksRoutable } from '../net/routable';
import { advert, type Advertisement } from './advertisement';
import { FallbackRungs, type FallbackOptions, type FallbackView } from './fallback-rungs';
import { natWarningFor, readLocalAddresses, type InterfaceSource } from './local-addresses';
import { MappingTask, type MappingTaskEvent, type MappingTaskStatus } from './mapping-task';
import { NatApiMapper } from './nat-api-mapper';
import type { PinholeRung } from './pinhole-rung';
import { protocolLabel as label, toPortMapperError, whenReady, withTimeout, type PortMapper, type PortMapperProtocol } from './port-mapper';
import type { TunnelRung } from './tunnel-rung';
import type { EngineEventName } from '@shared/words/event-words';

export type { Advertisement } from './advertisement';

/** Timings and seams; production uses the defaults (lease 1 h, renewal every 30 min). */
export interface ReachabilityTuning {
  createMapper?: (protocol: PortMapperProtocol) => PortMapper;
  interfaces?: InterfaceSource;
  leaseSeconds?: number;
  renewIntervalMs?: number;
  retryDelayMs?: number;
  reinstallInitialDelayMs?: number;
  reinstallMaxDelayMs?: number;
  /** Bound on asking each router protocol for its public address. */
  probeTimeoutMs?: number;
  /** How often a node without a way in (or with an interface address) looks again. */
  recheckIntervalMs?: number;
  /** Checks in a row whose router answers broke (unreadable, too large, too slow) before port mapping rests (default 3). */
  mappingOffAfterFailures?: number;
  /** How long port mapping then rests (default 30 min). */
  mappingOffForMs?: number;
}

export interface ReachabilityView {
  checking: boolean;
  endpoint: Advertisement | null;
  /** The endpoint works right now: a mapping the router dropped, or one removed while paused, does not. */
  usable: boolean;
  /** Availability is off, so no router mapping is held. */
  suspended: boolean;
  /** When the endpoint last (re)became usable (ms); a directory check must be newer to count. */
  endpointSince: number;
  localAddress: string | null;
  routerExternalIp: string | null;
  natWarning: string | null;
  /** A public URL the person set that cannot work from the internet (a private or local address). */
  ignoredPublicUrl: string | null;
  mapping: PortMappingInfo | null;
  /** The relay, tunnel and IPv6 pinhole rungs, where one is in use or was tried. */
  fallback: FallbackView;
  steps: string[];
}

export interface ReachabilityOptions {
  port: () => number | null;
  settings: () => Settings;
  allowPrivateEndpoint?: boolean;
  tuning?: ReachabilityTuning;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  /** The advertised endpoint changed, or a mapping came back after it was gone: the directory must hear of it. */
  onEndpoint: (reason: string) => void;
  /** The way in stopped working (a relay or tunnel went down): the directory should hear "not available" soon. */
  onLost?: (reason: string) => void;
  /** The rungs after the router; the node supplies them (the relay needs its identity and task pipeline). */
  createRelay?: FallbackOptions['createRelay'];
  tunnels?: TunnelRung;
  pinhole?: PinholeRung;
  now?: () => number;
}

const DEFAULTS = {
  leaseSeconds: 3600,
  renewIntervalMs: 30 * 60_000,
  probeTimeoutMs: 8_000,
  recheckIntervalMs: 5 * 60_000,
  mappingOffAfterFailures: 3,
  mappingOffForMs: 30 * 60_000,
};
const MAX_STEPS = 60;
const HELD: ReadonlySet<MappingTaskStatus['state']> = new Set(['mapped', 'renewing', 'retrying']);
/**
 * Rungs that hold something outside this computer (a router mapping, a quick tunnel, a relay session, a pinhole), and
 * what switching availability off lets go of.
 */
const SUSPEND_WORDS: Partial<Record<ReachabilityMethod, string>> = {
  upnp: 'removed the port mapping from the router',
  natpmp: 'removed the port mapping from the router',
  relay: 'left the relay',
  quick_tunnel: 'closed the quick tunnel',
  ipv6: "closed the opening in the router's IPv6 firewall",
};
const HOLDING = new Set(Object.keys(SUSPEND_WORDS));
// Tunnel services whose URLs forward to this computer from outside (brief §9.2 g).
const TUNNEL_HOSTS = /(\.trycloudflare\.com|\.cfargotunnel\.com|\.ngrok(-free)?\.(app|dev|io)|\.ngrok\.app|\.ts\.net|\.loca\.lt|\.serveo\.net)$/i;

/**
 * The reachability ladder (brief §9.2 adapted to a desktop): the person's public URL → a public IPv4 on an
 * interface → a UPnP / NAT-PMP mapping of the task port → the rungs after the router (IPv6 with a pinhole, a tunnel,
 * a relay: FallbackRungs) → nothing (serve locally and say what to do). It holds at most one router mapping, kept
 * alive by a MappingTask, or one of the later rungs.
 *
 * Operations (start, recheck, suspend, resume, stop) run one at a time in call order, so a switch flipped
 * twice quickly or a stop during router discovery never leaves a mapping behind.
 */
export class Reachability {
  private queue: Promise<void> = Promise.resolve();
  private task: MappingTask | null = null;
  private endpointValue: Advertisement | null = null;
  /** When the current endpoint (re)became usable: a directory check from before that does not count. */
  private endpointSince = 0;
  private checking = false;
  private suspended = false;
  private stopped = false;
  private localAddress: string | null = null;
  private routerExternalIp: string | null = null;
  private natWarning: string | null = null;
  private ignoredPublicUrl: string | null = null;
  private steps: string[] = [];
  private settingsKey = '';
  private timer: NodeJS.Timeout | null = null;
  /** Checks in a row in which a device answered the port-mapping search with something broken or hostile. */
  private mappingFailures = 0;
  private mappingOffUntil: number | null = null;
  private stopSignal!: () => void;
  /** Resolves on stop(): router discovery can take seconds and must not hold up a shutdown. */
  private readonly stopped$ = new Promise<void>((resolve) => (this.stopSignal = resolve));
  private readonly t: Required<Omit<ReachabilityTuning, 'createMapper' | 'interfaces'>> & Pick<ReachabilityTuning, 'createMapper' | 'interfaces'>;
  private readonly now: () => number;
  private readonly fallback: FallbackRungs;

  constructor(private readonly o: ReachabilityOptions) {
    const t = o.tuning ?? {};
    this.t = {
      ...t,
      leaseSeconds: t.leaseSeconds ?? DEFAULTS.leaseSeconds,
      renewIntervalMs: t.renewIntervalMs ?? DEFAULTS.renewIntervalMs,
      retryDelayMs: t.retryDelayMs ?? 5_000,
      reinstallInitialDelayMs: t.reinstallInitialDelayMs ?? 30_000,
      reinstallMaxDelayMs: t.reinstallMaxDelayMs ?? 10 * 60_000,
      probeTimeoutMs: t.probeTimeoutMs ?? DEFAULTS.probeTimeoutMs,
      recheckIntervalMs: t.recheckIntervalMs ?? DEFAULTS.recheckIntervalMs,
      mappingOffAfterFailures: t.mappingOffAfterFailures ?? DEFAULTS.mappingOffAfterFailures,
      mappingOffForMs: t.mappingOffForMs ?? DEFAULTS.mappingOffForMs,
    };
    this.now = o.now ?? Date.now;
    this.fallback = new FallbackRungs({
      port: o.port,
      settings: o.settings,
      createRelay: o.createRelay,
      tunnels: o.tunnels,
      pinhole: o.pinhole,
      step: (line) => this.step(line),
      onChange: o.onChange,
      onEndpoint: (next, reason) => {
        if (this.checking || this.stopped) return;
        this.endpointValue = next;
        this.endpointSince = this.now();
        this.o.log('info', 'reachability', `method=${next.method} endpoint=${next.url}`);
        this.o.onEndpoint(reason);
        this.o.onChange();
      },
      onLost: (reason) => {
        if (this.checking || this.stopped) return;
        this.step(`Not reachable for now: ${reason}.`);
        this.o.onLost?.(reason);
        this.o.onChange();
      },
    });
  }

  get endpoint(): Advertisement | null {
    return this.endpointValue;
  }

  get usable(): boolean {
    const ep = this.endpointValue;
    if (!ep || this.checking) return false;
    if (ep.method === 'public_url' || ep.method === 'public_ipv4') return true;
    if (ep.method !== 'upnp' && ep.method !== 'natpmp') return !(this.suspended && HOLDING.has(ep.method)) && this.fallback.usable;
    return !this.suspended && this.task !== null && HELD.has(this.task.state);
  }

  view(): ReachabilityView {
    const ts = this.task?.status ?? null;
    const mapping: PortMappingInfo | null = ts
      ? {
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
        }
      : null;
    // Both logs are "<ISO time> text" lines; a stable sort on the time alone interleaves them and keeps each
    // log's own order within a millisecond.
    const steps = [...this.steps, ...(ts?.steps ?? [])].sort((a, b) => (a.slice(0, 24) < b.slice(0, 24) ? -1 : a.slice(0, 24) > b.slice(0, 24) ? 1 : 0)).slice(-MAX_STEPS);
    return {
      checking: this.checking,
      endpoint: this.endpointValue,
      usable: this.usable,
      suspended: this.suspended,
      endpointSince: this.endpointSince,
      localAddress: this.localAddress,
      routerExternalIp: this.routerExternalIp,
      natWarning: this.natWarning,
      ignoredPublicUrl: this.ignoredPublicUrl,
      mapping,
      fallback: this.fallback.view(),
      steps,
    };
  }

  /** The last detection step, for the REGISTER payload's transport_metadata (brief §9.5). */
  lastStep(): string | null {
    const steps = this.view().steps;
    const last = steps[steps.length - 1];
    return last ? last.replace(/^\S+ /, '') : null;
  }

  /** Runs the ladder once; `offered` false = availability is off, so no mapping is asked for yet. */
  start(offered: boolean): Promise<void> {
    this.suspended = !offered;
    this.settingsKey = this.keyOf(this.o.settings());
    this.checking = true;
    return this.enqueue(() => this.runLadder('start', false));
  }

  /** Looks again from the top (router rebooted, port forwarded by hand). Returns at once; progress is in view(). */
  recheck(reason: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.checking = true;
    this.o.onChange();
    return this.enqueue(async () => {
      await this.dropMapping(null);
      await this.fallback.drop();
      await this.runLadder(reason, false);
    });
  }

  /**
   * After sleep or a network change: renew a held mapping at once (the router may have rebooted meanwhile), and
   * look again if the node had no way in or its interface address may have gone.
   */
  refresh(): Promise<void> {
    if (this.stopped || this.checking) return this.queue;
    const ep = this.endpointValue;
    if (this.task && (ep?.method === 'upnp' || ep?.method === 'natpmp')) {
      this.task.renewNow();
      return this.queue;
    }
    // A bound relay or a watched tunnel notices a dead session by itself and recovers.
    if (ep?.method === 'relay' || ep?.method === 'quick_tunnel' || ep?.method === 'tunnel') return this.queue;
    // A public URL is the person's own; a paused node asks the router for nothing until it is switched on.
    if (ep?.method === 'public_url' || (this.suspended && (ep === null || ep.method === 'upnp' || ep.method === 'natpmp'))) return this.queue;
    return this.recheck('woke from sleep');
  }

  /** The public URL or the port-mapping mode changed: look again. Other settings do not matter here. */
  settingsChanged(): void {
    const key = this.keyOf(this.o.settings());
    if (key === this.settingsKey) return;
    this.settingsKey = key;
    void this.recheck('settings changed');
  }

  /** Availability switched off: remove the router mapping (the person did not offer the port any more). */
  suspend(): Promise<void> {
    if (this.suspended || this.stopped) return this.queue;
    this.suspended = true;
    const ep = this.endpointValue;
    const what = `Availability switched off: ${(ep && SUSPEND_WORDS[ep.method]) ?? SUSPEND_WORDS.upnp}.`;
    return this.enqueue(async () => {
      await this.dropMapping(ep?.method === 'upnp' || ep?.method === 'natpmp' ? what : null);
      if (ep && ep.method !== 'upnp' && ep.method !== 'natpmp' && HOLDING.has(ep.method)) {
        await this.fallback.drop();
        this.step(what);
      }
    });
  }

  /** Availability switched on again: map the port again if that is how the node is reached. */
  resume(): Promise<void> {
    if (!this.suspended || this.stopped) return this.queue;
    this.suspended = false;
    const ep = this.endpointValue;
    if (ep && !HOLDING.has(ep.method)) return this.queue;
    this.checking = true;
    this.o.onChange();
    return this.enqueue(() => this.runLadder('availability switched on', true));
  }

  /** Removes the mapping (waiting for a router exchange in flight) and stops looking. Idempotent. */
  stop(): Promise<void> {
    this.stopped = true;
    this.stopSignal();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Stopping the task now makes a ladder waiting on the router give up instead of finishing its install.
    const task = this.task;
    if (task) void task.stop();
    return this.enqueue(async () => {
      await this.dropMapping(null);
      await this.fallback.drop();
    });
  }

  // ---------------------------------------------------------------------------------------------------

  private keyOf(s: Settings): string {
    return `${s.publicEndpoint ?? ''}|${s.portMapping}|${s.quickTunnel}|${s.relayFallback}`;
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op).catch((err: unknown) => {
      // The ladder is written not to throw; if it does, the node must still run (it serves locally).
      this.checking = false;
      this.step(`Detection failed unexpectedly: ${err instanceof Error ? err.message : String(err)}.`);
      this.o.log('error', 'reachability_failed', err instanceof Error ? err.message : String(err));
      this.o.onChange();
    });
    this.queue = next;
    return next;
  }

  private async runLadder(reason: string, republish: boolean): Promise<void> {
    if (this.stopped) {
      this.checking = false;
      return;
    }
    this.checking = true;
    this.steps = [];
    this.natWarning = null;
    this.ignoredPublicUrl = null;
    this.routerExternalIp = null;
    this.step(`Looking for a way in from the internet (${reason}).`);
    this.o.onChange();
    const previous = this.endpointValue;
    const found = await this.ladder();
    if (this.stopped) {
      this.checking = false;
      return;
    }
    this.endpointValue = found;
    this.endpointSince = this.now();
    this.checking = false;
    if (found) this.step(`Advertising ${found.url}.`);
    this.o.log(found ? 'info' : 'warn', 'reachability', found ? `method=${found.method} endpoint=${found.url}` : 'none');
    if (found && (found.url !== previous?.url || republish)) this.o.onEndpoint(found.url !== previous?.url ? 'endpoint changed' : 'port mapping restored');
    else if (!found && previous) this.o.onEndpoint('no public address any more');
    this.armRecheck();
    this.o.onChange();
  }

  private async ladder(): Promise<Advertisement | null> {
    const s = this.o.settings();
    const port = this.o.port();
    if (port === null) {
      this.step('The task server is not listening; nothing to offer.');
      return null;
    }
    // 1. The person's own public URL (a tunnel, a forwarded port, a reverse proxy).
    if (s.publicEndpoint) {
      const url = s.publicEndpoint.replace(/\/+$/, '');
      if (this.o.allowPrivateEndpoint || looksRoutable(url)) {
        const tunnel = TUNNEL_HOSTS.test(new URL(url).hostname);
        this.step(`Using the public URL from Settings${tunnel ? ' (a tunnel)' : ''}.`);
        return advert(url, 'public_url', tunnel ? 'external_tunnel' : 'direct', tunnel ? 1 : 0, null);
      }
      this.ignoredPublicUrl = url;
      this.step(`The public URL ${url} points to a private or local address, which the internet cannot reach; ignoring it.`);
    }
    // 2. A public IPv4 address on an interface (cloud VM, modem in bridge mode).
    const local = readLocalAddresses(this.t.interfaces);
    this.localAddress = local.lanIpv4;
    const v4 = local.publicIpv4[0];
    if (v4) {
      this.step(`This computer has the public IPv4 address ${v4}.`);
      return advert(`http://${v4}:${port}`, 'public_ipv4', 'direct', 0, v4);
    }
    this.step(`No public IPv4 address on this computer${local.lanIpv4 ? ` (its LAN address is ${local.lanIpv4})` : ''}.`);
    // 3. A port mapping on the router.
    const mapped = await this.mapPort(s.portMapping, port);
    if (mapped || this.stopped) return mapped;
    // 4. IPv6 with a pinhole, a tunnel, a relay — or, when none works, an IPv6 address behind the router's firewall.
    const rest = await this.fallback.find(local, this.suspended, () => this.stopped);
    if (!rest && !this.stopped) this.step('No way in from the internet was found.');
    return rest;
  }

  private async mapPort(mode: PortMappingMode, port: number): Promise<Advertisement | null> {
    if (mode === 'off') {
      this.step('Port mapping is switched off in the settings.');
      return null;
    }
    if (this.suspended) {
      this.step('Availability is off: the router is asked for a port mapping when it is switched on.');
      return null;
    }
    if (this.mappingOffUntil !== null && this.now() < this.mappingOffUntil) {
      const minutes = Math.max(1, Math.ceil((this.mappingOffUntil - this.now()) / 60_000));
      this.step(`Port mapping is switched off for ${minutes} more minutes: the router's answers kept failing. The node goes on without it.`);
      return null;
    }
    const order: PortMapperProtocol[] = mode === 'auto' ? ['upnp', 'natpmp'] : [mode];
    const mappers = order.map((p) => this.createMapper(p));
    // Both protocols are asked at once: a router without one of them would otherwise cost a full timeout first.
    const probing = Promise.allSettled(mappers.map((m) => whenReady(m, () => withTimeout(m.probe(), this.t.probeTimeoutMs, `${label(m.protocol)} discovery`))));
    const probes = await Promise.race([probing, this.stopped$.then(() => null)]);
    if (!probes) {
      for (const m of mappers) void m.close();
      return null;
    }
    const answered: PortMapper[] = [];
    let broken: string | null = null;
    probes.forEach((r, i) => {
      const m = mappers[i]!;
      if (r.status === 'fulfilled') {
        this.routerExternalIp ??= r.value.externalIp;
        const warn = natWarningFor(r.value.externalIp);
        // A router that gets a mapping task says so in the task's own steps; only one that is skipped is noted here.
        if (warn) {
          this.natWarning = warn;
          this.step(`The router answers ${label(m.protocol)} and reports the public address ${r.value.externalIp}.`);
        } else answered.push(m);
      } else {
        const e = toPortMapperError(r.reason, 'discovery');
        // "unavailable" is a quiet network; a timeout or a broken exchange means something answered and then failed.
        if (e.kind === 'timeout' || e.kind === 'transport') broken ??= e.message;
        this.step(`No ${label(m.protocol)} answer from the router (${e.message}).`);
      }
    });
    this.judgeMappingProbes(probes.some((r) => r.status === 'fulfilled'), broken);
    for (const m of mappers) if (!answered.includes(m)) void m.close();
    if (this.natWarning && answered.length === 0) this.step('The router is itself behind another NAT, so a mapping on it would not help.');
    for (let i = 0; i < answered.length; i++) {
      const mapper = answered[i]!;
      if (this.stopped) {
        void mapper.close();
        continue;
      }
      const task = new MappingTask({
        mapper,
        port,
        leaseSeconds: this.t.leaseSeconds,
        renewIntervalMs: this.t.renewIntervalMs,
        retryDelayMs: this.t.retryDelayMs,
        reinstallInitialDelayMs: this.t.reinstallInitialDelayMs,
        reinstallMaxDelayMs: this.t.reinstallMaxDelayMs,
        now: this.now,
      });
      task.onChange((e) => this.onTaskEvent(task, e));
      this.task = task;
      const st = await task.start();
      if (st.state === 'mapped' && st.externalIp && st.externalPort && !this.stopped) {
        for (const rest of answered.slice(i + 1)) void rest.close();
        this.routerExternalIp = st.externalIp;
        this.o.log('info', 'nat_mapped', `protocol=${mapper.protocol} external=${st.externalAddress} internal=${port} lease=${st.leaseSeconds ?? 0}`);
        return advert(`http://${st.externalIp}:${st.externalPort}`, mapper.protocol, 'upnp_mapped', 1, null);
      }
      this.task = null;
      await task.stop();
      // The task goes, its account of what the router said stays.
      this.steps.push(...task.status.steps);
    }
    return null;
  }

  /**
   * A device that keeps answering the port-mapping search with something broken or hostile costs a worker thread's
   * budget per check; after a few such checks in a row, port mapping rests for a while and the ladder goes on without
   * it. The node itself is never held up.
   */
  private judgeMappingProbes(anyAnswered: boolean, broken: string | null): void {
    if (anyAnswered || !broken) {
      this.mappingFailures = 0;
      return;
    }
    this.mappingFailures += 1;
    if (this.mappingFailures < this.t.mappingOffAfterFailures) return;
    this.mappingFailures = 0;
    this.mappingOffUntil = this.now() + this.t.mappingOffForMs;
    this.o.log('warn', 'port_mapping_helper_off', `failures=${this.t.mappingOffAfterFailures} off_ms=${this.t.mappingOffForMs} ${broken}`);
    this.step(`Switched port mapping off for ${Math.round(this.t.mappingOffForMs / 60_000)} minutes after ${this.t.mappingOffAfterFailures} failed checks in a row; the node keeps serving without it.`);
  }

  private onTaskEvent(task: MappingTask, e: MappingTaskEvent): void {
    if (task !== this.task) return;
    switch (e.type) {
      case 'changed': {
        const ep = this.endpointValue;
        const url = `http://${e.mapping.externalIp}:${e.mapping.externalPort}`;
        const warn = natWarningFor(e.mapping.externalIp);
        this.routerExternalIp = e.mapping.externalIp;
        this.o.log('warn', 'nat_address_changed', `external=${e.mapping.externalIp}:${e.mapping.externalPort}`);
        if (warn) {
          this.natWarning = warn;
          void this.recheck('the router reports a non-public address');
        } else if (ep && !this.checking) {
          this.endpointValue = { ...ep, url };
          this.endpointSince = this.now();
          this.o.onEndpoint('the router reports a new public address');
        }
        break;
      }
      case 'revoked':
        this.o.log('warn', 'nat_mapping_lost', e.reason);
        break;
      case 'state':
        if (e.state === 'retrying' && e.previous === 'renewing') this.o.log('warn', 'nat_renew_failed', task.status.lastError ?? '');
        // A re-install after the router dropped the mapping (the first install is reported by the ladder). Handled
        // on the state change, before anyone is told "mapped", so no snapshot shows the new state with old facts.
        if (e.state === 'mapped' && e.previous === 'installing' && !this.checking) this.restored(task);
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
    if (this.endpointValue) this.endpointValue = { ...this.endpointValue, url: `http://${st.externalIp}:${st.externalPort}` };
    this.endpointSince = this.now();
    this.o.onEndpoint('port mapping restored');
  }

  private async dropMapping(note: string | null): Promise<void> {
    const task = this.task;
    this.task = null;
    if (!task) return;
    // Keep the removal steps visible after the task is gone.
    const before = task.status.steps.length;
    await task.stop();
    const st = task.status;
    this.steps.push(...st.steps.slice(Math.min(before, st.steps.length)));
    if (note) this.step(note);
    this.o.log('info', 'nat_unmapped', `protocol=${st.protocol}`);
    this.o.onChange();
  }

  /** A node with no way in, or one reached through an interface address, looks again at human intervals. */
  private armRecheck(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.stopped) return;
      const ep = this.endpointValue;
      const local = ep?.address ? readLocalAddresses(this.t.interfaces) : null;
      const gone = ep?.address ? ![...local!.publicIpv4, ...local!.globalIpv6].includes(ep.address) : false;
      if (!this.suspended && (ep === null || gone)) void this.recheck(gone ? 'the address left this computer' : 'periodic check');
      else this.armRecheck();
    }, this.t.recheckIntervalMs);
    this.timer.unref?.();
  }

  private createMapper(protocol: PortMapperProtocol): PortMapper {
    return this.t.createMapper ? this.t.createMapper(protocol) : new NatApiMapper(protocol, { description: 'IICP Provider task port' });
  }

  private step(line: string): void {
    this.steps.push(`${new Date(this.now()).toISOString()} ${line}`);
    if (this.steps.length > MAX_STEPS) this.steps.splice(0, this.steps.length - MAX_STEPS);
  }
}
