/**
 * Which addresses the node calls as an LLM server: one on this computer or its local network. A link-local address
 * (169.254.0.0/16, fe80::/10) is on the local network too, but it is also where cloud providers answer with their
 * metadata service (169.254.169.254), which hands out the machine's credentials: such an address is called only once
 * the person has confirmed it. Every way a server address comes in (Settings, the setup wizard and its search, the
 * headless `--backend-url`) is judged here, with the ranges of `ip-kind.ts`.
 */
import { classifyIp, type IpRange } from './ip-kind';
import { parseHttpUrl } from './http-url';
import { osResolver, type HostResolver } from './pinned-fetch';

/**
 * Where an LLM server's address leads: this computer or the local network (`local`), a link-local address
 * (`link_local`, called only once confirmed), or anywhere else, a name that leads nowhere included (`elsewhere`).
 */
export type ServerPlace = 'local' | 'link_local' | 'elsewhere';

export interface ServerVerdict {
  place: ServerPlace;
  /** The server was named by a host name, judged on the addresses it resolved to. */
  byName: boolean;
  /** The name has no address now (it is then `elsewhere`): a host starting before its network may want to tell. */
  unresolved?: true;
}

/**
 * This computer (loopback, and the unspecified address, which a connection takes to this computer: people copy
 * `0.0.0.0:11434` from Ollama's own setting) and the local network (RFC 1918, carrier-grade NAT, unique-local).
 */
const LOCAL_RANGES: ReadonlySet<IpRange> = new Set(['unspecified', 'loopback', 'private', 'cgnat', 'unique_local']);

/** A name with more addresses than this is judged on its first ones, as a connection is. */
const MAX_ADDRESSES = 32;

/** Where the IP address `ip` leads as an LLM server's address. */
export function serverPlaceOf(ip: string): ServerPlace {
  const c = classifyIp(ip);
  if (c === null) return 'elsewhere';
  if (c.range === 'link_local') return 'link_local';
  return LOCAL_RANGES.has(c.range) ? 'local' : 'elsewhere';
}

/**
 * Where the server at `url` leads. A name is resolved and judged on every address it has, both families: one
 * address elsewhere makes it elsewhere, one link-local address makes it link-local. A name that does not resolve, and
 * anything that is not an http(s) URL, is elsewhere: the node never calls what it cannot judge.
 */
export async function judgeServerUrl(url: string, resolve: HostResolver = osResolver): Promise<ServerVerdict> {
  const u = parseHttpUrl(url);
  if (!u) return { place: 'elsewhere', byName: false };
  if (classifyIp(u.hostname) !== null) return { place: serverPlaceOf(u.hostname), byName: false };
  let addresses: string[];
  try {
    addresses = (await resolve(u.hostname)).slice(0, MAX_ADDRESSES).map((a) => String(a.address));
  } catch {
    return { place: 'elsewhere', byName: true, unresolved: true };
  }
  if (addresses.length === 0) return { place: 'elsewhere', byName: true, unresolved: true };
  const places = addresses.map(serverPlaceOf);
  if (places.includes('elsewhere')) return { place: 'elsewhere', byName: true };
  return { place: places.includes('link_local') ? 'link_local' : 'local', byName: true };
}

/** Why a link-local server is not called yet, for the page, the wizard's search and the headless host. */
export function linkLocalWords(byName: boolean): string {
  const what = byName ? 'This name leads to a link-local address' : 'This is a link-local address';
  return `${what}, like a cloud provider's metadata service. The node does not call it unless you confirm it.`;
}

/** Why a server elsewhere is refused. */
export const NOT_LOCAL_WORDS = 'Only a server on this computer or your local network can be used.';
