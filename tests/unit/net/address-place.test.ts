/**
 * Where an address leads, for calls to addresses someone else named: this computer, a private network, somewhere off
 * the internet, or the internet — with the literal-address rules of routable.ts, whatever way the address is written.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { AddressRefused, addressRefusalOf, placeOf, refusedPlace } from '@engine/net/address-place';
import { networkErrorWords } from '@engine/net/error-words';

/** An interface table with a public IPv4 address and a global IPv6 address on "eth0" (a cloud VM). */
const ifaces = () =>
  ({
    eth0: [
      { address: '203.0.114.9', family: 'IPv4', internal: false },
      { address: '2a01:4f8:c0c:1234::1', family: 'IPv6', internal: false },
    ],
  }) as unknown as NodeJS.Dict<NetworkInterfaceInfo[]>;
const none = () => ({});

describe('where an address leads', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '0.0.0.0',
    '::1',
    '::',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '[::1]',
  ])('%s: back at this computer', (a) => {
    expect(placeOf(a, none)).toBe('this_computer');
  });

  it("an address of one of this computer's interfaces is this computer, however it is written", () => {
    expect(placeOf('203.0.114.9', ifaces)).toBe('this_computer');
    expect(placeOf('::ffff:203.0.114.9', ifaces)).toBe('this_computer');
    expect(placeOf('2a01:4f8:c0c:1234:0:0:0:1', ifaces)).toBe('this_computer');
    // Without that interface the same address is just the internet.
    expect(placeOf('203.0.114.9', none)).toBe('public');
  });

  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.20',
    '100.64.0.1',
    '169.254.1.1',
    'fd00::5',
    'fe80::1',
    'fe80::1%eth0',
    '::ffff:10.0.0.1',
  ])('%s: a private network', (a) => {
    expect(placeOf(a, none)).toBe('private');
  });

  it.each([
    '192.0.2.1',
    '198.51.100.7',
    '224.0.0.1',
    '240.0.0.1',
    '2001:db8::1',
    'ff02::1',
    '64:ff9b::7f00:1',
    'not-an-address',
  ])('%s: off the internet', (a) => {
    expect(placeOf(a, none)).toBe('not_public');
  });

  it.each(['8.8.8.8', '203.0.114.7', '2a00:1450::1', '::ffff:8.8.8.8'])('%s: the internet', (a) => {
    expect(placeOf(a, none)).toBe('public');
  });
});

describe('which places may be called', () => {
  it('without the allowance only the internet; with it everything', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '192.0.2.1', '203.0.114.9'])
      expect(refusedPlace(a, { allowPrivate: false }, ifaces)).not.toBeNull();
    expect(refusedPlace('8.8.8.8', { allowPrivate: false }, ifaces)).toBeNull();
    for (const a of ['127.0.0.1', '10.0.0.1', '192.0.2.1', '203.0.114.9'])
      expect(refusedPlace(a, { allowPrivate: true }, ifaces)).toBeNull();
  });

  it('"Check my node" may call this computer\'s own public address, never its loopback or LAN address without the allowance', () => {
    const own = { allowPrivate: false, allowOwnPublic: true };
    expect(refusedPlace('203.0.114.9', own, ifaces)).toBeNull();
    expect(refusedPlace('2a01:4f8:c0c:1234::1', own, ifaces)).toBeNull();
    expect(refusedPlace('127.0.0.1', own, ifaces)).toBe('this_computer');
    expect(refusedPlace('192.168.1.5', own, ifaces)).toBe('private');
  });

  it('a refusal reads as a plain sentence, also through the `fetch failed` that carries it', () => {
    const wrapped = new TypeError('fetch failed', {
      cause: new AddressRefused('relay.example.org', '127.0.0.1', 'this_computer'),
    });
    expect(addressRefusalOf(wrapped)?.place).toBe('this_computer');
    expect(networkErrorWords(wrapped)).toBe('its address points back at this computer');
    expect(
      networkErrorWords(
        new TypeError('fetch failed', { cause: new AddressRefused('nas.example.org', '10.0.0.2', 'private') }),
      ),
    ).toBe('its address points into a private network');
    expect(addressRefusalOf(new Error('other'))).toBeNull();
  });
});
