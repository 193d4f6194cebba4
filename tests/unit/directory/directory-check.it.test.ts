/**
 * The wizard's directory check (`checkDirectory`): against the directory stand-in, a port where nothing listens, a web
 * server that is not a directory, and one that never answers. It never throws, and its words never carry the
 * technical detail, which stays apart for a "Details" disclosure.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDirectory } from '@engine/directory/directory-check';
import { startTestDirectory, type TestDirectory } from '../../support/directory';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { english } from '@shared/i18n/say';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function directory(): Promise<TestDirectory> {
  const dir = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  closers.push(() => dir.close());
  return dir;
}

/** A plain web server on loopback answering every request with `handler`. */
async function webServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

const TECHNICAL = /ECONN|ENOTFOUND|HTTP \d|\/v1\/|127\.0\.0\.1|undefined|null/;

describe('checking a directory for the wizard', () => {
  it('says a reachable directory answered, and how long it took', async () => {
    const dir = await directory();
    const check = await checkDirectory(dir.url);
    expect(check).toMatchObject({ url: dir.url, ok: true, details: 'HTTP 200' });
    expect(check.ms).toBeGreaterThanOrEqual(0);
    expect(english.said(check.words)).toBe(`The directory answered in ${check.ms} ms.`);
    expect(Date.parse(check.at)).not.toBeNaN();
    // It asked the public statistics route, nothing that needs or leaves credentials.
    await eventually(() => expect(dir.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/stats']));
  });

  it('says plainly that nothing answers at a dead address, the error code only in the details', async () => {
    const url = `http://127.0.0.1:${await freePort()}/api`;
    const check = await checkDirectory(url);
    expect(check).toMatchObject({ url, ok: false, ms: null, details: 'ECONNREFUSED' });
    expect(english.said(check.words)).toBe('Nothing answers at this address. Check the address, or try again later.');
    expect(english.said(check.words)).not.toMatch(TECHNICAL);
  });

  it('tells a web server that is not a directory from a directory', async () => {
    const url = await webServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not found</h1>');
    });
    const check = await checkDirectory(url);
    expect(check).toMatchObject({ ok: false, details: 'HTTP 404' });
    expect(english.said(check.words)).toMatch(/not an IICP directory/);
    expect(english.said(check.words)).not.toMatch(TECHNICAL);
  });

  it('says a directory with trouble of its own may be down for a moment', async () => {
    const url = await webServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"maintenance","message":"down"}}');
    });
    const check = await checkDirectory(url);
    expect(check).toMatchObject({ ok: false, details: 'HTTP 503 (maintenance)' });
    expect(english.said(check.words)).toMatch(/error of its own/);
  });

  it('gives up after its time limit on a server that never answers', async () => {
    const url = await webServer(() => undefined);
    const check = await checkDirectory(url, { timeoutMs: 300 });
    expect(check).toMatchObject({ ok: false, ms: null });
    expect(english.said(check.words)).toBe('The directory did not answer within 1 second.');
  });
});
