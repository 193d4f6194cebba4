/**
 * Whether an endpoint URL could be reached from the internet: the directories' E035 rule (what REGISTER refuses
 * as non-routable), the reference node's `looks_routable` and the shared consumer-side vectors
 * `endpoint-security-v1.json`.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCgnatIpv4, isNonPublicIpv4, isNonPublicIpv6, looksRoutable } from '@engine/net/routable';

interface AddressVector {
  id: string;
  addresses: string[];
  allow_private: boolean;
  allowed: boolean;
}
interface HostnameVector {
  id: string;
  host: string;
  allowed: boolean;
}
const fixture = JSON.parse(
  readFileSync(path.resolve(process.cwd(), '../shared/protocol/fixtures/endpoint-security-v1.json'), 'utf8'),
) as {
  address_vectors: AddressVector[];
  hostname_vectors: HostnameVector[];
};

/** `http://1.2.3.4/` or `http://[v6]/`. */
const urlOf = (addr: string) => (isIP(addr) === 6 ? `http://[${addr}]/` : `http://${addr}/`);

describe('endpoint-security-v1.json', () => {
  // Vectors with allow_private:true test the consumer's explicit operator override; looksRoutable has no
  // override (the node applies its own `allowPrivateEndpoint` setting before calling it), so they are skipped.
  const vectors = fixture.address_vectors.filter((v) => !v.allow_private);

  it('has public-default vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(10);
  });

  it.each(vectors.map((v) => [v.id, v] as const))(
    'address vector %s: allowed iff every address looks routable',
    (_id, v) => {
      expect(v.addresses.every((a) => looksRoutable(urlOf(a)))).toBe(v.allowed);
    },
  );

  it.each(fixture.hostname_vectors.map((v) => [v.id, v] as const))('hostname vector %s', (_id, v) => {
    expect(looksRoutable(`https://${v.host}/`)).toBe(v.allowed);
  });
});

describe('looksRoutable: what the directories refuse', () => {
  it.each([
    // loopback and unspecified
    'http://localhost:9484',
    'http://LOCALHOST/',
    'http://0.0.0.0:9484',
    'http://[::]:9484',
    'http://[::1]:9484',
    'http://127.0.0.1/',
    'http://127.255.255.254/',
    // RFC 1918
    'http://10.0.0.1/',
    'http://10.255.255.255/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.0.1/',
    'http://192.168.255.255/',
    // link-local, CGNAT
    'http://169.254.0.1/',
    'http://169.254.169.254/',
    'http://100.64.0.1/',
    'http://100.127.255.255/',
    // documentation, multicast, reserved IPv4
    'http://192.0.2.1/',
    'http://198.51.100.1/',
    'http://203.0.113.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    // IPv6 link-local fe80::/10, unique-local fc00::/7, multicast ff00::/8, documentation 2001:db8::/32
    'http://[fe80::1]/',
    'http://[febf::1]/',
    'http://[fc00::1]/',
    'http://[fdff:ffff::1]/',
    'http://[ff02::1]/',
    'http://[ff0e::1]/',
    'http://[2001:db8::1]/',
    'http://[2001:0db8:ffff::1]/',
    // IPv4-mapped IPv6 of private addresses
    'http://[::ffff:10.0.0.1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:192.168.1.1]/',
    // reserved suffixes
    'http://node.localhost/',
    'http://nas.local/',
    'http://provider.test/',
    'http://provider.example/',
    'http://provider.invalid/',
    'http://box.lan/',
    'http://svc.corp.internal/',
    // the same names as fully qualified names with a trailing dot
    'http://localhost./',
    'http://nas.local./',
    'http://box.lan../',
    // bare host names
    'http://ollama:11434/',
    'http://my-pc/',
    // other spellings of loopback the URL parser normalises
    'http://2130706433/',
    'http://0x7f.1/',
    'http://127.1/',
  ])('%s → false', (url) => {
    expect(looksRoutable(url)).toBe(false);
  });

  it.each([
    'ftp://93.184.216.34/',
    'ws://93.184.216.34/',
    'file:///etc/passwd',
    'iicp://93.184.216.34:9484',
    'javascript:alert(1)',
  ])('refuses the non-http scheme of %s', (url) => {
    expect(looksRoutable(url)).toBe(false);
  });

  it.each(['', 'not a url', 'http://', 'http://[::1/', 'http://exa mple.com/', '//example.com/', 'example.com'])(
    'refuses garbage %j',
    (url) => {
      expect(looksRoutable(url)).toBe(false);
    },
  );
});

describe('looksRoutable: public endpoints', () => {
  it.each([
    'https://provider.example.com/',
    'http://node.iicp.network:9484',
    'https://abc-def.trycloudflare.com',
    'https://Provider.Example.COM./',
    'http://93.184.216.34:9484',
    'http://8.8.8.8/',
    'http://172.32.0.1/', // just outside 172.16/12
    'http://100.128.0.1/', // just outside 100.64/10
    'http://169.255.0.1/',
    'http://[2606:2800:220:1:248:1893:25c8:1946]:9484',
    'http://[2a01:4f8::1]/',
    'http://[2001:db9::1]/', // just outside 2001:db8::/32
    'http://[::ffff:93.184.216.34]/', // IPv4-mapped: judged by its IPv4 part
  ])('%s → true', (url) => {
    expect(looksRoutable(url)).toBe(true);
  });
});

describe('address classifiers', () => {
  it('isCgnatIpv4 is exactly 100.64.0.0/10', () => {
    expect(['100.64.0.0', '100.64.0.1', '100.100.100.100', '100.127.255.255'].map(isCgnatIpv4)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['100.63.255.255', '100.128.0.0', '10.64.0.1', '192.168.1.1', 'not-an-ip', '::1'].map(isCgnatIpv4)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('isNonPublicIpv4 treats anything that is not a dotted quad as non-public', () => {
    expect(['', 'abc', '1.2.3', '1.2.3.256', '::1'].every(isNonPublicIpv4)).toBe(true);
    expect(isNonPublicIpv4('93.184.216.34')).toBe(false);
  });

  it('isNonPublicIpv6 reads every textual form of an address', () => {
    expect(isNonPublicIpv6('::ffff:a00:1')).toBe(true); // ::ffff:10.0.0.1 as the URL parser writes it
    expect(isNonPublicIpv6('::ffff:5db8:d822')).toBe(false); // ::ffff:93.184.216.34
    expect(isNonPublicIpv6('0:0:0:0:0:ffff:7f00:1')).toBe(true);
    expect(isNonPublicIpv6('2001:0DB8:0000::1')).toBe(true);
    expect(isNonPublicIpv6('FE80::1%eth0')).toBe(true);
    expect(isNonPublicIpv6('0:0:0:0:0:0:0:1')).toBe(true);
    expect(isNonPublicIpv6('::')).toBe(true);
    expect(isNonPublicIpv6('2606:2800:220:1:248:1893:25c8:1946')).toBe(false);
    expect(isNonPublicIpv6('not-an-ip')).toBe(true);
    expect(isNonPublicIpv6('1.2.3.4')).toBe(true);
  });
});
