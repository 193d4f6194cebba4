import type { TimerFns } from '../../net';
import { toPinholeError, UpnpPinholeError } from './errors';
import type { PinholeTimings } from './pinhole-task-options';
import type { PinholeClient, PinholeService } from './upnp-pinhole-client';

/** The router that answered, what its IPv6 firewall says, and the services found after it. */
export interface FoundRouter {
  svc: PinholeService;
  /** The same router reached over the other IP family, usually. */
  others: PinholeService[];
  enabled: boolean;
  inboundAllowed: boolean;
}

export interface PinholeRouterOptions {
  client: PinholeClient;
  timers: TimerFns;
  timings: Pick<PinholeTimings, 'leaseSeconds' | 'callTimeoutMs' | 'discoverTimeoutMs' | 'stopTimeoutMs'>;
  address: string;
  port: number;
  /** The task is stopping: no further service is tried. */
  stopRequested: () => boolean;
}

/**
 * The pinhole task's exchanges with the router, for one address and port. Each call is raced against the task's own
 * timer, so a hung exchange can stall neither the task nor its stop().
 */
export class PinholeRouter {
  constructor(private readonly o: PinholeRouterOptions) {}

  /** The first service whose router answers GetFirewallStatus, with that status. */
  async find(): Promise<FoundRouter> {
    const { client, timings } = this.o;
    const services = await this.bounded(timings.discoverTimeoutMs, 'looking for the router', () => client.discover());
    let last: UpnpPinholeError | null = null;
    for (const [i, svc] of services.entries()) {
      if (this.o.stopRequested()) break;
      try {
        const s = await this.bounded(timings.callTimeoutMs, 'GetFirewallStatus', () => client.getFirewallStatus(svc));
        return {
          svc,
          others: services.slice(i + 1),
          enabled: s.firewallEnabled,
          inboundAllowed: s.inboundPinholeAllowed,
        };
      } catch (err) {
        last = toPinholeError(err, 'GetFirewallStatus');
      }
    }
    throw last ?? new UpnpPinholeError('unavailable', 'no router offering IPv6 pinholes answered');
  }

  /** AddPinhole for this address and port; resolves in the pinhole's ID. */
  add(svc: PinholeService): Promise<number> {
    const { address, port, timings } = this.o;
    return this.bounded(timings.callTimeoutMs, 'AddPinhole', () =>
      this.o.client.addPinhole(svc, {
        internalClient: address,
        internalPort: port,
        leaseSeconds: timings.leaseSeconds,
        protocol: 'tcp',
      }),
    );
  }

  update(svc: PinholeService, uniqueId: number): Promise<void> {
    return this.bounded(this.o.timings.callTimeoutMs, 'UpdatePinhole', () =>
      this.o.client.updatePinhole(svc, uniqueId, this.o.timings.leaseSeconds),
    );
  }

  remove(svc: PinholeService, uniqueId: number): Promise<void> {
    return this.bounded(this.o.timings.stopTimeoutMs, 'DeletePinhole', () =>
      this.o.client.deletePinhole(svc, uniqueId),
    );
  }

  private async bounded<T>(ms: number, what: string, fn: () => Promise<T>): Promise<T> {
    let handle: unknown;
    const timeout = new Promise<never>((_, reject) => {
      handle = this.o.timers.setTimeout(
        () => reject(new UpnpPinholeError('timeout', `${what}: no answer from the router within ${ms} ms`)),
        ms,
      );
    });
    try {
      return await Promise.race([fn(), timeout]);
    } finally {
      this.o.timers.clearTimeout(handle);
    }
  }
}
