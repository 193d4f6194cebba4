import { describe, expect, it } from 'vitest';
import { UpnpPinholeError } from '@engine/nat/pinhole/errors';
import {
  parseSoapResponse,
  readSoapAnswer,
  soapBool,
  soapEnvelope,
  soapHeaders,
  soapResult,
  soapUint,
} from '@engine/nat/pinhole/soap';
import { childTexts } from '@engine/nat/pinhole/xml';
import { soapFixture } from './fixtures';

const ST = 'urn:schemas-upnp-org:service:WANIPv6FirewallControl:1';

function thrown(fn: () => unknown): UpnpPinholeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UpnpPinholeError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

const parse = (action: string, name: string) => {
  const r = soapFixture(name);
  return () => parseSoapResponse(action, r.status, r.body);
};

describe('SOAP with the real miniupnpd 2.3.1 answers', () => {
  it('reads GetFirewallStatus', () => {
    const out = parse('GetFirewallStatus', 'GetFirewallStatus')();
    expect(soapBool(out, 'GetFirewallStatus', 'FirewallEnabled')).toBe(true);
    expect(soapBool(out, 'GetFirewallStatus', 'InboundPinholeAllowed')).toBe(true);
  });

  it('reads the UniqueID of AddPinhole, and the empty answers of UpdatePinhole and DeletePinhole', () => {
    expect(soapUint(parse('AddPinhole', 'AddPinhole')(), 'AddPinhole', 'UniqueID', 0xffff)).toBe(1);
    expect([...parse('UpdatePinhole', 'UpdatePinhole')()]).toEqual([]);
    expect([...parse('DeletePinhole', 'DeletePinhole')()]).toEqual([]);
  });

  it('turns 606 into a refusal that says what to do, FRITZ!Box setting included', () => {
    const e = thrown(parse('AddPinhole', 'AddPinhole-over-ipv4-606'));
    expect(e).toMatchObject({
      kind: 'refused',
      upnpCode: 606,
      details: { action: 'AddPinhole', upnpDescription: 'Action not authorized' },
    });
    expect(e.message).toMatch(/^AddPinhole: the router does not allow this computer to open pinholes/);
    expect(e.message).toContain('FRITZ!Box');
    expect(e.message).toContain('(UPnP error 606 "Action not authorized")');
  });

  it('keeps 402 and 704 apart: the task reacts to both by adding the pinhole again', () => {
    expect(thrown(parse('DeletePinhole', 'DeletePinhole-unknown-402'))).toMatchObject({
      kind: 'refused',
      upnpCode: 402,
    });
    expect(thrown(parse('AddPinhole', 'AddPinhole-lease-0-402'))).toMatchObject({ kind: 'refused', upnpCode: 402 });
    const gone = thrown(parse('UpdatePinhole', 'UpdatePinhole-flushed-704'));
    expect(gone).toMatchObject({ kind: 'refused', upnpCode: 704 });
    expect(gone.message).toContain('the router has no pinhole with that ID');
  });
});

describe('SOAP answers that are not what they should be', () => {
  it('a fault without a UPnP error code is a transport problem, with the faultstring', () => {
    const body =
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>Busy</faultstring></s:Fault></s:Body></s:Envelope>';
    const e = thrown(() => parseSoapResponse('AddPinhole', 500, body));
    expect(e.kind).toBe('transport');
    expect(e.message).toContain('"Busy"');
  });

  it("an unknown code keeps the router's description", () => {
    const body =
      '<Envelope><Body><Fault><detail><UPnPError><errorCode>899</errorCode><errorDescription>Vendor thing</errorDescription></UPnPError></detail></Fault></Body></Envelope>';
    expect(thrown(() => parseSoapResponse('AddPinhole', 500, body)).message).toBe(
      'AddPinhole: the router answered with UPnP error 899 "Vendor thing"',
    );
  });

  it('an HTML error page or a success without the response element is refused', () => {
    expect(thrown(() => parseSoapResponse('AddPinhole', 404, '<html><body>Not found</body></html>'))).toMatchObject({
      kind: 'transport',
    });
    expect(
      thrown(() => parseSoapResponse('AddPinhole', 200, '<s:Envelope><s:Body></s:Body></s:Envelope>')).message,
    ).toContain('without a AddPinholeResponse');
    expect(thrown(() => parseSoapResponse('AddPinhole', 200, 'x'.repeat(300_000))).kind).toBe('transport');
  });

  it('reads the answer as plain data first (in the worker), then judges it (on the calling thread)', () => {
    const r = soapFixture('AddPinhole');
    const answer = readSoapAnswer('AddPinhole', r.body);
    expect(answer).toEqual({ fault: null, response: [['UniqueID', '1']] });
    expect(structuredClone(answer)).toEqual(answer);
    expect([...soapResult('AddPinhole', r.status, answer)]).toEqual([['UniqueID', '1']]);
    const gone = soapFixture('UpdatePinhole-flushed-704');
    expect(readSoapAnswer('UpdatePinhole', gone.body).fault).toEqual({
      errorCode: '704',
      errorDescription: 'NoSuchEntry',
      faultstring: 'UPnPError',
    });
  });

  it('an answer that is not XML at all is unreadable, a transport problem', () => {
    const e = thrown(() => parseSoapResponse('AddPinhole', 200, '<a>' + '<!--'.repeat(16_000)));
    expect(e).toMatchObject({ kind: 'transport', details: { unreadable: true } });
    expect(e.message).toMatch(/^AddPinhole: the router's answer could not be read: not well-formed XML/);
  });

  it('refuses a UniqueID that is missing, not a number, or out of range', () => {
    const out = (v: string) => new Map([['UniqueID', v]]);
    expect(() => soapUint(new Map(), 'AddPinhole', 'UniqueID', 0xffff)).toThrow(/no valid UniqueID \(got nothing\)/);
    expect(() => soapUint(out('-1'), 'AddPinhole', 'UniqueID', 0xffff)).toThrow(UpnpPinholeError);
    expect(() => soapUint(out('1e3'), 'AddPinhole', 'UniqueID', 0xffff)).toThrow(UpnpPinholeError);
    expect(() => soapUint(out('70000'), 'AddPinhole', 'UniqueID', 0xffff)).toThrow(UpnpPinholeError);
    expect(soapUint(out('65535'), 'AddPinhole', 'UniqueID', 0xffff)).toBe(65535);
  });

  it('reads the boolean spellings UPnP allows and nothing else', () => {
    const b = (v: string) => soapBool(new Map([['X', v]]), 'A', 'X');
    expect(['1', 'true', 'YES', '0', 'false', 'no'].map(b)).toEqual([true, true, true, false, false, false]);
    expect(() => b('2')).toThrow(UpnpPinholeError);
  });
});

describe('soapEnvelope', () => {
  it('writes the arguments in order, escaped, under the service namespace, with the matching SOAPAction', () => {
    const env = soapEnvelope(ST, 'AddPinhole', [
      ['RemoteHost', ''],
      ['InternalClient', '2a0e::2'],
      ['Note', '<&>'],
    ]);
    expect(env).toContain(`<u:AddPinhole xmlns:u="${ST}">`);
    expect(childTexts(env, 'AddPinhole')).toEqual([
      ['RemoteHost', ''],
      ['InternalClient', '2a0e::2'],
      ['Note', '<&>'],
    ]);
    expect(soapHeaders(ST, 'AddPinhole')).toEqual({
      'content-type': 'text/xml; charset="utf-8"',
      soapaction: `"${ST}#AddPinhole"`,
    });
  });
});
