import { isIP } from 'node:net';
import { classifyIp } from './ip-kind';

const RESERVED_SUFFIXES = ['.localhost', '.local', '.test', '.example', '.invalid', '.lan', '.internal'];

/** Loopback, private (RFC 1918), CGNAT, link-local, documentation, multicast or reserved IPv4 (`ip-kind.ts`). */
export function isNonPublicIpv4(ip: string): boolean {
  const c = classifyIp(ip);
  // Not a dotted quad: never treat it as public.
  return c === null || c.family !== 4 || c.range !== 'public';
}

/** Carrier-grade NAT space (100.64.0.0/10): a router with this WAN address is itself behind NAT. */
export function isCgnatIpv4(ip: string): boolean {
  const c = classifyIp(ip);
  return c !== null && c.family === 4 && c.range === 'cgnat';
}

/**
 * Anything outside global unicast `2000::/3`, plus documentation `2001:db8::/32`; an IPv4-mapped
 * address (`::ffff:a.b.c.d`, however it is written) is judged by its IPv4 part.
 */
export function isNonPublicIpv6(ip: string): boolean {
  const c = classifyIp(ip);
  // Not an address: never treat it as public.
  return c === null || c.family !== 6 || c.range !== 'public';
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
