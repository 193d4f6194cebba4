import { parseLanUrl, resolveLanUrl, type LanUrl } from './lan-url';
import { cleanXml, elements, textOf } from './xml';

/** The service type searched for; a device lists it under its WANConnectionDevice (IGDv2). */
export const FIREWALL_SERVICE_V1 = 'urn:schemas-upnp-org:service:WANIPv6FirewallControl:1';
const FIREWALL_SERVICE_PREFIX = 'urn:schemas-upnp-org:service:WANIPv6FirewallControl:';

export interface FirewallServiceEntry {
  /** Exactly as the device wrote it: the SOAPAction header must repeat it. */
  serviceType: string;
  controlUrl: LanUrl;
  /** The device's friendly name, for plain-words steps ("FRITZ!Box 7590"), or null. */
  deviceName: string | null;
}

/**
 * Finds the WANIPv6FirewallControl service(s) in a UPnP device description fetched from `location`. Control URLs
 * are resolved against URLBase (UPnP 1.0) when present, else against the description's own address. Services
 * whose control URL is not an http:// IP address are skipped: the client never resolves names or leaves the LAN.
 */
export function parseFirewallServices(xml: string, location: LanUrl): FirewallServiceEntry[] {
  const doc = cleanXml(xml);
  const urlBaseText = textOf(doc, 'URLBase');
  const zone = location.host.includes('%') ? location.host.slice(location.host.indexOf('%') + 1) : undefined;
  const base = (urlBaseText && parseLanUrl(urlBaseText, zone)) || location;
  const out: FirewallServiceEntry[] = [];
  for (const device of deviceBlocks(doc)) {
    for (const svc of elements(device.services, 'service')) {
      const serviceType = textOf(svc.inner, 'serviceType');
      if (!serviceType || !serviceType.startsWith(FIREWALL_SERVICE_PREFIX)) continue;
      const control = textOf(svc.inner, 'controlURL');
      const controlUrl = control ? resolveLanUrl(control, base) : null;
      if (!controlUrl) continue;
      out.push({ serviceType, controlUrl, deviceName: device.name });
    }
  }
  return out;
}

/**
 * Each device's own serviceList with its friendlyName. Devices nest (root > WANDevice > WANConnectionDevice), so
 * the document is cut at every <device> tag: what follows a tag up to the next one belongs to that device.
 */
function deviceBlocks(doc: string): { name: string | null; services: string }[] {
  const parts = doc.split(/<(?:[A-Za-z_][\w.-]*:)?device(?:\s[^>]*)?>/);
  return parts.slice(1).map((part) => {
    const list = /<(?:[A-Za-z_][\w.-]*:)?serviceList(?:\s[^>]*)?>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?serviceList\s*>/.exec(part);
    const head = part.split(/<(?:[A-Za-z_][\w.-]*:)?(?:serviceList|deviceList)[\s>]/)[0] ?? '';
    return { name: textOf(head, 'friendlyName'), services: list?.[1] ?? '' };
  });
}
