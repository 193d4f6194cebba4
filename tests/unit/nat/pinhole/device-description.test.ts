import { describe, expect, it } from 'vitest';
import { FIREWALL_SERVICE_V1, parseFirewallServices } from '@engine/nat/pinhole/device-description';
import { parseLanUrl, type LanUrl } from '@engine/nat/pinhole/lan-url';
import { fixture } from './fixtures';

const loc = (text: string): LanUrl => parseLanUrl(text)!;

// Laid out like the igd2desc.xml of a FRITZ!Box (FRITZ!OS 7): port 49000, tab indentation, three nested devices
// with the firewall service of the WANConnectionDevice under /igd2upnp/control/. Written for this test.
const FRITZ_LIKE = `<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0">
\t<specVersion><major>1</major><minor>0</minor></specVersion>
\t<device>
\t\t<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:2</deviceType>
\t\t<friendlyName>FRITZ!Box 7590</friendlyName>
\t\t<manufacturer>AVM Berlin</manufacturer>
\t\t<serviceList>
\t\t\t<service>
\t\t\t\t<serviceType>urn:schemas-any-com:service:Any:1</serviceType>
\t\t\t\t<controlURL>/igd2upnp/control/any</controlURL>
\t\t\t</service>
\t\t</serviceList>
\t\t<deviceList>
\t\t\t<device>
\t\t\t\t<deviceType>urn:schemas-upnp-org:device:WANDevice:2</deviceType>
\t\t\t\t<friendlyName>WANDevice - FRITZ!Box 7590</friendlyName>
\t\t\t\t<serviceList>
\t\t\t\t\t<service>
\t\t\t\t\t\t<serviceType>urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1</serviceType>
\t\t\t\t\t\t<controlURL>/igd2upnp/control/WANCommonIFC1</controlURL>
\t\t\t\t\t</service>
\t\t\t\t</serviceList>
\t\t\t\t<deviceList>
\t\t\t\t\t<device>
\t\t\t\t\t\t<deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:2</deviceType>
\t\t\t\t\t\t<friendlyName>WANConnectionDevice - FRITZ!Box 7590</friendlyName>
\t\t\t\t\t\t<serviceList>
\t\t\t\t\t\t\t<service>
\t\t\t\t\t\t\t\t<serviceType>urn:schemas-upnp-org:service:WANIPConnection:2</serviceType>
\t\t\t\t\t\t\t\t<controlURL>/igd2upnp/control/WANIPConn1</controlURL>
\t\t\t\t\t\t\t</service>
\t\t\t\t\t\t\t<service>
\t\t\t\t\t\t\t\t<serviceType>urn:schemas-upnp-org:service:WANIPv6FirewallControl:1</serviceType>
\t\t\t\t\t\t\t\t<serviceId>urn:upnp-org:serviceId:WANIPv6Firewall1</serviceId>
\t\t\t\t\t\t\t\t<controlURL>/igd2upnp/control/WANIPv6Firewall1</controlURL>
\t\t\t\t\t\t\t\t<eventSubURL>/igd2upnp/control/WANIPv6Firewall1</eventSubURL>
\t\t\t\t\t\t\t\t<SCPDURL>/igd2ipv6fwcSCPD.xml</SCPDURL>
\t\t\t\t\t\t\t</service>
\t\t\t\t\t\t</serviceList>
\t\t\t\t\t</device>
\t\t\t\t</deviceList>
\t\t\t</device>
\t\t</deviceList>
\t\t<presentationURL>http://fritz.box</presentationURL>
\t</device>
</root>
`;

describe('parseFirewallServices', () => {
  it("finds the service in miniupnpd 2.3.1's real IGDv2 description, resolved against the IPv6 location", () => {
    const xml = fixture('miniupnpd-2.3.1-rootDesc.xml');
    expect(parseFirewallServices(xml, loc('http://[2a0e:97c0:38f:1::1]:5000/rootDesc.xml'))).toEqual([
      {
        serviceType: FIREWALL_SERVICE_V1,
        controlUrl: { host: '2a0e:97c0:38f:1::1', port: 5000, path: '/ctl/IP6FCtl' },
        deviceName: 'WANConnectionDevice',
      },
    ]);
    // The same description fetched over IPv4 names the IPv4 control URL (miniupnpd writes only paths).
    expect(parseFirewallServices(xml, loc('http://10.99.0.1:5000/rootDesc.xml'))[0]!.controlUrl).toEqual({
      host: '10.99.0.1',
      port: 5000,
      path: '/ctl/IP6FCtl',
    });
  });

  it('finds it three devices deep in a FRITZ!Box-style description, with the device name for steps', () => {
    expect(parseFirewallServices(FRITZ_LIKE, loc('http://[fe80::3a10:d5ff:fe00:1%eth0]:49000/igd2desc.xml'))).toEqual([
      {
        serviceType: FIREWALL_SERVICE_V1,
        controlUrl: { host: 'fe80::3a10:d5ff:fe00:1%eth0', port: 49000, path: '/igd2upnp/control/WANIPv6Firewall1' },
        deviceName: 'WANConnectionDevice - FRITZ!Box 7590',
      },
    ]);
  });

  it('an IGDv1 description has no firewall service', () => {
    const v1 = fixture('miniupnpd-2.3.1-rootDesc.xml')
      .replace(/<service><serviceType>urn:schemas-upnp-org:service:WANIPv6FirewallControl:1[\s\S]*?<\/service>/, '')
      .replace(/:2</g, ':1<');
    expect(parseFirewallServices(v1, loc('http://10.99.0.1:5000/rootDesc.xml'))).toEqual([]);
  });

  it('honours URLBase, prefixes, relative and entity-escaped control URLs', () => {
    const xml = `<?xml version="1.0"?><r:root xmlns:r="urn:schemas-upnp-org:device-1-0"><r:URLBase>http://192.168.178.1:49000/base/</r:URLBase>
      <r:device><r:friendlyName>Box &amp; Co</r:friendlyName><r:serviceList>
        <r:service><r:serviceType>urn:schemas-upnp-org:service:WANIPv6FirewallControl:1</r:serviceType><r:controlURL>ctl/fw?x=1&amp;y=2</r:controlURL></r:service>
      </r:serviceList></r:device></r:root>`;
    expect(parseFirewallServices(xml, loc('http://192.168.178.1:1900/desc.xml'))).toEqual([
      {
        serviceType: FIREWALL_SERVICE_V1,
        controlUrl: { host: '192.168.178.1', port: 49000, path: '/base/ctl/fw?x=1&y=2' },
        deviceName: 'Box & Co',
      },
    ]);
  });

  it('skips a control URL that names a host instead of an address, or another scheme', () => {
    const svc = (url: string) =>
      `<service><serviceType>urn:schemas-upnp-org:service:WANIPv6FirewallControl:1</serviceType><controlURL>${url}</controlURL></service>`;
    const xml = `<root><device><serviceList>${svc('http://router.example/ctl')}${svc('https://192.168.1.1/ctl')}${svc('//192.168.1.1/ctl')}${svc('/ok')}</serviceList></device></root>`;
    expect(parseFirewallServices(xml, loc('http://192.168.1.1:5000/d.xml')).map((s) => s.controlUrl.path)).toEqual([
      '/ok',
    ]);
  });
});
