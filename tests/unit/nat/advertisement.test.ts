/**
 * Which ways in let the native IICP transport through: only those where a plain TCP connection to the advertised
 * address reaches the task port (a public address, a router mapping, IPv6, a forwarded port), never a tunnel or a
 * relay, which carry HTTP requests only. Mirrors src-main/engine/nat/advertisement.ts.
 */
import { describe, expect, it } from 'vitest';
import { advert, nativeEndpoint } from '@engine/nat/advertisement';

describe('the native transport of a way in', () => {
  it('a public IPv4 address, a UPnP or NAT-PMP mapping: the same host and port, as iicp://', () => {
    expect(
      nativeEndpoint(
        advert({
          url: 'http://203.0.113.7:9484',
          method: 'public_ipv4',
          transportMethod: 'direct',
          tier: 0,
          address: '203.0.113.7',
        }),
      ),
    ).toBe('iicp://203.0.113.7:9484');
    expect(
      nativeEndpoint(
        advert({ url: 'http://198.51.100.2:9484', method: 'upnp', transportMethod: 'upnp_mapped', tier: 1 }),
      ),
    ).toBe('iicp://198.51.100.2:9484');
    expect(
      nativeEndpoint(
        advert({ url: 'http://198.51.100.2:9500', method: 'natpmp', transportMethod: 'upnp_mapped', tier: 1 }),
      ),
    ).toBe('iicp://198.51.100.2:9500');
  });

  it('IPv6, with or without a pinhole: the address stays in brackets', () => {
    expect(
      nativeEndpoint(
        advert({
          url: 'http://[2001:db8::7]:9484',
          method: 'ipv6',
          transportMethod: 'direct',
          tier: 1,
          address: '2001:db8::7',
          pinhole: true,
        }),
      ),
    ).toBe('iicp://[2001:db8::7]:9484');
    expect(
      nativeEndpoint(
        advert({
          url: 'http://[2001:db8::7]:9484',
          method: 'ipv6',
          transportMethod: 'direct',
          tier: 1,
          address: '2001:db8::7',
        }),
      ),
    ).toBe('iicp://[2001:db8::7]:9484');
  });

  it('the port is always written, even the default one (a bare iicp:// means the protocol’s own port)', () => {
    expect(
      nativeEndpoint(
        advert({ url: 'http://203.0.113.7:80', method: 'public_ipv4', transportMethod: 'direct', tier: 0 }),
      ),
    ).toBe('iicp://203.0.113.7:80');
  });

  it('never through a relay or a tunnel', () => {
    expect(
      nativeEndpoint(
        advert({
          url: 'http://203.0.113.9:9485/v1/relay-for/abc',
          method: 'relay',
          transportMethod: 'turn_relay',
          tier: 3,
        }),
      ),
    ).toBeNull();
    expect(
      nativeEndpoint(
        advert({
          url: 'https://calm-river.trycloudflare.com',
          method: 'quick_tunnel',
          transportMethod: 'external_tunnel',
          tier: 3,
        }),
      ),
    ).toBeNull();
    expect(
      nativeEndpoint(
        advert({
          url: 'https://node.example-tunnel.net',
          method: 'tunnel',
          transportMethod: 'external_tunnel',
          tier: 1,
        }),
      ),
    ).toBeNull();
    // A plain-http tunnel is still a tunnel: it forwards HTTP requests, not a TCP connection.
    expect(
      nativeEndpoint(
        advert({ url: 'http://203.0.113.5:8080', method: 'tunnel', transportMethod: 'external_tunnel', tier: 1 }),
      ),
    ).toBeNull();
  });

  it('the public URL from Settings only as a forwarded port: plain http with a port of its own', () => {
    expect(
      nativeEndpoint(
        advert({ url: 'http://node.example.org:9484', method: 'public_url', transportMethod: 'direct', tier: 0 }),
      ),
    ).toBe('iicp://node.example.org:9484');
    // A proxy in front speaks HTTP only; the native port has no TLS for iicpsec://.
    expect(
      nativeEndpoint(
        advert({ url: 'https://node.example.org', method: 'public_url', transportMethod: 'direct', tier: 0 }),
      ),
    ).toBeNull();
    expect(
      nativeEndpoint(
        advert({ url: 'https://node.example.org:8443', method: 'public_url', transportMethod: 'direct', tier: 0 }),
      ),
    ).toBeNull();
    expect(
      nativeEndpoint(
        advert({ url: 'http://node.example.org', method: 'public_url', transportMethod: 'direct', tier: 0 }),
      ),
    ).toBeNull();
    // A tunnel's URL set by hand.
    expect(
      nativeEndpoint(
        advert({ url: 'http://abc.ngrok.app:80', method: 'public_url', transportMethod: 'external_tunnel', tier: 1 }),
      ),
    ).toBeNull();
  });

  it('an address that is not a URL offers nothing', () => {
    expect(nativeEndpoint({ url: 'not a url', method: 'public_ipv4', transportMethod: 'direct' })).toBeNull();
  });
});
