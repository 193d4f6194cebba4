import { isIP } from 'node:net';
import type { InterfaceSource } from '../local-addresses';
import { FIREWALL_SERVICE_V1, firewallServicesOf, type FirewallServiceEntry } from './device-description';
import { toPinholeError, UpnpPinholeError } from './errors';
import { lanHttp, LanHttpError } from './lan-http';
import { formatLanUrl, isOnLocalNetwork, lanUrlFamily, stripZone, type LanUrl } from './lan-url';
import {
  soapBool,
  soapEnvelope,
  soapHeaders,
  soapResult,
  soapUint,
  unreadableSoap,
  type SoapAnswer,
  type SoapArgs,
} from './soap';
import { ssdpSearch, type SsdpTarget } from './ssdp';
import { deviceXmlReader, type DeviceXmlReader } from './xml-reader';

/** One router's WANIPv6FirewallControl service, as found on the LAN. */
export interface PinholeService {
  serviceType: string;
  controlUrl: LanUrl;
  /** The control URL as people read it, for steps and errors. */
  controlUrlText: string;
  /** The family SOAP calls use; pinhole calls need 6 on routers that check the sender (miniupnpd). */
  family: 4 | 6;
  deviceName: string | null;
  /** The SSDP SERVER header ("… MiniUPnPd/2.3.1"), or null. */
  server: string | null;
}

export interface FirewallStatus {
  /** False: the router lets all inbound IPv6 through, there is nothing to open. */
  firewallEnabled: boolean;
  /** False: the firewall is on and devices may not open pinholes in it. */
  inboundPinholeAllowed: boolean;
}

export interface AddPinholeRequest {
  /** The IPv6 address inbound connections are let through to (this computer's global address). */
  internalClient: string;
  internalPort: number;
  leaseSeconds: number;
  protocol?: 'tcp' | 'udp';
}

/** What the pinhole task needs from a router; the scripted client of the unit tests implements it too. */
export interface PinholeClient {
  /** Services found, IPv6 ones first; throws `unavailable` when there is none. */
  discover(): Promise<PinholeService[]>;
  getFirewallStatus(svc: PinholeService): Promise<FirewallStatus>;
  /** Returns the router's UniqueID for the pinhole. */
  addPinhole(svc: PinholeService, req: AddPinholeRequest): Promise<number>;
  updatePinhole(svc: PinholeService, uniqueId: number, leaseSeconds: number): Promise<void>;
  deletePinhole(svc: PinholeService, uniqueId: number): Promise<void>;
}

export interface UpnpPinholeClientOptions {
  /**
   * The IPv6 address SOAP calls over IPv6 are sent from: normally the address being opened. Routers let a device
   * open pinholes only for the address its request comes from (miniupnpd answers 606 otherwise), and the system
   * would otherwise pick a source itself — often a temporary privacy address, not the one advertised.
   */
  localAddress?: string;
  /** Bound on the SSDP search (default 5 s). */
  ssdpTimeoutMs?: number;
  /** Listening time after the first SSDP answer (default 1 s). */
  ssdpSettleMs?: number;
  /** Bound on each HTTP exchange: the description fetch and every SOAP call (default 5 s). */
  httpTimeoutMs?: number;
  interfaces?: InterfaceSource;
  /** Devices to search by unicast instead of multicast (see ssdp.ts); tests point it at a stand-in on loopback. */
  ssdpTargets?: readonly SsdpTarget[];
  /** Reads descriptions and SOAP answers off the node's thread (default: the node's one reader). */
  xmlReader?: DeviceXmlReader;
}

/** WANIPv6FirewallControl:1 LeaseTime range (ui4, 1..86400 s). */
export const MAX_PINHOLE_LEASE_SECONDS = 86_400;
const MAX_DESCRIPTION_BYTES = 256 * 1024;
const MAX_SOAP_BYTES = 64 * 1024;
/** Descriptions read per discovery: a router answers once per family; more answers than this are not worth a read. */
const MAX_DESCRIPTIONS = 8;
// UniqueID is a ui2 in the service description; a little slack for devices that number past it.
const MAX_UNIQUE_ID = 0xffffffff;

/**
 * A UPnP IGDv2 WANIPv6FirewallControl:1 client: raw SSDP + HTTP + SOAP on the LAN only (IP literals, no DNS, no
 * redirects, capped answers, every exchange bounded in time).
 */
export class UpnpPinholeClient implements PinholeClient {
  private readonly ssdpTimeoutMs: number;
  private readonly ssdpSettleMs: number;
  private readonly httpTimeoutMs: number;

  constructor(private readonly opts: UpnpPinholeClientOptions = {}) {
    if (opts.localAddress !== undefined && isIP(stripZone(opts.localAddress)) !== 6) {
      throw new RangeError(`localAddress must be an IPv6 address (got ${opts.localAddress})`);
    }
    this.ssdpTimeoutMs = opts.ssdpTimeoutMs ?? 5_000;
    this.ssdpSettleMs = opts.ssdpSettleMs ?? 1_000;
    this.httpTimeoutMs = opts.httpTimeoutMs ?? 5_000;
  }

  private get reader(): DeviceXmlReader {
    return this.opts.xmlReader ?? deviceXmlReader;
  }

  async discover(): Promise<PinholeService[]> {
    const answers = await ssdpSearch({
      searchTarget: FIREWALL_SERVICE_V1,
      timeoutMs: this.ssdpTimeoutMs,
      settleMs: this.ssdpSettleMs,
      interfaces: this.opts.interfaces,
      targets: this.opts.ssdpTargets,
    });
    if (answers.length === 0) {
      throw new UpnpPinholeError(
        'unavailable',
        `no router on this network answered a search for IPv6 pinhole support (UPnP WANIPv6FirewallControl) within ${Math.round(this.ssdpTimeoutMs / 1000)} s`,
      );
    }
    // IPv6 first: only a call that arrives over IPv6 from the pinhole's own address passes routers' sender check.
    answers.sort((a, b) => b.family - a.family);
    const services = new Map<string, PinholeService>();
    const problems: string[] = [];
    // A device that answered and then could not be read marks the failure as the device's, not a missing router's.
    let unreadable = false;
    for (const answer of answers.slice(0, MAX_DESCRIPTIONS)) {
      let xml: string;
      try {
        xml = await this.fetchDescription(answer.location);
      } catch (err) {
        unreadable = true;
        problems.push(toPinholeError(err, `reading ${formatLanUrl(answer.location)}`).message);
        continue;
      }
      let entries: FirewallServiceEntry[];
      try {
        entries = firewallServicesOf(await this.reader.description(xml), answer.location);
      } catch (err) {
        unreadable = true;
        problems.push(
          `the description at ${formatLanUrl(answer.location)} could not be read: ${(err as Error).message}`,
        );
        continue;
      }
      for (const e of entries) {
        if (!isOnLocalNetwork(e.controlUrl.host, { sender: answer.location.host, interfaces: this.opts.interfaces }))
          continue;
        const text = formatLanUrl(e.controlUrl);
        if (services.has(text)) continue;
        services.set(text, {
          serviceType: e.serviceType,
          controlUrl: e.controlUrl,
          controlUrlText: text,
          family: lanUrlFamily(e.controlUrl),
          deviceName: e.deviceName,
          server: answer.server,
        });
      }
      if (entries.length === 0)
        problems.push(`the description at ${formatLanUrl(answer.location)} lists no WANIPv6FirewallControl service`);
    }
    if (services.size === 0) {
      const text = `a router answered but offers no usable IPv6 pinhole service: ${problems.join('; ')}`;
      throw unreadable
        ? new UpnpPinholeError('transport', text, { unreadable: true })
        : new UpnpPinholeError('unavailable', text);
    }
    return [...services.values()];
  }

  async getFirewallStatus(svc: PinholeService): Promise<FirewallStatus> {
    const out = await this.call(svc, 'GetFirewallStatus', []);
    return {
      firewallEnabled: soapBool(out, 'GetFirewallStatus', 'FirewallEnabled'),
      inboundPinholeAllowed: soapBool(out, 'GetFirewallStatus', 'InboundPinholeAllowed'),
    };
  }

  async addPinhole(svc: PinholeService, req: AddPinholeRequest): Promise<number> {
    if (isIP(req.internalClient) !== 6)
      throw new RangeError(`internalClient must be an IPv6 address (got ${req.internalClient})`);
    checkPort(req.internalPort);
    checkLease(req.leaseSeconds);
    // RemoteHost empty and RemotePort 0: any peer on the internet may connect (the node serves the public).
    const out = await this.call(svc, 'AddPinhole', [
      ['RemoteHost', ''],
      ['RemotePort', '0'],
      ['InternalClient', req.internalClient],
      ['InternalPort', String(req.internalPort)],
      ['Protocol', req.protocol === 'udp' ? '17' : '6'],
      ['LeaseTime', String(req.leaseSeconds)],
    ]);
    return soapUint(out, 'AddPinhole', 'UniqueID', MAX_UNIQUE_ID);
  }

  async updatePinhole(svc: PinholeService, uniqueId: number, leaseSeconds: number): Promise<void> {
    checkLease(leaseSeconds);
    await this.call(svc, 'UpdatePinhole', [
      ['UniqueID', String(uniqueId)],
      ['NewLeaseTime', String(leaseSeconds)],
    ]);
  }

  async deletePinhole(svc: PinholeService, uniqueId: number): Promise<void> {
    await this.call(svc, 'DeletePinhole', [['UniqueID', String(uniqueId)]]);
  }

  private async fetchDescription(location: LanUrl): Promise<string> {
    const res = await lanHttp({
      url: location,
      method: 'GET',
      timeoutMs: this.httpTimeoutMs,
      maxBytes: MAX_DESCRIPTION_BYTES,
    });
    if (res.status !== 200)
      throw new UpnpPinholeError('transport', `the router answered HTTP ${res.status} for its description`);
    return res.body;
  }

  private async call(svc: PinholeService, action: string, args: SoapArgs): Promise<Map<string, string>> {
    let res;
    try {
      res = await lanHttp({
        url: svc.controlUrl,
        method: 'POST',
        headers: soapHeaders(svc.serviceType, action),
        body: soapEnvelope(svc.serviceType, action, args),
        timeoutMs: this.httpTimeoutMs,
        maxBytes: MAX_SOAP_BYTES,
        localAddress: svc.family === 6 ? this.opts.localAddress : undefined,
      });
    } catch (err) {
      throw httpFailure(err, action, svc, this.opts.localAddress);
    }
    let answer: SoapAnswer;
    try {
      answer = await this.reader.soap(action, res.body);
    } catch (err) {
      throw unreadableSoap(action, err);
    }
    return soapResult(action, res.status, answer);
  }
}

function httpFailure(
  err: unknown,
  action: string,
  svc: PinholeService,
  localAddress: string | undefined,
): UpnpPinholeError {
  if (!(err instanceof LanHttpError)) return toPinholeError(err, action);
  const where = svc.controlUrlText;
  switch (err.code) {
    case 'ETIMEDOUT':
      return new UpnpPinholeError('timeout', `${action}: the router did not answer at ${where} (${err.message})`, {
        action,
        cause: err,
      });
    case 'ECONNREFUSED':
      return new UpnpPinholeError(
        'transport',
        `${action}: the router refused the connection to ${where} (it may have restarted on another port)`,
        { action, cause: err },
      );
    case 'EADDRNOTAVAIL':
      return new UpnpPinholeError(
        'transport',
        `${action}: this computer no longer has the address ${localAddress ?? '(unknown)'} to send from`,
        { action, cause: err },
      );
    default:
      return new UpnpPinholeError(
        'transport',
        `${action}: the exchange with ${where} failed (${err.code}: ${err.message})`,
        { action, cause: err },
      );
  }
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`port must be 1..65535 (got ${port})`);
}

function checkLease(lease: number): void {
  if (!Number.isInteger(lease) || lease < 1 || lease > MAX_PINHOLE_LEASE_SECONDS) {
    throw new RangeError(`lease must be 1..${MAX_PINHOLE_LEASE_SECONDS} s (got ${lease})`);
  }
}
