import type NatAPI from '@silentbot1/nat-api';
import type { NatAPIOptions } from '@silentbot1/nat-api';
import { NatApiThread } from './nat-api-thread';
import {
  PortMapperError,
  protocolLabel,
  toPortMapperError,
  withTimeout,
  type InstallRequest,
  type Mapping,
  type PortMapper,
  type PortMapperProtocol,
} from './port-mapper';
import { realTimers, type TimerFns } from '../net';

/** The subset of NatAPI the adapter drives; lets tests substitute a fake client. */
export type NatApiClient = Pick<NatAPI, 'map' | 'unmap' | 'externalIp' | 'destroy'> & {
  /** Empties the client's list of opened ports, so destroy() does not unmap them. */
  forgetOpenPorts?: () => void;
  /** Resolves once the client can talk to the router (its thread has loaded). */
  ready?: () => Promise<void>;
};

export interface NatApiMapperOptions {
  /** Shown in the router's mapping table so an administrator can tell who opened the port. */
  description?: string;
  timeoutMs?: number;
  now?: () => number;
  timers?: TimerFns;
  createClient?: (opts: NatAPIOptions) => NatApiClient;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * One protocol per instance: the library's default is to try NAT-PMP then UPnP behind one call, which would hide
 * which protocol actually holds the mapping and make status reporting lie.
 */
export class NatApiMapper implements PortMapper {
  // The library only reports success or failure, never the port the router chose, so "any port" cannot be offered.
  readonly supportsAnyExternalPort = false;
  private client: NatApiClient | null = null;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly timers: TimerFns;
  private readonly description: string;
  private readonly createClient: (opts: NatAPIOptions) => NatApiClient;

  constructor(
    readonly protocol: PortMapperProtocol,
    opts: NatApiMapperOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = opts.now ?? Date.now;
    this.timers = opts.timers ?? realTimers;
    this.description = opts.description ?? 'IICP Provider';
    // The library reads what any LAN device answering the search sends: it runs in a worker thread with budgets.
    this.createClient = opts.createClient ?? ((o) => new NatApiThread(o, { budgetMs: this.timeoutMs }));
  }

  async ready(): Promise<void> {
    await this.started(this.getClient(), 'starting');
  }

  async probe(): Promise<{ externalIp: string }> {
    const client = this.getClient();
    const externalIp = await this.call('asking for the external address', (c) => c.externalIp());
    if (!externalIp) {
      this.retire(client);
      throw new PortMapperError('unavailable', `no ${this.label()} router answered with an external address`);
    }
    return { externalIp };
  }

  async install(req: InstallRequest): Promise<Mapping> {
    if (!isPort(req.internalPort) || !isPort(req.externalPort)) {
      // Port 0 would be a wildcard on some routers; the library could not tell us what was granted.
      throw new PortMapperError(
        'refused',
        `${this.label()} mapping needs explicit ports (got ${req.externalPort} → ${req.internalPort})`,
      );
    }
    const client = this.getClient();
    const add = () =>
      this.call('adding the port mapping', (c) =>
        c.map({
          publicPort: req.externalPort,
          privatePort: req.internalPort,
          protocol: 'TCP',
          ttl: req.leaseSeconds,
          description: this.description,
        }),
      );
    let ok = await add();
    if (!ok) {
      // The library folds every failure into `false`, including "no router answered" (a router rebooting). Only a
      // router that still answers has refused; asking for other ports from a silent one would end up holding a
      // random port once it is back.
      const answering = await this.call('asking for the external address', (c) => c.externalIp()).then(
        (ip) => Boolean(ip),
        () => false,
      );
      if (!answering) {
        // nat-api gives up on a silent NAT-PMP router after 1 s but leaves the request wedged in its queue.
        this.retire(client);
        throw new PortMapperError('unavailable', `no ${this.label()} router answered`);
      }
      // A router that is just back from a reboot (or a request lost on a busy machine) answers the next question but
      // missed the first: ask once more for the same port before calling it refused, or the node would settle on a
      // random public port that a moment later would have been its own.
      ok = await add();
      if (!ok)
        throw new PortMapperError('refused', `the ${this.label()} router did not accept TCP port ${req.externalPort}`);
    }
    const externalIp = await this.call('asking for the external address', (c) => c.externalIp());
    if (!externalIp) {
      throw new PortMapperError(
        'transport',
        `the ${this.label()} router mapped the port but did not report its external address`,
      );
    }
    return {
      protocol: this.protocol,
      externalIp,
      externalPort: req.externalPort,
      internalPort: req.internalPort,
      leaseSeconds: req.leaseSeconds,
      installedAt: this.now(),
    };
  }

  // Both UPnP AddPortMapping and NAT-PMP treat a repeated identical request as a refresh of the lease.
  renew(m: Mapping): Promise<Mapping> {
    return this.install({ internalPort: m.internalPort, externalPort: m.externalPort, leaseSeconds: m.leaseSeconds });
  }

  async remove(m: Mapping): Promise<void> {
    const ok = await this.call('removing the port mapping', (c) =>
      c.unmap({ publicPort: m.externalPort, privatePort: m.internalPort, protocol: 'TCP' }),
    );
    if (!ok)
      throw new PortMapperError(
        'transport',
        `the ${this.label()} router did not confirm removing TCP port ${m.externalPort}`,
      );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      await withTimeout(client.destroy(), this.timeoutMs, `closing the ${this.label()} client`, this.timers);
    } catch {
      // Closing is best effort: sockets are released by the process anyway, and the caller is shutting down.
    }
  }

  private label(): string {
    return protocolLabel(this.protocol);
  }

  // Created lazily: constructing the NAT-PMP client looks up the default gateway synchronously and the UPnP one
  // opens SSDP sockets, neither of which should happen before the mapper is used.
  private getClient(): NatApiClient {
    if (this.closed) throw new PortMapperError('unavailable', `the ${this.label()} mapper is closed`);
    this.client ??= this.createClient({
      enableUPNP: this.protocol === 'upnp',
      enablePMP: this.protocol === 'natpmp',
      // Renewal is owned by the mapping task; the library's own timer would renew behind its back forever.
      autoUpdate: false,
      description: this.description,
    });
    return this.client;
  }

  private async call<T>(what: string, fn: (c: NatApiClient) => Promise<T>): Promise<T> {
    const label = `${this.label()}: ${what}`;
    const client = await this.started(this.getClient(), what);
    try {
      return await withTimeout(fn(client), this.timeoutMs, label, this.timers);
    } catch (err) {
      this.retire(client);
      throw toPortMapperError(err, label);
    }
  }

  /** The client once it can talk to the router; its start has its own time limit, outside the router's. */
  private async started(client: NatApiClient, what: string): Promise<NatApiClient> {
    try {
      await client.ready?.();
      return client;
    } catch (err) {
      this.retire(client);
      throw toPortMapperError(err, `${this.label()}: ${what}`);
    }
  }

  /**
   * Replaces a client after a failed exchange. The library's NAT-PMP client keeps an unanswered request at the
   * head of its queue forever (every later request then times out), and both clients look up the gateway and
   * interfaces only once, when created; a router that rebooted or a network that came back needs a fresh one.
   */
  private retire(client: NatApiClient): void {
    if (this.client !== client) return;
    this.client = null;
    // destroy() would first unmap every port this client opened — the router may still hold our live mapping, and
    // the next client renews it — so the list is emptied before the sockets are closed.
    if (client.forgetOpenPorts) client.forgetOpenPorts();
    else {
      const open = (client as unknown as { _openPorts?: unknown[] })._openPorts;
      if (Array.isArray(open)) open.length = 0;
    }
    void withTimeout(client.destroy(), this.timeoutMs, `closing the ${this.label()} client`, this.timers).catch(
      () => undefined,
    );
  }
}

function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}
