/**
 * Who a request comes from, for per-source limits (src-main/engine/server/source-address.ts): an IPv4 address, an
 * IPv6 /64, and — only from a local proxy on 127.0.0.1 or ::1 — the client its forwarding header names.
 */
import { describe, expect, it } from 'vitest';
import { isLocalProxy, sourceOf } from '../../../src-main/engine/server/source-address';

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

  it('trusts a forwarding header only from a local proxy (the last hop it appended, or Cloudflare’s own header)', () => {
    expect(sourceOf('127.0.0.1', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' })).toBe('203.0.113.9');
    expect(sourceOf('::1', { 'cf-connecting-ip': '2001:db8:5:6::9', 'x-forwarded-for': '1.2.3.4' })).toBe('2001:db8:5:6::/64');
    expect(sourceOf('::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.1' })).toBe('198.51.100.1');
    // Anyone else may write any header: theirs are ignored.
    expect(sourceOf('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' })).toBe('203.0.113.7');
    expect(sourceOf('127.0.0.2', { 'x-forwarded-for': '198.51.100.1' })).toBe('127.0.0.2');
    // A header that names no address leaves the proxy as the source.
    expect(sourceOf('127.0.0.1', { 'x-forwarded-for': 'unknown' })).toBe('127.0.0.1');
  });

  it('names what it cannot read as one source', () => {
    expect(sourceOf(undefined)).toBe('unknown');
    expect(sourceOf('not an address')).toBe('unknown');
  });

  it('counts 127.0.0.1 and ::1 as local proxies, and nothing else', () => {
    expect([isLocalProxy('127.0.0.1'), isLocalProxy('::1'), isLocalProxy('127.0.0.2'), isLocalProxy('10.0.0.1')]).toEqual([true, true, false, false]);
  });
});
