/**
 * The worker that reads LAN devices' XML: plain data back, documents past the size cap refused before any thread
 * sees them, a document past its time budget ends the worker and fails (the next one gets a fresh worker), and a
 * flood of documents is refused past the queue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceXmlReader } from '@engine/nat/pinhole/xml-reader';
import { MAX_XML_CHARS, XmlError } from '@engine/nat/pinhole/xml';
import { fixture, soapFixture } from './fixtures';

const readers: DeviceXmlReader[] = [];
const reader = (o: ConstructorParameters<typeof DeviceXmlReader>[0] = {}) => {
  const r = new DeviceXmlReader(o);
  readers.push(r);
  return r;
};
afterEach(async () => {
  for (const r of readers.splice(0)) await r.close();
});

async function xmlFailure(p: Promise<unknown>): Promise<XmlError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof XmlError) return err;
    throw err;
  }
  throw new Error('did not fail');
}

/** Valid XML that takes a worker tens of milliseconds: far past a 1 ms budget. */
const SLOW =
  `<root ${Array.from({ length: 20_000 }, (_, i) => `a${i}=""`).join(' ')}/>`.slice(0, MAX_XML_CHARS - 3) + '""/>';

describe('DeviceXmlReader', () => {
  it('reads a description and a SOAP answer in the worker and hands back plain data', async () => {
    const r = reader();
    expect(await r.description(fixture('miniupnpd-2.3.1-rootDesc.xml'))).toEqual({
      urlBase: null,
      services: [
        {
          serviceType: 'urn:schemas-upnp-org:service:WANIPv6FirewallControl:1',
          controlUrl: '/ctl/IP6FCtl',
          deviceName: 'WANConnectionDevice',
        },
      ],
    });
    expect(await r.soap('AddPinhole', soapFixture('AddPinhole').body)).toEqual({
      fault: null,
      response: [['UniqueID', '1']],
    });
    expect((await xmlFailure(r.description('<a>' + '<!--'.repeat(1000)))).code).toBe('malformed');
  });

  it('refuses a document past the size cap without a worker', async () => {
    const r = reader();
    expect((await xmlFailure(r.description('x'.repeat(MAX_XML_CHARS + 1)))).code).toBe('too_large');
  });

  it('ends a worker that overruns its budget, fails that document, and reads the next one with a fresh worker', async () => {
    const r = reader({ budgetMs: 1 });
    const e = await xmlFailure(r.description(SLOW));
    expect(e.code).toBe('too_slow');
    expect(e.message).toBe("reading the device's XML took longer than 1 ms");
    expect(r.overruns).toBe(1);
    const ok = reader();
    expect((await ok.soap('GetFirewallStatus', soapFixture('GetFirewallStatus').body)).response).toEqual([
      ['FirewallEnabled', '1'],
      ['InboundPinholeAllowed', '1'],
    ]);
  });

  it('refuses documents past the queue instead of piling them up', async () => {
    const r = reader({ maxQueued: 2 });
    const all = Array.from({ length: 5 }, () =>
      r.description(fixture('miniupnpd-2.3.1-rootDesc.xml')).then(
        () => 'read',
        (e: XmlError) => e.code,
      ),
    );
    const outcomes = await Promise.all(all);
    expect(outcomes.filter((o) => o === 'unavailable').length).toBeGreaterThanOrEqual(2);
    expect(outcomes.filter((o) => o === 'read').length).toBeGreaterThanOrEqual(1);
  });
});
