import { isIP } from 'node:net';

const RESERVED_SUFFIXES = ['.localhost', '.local', '.test', '.example', '.invalid', '.lan', '.internal'];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
}

const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

/** Loopback, private (RFC 1918), CGNAT, link-local, documentation, multicast or reserved IPv4. */
export function isNonPublicIpv4(ip: string): boolean {
  if (isIP(ip) !== 4) return true; // not a dotted quad: never treat it as public
  const n = v4ToInt(ip);
  return V4_BLOCKED.some(([base, bits]) => (n & (~0 << (32 - bits))) >>> 0 === v4ToInt(base));
}

/** Carrier-grade NAT space (100.64.0.0/10): a router with this WAN address is itself behind NAT. */
export function isCgnatIpv4(ip: string): boolean {
  return isIP(ip) === 4 && (v4ToInt(ip) & 0xffc00000) >>> 0 === v4ToInt('100.64.0.0');
}

/**
 * The eight 16-bit groups of an IPv6 address in any textual form (`::` compression, an embedded IPv4
 * tail such as `::ffff:10.0.0.1`, leading zeros, a `%zone`), or null when it is not one.
 */
function v6Groups(ip: string): number[] | null {
  let a = ip.toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (isIP(a) !== 6) return null;
  const lastColon = a.lastIndexOf(':');
  const tail = a.slice(lastColon + 1);
  if (tail.includes('.')) {
    const n = v4ToInt(tail);
    a = `${a.slice(0, lastColon + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = a.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const zeros = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...Array<string>(Math.max(0, zeros)).fill('0'), ...rest].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * Anything outside global unicast `2000::/3`, plus documentation `2001:db8::/32`; an IPv4-mapped
 * address (`::ffff:a.b.c.d`, however it is written) is judged by its IPv4 part.
 */
export function isNonPublicIpv6(ip: string): boolean {
  const g = v6Groups(ip);
  if (!g) return true; // not an address: never treat it as public
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = g;
  if (g.slice(0, 5).every((x) => x === 0) && g5 === 0xffff) {
    return isNonPublicIpv4(`${g6 >>> 8}.${g6 & 0xff}.${g7 >>> 8}.${g7 & 0xff}`);
  }
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation 2001:db8::/32
  // Only global unicast 2000::/3 is public: this also excludes ::, ::1, fe80::/10, fc00::/7 and ff00::/8.
  return (g0 & 0xe000) !== 0x2000;
}

/**
 * Whether a URL's host could be reached from the internet (the directories' E035 rule and the reference
 * `looks_routable`): no loopback, private, CGNAT, link-local or documentation addresses, no reserved
 * suffixes, no bare host names.
 */
export function looksRoutable(url: string): boolean {
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    host = u.hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  // A fully qualified name may end in a dot (`localhost.`, `nas.local.`): judge the name without it.
  host = host.replace(/\.+$/, '');
  const kind = isIP(host);
  if (kind === 4) return !isNonPublicIpv4(host);
  if (kind === 6) return !isNonPublicIpv6(host);
  if (host === 'localhost' || !host.includes('.')) return false;
  return !RESERVED_SUFFIXES.some((s) => host.endsWith(s));
}
