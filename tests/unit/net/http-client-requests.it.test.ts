/**
 * What httpCall puts on the wire now that it prepares a request once per URL and headers object and hands node:http
 * the headers as a list: the same request node:http would build from the object — one value per header name (the
 * call's own content-length winning over a caller's), `Host` unless given, `Authorization` from credentials kept out
 * of the URL, the content-length of each call's own body — for a frozen headers object reused by every call as for
 * one built per call, and a header node:http refuses fails the call rather than throwing.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpCall, resetConnectionVerdicts, type CallOptions } from '@engine/net/http-client';
import { useUrlCredentials } from '@engine/net/url-credentials';

interface Seen {
  method: string;
  url: string;
  raw: string[];
  body: string;
}

let server: Server | null = null;
const releases: (() => void)[] = [];
afterEach(async () => {
  for (const r of releases.splice(0)) r();
  resetConnectionVerdicts();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function recorder(): Promise<{ url: string; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', raw: req.rawHeaders, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, seen };
}

/** Every value of a header (case-insensitive) in the order received. */
const values = (raw: string[], name: string) =>
  raw.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [raw[i + 1]!] : []));
const base: CallOptions = { timeoutMs: 5_000, maxBytes: 1 << 20, maxErrorBytes: 1 << 16 };

describe('the request httpCall sends', () => {
  it('a frozen headers object reused by every call: each call with its own body and content-length, Host once', async () => {
    const r = await recorder();
    const headers = Object.freeze({ 'content-type': 'application/json', accept: 'application/json' });
    for (const [policy, body] of [
      ['keep-alive', '{"a":1}'],
      ['keep-alive', '{"much":"longer body, ünïcode"}'],
      ['fresh', '{}'],
      ['fresh', '{"b":22}'],
    ] as const) {
      expect(
        (await httpCall(`${r.url}/v1/chat/completions`, headers, body, { ...base, connection: policy })).status,
      ).toBe(200);
    }
    expect(r.seen.map((s) => [s.body, values(s.raw, 'content-length')])).toEqual([
      ['{"a":1}', ['7']],
      ['{"much":"longer body, ünïcode"}', [String(Buffer.byteLength('{"much":"longer body, ünïcode"}'))]],
      ['{}', ['2']],
      ['{"b":22}', ['8']],
    ]);
    for (const s of r.seen) {
      expect(values(s.raw, 'host')).toEqual([`127.0.0.1:${r.port}`]);
      expect(values(s.raw, 'content-type')).toEqual(['application/json']);
      expect(s.url).toBe('/v1/chat/completions');
    }
    expect(r.seen.map((s) => values(s.raw, 'connection'))).toEqual([
      ['keep-alive'],
      ['keep-alive'],
      ['close'],
      ['close'],
    ]);
  });

  it("the call's own content-length replaces a caller's in any case; a caller's Host is sent instead of ours", async () => {
    const r = await recorder();
    const headers = Object.freeze({ 'Content-Length': '999', Host: 'llm.lan', 'X-A': '1', 'x-a': '2' });
    expect((await httpCall(`${r.url}/x`, headers, 'abc', base)).status).toBe(200);
    const raw = r.seen[0]!.raw;
    expect(values(raw, 'content-length')).toEqual(['3']);
    expect(values(raw, 'host')).toEqual(['llm.lan']);
    expect(values(raw, 'x-a')).toEqual(['2']); // the last one, as node:http's setHeader keeps it
  });

  it('a headers object changed between calls is sent as it is at each call', async () => {
    const r = await recorder();
    const headers: Record<string, string> = { authorization: 'Bearer one' };
    await httpCall(`${r.url}/x`, headers, null, { ...base, method: 'GET' });
    headers.authorization = 'Bearer two';
    await httpCall(`${r.url}/x`, headers, null, { ...base, method: 'GET' });
    expect(r.seen.map((s) => values(s.raw, 'authorization'))).toEqual([['Bearer one'], ['Bearer two']]);
    expect(r.seen.map((s) => values(s.raw, 'content-length'))).toEqual([[], []]);
  });

  it('credentials registered after calls were prepared are sent from the next call on (as Basic authentication and query)', async () => {
    const r = await recorder();
    const headers = Object.freeze({ accept: 'application/json' });
    await httpCall(`${r.url}/v1/models`, headers, null, { ...base, method: 'GET' });
    releases.push(useUrlCredentials([{ url: `${r.url}/v1`, userinfo: 'ann:secret', query: 'k=1' }]));
    await httpCall(`${r.url}/v1/models`, headers, null, { ...base, method: 'GET' });
    expect(r.seen.map((s) => [s.url, values(s.raw, 'authorization')])).toEqual([
      ['/v1/models', []],
      ['/v1/models?k=1', [`Basic ${Buffer.from('ann:secret').toString('base64')}`]],
    ]);
  });

  it('a header value node:http refuses fails the call (no throw, nothing sent)', async () => {
    const r = await recorder();
    await expect(httpCall(`${r.url}/x`, Object.freeze({ 'x-bad': 'a\r\nb' }), '{}', base)).rejects.toMatchObject({
      code: 'ERR_INVALID_CHAR',
    });
    await expect(httpCall(`${r.url}/x`, { 'bad name': 'a' }, '{}', base)).rejects.toMatchObject({
      code: 'ERR_INVALID_HTTP_TOKEN',
    });
    expect(r.seen).toEqual([]);
  });
});
