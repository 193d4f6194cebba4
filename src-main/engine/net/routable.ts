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
  const n = v4ToInt(ip);
  return V4_BLOCKED.some(([base, bits]) => (n & (~0 << (32 - bits))) >>> 0 === v4ToInt(base));
}

/** Carrier-grade NAT space (100.64.0.0/10): a router with this WAN address is itself behind NAT. */
export function isCgnatIpv4(ip: string): boolean {
  return (v4ToInt(ip) & 0xffc00000) >>> 0 === v4ToInt('100.64.0.0');
}

export function isNonPublicIpv6(ip: string): boolean {
  const a = ip.toLowerCase();
  if (a === '::' || a === '::1') return true;
  if (a.startsWith('::ffff:')) return isNonPublicIpv4(a.slice(7));
  const first = parseInt(a.split(':')[0] || '0', 16);
  if ((first & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((first & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((first & 0xff00) === 0xff00) return true; // multicast
  if (a.startsWith('2001:db8:') || a === '2001:db8::') return true; // documentation
  return (first & 0xe000) !== 0x2000; // only global unicast 2000::/3 is public
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
  const kind = isIP(host);
  if (kind === 4) return !isNonPublicIpv4(host);
  if (kind === 6) return !isNonPublicIpv6(host);
  if (host === 'localhost' || !host.includes('.')) return false;
  return !RESERVED_SUFFIXES.some((s) => host.endsWith(s));
}
