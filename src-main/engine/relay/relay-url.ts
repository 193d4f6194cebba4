import { isIP } from 'node:net';
import { said, type Said } from '@shared/i18n/said';
import { looksRoutable, placeOf } from '../net';

export interface RelayUrlRules {
  /** Loopback, private and link-local relays are accepted (tests, LAN-only directories); never for real use. */
  allowPrivate: boolean;
  /**
   * Ports of this computer a relay may never be (the node's own task port, the dashboard), whatever the switch says.
   */
  ownPorts: readonly number[];
}

export type RelayUrlVerdict = { ok: true; origin: string } | { ok: false; why: Said };

/**
 * Whether a relay URL the directory lists may be called at all. The worker POSTs its bind, its session token and
 * every answer to it, so it must be a plain public web origin: http(s), no credentials, no path, query or fragment
 * (a `?` or `#` can smuggle a path to a local admin page past a naive join), and never an address on this computer
 * or its private network — unless the owner switched private endpoints on, and even then never this node's own
 * port or the dashboard. This judges the address as written; a host name is judged again on what it resolves to when
 * the relay is called (`net/pinned-fetch.ts`), so a public-looking name that leads back here is refused too.
 */
export function checkRelayUrl(raw: string, rules: RelayUrlRules): RelayUrlVerdict {
  if (raw.length > 2048) return { ok: false, why: said('relay.url.tooLong') };
  // Judged on the text too: `new URL` drops an empty `?` or `#`, which a naive join would still carry.
  if (/[?#@\\\s]/.test(raw)) return { ok: false, why: said('relay.url.oddCharacters') };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, why: said('relay.url.notUrl') };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, why: said('relay.url.notHttp') };
  if (u.username !== '' || u.password !== '') return { ok: false, why: said('relay.url.credentials') };
  if (u.pathname !== '/' || u.search !== '' || u.hash !== '') return { ok: false, why: said('relay.url.path') };
  const host = bareHost(u.hostname);
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  const local = isThisComputer(host);
  if (!rules.allowPrivate && (local || !looksRoutable(u.origin)))
    return { ok: false, why: said('relay.url.notPublic') };
  if (rules.ownPorts.includes(port) && (local || !looksRoutable(u.origin)))
    return { ok: false, why: said('relay.url.thisNode') };
  return { ok: true, origin: u.origin };
}

function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
}

/** Loopback, the unspecified address, `localhost`, or an address of one of this computer's interfaces. */
function isThisComputer(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && placeOf(host) === 'this_computer';
}
