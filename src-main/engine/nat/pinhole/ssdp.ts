import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import type { InterfaceSource } from '../local-addresses';
import { formatLanUrl, isOnLocalNetwork, lanUrlFamily, parseLanUrl, type LanUrl } from './lan-url';

export interface SsdpAnswer {
  /** Where the device description is. */
  location: LanUrl;
  /** Who answered (with `%zone` for link-local IPv6). */
  sender: string;
  /** The family of `location`, which is the family SOAP calls to this device will use. */
  family: 4 | 6;
  server: string | null;
}

export interface SsdpSearchOptions {
  searchTarget: string;
  /** Hard bound on the whole search. */
  timeoutMs?: number;
  /** How long to keep listening after the first answer, for the other family's answer and other devices. */
  settleMs?: number;
  interfaces?: InterfaceSource;
  platform?: NodeJS.Platform;
  /**
   * Devices to ask directly instead of the multicast groups: a unicast M-SEARCH (UPnP Device Architecture 1.1
   * §1.3.2) to a known address and port. Tests point it at a device stand-in on loopback.
   */
  targets?: readonly SsdpTarget[];
}

export interface SsdpTarget {
  address: string;
  port: number;
}

const SSDP_PORT = 1900;
const SSDP_V4 = '239.255.255.250';
// Link-local scope: a home router answers on the link it shares with this computer.
const SSDP_V6 = 'ff02::c';
const MAX_ANSWERS = 32;
const MAX_DATAGRAM = 8 * 1024;
/** Datagrams read per search: a few devices answer a few times each; past this one is flooding, and listening ends. */
const MAX_DATAGRAMS = 256;

/**
 * Sends one M-SEARCH for `searchTarget` over IPv4 (239.255.255.250) and IPv6 (ff02::c) on every interface that
 * has an address of that family, and collects the answers. Answers whose LOCATION is not an http:// address on
 * this computer's own network are dropped. Resolves after `settleMs` past the first answer, or at `timeoutMs`.
 */
export function ssdpSearch(opts: SsdpSearchOptions): Promise<SsdpAnswer[]> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const settleMs = opts.settleMs ?? 1_000;
  const source = opts.interfaces ?? networkInterfaces;
  const platform = opts.platform ?? process.platform;
  // MX is the most a device may wait before answering; keep it inside the search's own bound.
  const mx = Math.max(1, Math.min(3, Math.floor(timeoutMs / 2000)));
  const answers = new Map<string, SsdpAnswer>();
  const sockets: Socket[] = [];

  return new Promise((resolve) => {
    let finished = false;
    let settleTimer: ReturnType<typeof setTimeout> | null = null;
    const hardTimer = setTimeout(finish, timeoutMs);

    function finish(): void {
      if (finished) return;
      finished = true;
      clearTimeout(hardTimer);
      if (settleTimer) clearTimeout(settleTimer);
      for (const s of sockets) {
        try {
          s.close();
        } catch {
          // already closed after an error
        }
      }
      resolve([...answers.values()]);
    }

    let datagrams = 0;
    function onMessage(msg: Buffer, sender: string, viaIfname: string | undefined): void {
      if (finished) return;
      datagrams += 1;
      if (datagrams > MAX_DATAGRAMS) {
        finish();
        return;
      }
      if (msg.length > MAX_DATAGRAM || answers.size >= MAX_ANSWERS) return;
      const parsed = parseSsdpAnswer(msg.toString('latin1'), opts.searchTarget);
      if (!parsed) return;
      const zone = sender.includes('%') ? sender.slice(sender.indexOf('%') + 1) : viaIfname;
      const location = parseLanUrl(parsed.location, zone);
      if (!location || !isOnLocalNetwork(location.host, { sender, interfaces: source })) return;
      const key = formatLanUrl(location);
      if (answers.has(key)) return;
      answers.set(key, { location, sender, family: lanUrlFamily(location), server: parsed.server });
      settleTimer ??= setTimeout(finish, settleMs);
    }

    const table = readTable(source);
    const message = (host: string, port = `:${SSDP_PORT}`) =>
      Buffer.from(
        `M-SEARCH * HTTP/1.1\r\nHOST: ${host}${port}\r\nMAN: "ssdp:discover"\r\nMX: ${mx}\r\nST: ${opts.searchTarget}\r\n\r\n`,
        'latin1',
      );

    if (opts.targets) {
      for (const t of opts.targets) {
        const v6 = t.address.includes(':');
        openSocket(v6 ? 'udp6' : 'udp4', sockets, (msg, rinfo) => onMessage(msg, rinfo.address, undefined))
          .then((s) =>
            s && !finished
              ? sendTo(s, message(v6 ? `[${t.address}]:${t.port}` : `${t.address}:${t.port}`, ''), t.address, t.port)
              : undefined,
          )
          .catch(() => undefined);
      }
      return;
    }

    openSocket('udp4', sockets, (msg, rinfo) => onMessage(msg, rinfo.address, undefined))
      .then(async (s4) => {
        if (!s4) return;
        const m = message(SSDP_V4);
        const addrs = table.v4.length ? table.v4 : [null];
        for (const addr of addrs) {
          if (finished) return;
          try {
            if (addr) s4.setMulticastInterface(addr);
            await sendTo(s4, m, SSDP_V4);
          } catch {
            // An interface that cannot send multicast (down, no route) is simply not searched.
          }
        }
      })
      .catch(() => undefined);

    openSocket('udp6', sockets, (msg, rinfo) => onMessage(msg, rinfo.address, undefined))
      .then(async (s6) => {
        if (!s6) return;
        const m = message(`[${SSDP_V6.toUpperCase()}]`);
        for (const ifc of table.v6) {
          if (finished) return;
          // The scope of a link-local multicast destination: the interface name, or its index on Windows.
          const scope = platform === 'win32' ? ifc.scopeid : ifc.name;
          if (scope === undefined) continue;
          try {
            await sendTo(s6, m, `${SSDP_V6}%${scope}`);
          } catch {
            // as above
          }
        }
      })
      .catch(() => undefined);
  });
}

function readTable(source: InterfaceSource): { v4: string[]; v6: { name: string; scopeid: number | undefined }[] } {
  const v4: string[] = [];
  const v6 = new Map<string, number | undefined>();
  let table: ReturnType<InterfaceSource>;
  try {
    table = source();
  } catch {
    table = {};
  }
  for (const [name, infos] of Object.entries(table)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv4') v4.push(info.address);
      else if (info.family === 'IPv6' && (!v6.has(name) || (info.scopeid ?? 0) > 0))
        v6.set(name, info.scopeid || v6.get(name));
    }
  }
  return { v4, v6: [...v6].map(([name, scopeid]) => ({ name, scopeid })) };
}

function openSocket(
  type: 'udp4' | 'udp6',
  sockets: Socket[],
  onMessage: (msg: Buffer, rinfo: { address: string }) => void,
): Promise<Socket | null> {
  return new Promise((resolve) => {
    let s: Socket;
    try {
      s = createSocket({ type, ipv6Only: type === 'udp6' });
    } catch {
      // No IPv6 in this system (or no IPv4): that family is not searched.
      resolve(null);
      return;
    }
    sockets.push(s);
    s.on('message', (msg, rinfo) => onMessage(msg, rinfo));
    s.once('error', () => resolve(null));
    s.on('error', () => undefined);
    s.bind(0, () => resolve(s));
  });
}

function sendTo(s: Socket, msg: Buffer, address: string, port = SSDP_PORT): Promise<void> {
  return new Promise((resolve, reject) => s.send(msg, port, address, (err) => (err ? reject(err) : resolve())));
}

/**
 * The LOCATION and SERVER of an SSDP search answer ("HTTP/1.1 200 OK" with headers) for `searchTarget`, or null
 * for anything else: notifications, other search targets, answers without a location.
 */
export function parseSsdpAnswer(
  text: string,
  searchTarget: string,
): { location: string; server: string | null } | null {
  const lines = text.split(/\r?\n/);
  if (!/^HTTP\/1\.[01] 200\b/i.test(lines[0] ?? '')) return null;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1, 40)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(i + 1).trim());
  }
  const st = headers.get('st');
  if (st !== undefined && st !== searchTarget && !(headers.get('usn') ?? '').endsWith(`::${searchTarget}`)) return null;
  const location = headers.get('location');
  if (!location || location.length > 512) return null;
  const server = headers.get('server');
  return { location, server: server ? server.slice(0, 200) : null };
}
