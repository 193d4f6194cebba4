import type { Settings } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import type { Advertisement } from './advertisement';
import { publicIpv4Rung, publicUrlRung } from './direct-rungs';
import { FallbackRungs } from './fallback-rungs';
import { readLocalAddresses } from './local-addresses';
import type { ReachabilityOptions, ReachabilityView } from './reachability-options';
import { resolveTuning, type ResolvedTuning } from './reachability-tuning';
import { RouterMapping } from './router-mapping';
import { holdsOutside, suspendWords } from './rung-words';
import { StepLog } from './step-log';

export type { Advertisement } from './advertisement';

const isRouterMapped = (ep: Advertisement | null) => ep?.method === 'upnp' || ep?.method === 'natpmp';

/**
 * The reachability ladder, adapted to a desktop: the person's public URL → a public IPv4 on an interface → a UPnP /
 * NAT-PMP mapping of the task port (RouterMapping) → the rungs after the router (IPv6 with a pinhole, a tunnel, a
 * relay: FallbackRungs) → nothing (serve locally and say what to do). It holds at most one router mapping or one of
 * the later rungs.
 *
 * Operations (start, recheck, suspend, resume, stop) run one at a time in call order, so a switch flipped
 * twice quickly or a stop during router discovery never leaves a mapping behind.
 */
export class Reachability {
  private queue: Promise<void> = Promise.resolve();
  private endpointValue: Advertisement | null = null;
  /** When the current endpoint (re)became usable: a directory check from before that does not count. */
  private endpointSince = 0;
  private checking = false;
  private suspended = false;
  private stopped = false;
  private localAddress: string | null = null;
  private ignoredPublicUrl: string | null = null;
  private settingsKey = '';
  private timer: NodeJS.Timeout | null = null;
  private readonly t: ResolvedTuning;
  private readonly now: () => number;
  private readonly steps: StepLog;
  private readonly router: RouterMapping;
  private readonly fallback: FallbackRungs;

  constructor(private readonly o: ReachabilityOptions) {
    this.t = resolveTuning(o.tuning);
    this.now = o.now ?? Date.now;
    // Through `this.now` at each call, so a clock swapped in later is the one every part reads.
    const now = () => this.now();
    this.steps = new StepLog(now);
    this.router = new RouterMapping({
      tuning: this.t,
      steps: this.steps,
      now,
      log: o.log,
      onChange: o.onChange,
      checking: () => this.checking,
      onNewAddress: (url) => this.routerMoved(url),
      onRestored: (url) => this.routerRestored(url),
      onNonPublic: () => void this.recheck(said('ladder.reason.nonPublic')),
    });
    this.fallback = new FallbackRungs({
      port: o.port,
      settings: o.settings,
      createRelay: o.createRelay,
      tunnels: o.tunnels,
      pinhole: o.pinhole,
      onChange: o.onChange,
      step: (words) => this.steps.step(words),
      onEndpoint: (next, reason) => this.fallbackMoved(next, reason),
      onLost: (reason, gone) => this.fallbackLost(reason, gone ?? false),
    });
  }

  get endpoint(): Advertisement | null {
    return this.endpointValue;
  }

  get usable(): boolean {
    const ep = this.endpointValue;
    if (!ep || this.checking) return false;
    if (ep.method === 'public_url' || ep.method === 'public_ipv4') return true;
    if (!isRouterMapped(ep)) return !(this.suspended && holdsOutside(ep.method)) && this.fallback.usable;
    return !this.suspended && this.router.held;
  }

  view(): ReachabilityView {
    return {
      checking: this.checking,
      endpoint: this.endpointValue,
      usable: this.usable,
      suspended: this.suspended,
      endpointSince: this.endpointSince,
      localAddress: this.localAddress,
      routerExternalIp: this.router.externalIp,
      natWarning: this.router.natWarning,
      ignoredPublicUrl: this.ignoredPublicUrl,
      mapping: this.router.info(),
      fallback: this.fallback.view(),
      steps: this.steps.mergedWith(this.router.status?.steps ?? []),
    };
  }

  /**
   * The last detection step for the REGISTER payload's transport_metadata: its kind only (the message id, such as
   * `ladder.mapping.mapped`), never its words, whose values can name this computer's LAN address or the router's.
   */
  lastStep(): string | null {
    const steps = this.view().steps;
    return steps[steps.length - 1]?.words.id ?? null;
  }

  /** Runs the ladder once; `offered` false = availability is off, so no mapping is asked for yet. */
  start(offered: boolean): Promise<void> {
    this.suspended = !offered;
    this.settingsKey = this.keyOf(this.o.settings());
    this.checking = true;
    return this.enqueue(() => this.runLadder(said('ladder.reason.start'), false));
  }

  /**
   * Looks again from the top (router rebooted, port forwarded by hand). Returns at once; progress is in view().
   * `reason` is said in the first step; a text (a rung's English reason) is quoted there.
   */
  recheck(reason: Said | string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.checking = true;
    this.o.onChange();
    return this.enqueue(async () => {
      await this.router.drop(null);
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
    if (isRouterMapped(ep) && this.router.renewNow()) return this.queue;
    // A bound relay or a watched tunnel notices a dead session by itself and recovers.
    if (ep?.method === 'relay' || ep?.method === 'quick_tunnel' || ep?.method === 'tunnel') return this.queue;
    // A public URL is the person's own; a paused node asks the router for nothing until it is switched on.
    if (ep?.method === 'public_url' || (this.suspended && (ep === null || isRouterMapped(ep)))) return this.queue;
    return this.recheck(said('ladder.reason.woke'));
  }

  /** The public URL or the port-mapping mode changed: look again. Other settings do not matter here. */
  settingsChanged(): void {
    const key = this.keyOf(this.o.settings());
    if (key === this.settingsKey) return;
    this.settingsKey = key;
    void this.recheck(said('ladder.reason.settings'));
  }

  /** Availability switched off: remove the router mapping (the person did not offer the port any more). */
  suspend(): Promise<void> {
    if (this.suspended || this.stopped) return this.queue;
    this.suspended = true;
    const ep = this.endpointValue;
    const what = (ep && suspendWords(ep.method)) ?? said('ladder.suspend.mapping');
    return this.enqueue(async () => {
      await this.router.drop(isRouterMapped(ep) ? what : null);
      if (ep && !isRouterMapped(ep) && holdsOutside(ep.method)) {
        await this.fallback.drop();
        this.steps.step(what);
      }
    });
  }

  /** Availability switched on again: map the port again if that is how the node is reached. */
  resume(): Promise<void> {
    if (!this.suspended || this.stopped) return this.queue;
    this.suspended = false;
    const ep = this.endpointValue;
    if (ep && !holdsOutside(ep.method)) return this.queue;
    this.checking = true;
    this.o.onChange();
    return this.enqueue(() => this.runLadder(said('ladder.reason.switchedOn'), true));
  }

  /** Removes the mapping (waiting for a router exchange in flight) and stops looking. Idempotent. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Stopping the mapping task now makes a ladder waiting on the router give up instead of finishing its install.
    this.router.abort();
    return this.enqueue(async () => {
      await this.router.drop(null);
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
      this.steps.step(said('ladder.look.failed', { detail: err instanceof Error ? err.message : String(err) }));
      this.o.log('error', 'reachability_failed', err instanceof Error ? err.message : String(err));
      this.o.onChange();
    });
    this.queue = next;
    return next;
  }

  private async runLadder(reason: Said | string, republish: boolean): Promise<void> {
    if (this.stopped) {
      this.checking = false;
      return;
    }
    this.checking = true;
    this.steps.clear();
    this.router.forgetFacts();
    this.ignoredPublicUrl = null;
    this.steps.step(
      said('ladder.look.because', {
        reason: typeof reason === 'string' ? said('ladder.look.quoted', { text: reason }) : reason,
      }),
    );
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
    if (found) this.steps.step(said('ladder.look.advertising', { url: found.url }));
    this.o.log(
      found ? 'info' : 'warn',
      'reachability',
      found ? `method=${found.method} endpoint=${found.url}` : 'none',
    );
    if (found && (found.url !== previous?.url || republish))
      this.o.onEndpoint(found.url !== previous?.url ? 'endpoint changed' : 'port mapping restored');
    else if (!found && previous) this.o.onEndpoint('no public address any more');
    this.armRecheck();
    this.o.onChange();
  }

  private async ladder(): Promise<Advertisement | null> {
    const s = this.o.settings();
    const port = this.o.port();
    const step = (words: Said) => this.steps.step(words);
    if (port === null) {
      step(said('ladder.look.noTaskServer'));
      return null;
    }
    // 1. The person's own public URL (a tunnel, a forwarded port, a reverse proxy).
    if (s.publicEndpoint) {
      const { found, ignored } = publicUrlRung(s.publicEndpoint, this.o.allowPrivateEndpoint === true, step);
      if (found) return found;
      this.ignoredPublicUrl = ignored;
    }
    // 2. A public IPv4 address on an interface (cloud VM, modem in bridge mode).
    const local = readLocalAddresses(this.t.interfaces);
    this.localAddress = local.lanIpv4;
    const v4 = publicIpv4Rung(local, port, step);
    if (v4) return v4;
    // 3. A port mapping on the router.
    const mapped = await this.router.map(s.portMapping, port, this.suspended);
    if (mapped || this.stopped) return mapped;
    // 4. IPv6 with a pinhole, a tunnel, a relay — or, when none works, an IPv6 address behind the router's firewall.
    const rest = await this.fallback.find(local, this.suspended, () => this.stopped);
    if (!rest && !this.stopped) step(said('ladder.look.nothing'));
    return rest;
  }

  /** A renewal moved the router mapping to another public address. */
  private routerMoved(url: string): void {
    const ep = this.endpointValue;
    if (!ep || this.checking) return;
    this.endpointValue = { ...ep, url };
    this.endpointSince = this.now();
    this.o.onEndpoint('the router reports a new public address');
  }

  /** The router installed the mapping again after dropping it (the ladder was not running: RouterMapping checked). */
  private routerRestored(url: string): void {
    if (this.endpointValue) this.endpointValue = { ...this.endpointValue, url };
    this.endpointSince = this.now();
    this.o.onEndpoint('port mapping restored');
  }

  private fallbackMoved(next: Advertisement, reason: Said): void {
    if (this.checking || this.stopped) return;
    this.endpointValue = next;
    this.endpointSince = this.now();
    this.o.log('info', 'reachability', `method=${next.method} endpoint=${next.url}`);
    this.o.onEndpoint(english.said(reason));
    this.o.onChange();
  }

  private fallbackLost(reason: Said, gone: boolean): void {
    if (this.checking || this.stopped) return;
    this.steps.step(said('ladder.look.lost', { reason }));
    this.o.onLost?.(english.said(reason));
    this.o.onChange();
    // A rung switched off does not come back by itself soon: the ladder looks for another way in (a relay).
    if (gone) void this.recheck(reason);
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
      if (!this.suspended && (ep === null || gone))
        void this.recheck(said(gone ? 'ladder.reason.addressLeft' : 'ladder.reason.periodic'));
      else this.armRecheck();
    }, this.t.recheckIntervalMs);
    this.timer.unref?.();
  }
}
