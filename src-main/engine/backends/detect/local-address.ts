import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { parseHttpUrl } from '../../net/http-url';

function v4(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** Loopback, RFC 1918, link-local or CGNAT IPv4, or IPv6 loopback / unique-local / link-local. */
export function isLocalAddress(ip: string): boolean {
  const kind = isIP(ip);
  if (kind === 4) {
    const [a, b] = v4(ip) as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (kind === 6) {
    const x = ip.toLowerCase();
    if (x === '::1') return true;
    if (x.startsWith('::ffff:')) return isLocalAddress(x.slice(7));
    const first = parseInt(x.split(':')[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
  }
  return false;
}

/**
 * Detection only ever talks to this computer or its local network: a URL the person typed is accepted
 * only if every address its host resolves to is local. (The app must never be usable to scan the internet.)
 */
export async function isLocalUrl(url: string, resolve: (host: string) => Promise<string[]> = defaultResolve): Promise<boolean> {
  const u = parseHttpUrl(url);
  if (!u || u.username || u.password) return false;
  let host = u.hostname;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (isIP(host)) return isLocalAddress(host);
  try {
    const addrs = await resolve(host);
    return addrs.length > 0 && addrs.every(isLocalAddress);
  } catch {
    return false;
  }
}

async function defaultResolve(host: string): Promise<string[]> {
  const all = await lookup(host, { all: true });
  return all.map((a) => a.address);
}

/**
 * Whether a server URL names this computer itself (`localhost`, a loopback address, or one of its own interface
 * addresses): only such a server shares the GPU its owner may need back.
 */
export function isThisComputerUrl(url: string, ownAddresses: () => readonly string[] = interfaceAddresses): boolean {
  const u = parseHttpUrl(url);
  if (!u) return false;
  let host = u.hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4 && host.startsWith('127.')) return true;
  if (host === '::1' || host === '0.0.0.0' || host === '::') return true;
  return isIP(host) !== 0 && ownAddresses().includes(host);
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address.toLowerCase()));
}
