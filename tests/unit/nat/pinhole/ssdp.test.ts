import { describe, expect, it } from 'vitest';
import { FIREWALL_SERVICE_V1 } from '@engine/nat/pinhole/device-description';
import { parseSsdpAnswer } from '@engine/nat/pinhole/ssdp';
import { fixture } from './fixtures';

describe('parseSsdpAnswer', () => {
  it("reads miniupnpd 2.3.1's real answers to the IPv4 and the IPv6 search", () => {
    expect(parseSsdpAnswer(fixture('miniupnpd-2.3.1-ssdp-answer-ipv4.txt'), FIREWALL_SERVICE_V1)).toEqual({
      location: 'http://10.99.0.1:5000/rootDesc.xml',
      server: expect.stringContaining('MiniUPnPd/2.3.1'),
    });
    expect(parseSsdpAnswer(fixture('miniupnpd-2.3.1-ssdp-answer-ipv6.txt'), FIREWALL_SERVICE_V1)).toEqual({
      location: 'http://[2a0e:97c0:38f:1::1]:5000/rootDesc.xml',
      server: expect.stringContaining('MiniUPnPd/2.3.1'),
    });
  });

  it('ignores notifications, other search targets, answers without LOCATION, and overlong locations', () => {
    const answer = fixture('miniupnpd-2.3.1-ssdp-answer-ipv4.txt');
    expect(parseSsdpAnswer(answer.replace('HTTP/1.1 200 OK', 'NOTIFY * HTTP/1.1'), FIREWALL_SERVICE_V1)).toBeNull();
    expect(parseSsdpAnswer(answer, 'urn:schemas-upnp-org:service:WANIPConnection:2')).toBeNull();
    expect(parseSsdpAnswer(answer.replace(/LOCATION:[^\r]*\r\n/, ''), FIREWALL_SERVICE_V1)).toBeNull();
    expect(parseSsdpAnswer(answer.replace('/rootDesc.xml', `/${'x'.repeat(600)}`), FIREWALL_SERVICE_V1)).toBeNull();
  });

  it('is lenient about header case, bare LF line ends and a missing ST when the USN names the service', () => {
    const text = `HTTP/1.1 200 OK\nlocation: http://192.168.1.1:49000/igd2desc.xml\nusn: uuid:x::${FIREWALL_SERVICE_V1}\n\n`;
    expect(parseSsdpAnswer(text, FIREWALL_SERVICE_V1)).toEqual({
      location: 'http://192.168.1.1:49000/igd2desc.xml',
      server: null,
    });
  });
});
