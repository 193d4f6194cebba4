import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { classifyIp } from '../../net';
import type { InterfaceSource } from '../local-addresses';

/**
 * An http:// address on the LAN. Kept as parts rather than a URL object because a router may announce itself on
 * a link-local IPv6 address, which only works with its zone (`fe80::1%eth0`), and WHATWG URLs cannot hold zones.
 */
export interface LanUrl {
  /** An IP literal without brackets, with `%zone` for a link-local IPv6 address. */
  host: string;
  port: number;
  /** Starts with "/"; includes any query. */
  path: string;
}

export function lanUrlFamily(u: LanUrl): 4 | 6 {
  return isIP(stripZone(u.host)) === 6 ? 6 : 4;
}

export function formatLanUrl(u: LanUrl): string {
  const host = lanUrlFamily(u) === 6 ? `[${u.host}]` : u.host;
  return `http://${host}:${u.port}${u.path}`;
}

/** The Host header value: brackets for IPv6, never the zone (it means nothing to the server). */
export function hostHeader(u: LanUrl): string {
  return lanUrlFamily(u) === 6 ? `[${stripZone(u.host)}]:${u.port}` : `${u.host}:${u.port}`;
}

export function stripZone(host: string): string {
  const i = host.indexOf('%');
  return i < 0 ? host : host.slice(0, i);
}

/**
 * Parses an absolute http:// URL whose host is an IP literal. Host names are refused: resolving them would send a
 * DNS query off the LAN, and routers announce themselves by address anyway. `zone` is attached to a link-local IPv6
 * host that comes without one (the interface the SSDP answer arrived on).
 */
export function parseLanUrl(text: string, zone?: string): LanUrl | null {
  const m = /^http:\/\/(\[([^\]]+)\]|[0-9.]+)(?::(\d{1,5}))?(\/[^\s#]*)?$/i.exec(text.trim());
  if (!m) return null;
  let host = m[2] ?? m[1]!;
  if (m[2] !== undefined) {
    // A zone in a URL is written %25zone (RFC 6874); some devices write a bare %zone.
    host = host.replace(/%25/, '%');
    const bare = stripZone(host);
    if (isIP(bare) !== 6) return null;
    if (host === bare && zone && isLinkLocalV6(bare)) host = `${bare}%${zone}`;
  } else if (isIP(host) !== 4) {
    return null;
  }
  const port = m[3] === undefined ? 80 : Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return { host, port, path: m[4] ?? '/' };
}

/**
 * Resolves a description's controlURL (absolute, absolute path, or relative) against the description's own
 * address or its URLBase.
 */
export function resolveLanUrl(ref: string, base: LanUrl): LanUrl | null {
  const r = ref.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(r)) return parseLanUrl(r, zoneOf(base.host));
  if (!r) return null;
  if (r.startsWith('//')) return null;
  const basePath = base.path.split('?')[0]!;
  const path = r.startsWith('/') ? r : `${basePath.slice(0, basePath.lastIndexOf('/') + 1)}${r}`;
  if (/\s/.test(path)) return null;
  return { host: base.host, port: base.port, path };
}

function zoneOf(host: string): string | undefined {
  const i = host.indexOf('%');
  return i < 0 ? undefined : host.slice(i + 1);
}

/** An IPv6 link-local address (fe80::/10, however it is written), the kind that needs its zone. */
export function isLinkLocalV6(ip: string): boolean {
  const c = classifyIp(ip);
  return c !== null && c.family === 6 && !c.mapped && c.range === 'link_local';
}

/**
 * Whether `host` is on this computer's own network: link-local, the device that answered SSDP, or inside the
 * subnet of one of this computer's interfaces. A LAN device cannot point the app at an address on the internet.
 */
export function isOnLocalNetwork(host: string, opts: { sender?: string; interfaces?: InterfaceSource } = {}): boolean {
  const ip = stripZone(host);
  const family = isIP(ip);
  if (family === 0) return false;
  if (opts.sender && stripZone(opts.sender) === ip) return true;
  if (classifyIp(ip)?.range === 'link_local') return true;
  const subnets = new BlockList();
  let table: ReturnType<InterfaceSource>;
  try {
    table = (opts.interfaces ?? networkInterfaces)();
  } catch {
    table = {};
  }
  for (const infos of Object.values(table)) {
    for (const info of infos ?? []) {
      if (info.internal || !info.cidr) continue;
      const [net, bits] = info.cidr.split('/');
      const type = info.family === 'IPv6' ? 'ipv6' : 'ipv4';
      try {
        subnets.addSubnet(stripZone(net!), Number(bits), type);
      } catch {
        // An entry Node could not describe properly; it cannot vouch for anything.
      }
    }
  }
  return subnets.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}
