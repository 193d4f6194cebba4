/**
 * A LAN UPnP device stand-in: an IGDv2 router with WANIPv6FirewallControl:1 that answers SSDP searches, serves its
 * device description and keeps a table of pinholes behind a SOAP control URL, as miniupnpd 2.3.1 does (its recorded
 * description, answer layout and error codes). Honest by default — a node opens a real pinhole through it — and
 * hostile on request: a description built to be slow for a backtracking regular-expression reader, bodies far past
 * any cap, answers dripped a byte at a time, endless SSDP replies.
 *
 * It only ever binds loopback or an address of a private test network namespace (see hostile-lan-device.test.ts),
 * and it answers only whoever asked: nothing it sends can reach a real LAN.
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo, type Socket as TcpSocket } from 'node:net';
import { SaxesParser } from 'saxes';

export const FIREWALL_SERVICE = 'urn:schemas-upnp-org:service:WANIPv6FirewallControl:1';
export const WANIP_SERVICE = 'urn:schemas-upnp-org:service:WANIPConnection:2';
/** What nat-api (the node's IPv4 port mapper) searches for. */
export const IGD_DEVICE_V1 = 'urn:schemas-upnp-org:device:InternetGatewayDevice:1';
const CONTROL_PATH = '/ctl/IP6FCtl';
const WANIP_CONTROL_PATH = '/ctl/IPConn';
/** The public address the device reports for GetExternalIPAddress. */
// A public address (documentation ranges would read as a second NAT); nothing leaves the lab's namespace.
export const DEVICE_EXTERNAL_IP = '93.184.216.34';
const DESCRIPTION_PATH = '/rootDesc.xml';
const SERVER = 'Debian/6.18 UPnP/1.1 MiniUPnPd/2.3.1';
const UUID = 'uuid:3f1b8a5e-8a0c-4c1e-9d3e-6a8c2d7e1f08';
const SSDP_V4 = '239.255.255.250';

/** The description miniupnpd 2.3.1 served in the router lab (recorded; its URLs are paths, resolved by the client). */
const HONEST_DESCRIPTION = readFileSync(
  new URL('../../unit/nat/pinhole/fixtures/miniupnpd-2.3.1-rootDesc.xml', import.meta.url),
  'latin1',
);

/** What the device does wrong, per surface; `honest` everywhere by default. */
export interface Hostility {
  /**
   * - regex: a 256 KiB description whose head is a real one and whose tail opens comments and tags that never close:
   *   a lazy regular expression scans the rest of the document from each of them (quadratic), a parser reads it once.
   * - huge: 64 MiB without Content-Length. - gigabyte: 1 GiB the same way, as fast as the node reads (no end within any
   *   budget). - drip: one byte every 200 ms, for ever.
   */
  description: 'honest' | 'regex' | 'huge' | 'gigabyte' | 'drip';
  /** The same for SOAP answers (the regex one is 64 KiB, the client's cap for SOAP). */
  soap: 'honest' | 'regex' | 'huge' | 'gigabyte' | 'drip';
  /** flood: every search is answered, then again and again (each time with another LOCATION) for `floodMs`. */
  ssdp: 'honest' | 'flood' | 'silent';
}

export interface UpnpDeviceOptions {
  /** The address to serve on: loopback, or an address of a test network namespace. */
  host: string;
  /**
   * Listen on the SSDP multicast group (port 1900 on `host`'s interface) as a real router does; else a unicast port.
   */
  multicast?: boolean;
  hostility?: Partial<Hostility>;
  /** How long one flood of SSDP replies lasts (default 5 s). */
  floodMs?: number;
  /** Answer searches for the IPv6 firewall service (default true); false leaves only the IPv4 port-mapping side. */
  pinholeSearch?: boolean;
}

/** A port mapping held by the WANIPConnection side (AddPortMapping / DeletePortMapping). */
export interface PortMappingEntry {
  externalPort: number;
  internalClient: string;
  internalPort: number;
  protocol: string;
  leaseSeconds: number;
  description: string;
}

export interface Pinhole {
  uniqueId: number;
  internalClient: string;
  internalPort: number;
  protocol: number;
  leaseSeconds: number;
}

export interface UpnpDevice {
  /** Where SSDP searches reach it (the multicast group's port 1900, or a unicast port on `host`). */
  ssdp: { address: string; port: number };
  /** The LOCATION it announces. */
  location: string;
  hostility: Hostility;
  /** The pinhole table the SOAP actions work on. */
  pinholes: Map<number, Pinhole>;
  /** The port mappings the WANIPConnection actions work on, by external port. */
  mappings: Map<number, PortMappingEntry>;
  /** What it was asked: searches, HTTP requests, description fetches, SOAP actions by name, SSDP datagrams sent. */
  seen: { searches: number; requests: number; descriptions: number; actions: string[]; ssdpSent: number };
  close(): Promise<void>;
}

/** The regular-expression bomb: a real description's head, then `<!--` and `<device ` runs that never close. */
export function regexBombDescription(bytes = 256 * 1024 - 64): string {
  const head = HONEST_DESCRIPTION.slice(0, HONEST_DESCRIPTION.indexOf('<deviceList>'));
  const room = bytes - head.length;
  const half = Math.floor(room / 2);
  return head + '<!--'.repeat(Math.floor(half / 4)) + '<device '.repeat(Math.floor((room - half) / 8));
}

function regexBombSoap(action: string, bytes = 64 * 1024 - 64): string {
  const head = `<?xml version="1.0"?>\r\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><u:${action}Response xmlns:u="${FIREWALL_SERVICE}">`;
  return head + '<!--'.repeat(Math.floor((bytes - head.length) / 4));
}

function envelope(inner: string): string {
  return (
    '<?xml version="1.0"?>\r\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
    `<s:Body>${inner}</s:Body></s:Envelope>\r\n`
  );
}

function fault(code: number, description: string): string {
  return envelope(
    '<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0">' +
      `<errorCode>${code}</errorCode><errorDescription>${description}</errorDescription></UPnPError></detail></s:Fault>`,
  );
}

/** The arguments of a SOAP request (the text-only children of the action element), read with a real parser. */
function soapArgs(body: string, action: string): Map<string, string> {
  const args = new Map<string, string>();
  const path: string[] = [];
  let text = '';
  const parser = new SaxesParser();
  parser.on('opentag', (t) => {
    path.push(t.name.slice(t.name.indexOf(':') + 1));
    text = '';
  });
  parser.on('text', (t) => (text += t));
  parser.on('closetag', (t) => {
    path.pop();
    const name = t.name.slice(t.name.indexOf(':') + 1);
    if (path.at(-1) === action && !args.has(name)) args.set(name, text.trim());
    text = '';
  });
  parser.write(body).close();
  return args;
}

/** What every action handler needs: the call's arguments, an unsigned-number reader and the success envelope. */
interface ActionCall {
  args: Map<string, string>;
  uint: (name: string, max: number) => number | null;
  ok: (out: string) => [number, string];
}

/** Reads a SOAP action's arguments as miniupnpd does; null when they cannot be read (a 402 fault). */
function actionCall(action: string, body: string, service: string): ActionCall | null {
  let args: Map<string, string>;
  try {
    args = soapArgs(body, action);
  } catch {
    return null;
  }
  const uint = (name: string, max: number) => {
    const v = args.get(name);
    return v !== undefined && /^\d{1,10}$/.test(v) && Number(v) <= max ? Number(v) : null;
  };
  const ok = (out: string) =>
    [200, envelope(`<u:${action}Response xmlns:u="${service}">${out}</u:${action}Response>`)] as [number, string];
  return { args, uint, ok };
}

/** Answers one SOAP action as miniupnpd 2.3.1 does: [status, body]. */
function answerAction(device: UpnpDevice, next: { id: number }, action: string, body: string): [number, string] {
  const call = actionCall(action, body, FIREWALL_SERVICE);
  if (!call) return [500, fault(402, 'Invalid Args')];
  const { args, uint, ok } = call;
  switch (action) {
    case 'GetFirewallStatus':
      return ok('<FirewallEnabled>1</FirewallEnabled><InboundPinholeAllowed>1</InboundPinholeAllowed>');
    case 'AddPinhole': {
      const client = args.get('InternalClient') ?? '';
      const port = uint('InternalPort', 65535);
      const protocol = uint('Protocol', 65535);
      const lease = uint('LeaseTime', 86400);
      if (isIP(client) !== 6 || !port || (protocol !== 6 && protocol !== 17) || !lease)
        return [500, fault(402, 'Invalid Args')];
      for (const p of device.pinholes.values()) {
        if (p.internalClient === client && p.internalPort === port && p.protocol === protocol) {
          p.leaseSeconds = lease;
          return ok(`<UniqueID>${p.uniqueId}</UniqueID>`);
        }
      }
      const uniqueId = next.id++;
      device.pinholes.set(uniqueId, {
        uniqueId,
        internalClient: client,
        internalPort: port,
        protocol,
        leaseSeconds: lease,
      });
      return ok(`<UniqueID>${uniqueId}</UniqueID>`);
    }
    case 'UpdatePinhole': {
      const id = uint('UniqueID', 65535);
      const lease = uint('NewLeaseTime', 86400);
      const p = id === null ? undefined : device.pinholes.get(id);
      if (!p) return [500, fault(704, 'NoSuchEntry')];
      if (!lease) return [500, fault(402, 'Invalid Args')];
      p.leaseSeconds = lease;
      return ok('');
    }
    case 'DeletePinhole': {
      const id = uint('UniqueID', 65535);
      if (id === null || !device.pinholes.delete(id)) return [500, fault(704, 'NoSuchEntry')];
      return ok('');
    }
    default:
      return [500, fault(401, 'Invalid Action')];
  }
}

/** Answers one WANIPConnection action as miniupnpd 2.3.1 does: [status, body]. */
function answerWanIpAction(device: UpnpDevice, action: string, body: string): [number, string] {
  const call = actionCall(action, body, WANIP_SERVICE);
  if (!call) return [500, fault(402, 'Invalid Args')];
  const { args, uint, ok } = call;
  switch (action) {
    case 'GetExternalIPAddress':
      return ok(`<NewExternalIPAddress>${DEVICE_EXTERNAL_IP}</NewExternalIPAddress>`);
    case 'AddPortMapping': {
      const externalPort = uint('NewExternalPort', 65535);
      const internalPort = uint('NewInternalPort', 65535);
      const lease = uint('NewLeaseDuration', 604800);
      const protocol = args.get('NewProtocol') ?? '';
      const client = args.get('NewInternalClient') ?? '';
      if (
        !externalPort ||
        !internalPort ||
        lease === null ||
        (protocol !== 'TCP' && protocol !== 'UDP') ||
        isIP(client) !== 4
      )
        return [500, fault(402, 'Invalid Args')];
      const held = device.mappings.get(externalPort);
      if (held && held.internalClient !== client) return [500, fault(718, 'ConflictInMappingEntry')];
      device.mappings.set(externalPort, {
        externalPort,
        internalClient: client,
        internalPort,
        protocol,
        leaseSeconds: lease,
        description: args.get('NewPortMappingDescription') ?? '',
      });
      return ok('');
    }
    case 'DeletePortMapping': {
      const externalPort = uint('NewExternalPort', 65535);
      if (externalPort === null || !device.mappings.delete(externalPort))
        return [500, fault(714, 'NoSuchEntryInArray')];
      return ok('');
    }
    default:
      return [500, fault(401, 'Invalid Action')];
  }
}

/** Writes `body` according to `mode`; `honest` and `regex` send it whole with its length. */
function send(res: ServerResponse, mode: Hostility['soap'], status: number, body: string): void {
  if (mode === 'huge' || mode === 'gigabyte') {
    res.writeHead(200, { 'content-type': 'text/xml; charset="utf-8"', server: SERVER });
    const chunk = Buffer.from(`<x>${'y'.repeat(64 * 1024 - 7)}</x>`);
    let left = mode === 'huge' ? 1024 : 16 * 1024; // 64 MiB or 1 GiB
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        left -= 1;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
    return;
  }
  if (mode === 'drip') {
    res.writeHead(200, { 'content-type': 'text/xml; charset="utf-8"', server: SERVER });
    const timer = setInterval(() => {
      if (res.destroyed) clearInterval(timer);
      else res.write('<');
    }, 200);
    res.once('close', () => clearInterval(timer));
    return;
  }
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'content-type': 'text/xml; charset="utf-8"',
    'content-length': bytes.length,
    server: SERVER,
  });
  res.end(bytes);
}

export async function startUpnpDevice(o: UpnpDeviceOptions): Promise<UpnpDevice> {
  const family = isIP(o.host);
  if (family === 0) throw new Error(`the device serves on an IP address, not ${o.host}`);
  const hostility: Hostility = { description: 'honest', soap: 'honest', ssdp: 'honest', ...o.hostility };
  const floodMs = o.floodMs ?? 5_000;
  const next = { id: 1 };
  const sockets = new Set<TcpSocket>();
  const floods = new Set<NodeJS.Timeout>();
  // Filled in once the sockets are bound (the handlers below only run after that).
  const device: UpnpDevice = {
    ssdp: { address: '', port: 0 },
    location: '',
    hostility,
    pinholes: new Map(),
    mappings: new Map(),
    seen: { searches: 0, requests: 0, descriptions: 0, actions: [], ssdpSent: 0 },
    close: () => Promise.resolve(),
  };

  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 64 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      device.seen.requests += 1;
      if (req.method === 'GET' && req.url === DESCRIPTION_PATH) {
        device.seen.descriptions += 1;
        const mode = hostility.description;
        send(res, mode, 200, mode === 'regex' ? regexBombDescription() : HONEST_DESCRIPTION);
        return;
      }
      if (req.method === 'POST' && req.url === WANIP_CONTROL_PATH) {
        const action = /#([A-Za-z]+)"?$/.exec(String(req.headers.soapaction ?? ''))?.[1] ?? '';
        device.seen.actions.push(action);
        const mode = hostility.soap;
        if (mode === 'regex') return send(res, 'honest', 200, regexBombSoap(action));
        const [status, body] = answerWanIpAction(device, action, Buffer.concat(chunks).toString('utf8'));
        send(res, mode, status, body);
        return;
      }
      if (req.method === 'POST' && req.url === CONTROL_PATH) {
        const action = /#([A-Za-z]+)"?$/.exec(String(req.headers.soapaction ?? ''))?.[1] ?? '';
        device.seen.actions.push(action);
        const mode = hostility.soap;
        if (mode === 'regex') return send(res, 'honest', 200, regexBombSoap(action));
        const [status, body] = answerAction(device, next, action, Buffer.concat(chunks).toString('utf8'));
        send(res, mode, status, body);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    });
  });
  http.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const httpPort = await new Promise<number>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, o.host, () => resolve((http.address() as AddressInfo).port));
  });
  const hostInUrl = family === 6 ? `[${o.host}]` : o.host;
  const location = `http://${hostInUrl}:${httpPort}${DESCRIPTION_PATH}`;

  const udp: Socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4', reuseAddr: true });
  udp.on('error', () => undefined);
  await new Promise<void>((resolve) => {
    if (o.multicast) udp.bind(1900, () => resolve());
    else udp.bind(0, o.host, () => resolve());
  });
  if (o.multicast) {
    if (family !== 4) throw new Error('multicast listening is done over IPv4 here');
    udp.addMembership(SSDP_V4, o.host);
  }

  const answer = (st: string, loc: string) =>
    `HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: ${st}\r\nUSN: ${UUID}::${st}\r\nEXT:\r\nSERVER: ${SERVER}\r\nLOCATION: ${loc}\r\n` +
    'OPT: "http://schemas.upnp.org/upnp/1/0/"; ns=01\r\n01-NLS: 1\r\nBOOTID.UPNP.ORG: 1\r\nCONFIGID.UPNP.ORG: 1337\r\n\r\n';
  udp.on('message', (msg, rinfo) => {
    const text = msg.toString('latin1');
    if (!/^M-SEARCH \* HTTP\/1\.1\r\n/i.test(text)) return;
    const st = /\r\nST:\s*([^\r\n]*)/i.exec(text)?.[1]?.trim() ?? '';
    const pinholeSearch = o.pinholeSearch ?? true;
    if (
      !(st === FIREWALL_SERVICE && pinholeSearch) &&
      st !== IGD_DEVICE_V1 &&
      st !== 'ssdp:all' &&
      st !== 'upnp:rootdevice'
    )
      return;
    device.seen.searches += 1;
    if (hostility.ssdp === 'silent') return;
    const reply = (loc: string) => {
      device.seen.ssdpSent += 1;
      udp.send(answer(st, loc), rinfo.port, rinfo.address);
    };
    reply(location);
    if (hostility.ssdp !== 'flood') return;
    // Then endless replies, each with another LOCATION (nothing is served there): 4 000 a second for `floodMs`.
    const until = Date.now() + floodMs;
    let n = 0;
    const timer = setInterval(() => {
      if (Date.now() > until) {
        clearInterval(timer);
        floods.delete(timer);
        return;
      }
      for (let i = 0; i < 20; i++) reply(`http://${hostInUrl}:${httpPort}/desc-${n++}.xml`);
    }, 5);
    floods.add(timer);
  });
  const udpAddr = udp.address();

  device.ssdp = { address: o.multicast ? SSDP_V4 : o.host, port: udpAddr.port };
  device.location = location;
  device.close = async () => {
    for (const t of floods) clearInterval(t);
    floods.clear();
    try {
      udp.close();
    } catch {
      // already closed
    }
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => http.close(() => r()));
  };
  return device;
}
