import { describe, expect, it } from 'vitest';
import { checkRelayUrl, type RelayUrlVerdict } from '@engine/relay/relay-url';
import { english } from '@shared/i18n/say';

const PUBLIC = { allowPrivate: false, ownPorts: [9484] };
const PRIVATE_ON = { allowPrivate: true, ownPorts: [9484, 7070] };
/** Why a URL was refused, in English; null when it was taken. */
const whyOf = (v: RelayUrlVerdict): string | null => (v.ok ? null : english.said(v.why));

describe('which relay URLs a worker may call', () => {
  it('takes a public http(s) origin, normalised', () => {
    expect(checkRelayUrl('https://relay.iicp-net.org', PUBLIC)).toEqual({
      ok: true,
      origin: 'https://relay.iicp-net.org',
    });
    expect(checkRelayUrl('http://203.0.114.7:9484/', PUBLIC)).toEqual({ ok: true, origin: 'http://203.0.114.7:9484' });
    expect(checkRelayUrl('https://[2a01:4f8::1]:8443', PUBLIC)).toEqual({
      ok: true,
      origin: 'https://[2a01:4f8::1]:8443',
    });
  });

  it.each([
    ['http://127.0.0.1:8080?/admin/shutdown', /query/],
    ['http://127.0.0.1:8080/#', /fragment/],
    ['https://relay.iicp-net.org?', /query/],
    ['https://user:pw@relay.iicp-net.org', /credentials/],
    ['https://relay.iicp-net.org/api', /path/],
    ['https://relay.iicp-net.org/%2e%2e/admin', /path/],
    ['ftp://relay.iicp-net.org', /http/],
    ['javascript:alert(1)', /http|not/],
    ['not a url', /odd|not a URL/],
  ])('refuses %s', (url, why) => {
    const v = checkRelayUrl(url, PRIVATE_ON);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(english.said(v.why)).toMatch(why);
  });

  it.each([
    'http://127.0.0.1:9000',
    'http://localhost:9000',
    'http://[::1]:9000',
    'http://10.0.0.5',
    'http://192.168.1.20:9484',
    'http://169.254.1.1',
    'http://[fe80::1]',
    'http://[::ffff:127.0.0.1]:9000',
    'http://0.0.0.0:9000',
    'http://relay',
  ])('refuses the non-public %s unless private endpoints are switched on', (url) => {
    expect(whyOf(checkRelayUrl(url, PUBLIC))).toMatch(/not public/);
  });

  it("with private endpoints on, still never this node's own port or the dashboard on this computer", () => {
    expect(checkRelayUrl('http://127.0.0.1:9000', PRIVATE_ON)).toMatchObject({ ok: true });
    for (const url of [
      'http://127.0.0.1:9484',
      'http://localhost:7070',
      'http://[::1]:9484',
      'http://0.0.0.0:9484',
      'http://10.0.0.5:9484',
    ]) {
      expect(whyOf(checkRelayUrl(url, PRIVATE_ON))).toMatch(/this node itself/);
    }
    // The same port on another, public machine is just another relay.
    expect(checkRelayUrl('http://203.0.114.7:9484', PRIVATE_ON)).toMatchObject({ ok: true });
  });
});
