/**
 * What the node told the directory about its way in, as the Network page says it: a sentence in words, never the
 * wire values as the line itself (those stay apart, for the curious). Mirrors src-renderer/src/words/network-words.ts.
 */
import { describe, expect, it } from 'vitest';
import { advertisedWords, streamingWords } from '@renderer/words/network-words';

describe('advertised to the directory, in words', () => {
  it('a direct public IPv4 address', () => {
    const w = advertisedWords({ transportMethod: 'direct', exposureMode: 'ipv4_public_direct' });
    expect(w).toBe("Told the directory: consumers connect directly to the node's address, at a public IPv4 address.");
    expect(w).not.toMatch(/transport_method|exposure_mode|ipv4_public_direct|_/);
  });

  it('a relay and a tunnel', () => {
    expect(advertisedWords({ transportMethod: 'turn_relay', exposureMode: 'relay_required' })).toBe(
      'Told the directory: consumers reach the node through a relay.',
    );
    expect(advertisedWords({ transportMethod: 'external_tunnel', exposureMode: 'tunnel_required' })).toBe(
      'Told the directory: consumers reach the node through a tunnel.',
    );
  });

  it('nothing told yet, and values this version has no words for (not put into the sentence)', () => {
    expect(advertisedWords({ transportMethod: null, exposureMode: null })).toBe('Nothing told to the directory yet.');
    const odd = advertisedWords({ transportMethod: 'quantum_link', exposureMode: 'somewhere_else' });
    expect(odd).not.toContain('quantum_link');
    expect(odd).toMatch(/no words for/);
  });
});

describe('what the way in means for apps that stream', () => {
  it('through the relay or a tunnel, answers arrive whole', () => {
    expect(streamingWords({ method: 'relay', transportMethod: 'turn_relay' })).toBe(
      'Through the relay, answers arrive whole; apps that stream wait for the full answer.',
    );
    for (const method of ['tunnel', 'quick_tunnel'] as const) {
      expect(streamingWords({ method, transportMethod: 'external_tunnel' })).toBe(
        'Through a tunnel, answers arrive whole; apps that stream wait for the full answer.',
      );
    }
    // A tunnel's URL the person set as the public URL is still a tunnel.
    expect(streamingWords({ method: 'public_url', transportMethod: 'external_tunnel' })).toMatch(
      /^Through a tunnel, answers arrive whole/,
    );
  });

  it('nothing to say for a way in that streams, or none yet', () => {
    expect(streamingWords({ method: 'public_ipv4', transportMethod: 'direct' })).toBeNull();
    expect(streamingWords({ method: 'upnp', transportMethod: 'upnp_mapped' })).toBeNull();
    expect(streamingWords({ method: 'ipv6', transportMethod: 'direct' })).toBeNull();
    expect(streamingWords({ method: null, transportMethod: null })).toBeNull();
  });
});
