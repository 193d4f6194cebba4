import type { Settings } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import type { RelayBinding, RelayWorker, RelayWorkerOptions, RelayWorkerStatus } from '../relay';
import { advert, type Advertisement } from './advertisement';
import type { LocalAddresses } from './local-addresses';
import type { PinholeRung, PinholeView } from './pinhole-rung';
import type { TunnelRung, TunnelView } from './tunnel-rung';

export interface FallbackOptions {
  port: () => number | null;
  settings: () => Settings;
  /**
   * The relay worker (it needs the node's identity and task pipeline, so the node builds it); its bound/lost events
   * come back here, where the rung in use is known.
   */
  createRelay?: (events: Pick<RelayWorkerOptions, 'onBound' | 'onLost'>) => RelayWorker | null;
  tunnels?: TunnelRung;
  pinhole?: PinholeRung;
  step: (words: Said) => void;
  onChange: () => void;
  /** What is advertised moved (a new relay, a rotated tunnel URL): the directory must hear of it. */
  onEndpoint: (next: Advertisement, reason: Said) => void;
  /**
   * The way in went away (the relay or the tunnel is down): consumers cannot reach the node meanwhile. `gone`: it was
   * switched off and does not come back soon, so another way in is looked for.
   */
  onLost: (reason: Said, gone?: boolean) => void;
}

export interface FallbackView {
  relay: RelayWorkerStatus | null;
  tunnel: TunnelView | null;
  pinhole: PinholeView | null;
}

/**
 * The ladder's rungs after the router, in the reference node's order: IPv6 with a firewall pinhole, a tunnel that is
 * already running, a Cloudflare quick tunnel (opt-in), a relay — and, only when none of them works, an IPv6 address
 * whose router firewall nobody opened. Each held rung keeps itself alive and reports when it moves or goes.
 */
export class FallbackRungs {
  private relay: RelayWorker | null = null;
  private current: Advertisement | null = null;
  /** The IPv6 rung in use rests on what the router opened (or said is open), not on an untested address. */
  private pinholeUsed = false;

  constructor(private readonly o: FallbackOptions) {}

  /** The rung in use works right now (the relay is bound, the tunnel answers, the pinhole is open). */
  get usable(): boolean {
    const ep = this.current;
    if (!ep) return false;
    if (ep.method === 'relay') return this.relay?.usable ?? false;
    if (ep.method === 'quick_tunnel' || ep.method === 'tunnel') return this.o.tunnels?.usable ?? false;
    if (ep.method === 'ipv6' && this.pinholeUsed) return this.o.pinhole?.usable ?? false;
    return true;
  }

  view(): FallbackView {
    return {
      relay: this.relay?.status ?? null,
      tunnel: this.o.tunnels?.view() ?? null,
      pinhole: this.o.pinhole?.view() ?? null,
    };
  }

  /** Walks the rungs in order; `suspended` (availability off) opens nothing on the router or elsewhere. */
  async find(local: LocalAddresses, suspended: boolean, stopped: () => boolean): Promise<Advertisement | null> {
    const port = this.o.port();
    const s = this.o.settings();
    if (port === null) return null;
    const v6 = local.globalIpv6[0] ?? null;
    const ipv6 = (address: string, pinhole: boolean) =>
      advert({
        url: `http://[${address}]:${port}`,
        method: 'ipv6',
        transportMethod: 'direct',
        tier: 1,
        address,
        pinhole,
      });
    let found: Advertisement | null = null;
    if (v6 && this.o.pinhole && !suspended) {
      const open = await this.o.pinhole.open(v6, port, this.o.step);
      if (open === 'pinhole') {
        this.o.step(said('tunnel.fallback.pinholeOpened', { port: String(port), address: v6 }));
        found = ipv6(v6, true);
      } else if (open === 'firewall_off') {
        this.o.step(said('tunnel.fallback.firewallOpen', { address: v6 }));
        found = ipv6(v6, false);
      }
    }
    if (!found && !stopped() && this.o.tunnels) {
      const existing = await this.o.tunnels.findExisting(port, this.o.step);
      if (existing) found = advert({ url: existing, method: 'tunnel', transportMethod: 'external_tunnel', tier: 1 });
    }
    if (!found && !stopped() && this.o.tunnels && s.quickTunnel) {
      if (suspended) this.o.step(said('tunnel.fallback.quickSuspended'));
      else {
        const url = await this.o.tunnels.startQuick(port, this.o.step, (next, reason, gone) =>
          this.moved(next ? quickTunnelAdvert(next) : null, reason, gone),
        );
        if (url) found = quickTunnelAdvert(url);
      }
    } else if (!found && !stopped() && this.o.tunnels && !s.quickTunnel && this.o.tunnels.quickAvailable()) {
      this.o.step(said('tunnel.fallback.quickAllowable'));
    }
    if (!found && !stopped() && s.relayFallback) {
      if (suspended) this.o.step(said('tunnel.fallback.relaySuspended'));
      else found = await this.bindRelay();
    } else if (!found && !s.relayFallback) {
      this.o.step(said('tunnel.fallback.relayOff'));
    }
    if (!found && v6) {
      this.o.step(said('tunnel.fallback.bareIpv6', { address: v6 }));
      found = ipv6(v6, false);
    }
    this.pinholeUsed = found?.method === 'ipv6' && found.address === v6 && this.o.pinhole?.usable === true;
    if (!this.pinholeUsed) await this.o.pinhole?.close();
    this.current = found;
    return found;
  }

  /**
   * Lets go of whatever rung is held (recheck, suspend, stop): the relay unbinds, the tunnel stops, the pinhole closes.
   */
  async drop(): Promise<void> {
    const relay = this.relay;
    this.relay = null;
    this.current = null;
    this.pinholeUsed = false;
    await Promise.all([relay?.stop(), this.o.tunnels?.stop(), this.o.pinhole?.close()]);
  }

  private async bindRelay(): Promise<Advertisement | null> {
    await this.relay?.stop();
    const relay =
      this.o.createRelay?.({ onBound: (b) => this.relayBound(b), onLost: (reason) => this.relayLost(reason) }) ?? null;
    this.relay = relay;
    if (!relay) return null;
    this.o.step(said('tunnel.fallback.relayLooking'));
    const binding = await relay.connect();
    if (!binding) {
      this.o.step(
        said('tunnel.fallback.relayNone', { reason: relay.status.lastError ?? said('tunnel.fallback.noRelay') }),
      );
      await relay.stop();
      if (this.relay === relay) this.relay = null;
      return null;
    }
    return relayAdvert(binding);
  }

  /** The relay worker bound again after a loss (possibly to another relay; the first bind is `find`'s). */
  private relayBound(binding: RelayBinding): void {
    const next = relayAdvert(binding);
    if (this.current?.method !== 'relay') return;
    if (next.url !== this.current.url) this.moved(next, said('tunnel.reason.newRelay'));
    else this.o.onChange();
  }

  private relayLost(reason: Said): void {
    if (this.current?.method === 'relay') this.o.onLost(said('tunnel.reason.relayLost', { reason }));
  }

  private moved(next: Advertisement | null, reason: Said, gone = false): void {
    if (!next) {
      this.o.onLost(reason, gone);
      return;
    }
    this.current = next;
    this.o.onEndpoint(next, reason);
  }
}

function quickTunnelAdvert(url: string): Advertisement {
  return advert({ url, method: 'quick_tunnel', transportMethod: 'external_tunnel', tier: 3 });
}

function relayAdvert(b: RelayBinding): Advertisement {
  return advert({ url: b.endpoint, method: 'relay', transportMethod: 'turn_relay', tier: 3, metadata: b.metadata });
}
