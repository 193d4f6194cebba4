/**
 * Credentials kept out of a configured URL: split off exactly (the rest of the URL unchanged), stored and read back,
 * and put back onto calls to that origin only, over the real `node:http` client.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { httpCall } from '@engine/net/http-client';
import {
  credentialWords,
  decodeUrlCredentials,
  encodeUrlCredentials,
  splitUrlCredentials,
  useUrlCredentials,
} from '@engine/net/url-credentials';

const releases: (() => void)[] = [];
afterEach(() => {
  for (const r of releases.splice(0)) r();
});

describe('splitting a URL', () => {
  it('takes out the user name, password and query, and leaves the rest as it was written', () => {
    expect(splitUrlCredentials('http://ann:p%40ss@llm.lan:8080/v1?token=abc&x=1#frag')).toEqual({
      bare: 'http://llm.lan:8080/v1',
      credentials: { url: 'http://llm.lan:8080/v1', userinfo: 'ann:p%40ss', query: 'token=abc&x=1' },
    });
    expect(splitUrlCredentials('https://dir.example/api?key=k').credentials).toEqual({
      url: 'https://dir.example/api',
      userinfo: null,
      query: 'key=k',
    });
    expect(splitUrlCredentials('http://bob@[::1]:11434').credentials).toEqual({
      url: 'http://[::1]:11434',
      userinfo: 'bob',
      query: null,
    });
  });

  it('a password holding "@" ends at the last "@" before the host, as URL parsers read it', () => {
    expect(splitUrlCredentials('http://u:a@b@host:1/x').credentials).toEqual({
      url: 'http://host:1/x',
      userinfo: 'u:a@b',
      query: null,
    });
  });

  it('a URL without credentials is left as it is (no slash added), and has nothing to keep', () => {
    expect(splitUrlCredentials('http://127.0.0.1:11434')).toEqual({
      bare: 'http://127.0.0.1:11434',
      credentials: null,
    });
    expect(splitUrlCredentials('https://iicp.network/api/')).toEqual({
      bare: 'https://iicp.network/api/',
      credentials: null,
    });
  });

  it('says in words what it took out', () => {
    expect(credentialWords({ url: 'http://h', userinfo: 'a:b', query: 't=1' })).toBe(
      'the user name and password and the query (?…)',
    );
    expect(credentialWords({ url: 'http://h', userinfo: 'a', query: null })).toBe('the user name');
  });

  it('reads back what it stored, and nothing from anything else', () => {
    const c = { url: 'http://h:1', userinfo: 'a:b', query: null };
    expect(decodeUrlCredentials(encodeUrlCredentials(c))).toEqual(c);
    for (const bad of [null, '', 'not json', '{}', '{"url":"ftp://h","userinfo":"a"}', '{"url":"http://h"}'])
      expect(decodeUrlCredentials(bad)).toBeNull();
  });
});

describe('calls to that origin', () => {
  it('carry the credentials (Basic authentication and the query), calls elsewhere do not, and none after release', async () => {
    const seen: { auth: string | undefined; url: string | undefined }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      seen.push({ auth: req.headers.authorization, url: req.url });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const call = (url: string) =>
        httpCall(url, {}, null, { method: 'GET', timeoutMs: 5_000, maxBytes: 1024, maxErrorBytes: 1024 });
      const release = useUrlCredentials([
        { url: `http://127.0.0.1:${port}/v1`, userinfo: 'ann:p%40ss', query: 'token=abc' },
      ]);
      releases.push(release);
      await call(`http://127.0.0.1:${port}/api/tags?x=1`);
      // Another origin (same host, other name) gets nothing.
      await call(`http://localhost:${port}/api/tags`);
      release();
      await call(`http://127.0.0.1:${port}/api/tags`);
      expect(seen).toEqual([
        { auth: `Basic ${Buffer.from('ann:p@ss').toString('base64')}`, url: '/api/tags?x=1&token=abc' },
        { auth: undefined, url: '/api/tags' },
        { auth: undefined, url: '/api/tags' },
      ]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
