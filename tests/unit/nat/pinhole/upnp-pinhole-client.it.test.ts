/**
 * The client's SOAP side against a local HTTP stand-in that answers with miniupnpd 2.3.1's recorded answers, and the
 * whole client against the UPnP device stand-in (tests/support/upnp-device) searched by unicast on loopback, honest
 * and hostile. (Multicast discovery on a real router: tests/integration/router/pinhole.router.test.ts.)
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIREWALL_SERVICE_V1 } from '@engine/nat/pinhole/device-description';
import { UpnpPinholeError } from '@engine/nat/pinhole/errors';
import { UpnpPinholeClient, type PinholeService } from '@engine/nat/pinhole/upnp-pinhole-client';
import { childTexts } from '@engine/nat/pinhole/xml';
import { DeviceXmlReader } from '@engine/nat/pinhole/xml-reader';
import { startUpnpDevice, type UpnpDevice } from '../../../support/upnp-device/upnp-device';
import { soapFixture } from './fixtures';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  remote: string;
}

type Reply = { status: number; body: string } | 'hang' | { huge: true };

function standIn(host: string) {
  const seen: Seen[] = [];
  const replies: Reply[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        remote: req.socket.remoteAddress!,
      });
      const r = replies.shift() ?? { status: 500, body: 'unscripted' };
      if (r === 'hang') return;
      if ('huge' in r) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end('x'.repeat(70 * 1024));
        return;
      }
      res.writeHead(r.status, { 'content-type': 'text/xml; charset="utf-8"' });
      res.end(r.body);
    });
  });
  const ready = new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
  return { seen, replies, server, ready };
}

const service = (host: string, port: number, family: 4 | 6): PinholeService => ({
  serviceType: FIREWALL_SERVICE_V1,
  controlUrl: { host, port, path: '/ctl/IP6FCtl' },
  controlUrlText: family === 6 ? `http://[${host}]:${port}/ctl/IP6FCtl` : `http://${host}:${port}/ctl/IP6FCtl`,
  family,
  deviceName: 'WANConnectionDevice',
  server: null,
});

async function failure(p: Promise<unknown>): Promise<UpnpPinholeError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UpnpPinholeError) return err;
    throw err;
  }
  throw new Error('did not fail');
}

describe('UpnpPinholeClient SOAP calls', () => {
  const s = standIn('127.0.0.1');
  let svc: PinholeService;
  const client = new UpnpPinholeClient({ httpTimeoutMs: 1_000 });

  beforeAll(async () => {
    svc = service('127.0.0.1', await s.ready, 4);
  });
  afterAll(() => new Promise<void>((r) => s.server.close(() => r())));
  afterEach(() => {
    s.seen.length = 0;
    s.replies.length = 0;
  });

  it('GetFirewallStatus: POST to the control URL with the SOAPAction of the service, answer read', async () => {
    s.replies.push(soapFixture('GetFirewallStatus'));
    expect(await client.getFirewallStatus(svc)).toEqual({ firewallEnabled: true, inboundPinholeAllowed: true });
    const [req] = s.seen;
    expect(req).toMatchObject({ method: 'POST', path: '/ctl/IP6FCtl' });
    expect(req!.headers).toMatchObject({
      soapaction: `"${FIREWALL_SERVICE_V1}#GetFirewallStatus"`,
      'content-type': 'text/xml; charset="utf-8"',
      host: `127.0.0.1:${svc.controlUrl.port}`,
      connection: 'close',
    });
    expect(req!.body).toContain(`<u:GetFirewallStatus xmlns:u="${FIREWALL_SERVICE_V1}"></u:GetFirewallStatus>`);
  });

  it('AddPinhole sends any remote host and port, the address, port, TCP and the lease; returns the UniqueID', async () => {
    s.replies.push(soapFixture('AddPinhole'));
    expect(
      await client.addPinhole(svc, { internalClient: '2a0e:97c0:38f:1::2', internalPort: 7443, leaseSeconds: 3600 }),
    ).toBe(1);
    expect(childTexts(s.seen[0]!.body, 'AddPinhole')).toEqual([
      ['RemoteHost', ''],
      ['RemotePort', '0'],
      ['InternalClient', '2a0e:97c0:38f:1::2'],
      ['InternalPort', '7443'],
      ['Protocol', '6'],
      ['LeaseTime', '3600'],
    ]);
  });

  it('UpdatePinhole and DeletePinhole name the UniqueID (and the new lease)', async () => {
    s.replies.push(soapFixture('UpdatePinhole'), soapFixture('DeletePinhole'));
    await client.updatePinhole(svc, 17, 1800);
    await client.deletePinhole(svc, 17);
    expect(s.seen.map((r) => r.headers.soapaction)).toEqual([
      `"${FIREWALL_SERVICE_V1}#UpdatePinhole"`,
      `"${FIREWALL_SERVICE_V1}#DeletePinhole"`,
    ]);
    expect(s.seen[0]!.body).toContain('<UniqueID>17</UniqueID><NewLeaseTime>1800</NewLeaseTime>');
    expect(s.seen[1]!.body).toContain('<UniqueID>17</UniqueID></u:DeletePinhole>');
  });

  it('a UPnP fault becomes a refusal with its code', async () => {
    s.replies.push(soapFixture('AddPinhole-over-ipv4-606'));
    expect(
      await failure(client.addPinhole(svc, { internalClient: '2a0e::2', internalPort: 7443, leaseSeconds: 60 })),
    ).toMatchObject({ kind: 'refused', upnpCode: 606 });
  });

  it('a router that does not answer is a timeout within the bound; an oversized answer is refused', async () => {
    s.replies.push('hang');
    // The stand-in never answers: only the client's own bound can end the call.
    const e = await failure(client.getFirewallStatus(svc));
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain('the router did not answer');
    s.replies.push({ huge: true });
    expect((await failure(client.getFirewallStatus(svc))).message).toContain('larger than');
  });

  it('a closed port says the router refused the connection', async () => {
    const closed = standIn('127.0.0.1');
    const port = await closed.ready;
    await new Promise<void>((r) => closed.server.close(() => r()));
    const e = await failure(client.getFirewallStatus(service('127.0.0.1', port, 4)));
    expect(e).toMatchObject({ kind: 'transport' });
    expect(e.message).toContain('the router refused the connection');
  });

  it('refuses bad arguments before anything is sent', async () => {
    await expect(
      client.addPinhole(svc, { internalClient: '192.168.1.2', internalPort: 7443, leaseSeconds: 60 }),
    ).rejects.toThrow(RangeError);
    await expect(
      client.addPinhole(svc, { internalClient: '2a0e::2', internalPort: 0, leaseSeconds: 60 }),
    ).rejects.toThrow(RangeError);
    await expect(
      client.addPinhole(svc, { internalClient: '2a0e::2', internalPort: 7443, leaseSeconds: 86_401 }),
    ).rejects.toThrow(RangeError);
    await expect(client.updatePinhole(svc, 1, 0)).rejects.toThrow(RangeError);
    expect(() => new UpnpPinholeClient({ localAddress: '10.0.0.2' })).toThrow(RangeError);
    expect(s.seen).toEqual([]);
  });
});

describe('UpnpPinholeClient over IPv6', () => {
  const s = standIn('::1');
  let port = 0;
  beforeAll(async () => {
    port = await s.ready.catch(() => 0);
  });
  afterAll(() => new Promise<void>((r) => (port ? s.server.close(() => r()) : r())));

  it('sends calls to an IPv6 router from the given local address', async (ctx) => {
    if (!port) ctx.skip('no IPv6 loopback on this machine');
    s.replies.push(soapFixture('GetFirewallStatus'));
    const client = new UpnpPinholeClient({ localAddress: '::1', httpTimeoutMs: 1_000 });
    await client.getFirewallStatus(service('::1', port, 6));
    expect(s.seen[0]!.remote).toBe('::1');
    expect(s.seen[0]!.headers.host).toBe(`[::1]:${port}`);
  });

  it('says so when this computer no longer has the address to send from', async (ctx) => {
    if (!port) ctx.skip('no IPv6 loopback on this machine');
    const client = new UpnpPinholeClient({ localAddress: '2a0e:97c0:38f:ffff::dead', httpTimeoutMs: 1_000 });
    const e = await failure(client.getFirewallStatus(service('::1', port, 6)));
    expect(e.message).toContain('no longer has the address 2a0e:97c0:38f:ffff::dead');
  });
});

describe('UpnpPinholeClient against the UPnP device stand-in (unicast search on loopback)', () => {
  const reader = new DeviceXmlReader({ budgetMs: 1_000 });
  let device: UpnpDevice;
  const client = () =>
    new UpnpPinholeClient({
      ssdpTargets: [device.ssdp],
      ssdpTimeoutMs: 3_000,
      ssdpSettleMs: 200,
      httpTimeoutMs: 1_500,
      xmlReader: reader,
      interfaces: () => ({}),
    });

  beforeAll(async () => {
    device = await startUpnpDevice({ host: '127.0.0.1' });
  });
  afterAll(async () => {
    await device.close();
    await reader.close();
  });
  afterEach(() => {
    Object.assign(device.hostility, { description: 'honest', soap: 'honest', ssdp: 'honest' });
  });

  it('finds an honest device and opens, renews and closes a pinhole through it', async () => {
    const c = client();
    const [svc] = await c.discover();
    expect(svc).toMatchObject({
      serviceType: FIREWALL_SERVICE_V1,
      controlUrlText: `http://127.0.0.1:${new URL(device.location).port}/ctl/IP6FCtl`,
      deviceName: 'WANConnectionDevice',
    });
    expect(await c.getFirewallStatus(svc!)).toEqual({ firewallEnabled: true, inboundPinholeAllowed: true });
    const id = await c.addPinhole(svc!, {
      internalClient: '2a0e:97c0:38f:1::2',
      internalPort: 7443,
      leaseSeconds: 3600,
    });
    expect(device.pinholes.get(id)).toMatchObject({
      internalClient: '2a0e:97c0:38f:1::2',
      internalPort: 7443,
      protocol: 6,
      leaseSeconds: 3600,
    });
    await c.updatePinhole(svc!, id, 1800);
    await c.deletePinhole(svc!, id);
    expect(device.pinholes.size).toBe(0);
    expect((await failure(c.deletePinhole(svc!, id))).upnpCode).toBe(704);
  });

  it('a description built against regular expressions is refused as unreadable, not read for seconds', async () => {
    device.hostility.description = 'regex';
    const e = await failure(client().discover());
    expect(e).toMatchObject({ kind: 'transport', details: { unreadable: true } });
    expect(e.message).toContain('could not be read: not well-formed XML');
  });

  it('huge and dripped descriptions are cut off by the size cap and the time bound', async () => {
    device.hostility.description = 'huge';
    expect((await failure(client().discover())).message).toContain('larger than');
    device.hostility.description = 'drip';
    expect((await failure(client().discover())).message).toMatch(/no answer within|did not answer|timed? ?out/i);
  });

  it('an unreadable SOAP answer is a transport failure marked unreadable', async () => {
    const c = client();
    const [svc] = await c.discover();
    device.hostility.soap = 'regex';
    expect(await failure(c.getFirewallStatus(svc!))).toMatchObject({
      kind: 'transport',
      details: { unreadable: true },
    });
  });

  it('endless SSDP replies end the search early and read a bounded number of descriptions', async () => {
    device.hostility.ssdp = 'flood';
    const before = device.seen.requests;
    // The device's own answer comes first and is used; the flooded LOCATIONs lead nowhere (404) and only a handful
    // of them are tried.
    const services = await client().discover();
    expect(services).toHaveLength(1);
    expect(device.seen.requests - before).toBeGreaterThan(0);
    expect(device.seen.requests - before).toBeLessThanOrEqual(8);
  });
});
