/**
 * The one judge of what an IP address is. Every place in the engine that classifies an address asks here: where a
 * call may go (`address-place.ts`, `routable.ts`), which LLM server may be added (`server-address.ts`), what the
 * diagnostics mask an address as, which LAN device address the IPv6 pinhole helper takes as on this network, which
 * address the person forwards the router's port to, and whether a tunnel forwards to this computer. One table of
 * ranges, so no two of them can disagree about an address.
 */
import { isIP } from 'node:net';

/** The ranges an address can be in; anything in none of them is `public` (global unicast). */
export type IpRange =
  | 'unspecified' // 0.0.0.0/8, ::
  | 'loopback' // 127.0.0.0/8, ::1
  | 'private' // RFC 1918
  | 'cgnat' // carrier-grade NAT, 100.64.0.0/10
  | 'link_local' // 169.254.0.0/16, fe80::/10: where cloud providers put their metadata service
  | 'unique_local' // fc00::/7
  | 'documentation' // 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32
  | 'multicast' // 224.0.0.0/4, ff00::/8
  | 'reserved' // the rest that is not on the internet: 192.0.0.0/24, 198.18.0.0/15, 240.0.0.0/4, IPv6 outside 2000::/3
  | 'public';

export interface IpClass {
  family: 4 | 6;
  range: IpRange;
  /** An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, however it is written): its range is its IPv4 part's. */
  mapped: boolean;
}

/** An address as text without brackets or `%zone`, and its family. */
export interface BareIp {
  ip: string;
  family: 4 | 6;
}

const V4_RANGES: readonly (readonly [base: string, bits: number, range: IpRange])[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
}

const V4_TABLE = V4_RANGES.map(([base, bits, range]) => ({
  mask: bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0,
  base: v4ToInt(base),
  range,
}));

/**
 * The address in `text` without `[…]` around an IPv6 address or its `%zone`, or null when it is not an IP address
 * (the dotted-quad form only for IPv4: `127.1` and `0x7f.0.0.1` are names here, as they are to `net.isIP`).
 */
export function bareIp(text: string): BareIp | null {
  let a = text;
  const bracketed = a.startsWith('[') && a.endsWith(']');
  if (bracketed) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  const ip = zone >= 0 ? a.slice(0, zone) : a;
  const family = isIP(ip);
  if (family === 4 && !bracketed && zone < 0) return { ip, family };
  if (family === 6 && (zone < 0 || zone < a.length - 1)) return { ip, family };
  return null;
}

/** The eight 16-bit groups of an IPv6 address in any textual form (`::`, an embedded IPv4 tail, leading zeros). */
function v6Groups(ip: string): number[] {
  let a = ip.toLowerCase();
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
  return [...head, ...Array<string>(Math.max(0, zeros)).fill('0'), ...rest].map((g) => parseInt(g, 16));
}

function v4Range(ip: string): IpRange {
  const n = v4ToInt(ip);
  return V4_TABLE.find((r) => (n & r.mask) >>> 0 === r.base)?.range ?? 'public';
}

function v6Range(g: readonly number[]): IpRange {
  const [g0 = 0, g1 = 0] = g;
  const zerosUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zerosUpTo(8)) return 'unspecified';
  if (zerosUpTo(7) && g[7] === 1) return 'loopback';
  if ((g0 & 0xffc0) === 0xfe80) return 'link_local';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique_local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'documentation';
  // Only global unicast 2000::/3 is on the internet.
  return (g0 & 0xe000) === 0x2000 ? 'public' : 'reserved';
}

/** What the address in `text` is (brackets and a `%zone` allowed around an IPv6 address), or null when it is none. */
export function classifyIp(text: string): IpClass | null {
  const a = bareIp(text);
  if (!a) return null;
  if (a.family === 4) return { family: 4, range: v4Range(a.ip), mapped: false };
  const g = v6Groups(a.ip);
  if (g.length !== 8 || !g.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffff)) return null;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    const [g6 = 0, g7 = 0] = g.slice(6);
    return { family: 6, range: v4Range(`${g6 >>> 8}.${g6 & 0xff}.${g7 >>> 8}.${g7 & 0xff}`), mapped: true };
  }
  return { family: 6, range: v6Range(g), mapped: false };
}

/** The range of the address in `text`, or null when it is not an IP address. */
export function ipRange(text: string): IpRange | null {
  return classifyIp(text)?.range ?? null;
}
