import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as osLookup } from 'node:dns/promises';
import { connect as netConnect, type LookupFunction, type Socket } from 'node:net';
import type { Agent, RequestInit as UndiciRequestInit } from 'undici';
import { BodyTooLargeError } from './read-body';
import { undici } from './undici-on-use';
import { AddressRefused, bareIp, refusedPlace, type AddressRules, type InterfaceSource } from './address-place';

/** Every address a name has, both families, in the resolver's order. */
export type HostResolver = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The operating system's resolver (`/etc/hosts`, DNS), as a connection would use it. */
export const osResolver: HostResolver = (hostname) => osLookup(hostname, { all: true, order: 'verbatim' });

/** A name with more addresses than this is judged on its first ones: a connection never tries more. */
const MAX_ADDRESSES = 32;

export interface PinnedFetchOptions extends AddressRules {
  /**
   * Ports of this computer that are never called, whatever `allowPrivate` says (the node's own task port): on them
   * only public addresses are.
   */
  ownPorts?: () => readonly (number | null)[];
  /** How names are resolved; default the operating system's resolver. Tests map public-looking names to loopback. */
  resolve?: HostResolver;
  /** This computer's interface table; default the operating system's. */
  interfaces?: InterfaceSource;
}

/** A POST and its whole answer, read up to a cap (a `BodyTooLargeError` past it). */
export type PinnedPost = (
  url: string,
  o: { headers: Record<string, string>; body: string; signal?: AbortSignal; maxBytes: number },
) => Promise<{ status: number; body: Buffer }>;

export interface PinnedFetch {
  /** `fetch` whose every connection goes only to an address these rules allow (undici's own fetch and Response). */
  fetch: typeof fetch;
  /**
   * The same rules for a plain POST on undici's own request API: a fraction of `fetch`'s cost per call, for the calls
   * made many times a second (the gateway's tasks). Redirects are never followed.
   */
  post: PinnedPost;
  /**
   * The refusal a call to `url` would meet if the name resolved now as it does now, or null (also when it does not
   * resolve: the call itself says so). A look ahead for plain words; the call is judged again when it connects.
   */
  vet(url: string): Promise<AddressRefused | null>;
  /**
   * A plain TCP connection under the same rules (a node's native transport, `iicp://host:port`): a name is judged on
   * what it resolves to and the connection made to that judged address; an address written as an IP is judged before
   * connecting. Rejects with the `AddressRefused`, the socket's error, or the signal's reason.
   */
  connect(host: string, port: number, signal: AbortSignal): Promise<Socket>;
  close(): Promise<void>;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    syscall: 'getaddrinfo',
    hostname,
  });
}

/**
 * Resolves `hostname` and keeps the addresses `rules` allow, in order. Throws `AddressRefused` (for the first address
 * refused) when none is allowed, and ENOTFOUND when the name has no address.
 */
export async function allowedAddresses(
  hostname: string,
  rules: AddressRules,
  resolve: HostResolver,
  interfaces?: InterfaceSource,
): Promise<LookupAddress[]> {
  const answers = (await resolve(hostname)).slice(0, MAX_ADDRESSES);
  const allowed: LookupAddress[] = [];
  let refused: AddressRefused | null = null;
  for (const answer of answers) {
    const a = bareIp(String(answer.address));
    if (!a) continue;
    const place = refusedPlace(a.ip, rules, interfaces);
    if (place === null) allowed.push({ address: a.ip, family: a.family === 'ipv4' ? 4 : 6 });
    else refused ??= new AddressRefused(hostname, a.ip, place);
  }
  if (allowed.length > 0) return allowed;
  throw refused ?? notFound(hostname);
}

function wantedFamily(family: LookupOptions['family']): 4 | 6 | null {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return null;
}

/**
 * A `lookup` for `net.connect`: the name is resolved here, every address judged by `rules`, and only the allowed ones
 * are handed back — so the address connected to is the address judged, and a name that answers differently the next
 * time (DNS rebinding) is judged again on that answer. Answers both ways `net` asks: one address, or all of them for
 * Happy Eyeballs (`all: true`, which Node's `autoSelectFamily` uses).
 */
export function guardedLookup(
  rules: AddressRules,
  resolve: HostResolver,
  interfaces?: InterfaceSource,
): LookupFunction {
  return (hostname, options, callback) => {
    allowedAddresses(hostname, rules, resolve, interfaces).then(
      (addresses) => {
        const family = wantedFamily(options.family);
        const fit = family === null ? addresses : addresses.filter((a) => a.family === family);
        const first = fit[0];
        if (!first) callback(notFound(hostname), '', 0);
        else if (options.all) callback(null, fit);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * `fetch` for addresses someone else named (a relay the directory lists, a tunnel another program reports, the node's
 * own registered endpoint): a name is judged on what it resolves to when the connection is made, with the rules of a
 * written address, and the connection is made to that judged address. An address written as an IP is judged before
 * anything is sent. Refusals come back as undici's `fetch failed` whose cause is an `AddressRefused`.
 */
export function createPinnedFetch(o: PinnedFetchOptions): PinnedFetch {
  const resolve = o.resolve ?? osResolver;
  const open: AddressRules = { allowPrivate: o.allowPrivate, allowOwnPublic: o.allowOwnPublic };
  const strict: AddressRules = { allowPrivate: false, allowOwnPublic: o.allowOwnPublic };
  const agents = new Map<AddressRules, Agent>();
  const agentFor = (rules: AddressRules): Agent => {
    let agent = agents.get(rules);
    if (!agent) {
      agent = new (undici().Agent)({ connect: { lookup: guardedLookup(rules, resolve, o.interfaces) } });
      agents.set(rules, agent);
    }
    return agent;
  };
  // The node's own ports are never reached through the private-endpoint switch: there only public addresses count.
  const rulesForPort = (port: number): AddressRules =>
    o.allowPrivate && !(o.ownPorts?.() ?? []).includes(port) ? open : strict;
  const rulesFor = (url: URL): AddressRules => rulesForPort(portOf(url));
  const literalRefusal = (url: URL, rules: AddressRules): AddressRefused | null => {
    const literal = bareIp(url.hostname);
    if (!literal) return null;
    const place = refusedPlace(literal.ip, rules, o.interfaces);
    return place ? new AddressRefused(literal.ip, literal.ip, place) : null;
  };
  const pinned = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (typeof input !== 'string' && !(input instanceof URL))
      throw new TypeError('a pinned call takes an address, not a Request');
    const url = new URL(input);
    const rules = rulesFor(url);
    const refused = literalRefusal(url, rules);
    if (refused) throw new TypeError('fetch failed', { cause: refused });
    const res = await undici().fetch(url, { ...(init as UndiciRequestInit | undefined), dispatcher: agentFor(rules) });
    // undici's Response is the one global fetch returns, from another copy of the same library.
    return res as unknown as Response;
  };
  const post: PinnedPost = async (raw, p) => {
    const url = new URL(raw);
    const rules = rulesFor(url);
    const refused = literalRefusal(url, rules);
    if (refused) throw new TypeError('fetch failed', { cause: refused });
    const res = await undici().request(url, {
      method: 'POST',
      headers: p.headers,
      body: p.body,
      signal: p.signal,
      dispatcher: agentFor(rules),
    });
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > p.maxBytes) {
        res.body.destroy();
        throw new BodyTooLargeError(p.maxBytes, res.statusCode);
      }
      chunks.push(chunk);
    }
    return { status: res.statusCode, body: Buffer.concat(chunks, total) };
  };
  return {
    fetch: pinned as typeof fetch,
    post,
    async vet(raw) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return null;
      }
      const rules = rulesFor(url);
      if (bareIp(url.hostname)) return literalRefusal(url, rules);
      try {
        await allowedAddresses(url.hostname, rules, resolve, o.interfaces);
        return null;
      } catch (err) {
        return err instanceof AddressRefused ? err : null;
      }
    },
    connect(rawHost, port, signal) {
      return new Promise<Socket>((done, reject) => {
        const host = rawHost.replace(/^\[(.*)\]$/, '$1');
        const rules = rulesForPort(port);
        const literal = bareIp(host);
        const place = literal ? refusedPlace(literal.ip, rules, o.interfaces) : null;
        if (literal && place) return reject(new AddressRefused(literal.ip, literal.ip, place));
        if (signal.aborted) return reject(signal.reason);
        // An address written as an IP is never looked up by `net`: it was judged just above.
        const socket = netConnect({ host, port, lookup: guardedLookup(rules, resolve, o.interfaces) });
        const onAbort = () => socket.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        signal.addEventListener('abort', onAbort, { once: true });
        const onError = (err: Error) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        };
        socket.once('error', onError);
        socket.once('connect', () => {
          signal.removeEventListener('abort', onAbort);
          socket.off('error', onError);
          done(socket);
        });
      });
    },
    async close() {
      const all = [...agents.values()];
      agents.clear();
      await Promise.all(all.map((a) => a.close().catch(() => undefined)));
    },
  };
}
