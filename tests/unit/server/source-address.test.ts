/**
 * Who a request comes from, for per-source limits (src-main/engine/server/source-address.ts): an IPv4 address, an
 * IPv6 /64, and — only from a reverse proxy the owner named — the client its forwarding header names.
 */
import { describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { ConnectionSources, isLocalProxy, sourceOf, TrustedProxies } from '@engine/server/source-address';

describe('sourceOf', () => {
  it('keeps IPv4 addresses, including IPv4-mapped IPv6 ones', () => {
    expect(sourceOf('203.0.113.7')).toBe('203.0.113.7');
    expect(sourceOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 addresses by their /64, however they are written', () => {
    expect(sourceOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sourceOf('2001:db8:1:3::1')).not.toBe(sourceOf('2001:db8:1:2::1'));
  });

  it('reads no forwarding header unless the connection comes from a proxy the owner named', () => {
    expect(sourceOf('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' })).toBe('127.0.0.1');
    expect(sourceOf('127.0.0.1', { 'cf-connecting-ip': '198.51.100.1' }, new TrustedProxies([]))).toBe('127.0.0.1');
    const trusted = new TrustedProxies(['127.0.0.1', '::1', '10.0.0.0/8']);
    expect(sourceOf('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' }, trusted)).toBe('203.0.113.7');
    expect(sourceOf('127.0.0.2', { 'x-forwarded-for': '198.51.100.1' }, trusted)).toBe('127.0.0.2');
    expect(sourceOf('10.1.2.3', { 'x-forwarded-for': '198.51.100.1' }, trusted)).toBe('198.51.100.1');
  });

  it('from a named proxy, believes the address the proxies appended, not what the client wrote', () => {
    const trusted = new TrustedProxies(['127.0.0.1', '::1', '10.0.0.0/8']);
    expect(sourceOf('127.0.0.1', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }, trusted)).toBe('203.0.113.9');
    // A chain through two of the owner's proxies: the first hop from the right that is not one of them.
    expect(sourceOf('127.0.0.1', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9, 10.0.0.5' }, trusted)).toBe(
      '203.0.113.9',
    );
    // A client's own CF-Connecting-IP loses to the chain the proxy appended to.
    expect(sourceOf('::1', { 'cf-connecting-ip': '198.51.100.77', 'x-forwarded-for': '203.0.113.9' }, trusted)).toBe(
      '203.0.113.9',
    );
    expect(sourceOf('::ffff:127.0.0.1', { 'x-forwarded-for': ['198.51.100.1', '203.0.113.4'] }, trusted)).toBe(
      '203.0.113.4',
    );
    expect(
      sourceOf('127.0.0.1', { forwarded: 'for=198.51.100.1, for="[2001:db8:5:6::9]:4711";proto=https' }, trusted),
    ).toBe('2001:db8:5:6::/64');
    // Without a chain, the single-address headers a proxy sets.
    expect(sourceOf('127.0.0.1', { 'x-real-ip': '203.0.113.5' }, trusted)).toBe('203.0.113.5');
    expect(sourceOf('::1', { 'cf-connecting-ip': '2001:db8:5:6::9' }, trusted)).toBe('2001:db8:5:6::/64');
    // A header that names no address leaves the proxy as the source.
    expect(sourceOf('127.0.0.1', { 'x-forwarded-for': 'unknown' }, trusted)).toBe('127.0.0.1');
  });

  it("takes one source per connection: the first request's", () => {
    const sources = new ConnectionSources(() => ['127.0.0.1']);
    const socket = { remoteAddress: '127.0.0.1' } as Socket;
    expect(sources.of(socket, { 'x-forwarded-for': '198.51.100.1' })).toBe('198.51.100.1');
    expect(sources.of(socket, { 'x-forwarded-for': '198.51.100.2' })).toBe('198.51.100.1');
    expect(sources.of({ remoteAddress: '127.0.0.1' } as Socket, { 'x-forwarded-for': '198.51.100.2' })).toBe(
      '198.51.100.2',
    );
    expect(
      new ConnectionSources().of({ remoteAddress: '127.0.0.1' } as Socket, { 'x-forwarded-for': '198.51.100.2' }),
    ).toBe('127.0.0.1');
  });

  it('reads a trusted list of addresses and ranges, skipping anything else', () => {
    const t = new TrustedProxies(['192.0.2.10', '10.0.0.0/8', '2001:db8::/32', 'nope', '1.2.3.4/40']);
    expect(t.size).toBe(3);
    expect([
      t.has('192.0.2.10'),
      t.has('::ffff:10.9.8.7'),
      t.has('2001:db8:ffff::1'),
      t.has('192.0.2.11'),
      t.has('1.2.3.4'),
      t.has(undefined),
    ]).toEqual([true, true, true, false, false, false]);
  });

  it('names what it cannot read as one source', () => {
    expect(sourceOf(undefined)).toBe('unknown');
    expect(sourceOf('not an address')).toBe('unknown');
  });

  it('counts 127.0.0.1 and ::1 as local proxies, and nothing else', () => {
    expect([
      isLocalProxy('127.0.0.1'),
      isLocalProxy('::1'),
      isLocalProxy('127.0.0.2'),
      isLocalProxy('10.0.0.1'),
    ]).toEqual([true, true, false, false]);
  });
});
