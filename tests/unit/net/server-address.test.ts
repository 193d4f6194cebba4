/**
 * Which addresses the node calls as an LLM server: this computer or its local network, a link-local one (where cloud
 * providers answer with their metadata service) only once confirmed, and a name judged on every address it resolves to.
 */
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import type { HostResolver } from '@engine/net/pinned-fetch';
import { judgeServerUrl, linkLocalWords, serverPlaceOf } from '@engine/net/server-address';

/** A resolver that knows only these names. */
const names =
  (table: Record<string, string[]>): HostResolver =>
  async (host) => {
    const list = table[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('where a server address leads', () => {
  it.each([
    ['127.0.0.1', 'local'],
    ['10.1.2.3', 'local'],
    ['172.16.0.1', 'local'],
    ['172.32.0.1', 'elsewhere'],
    ['192.168.1.20', 'local'],
    ['100.64.0.1', 'local'],
    ['169.254.169.254', 'link_local'],
    ['169.254.1.1', 'link_local'],
    ['8.8.8.8', 'elsewhere'],
    ['0.0.0.0', 'local'],
    ['::', 'local'],
    ['192.0.2.1', 'elsewhere'],
    ['224.0.0.1', 'elsewhere'],
    ['::1', 'local'],
    ['fd00::1', 'local'],
    ['fe80::1', 'link_local'],
    ['2001:4860::1', 'elsewhere'],
    ['::ffff:192.168.1.1', 'local'],
    ['::ffff:a9fe:a9fe', 'link_local'],
    ['not-an-ip', 'elsewhere'],
  ])('%s: %s', (ip, place) => {
    expect(serverPlaceOf(ip)).toBe(place);
  });
});

describe('judging a server URL', () => {
  const resolve = names({
    'gpu-box.lan': ['192.168.1.7', 'fd00::7'],
    'metadata.google.internal': ['169.254.169.254'],
    'sneaky.lan': ['192.168.1.7', 'fe80::1'],
    'mixed.example': ['192.168.1.7', '8.8.8.8'],
    'empty.example': [],
  });

  it('judges an address as written, in every spelling the URL parser knows', async () => {
    for (const url of [
      'http://169.254.169.254',
      'http://169.254.169.254./latest',
      'http://2852039166/',
      'http://0xa9fea9fe/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fe80::1]:11434',
    ]) {
      expect(await judgeServerUrl(url, resolve), url).toEqual({ place: 'link_local', byName: false });
    }
    expect(await judgeServerUrl('http://192.168.1.20:11434', resolve)).toEqual({ place: 'local', byName: false });
    expect(await judgeServerUrl('https://[::1]:8443/v1', resolve)).toEqual({ place: 'local', byName: false });
  });

  it('judges a name on every address it resolves to', async () => {
    expect(await judgeServerUrl('http://gpu-box.lan:11434', resolve)).toEqual({ place: 'local', byName: true });
    expect(await judgeServerUrl('http://metadata.google.internal/computeMetadata/v1', resolve)).toEqual({
      place: 'link_local',
      byName: true,
    });
    expect(await judgeServerUrl('http://sneaky.lan:11434', resolve)).toEqual({ place: 'link_local', byName: true });
    expect(await judgeServerUrl('http://mixed.example:11434', resolve)).toEqual({ place: 'elsewhere', byName: true });
  });

  it('never takes what it cannot judge', async () => {
    expect(await judgeServerUrl('http://nowhere.invalid', resolve)).toEqual({
      place: 'elsewhere',
      byName: true,
      unresolved: true,
    });
    expect(await judgeServerUrl('http://empty.example', resolve)).toEqual({
      place: 'elsewhere',
      byName: true,
      unresolved: true,
    });
    expect((await judgeServerUrl('ftp://127.0.0.1', resolve)).place).toBe('elsewhere');
    expect((await judgeServerUrl('not a url', resolve)).place).toBe('elsewhere');
  });

  it('says why a link-local server waits for a confirmation, for an address and for a name', () => {
    expect(linkLocalWords(false)).toBe(
      "This is a link-local address, like a cloud provider's metadata service. The node does not call it unless you confirm it.",
    );
    expect(linkLocalWords(true)).toMatch(
      /^This name leads to a link-local address, like a cloud provider's metadata service\./,
    );
  });
});
