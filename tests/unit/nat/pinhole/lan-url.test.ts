import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { formatLanUrl, hostHeader, isOnLocalNetwork, parseLanUrl, resolveLanUrl } from '@engine/nat/pinhole/lan-url';

const v4 = (address: string, cidr: string): NetworkInterfaceInfo => ({
  address,
  cidr,
  netmask: '',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal: false,
});
const v6 = (address: string, cidr: string, scopeid = 0): NetworkInterfaceInfo => ({
  address,
  cidr,
  netmask: '',
  family: 'IPv6',
  mac: '00:00:00:00:00:00',
  internal: false,
  scopeid,
});
const HOME = () => ({
  eth0: [
    v4('192.168.178.20', '192.168.178.20/24'),
    v6('2a0e:97c0:38f:1::2', '2a0e:97c0:38f:1::2/64'),
    v6('fe80::2', 'fe80::2/64', 2),
  ],
  lo: [{ ...v4('127.0.0.1', '127.0.0.1/8'), internal: true }],
});

describe('parseLanUrl', () => {
  it('takes http:// IP literals only', () => {
    expect(parseLanUrl('http://10.99.0.1:5000/rootDesc.xml')).toEqual({
      host: '10.99.0.1',
      port: 5000,
      path: '/rootDesc.xml',
    });
    expect(parseLanUrl('http://[2a0e:97c0:38f:1::1]:5000/rootDesc.xml')).toEqual({
      host: '2a0e:97c0:38f:1::1',
      port: 5000,
      path: '/rootDesc.xml',
    });
    expect(parseLanUrl('HTTP://192.168.1.1')).toEqual({ host: '192.168.1.1', port: 80, path: '/' });
    for (const bad of [
      'https://192.168.1.1/',
      'http://fritz.box:49000/',
      'http://999.1.1.1/',
      'http://[::g]/',
      'http://1.2.3.4:0/',
      'http://1.2.3.4:70000/',
      'ftp://1.2.3.4/',
      'http://1.2.3.4/a b',
    ]) {
      expect(parseLanUrl(bad), bad).toBeNull();
    }
  });

  it('keeps or supplies the zone of a link-local router address', () => {
    expect(parseLanUrl('http://[fe80::1%25eth0]:49000/d.xml')?.host).toBe('fe80::1%eth0');
    expect(parseLanUrl('http://[fe80::1]:49000/d.xml', 'en0')?.host).toBe('fe80::1%en0');
    // A global address has no zone to add.
    expect(parseLanUrl('http://[2a0e::1]:49000/d.xml', 'en0')?.host).toBe('2a0e::1');
  });

  it('formats back with brackets, and the Host header without the zone', () => {
    const u = parseLanUrl('http://[fe80::1%25eth0]:49000/d.xml')!;
    expect(formatLanUrl(u)).toBe('http://[fe80::1%eth0]:49000/d.xml');
    expect(hostHeader(u)).toBe('[fe80::1]:49000');
    expect(hostHeader(parseLanUrl('http://10.0.0.1:80/')!)).toBe('10.0.0.1:80');
  });
});

describe('resolveLanUrl', () => {
  const base = parseLanUrl('http://[fe80::1%25eth0]:49000/igd/desc.xml?x=1')!;
  it('resolves absolute paths, relative paths and absolute URLs', () => {
    expect(resolveLanUrl('/ctl/IP6FCtl', base)).toEqual({ host: 'fe80::1%eth0', port: 49000, path: '/ctl/IP6FCtl' });
    expect(resolveLanUrl('ctl/fw', base)).toEqual({ host: 'fe80::1%eth0', port: 49000, path: '/igd/ctl/fw' });
    expect(resolveLanUrl('http://[fe80::1]:5000/x', base)).toEqual({ host: 'fe80::1%eth0', port: 5000, path: '/x' });
    expect(resolveLanUrl('', base)).toBeNull();
    expect(resolveLanUrl('//other/x', base)).toBeNull();
  });
});

describe('isOnLocalNetwork', () => {
  it("accepts link-local, the SSDP sender and addresses inside this computer's own subnets", () => {
    const on = (host: string, sender?: string) => isOnLocalNetwork(host, { sender, interfaces: HOME });
    expect(on('192.168.178.1')).toBe(true);
    expect(on('2a0e:97c0:38f:1::1')).toBe(true);
    expect(on('fe80::1%eth0')).toBe(true);
    expect(on('169.254.1.1')).toBe(true);
    expect(on('10.0.0.1', '10.0.0.1')).toBe(true);
    expect(on('fe80::9', 'fe80::9%eth0')).toBe(true);
  });

  it('refuses anything a LAN device could use to send the app elsewhere', () => {
    const on = (host: string) => isOnLocalNetwork(host, { sender: '192.168.178.1', interfaces: HOME });
    expect(on('192.168.179.1')).toBe(false);
    expect(on('8.8.8.8')).toBe(false);
    expect(on('2a0e:97c0:38f:2::1')).toBe(false);
    expect(on('127.0.0.1')).toBe(false);
    expect(on('router.local')).toBe(false);
    expect(
      isOnLocalNetwork('192.168.178.1', {
        interfaces: () => {
          throw new Error('no table');
        },
      }),
    ).toBe(false);
  });
});
