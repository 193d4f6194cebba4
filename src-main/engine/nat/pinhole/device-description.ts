import { parseLanUrl, resolveLanUrl, type LanUrl } from './lan-url';
import { walkXml } from './xml';

/** The service type searched for; a device lists it under its WANConnectionDevice (IGDv2). */
export const FIREWALL_SERVICE_V1 = 'urn:schemas-upnp-org:service:WANIPv6FirewallControl:1';
const FIREWALL_SERVICE_PREFIX = 'urn:schemas-upnp-org:service:WANIPv6FirewallControl:';
/** A router lists one firewall service, two at most (one per device); more is not a router. */
const MAX_FIREWALL_SERVICES = 16;

export interface FirewallServiceEntry {
  /** Exactly as the device wrote it: the SOAPAction header must repeat it. */
  serviceType: string;
  controlUrl: LanUrl;
  /** The device's friendly name, for plain-words steps ("FRITZ!Box 7590"), or null. */
  deviceName: string | null;
}

/** What a device description says about its firewall services, before any URL is resolved (plain data). */
export interface DeviceDescription {
  urlBase: string | null;
  services: { serviceType: string; controlUrl: string; deviceName: string | null }[];
}

/**
 * Reads the WANIPv6FirewallControl service(s) out of a UPnP device description, in one pass. Each service belongs
 * to the device whose serviceList holds it (devices nest: root > WANDevice > WANConnectionDevice), and carries that
 * device's friendlyName.
 */
export function readDeviceDescription(xml: string): DeviceDescription {
  let urlBase: string | null = null;
  const devices: { name: string | null }[] = [];
  const found: { serviceType: string; controlUrl: string; device: { name: string | null } }[] = [];
  let service: { serviceType: string | null; controlUrl: string | null; device: { name: string | null } } | null = null;
  walkXml(xml, {
    open(name, parents) {
      if (name === 'device') devices.push({ name: null });
      else if (
        name === 'service' &&
        parents.at(-1) === 'serviceList' &&
        parents.at(-2) === 'device' &&
        devices.length > 0
      ) {
        service = { serviceType: null, controlUrl: null, device: devices[devices.length - 1]! };
      }
    },
    close(name, parents, text) {
      const parent = parents.at(-1);
      if (name === 'URLBase') urlBase ??= text;
      else if (name === 'friendlyName' && parent === 'device') {
        const device = devices[devices.length - 1];
        if (device && device.name === null) device.name = text;
      } else if (name === 'device') devices.pop();
      else if (service && parent === 'service' && (name === 'serviceType' || name === 'controlURL')) {
        if (name === 'serviceType') service.serviceType ??= text;
        else service.controlUrl ??= text;
      } else if (service && name === 'service' && parent === 'serviceList') {
        const s: { serviceType: string | null; controlUrl: string | null; device: { name: string | null } } = service;
        service = null;
        if (
          s.serviceType?.startsWith(FIREWALL_SERVICE_PREFIX) &&
          s.controlUrl &&
          found.length < MAX_FIREWALL_SERVICES
        ) {
          found.push({ serviceType: s.serviceType, controlUrl: s.controlUrl, device: s.device });
        }
      }
    },
  });
  // Names are read at the end: a device may write its friendlyName after its serviceList.
  return {
    urlBase,
    services: found.map((s) => ({ serviceType: s.serviceType, controlUrl: s.controlUrl, deviceName: s.device.name })),
  };
}

/**
 * The firewall services of a description fetched from `location`. Control URLs are resolved against URLBase (UPnP
 * 1.0) when present, else against the description's own address. Services whose control URL is not an http:// IP
 * address are skipped: the client never resolves names or leaves the LAN.
 */
export function firewallServicesOf(desc: DeviceDescription, location: LanUrl): FirewallServiceEntry[] {
  const zone = location.host.includes('%') ? location.host.slice(location.host.indexOf('%') + 1) : undefined;
  const base = (desc.urlBase && parseLanUrl(desc.urlBase, zone)) || location;
  const out: FirewallServiceEntry[] = [];
  for (const svc of desc.services) {
    const controlUrl = resolveLanUrl(svc.controlUrl, base);
    if (controlUrl) out.push({ serviceType: svc.serviceType, controlUrl, deviceName: svc.deviceName });
  }
  return out;
}

/** Both steps on the calling thread, for documents already known to be small (tests, fixtures). */
export function parseFirewallServices(xml: string, location: LanUrl): FirewallServiceEntry[] {
  return firewallServicesOf(readDeviceDescription(xml), location);
}
