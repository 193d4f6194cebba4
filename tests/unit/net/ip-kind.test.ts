/**
 * One judge of what an IP address is (`net/ip-kind.ts`), and every place that classifies an address agreeing with it
 * because it asks it: where a call may go (`address-place.ts`, `routable.ts`), which LLM server may be called
 * (`server-address.ts`), what the diagnostics mask an address as (`diagnostics/redact.ts`), and which LAN device
 * addresses the IPv6 pinhole helper takes as on this network (`nat/pinhole/lan-url.ts`), which address the person
 * forwards the router's port to (`nat/local-addresses.ts`), and whether a tunnel forwards to this computer
 * (`nat/tunnels/local-target.ts`).
 */
import { describe, expect, it } from 'vitest';
import { ipKind } from '@engine/diagnostics/redact';
import { readLocalAddresses } from '@engine/nat/local-addresses';
import { isOnLocalNetwork } from '@engine/nat/pinhole/lan-url';
import { parseForwardTarget } from '@engine/nat/tunnels/local-target';
import { placeOf, type AddressPlace } from '@engine/net/address-place';
import { classifyIp, type IpClass, type IpRange } from '@engine/net/ip-kind';
import { isNonPublicIpv4, isNonPublicIpv6 } from '@engine/net/routable';
import { serverPlaceOf, type ServerPlace } from '@engine/net/server-address';

const noInterfaces = () => ({});

describe('what an address is', () => {
  it.each<[string, IpRange]>([
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.20', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'link_local'],
    ['169.254.0.0', 'link_local'],
    ['169.255.0.1', 'public'],
    ['169.253.255.255', 'public'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.18.0.1', 'reserved'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['8.8.8.8', 'public'],
    ['::', 'unspecified'],
    ['0:0:0:0:0:0:0:0', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link_local'],
    ['FE80::1%eth0', 'link_local'],
    ['[fe80::1]', 'link_local'],
    ['febf:ffff::1', 'link_local'],
    ['fec0::1', 'reserved'],
    ['fe8::1', 'reserved'], // 0fe8::, not fe80::
    ['fc00::1', 'unique_local'],
    ['fdff::1', 'unique_local'],
    ['fc::1', 'reserved'], // 00fc::, not fc00::
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:db9::1', 'public'],
    ['2a00:1450::1', 'public'],
    ['64:ff9b::a9fe:a9fe', 'reserved'],
  ])('%s is %s', (address, range) => {
    expect(classifyIp(address)?.range).toBe(range);
  });

  it('an IPv4-mapped IPv6 address is its IPv4 part, however it is written', () => {
    for (const a of ['::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '0:0:0:0:0:ffff:a9fe:a9fe', '[::FFFF:A9FE:A9FE]']) {
      expect(classifyIp(a)).toEqual({ family: 6, range: 'link_local', mapped: true });
    }
    expect(classifyIp('::ffff:7f00:1')).toEqual({ family: 6, range: 'loopback', mapped: true });
  });

  it.each([
    '',
    'localhost',
    '127.1',
    '0x7f.0.0.1',
    '2130706433',
    '1.2.3.256',
    '01.2.3.4',
    '[1.2.3.4]',
    '1.2.3.4%eth0',
    'fe80::1%',
    '1:2:3:4:5:6:7:8:9',
    'gggg::1',
  ])('%j is no IP address', (text) => {
    expect(classifyIp(text)).toBeNull();
  });
});

/** What each judge says of an address of each range: its own words, never its own ranges. */
const PLACE: Record<IpRange, AddressPlace> = {
  unspecified: 'this_computer',
  loopback: 'this_computer',
  private: 'private',
  cgnat: 'private',
  link_local: 'private',
  unique_local: 'private',
  documentation: 'not_public',
  multicast: 'not_public',
  reserved: 'not_public',
  public: 'public',
};
const SERVER: Record<IpRange, ServerPlace> = {
  unspecified: 'local',
  loopback: 'local',
  private: 'local',
  cgnat: 'local',
  link_local: 'link_local',
  unique_local: 'local',
  documentation: 'elsewhere',
  multicast: 'elsewhere',
  reserved: 'elsewhere',
  public: 'elsewhere',
};
const MASK_V4: Partial<Record<IpRange, string>> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  cgnat: 'cgnat',
  link_local: 'link-local',
  public: 'public',
};
const MASK_V6: Partial<Record<IpRange, string>> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  link_local: 'link-local',
  unique_local: 'unique-local',
  public: 'global',
};
const maskOf = (c: IpClass): string => {
  if (c.mapped) return `ipv6:mapped-${MASK_V4[c.range] ?? 'reserved'}`;
  return c.family === 4 ? `ipv4:${MASK_V4[c.range] ?? 'reserved'}` : `ipv6:${MASK_V6[c.range] ?? 'reserved'}`;
};

/** A seeded generator, so a failure names an address that fails again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

/**
 * Addresses at and around every range's edges, in every spelling the judges meet: dotted, mapped (both ways), long,
 * short.
 */
function sample(): string[] {
  const next = random(64);
  const out: string[] = [];
  const v4 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
  const edges = [
    0x00000000, 0x0a000000, 0x64400000, 0x7f000000, 0xa9fe0000, 0xac100000, 0xc0000000, 0xc0000200, 0xc0a80000,
    0xc6120000, 0xc6336400, 0xcb007100, 0xe0000000, 0xf0000000,
  ];
  const bits = [8, 8, 10, 8, 16, 12, 24, 24, 16, 15, 24, 24, 4, 4];
  edges.forEach((base, i) => {
    const size = 2 ** (32 - bits[i]!);
    for (const n of [base - 1, base, base + 1, base + size - 1, base + size, base + (next() % size)]) {
      const ip = v4(n >>> 0);
      out.push(ip, `::ffff:${ip}`, `::ffff:${((n >>> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}`);
    }
  });
  for (let i = 0; i < 200; i++) out.push(v4(next()));
  const v6Firsts = [
    0x0000, 0x0064, 0x0fe8, 0x00fc, 0x1fff, 0x2000, 0x2001, 0x3fff, 0x4000, 0xfbff, 0xfc00, 0xfdff, 0xfe00, 0xfe7f,
    0xfe80, 0xfebf, 0xfec0, 0xff00, 0xffff,
  ];
  for (const g0 of v6Firsts) {
    const rest = Array.from({ length: 7 }, () => (next() & 0xffff).toString(16));
    out.push(
      `${g0.toString(16)}:${rest.join(':')}`,
      `${g0.toString(16)}::${rest[6]}`,
      `${g0.toString(16).padStart(4, '0')}::1`,
    );
  }
  out.push('::', '::1', '0:0:0:0:0:0:0:1', '2001:db8::1', '2001:0db8:ffff::1');
  return out;
}

describe('every judge asks the one classifier', () => {
  const addresses = sample();

  it('has addresses of every range to look at', () => {
    const ranges = new Set(addresses.map((a) => classifyIp(a)?.range));
    expect([...ranges].sort()).toEqual(Object.keys(PLACE).sort());
  });

  it('for each of them, where a call goes, which server is taken, how it is masked, whether it is public and whether a LAN device may use it follow from what it is', () => {
    for (const a of addresses) {
      const c = classifyIp(a);
      expect(c, a).not.toBeNull();
      if (!c) continue;
      expect(placeOf(a, noInterfaces), a).toBe(PLACE[c.range]);
      expect(serverPlaceOf(a), a).toBe(SERVER[c.range]);
      expect(ipKind(a), a).toBe(maskOf(c));
      expect(c.family === 4 ? isNonPublicIpv4(a) : isNonPublicIpv6(a), a).toBe(c.range !== 'public');
      expect(isOnLocalNetwork(a, { interfaces: noInterfaces }), a).toBe(c.range === 'link_local');
    }
  });

  it("for each of them, whether it is the LAN address to forward to and whether a tunnel's target at it is this computer follow from what it is", () => {
    for (const a of addresses) {
      const c = classifyIp(a);
      if (!c) continue;
      const family = c.family === 4 ? 'IPv4' : 'IPv6';
      const table = { eth0: [{ address: a, family, internal: false, netmask: '', mac: '', cidr: null }] };
      const lan = readLocalAddresses(() => table as never).lanIpv4;
      expect(lan, a).toBe(c.family === 4 && c.range === 'private' ? a : null);
      const target = parseForwardTarget(`http://${c.family === 6 ? `[${a.split('%')[0]}]` : a}:8080`);
      expect(target?.local, a).toBe(c.range === 'loopback' || c.range === 'unspecified');
    }
  });
});
