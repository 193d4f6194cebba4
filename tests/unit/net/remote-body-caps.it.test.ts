/**
 * Every answer the engine reads from someone else's program has a cap: an outside health check (a relay, a tunnel's
 * edge) and a local ngrok agent's tunnel list. A server that answers with far more is cut off after the cap, and the
 * node says so in plain words instead of holding it all in memory.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_HEALTH_BODY_BYTES, probePublicHealth } from '@engine/nat/public-health';
import { findNgrokTunnel } from '@engine/nat/tunnels/ngrok-agent';
import { english } from '@shared/i18n/say';
import { listen } from '../../support/http-server';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A server answering every request with `bytes` of JSON whitespace (no declared length), counting what it sent. */
async function huge(bytes: number): Promise<{ url: string; sent: () => number }> {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const server = createServer((_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    let left = bytes;
    const write = () => {
      while (left > 0 && !res.destroyed) {
        left -= chunk.length;
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', write);
      }
      if (left <= 0) res.end();
    };
    write();
  });
  servers.push(server);
  await listen(server, { host: '127.0.0.1', port: 0 });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent: () => sent };
}

describe('remote bodies are read up to a cap', () => {
  it('an outside health check answered with 512 MiB reads a capped amount and says the answer was too large', async () => {
    const s = await huge(512 * 1024 * 1024);
    const r = await probePublicHealth(s.url, fetch, 10_000);
    expect(r).toMatchObject({
      ok: false,
      why: expect.stringMatching(/more than 64 KiB, far more than a health check sends/),
    });
    // Stopped long before the end (what is in flight in the sockets' buffers is all that went out).
    expect(s.sent()).toBeLessThan(64 * 1024 * 1024);
    expect(MAX_HEALTH_BODY_BYTES).toBe(64 * 1024);
  });

  it('an ngrok agent answering with 512 MiB is not used, and the step says why', async () => {
    const s = await huge(512 * 1024 * 1024);
    const r = await findNgrokTunnel({ port: 9484, apiUrl: s.url, fetchImpl: fetch, timeoutMs: 10_000 });
    expect(r.found).toBeNull();
    expect(r.steps.map((x) => english.said(x)).join(' ')).toMatch(
      /more than 1 MiB, far more than an ngrok agent's list of tunnels/,
    );
    expect(s.sent()).toBeLessThan(64 * 1024 * 1024);
  });
});
