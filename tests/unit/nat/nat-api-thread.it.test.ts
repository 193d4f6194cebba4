import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLargeError, cappedFetch } from '@engine/nat/capped-fetch';
import { NatApiThread } from '@engine/nat/nat-api-thread';

let server: Server | null = null;
afterEach(async () => {
  const s = server;
  server = null;
  if (s) await new Promise<void>((r) => s.close(() => r()));
});

/** Serves `bytes` bytes of XML-ish text, with or without a Content-Length. */
async function serve(bytes: number, withLength: boolean): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(200, withLength ? { 'content-length': bytes } : {});
    const chunk = Buffer.alloc(Math.min(bytes, 16 * 1024), 'y');
    let left = bytes;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(chunk.subarray(0, n))) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/rootDesc.xml`;
}

describe('cappedFetch', () => {
  const fetchCapped = cappedFetch(fetch, 64 * 1024);

  it('passes a body within the cap unchanged', async () => {
    const url = await serve(1000, false);
    const res = await fetchCapped(url);
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBe(1000);
  });

  it('fails a body without a length once it passes the cap', async () => {
    const url = await serve(8 * 1024 * 1024, false);
    const res = await fetchCapped(url);
    await expect(res.text()).rejects.toThrow(/larger than 65536 bytes/);
  });

  it('refuses a declared length past the cap before reading', async () => {
    const url = await serve(8 * 1024 * 1024, true);
    await expect(fetchCapped(url)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('goes only to http:// and an IP address', async () => {
    await expect(fetchCapped('http://router.example/rootDesc.xml')).rejects.toThrow(/http:\/\/ and an IP address/);
    await expect(fetchCapped('file:///etc/passwd')).rejects.toThrow(/http:\/\/ and an IP address/);
  });
});

describe('NatApiThread', () => {
  it('ends a thread whose operation overruns its budget, fails the operation plainly, and starts a fresh one next time', async () => {
    // A search, a description and a SOAP exchange cannot all happen in 5 ms, whether a router is on this network or
    // not.
    const thread = new NatApiThread({ enableUPNP: true, enablePMP: false, autoUpdate: false }, { budgetMs: 5 });
    await expect(thread.externalIp()).rejects.toThrow(/timed out after 5 ms/);
    expect(thread.overruns).toBe(1);
    await expect(thread.externalIp()).rejects.toThrow(/timed out after 5 ms/);
    expect(thread.overruns).toBe(2);
    await expect(thread.destroy()).resolves.toBe(true);
  }, 60_000);

  it('runs the library in the thread and hands back its plain answer', async () => {
    const thread = new NatApiThread({ enableUPNP: true, enablePMP: false, autoUpdate: false }, { budgetMs: 20_000 });
    // nat-api folds "no router answered" into an empty address; a router on this network would give its address.
    expect(typeof (await thread.externalIp())).toBe('string');
    expect(thread.overruns).toBe(0);
    await thread.destroy();
  }, 60_000);
});
