import { BlockList, isIPv4, isIPv6, type Socket } from 'node:net';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Who is asking, for per-source limits: the peer's IPv4 address, or its IPv6 /64 (one home or one server gets a
 * whole /64, so counting single IPv6 addresses would let one host be a million sources).
 *
 * A reverse proxy or tunnel client carries every consumer on its own connections; behind it the consumer's address
 * is in a forwarding header. Anyone can write any header, so one is read only when the connection comes from a proxy
 * the owner named (`trusted`; none by default), and then the proxy's own record is what counts: the chain of
 * `Forwarded`/`X-Forwarded-For` read from the right, skipping the owner's proxies, and only without a chain the
 * single-address headers (`X-Real-IP`, `CF-Connecting-IP`) a proxy sets in place of the client's.
 */
export function sourceOf(remoteAddress: string | undefined, headers?: Headers, trusted?: TrustedProxies): string {
  const peer = normalize(remoteAddress);
  if (headers && trusted?.has(remoteAddress)) {
    const forwarded = forwardedClient(headers, trusted);
    if (forwarded) return forwarded;
  }
  return peer;
}

/** The addresses a local tunnel or reverse proxy connects from: exempt from per-source connection caps. */
export function isLocalProxy(source: string): boolean {
  return source === '127.0.0.1' || source === '::1';
}

/** The proxies the owner named (single addresses or ranges such as `10.0.0.0/8`), matched by address. */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  /** Entries that are neither an address nor a range are skipped (the settings schema refuses them before). */
  constructor(entries: readonly string[]) {
    let n = 0;
    for (const raw of entries) {
      const e = raw.trim();
      const slash = e.indexOf('/');
      const address = slash < 0 ? e : e.slice(0, slash);
      const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
      if (!family) continue;
      const prefix = slash < 0 ? (family === 'ipv4' ? 32 : 128) : Number(e.slice(slash + 1));
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 'ipv4' ? 32 : 128)) continue;
      this.list.addSubnet(address, prefix, family);
      n++;
    }
    this.size = n;
  }

  has(address: string | undefined): boolean {
    if (!address || this.size === 0) return false;
    const v4 = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
    const bare = v4.split('%')[0]!;
    if (isIPv4(bare)) return this.list.check(bare, 'ipv4');
    return isIPv6(bare) && this.list.check(bare, 'ipv6');
  }
}

/**
 * The source of each connection's requests, fixed by its first request: a connection that claims another client
 * half-way through keeps its first, so a forwarding header is never worth more than one source per connection.
 * The trusted list is read live (the setting may change); it is parsed again only when it does.
 */
export class ConnectionSources {
  private readonly bySocket = new WeakMap<Socket, string>();
  private entries: readonly string[] | null = null;
  private key = '';
  private trusted = new TrustedProxies([]);

  constructor(private readonly trustedList: () => readonly string[] = () => []) {}

  of(socket: Socket, headers: Headers): string {
    const known = this.bySocket.get(socket);
    if (known !== undefined) return known;
    const source = sourceOf(socket.remoteAddress, headers, this.current());
    this.bySocket.set(socket, source);
    return source;
  }

  /** Whether the connection comes from a proxy the owner named. */
  isTrusted(address: string | undefined): boolean {
    return this.current().has(address);
  }

  private current(): TrustedProxies {
    const list = this.trustedList();
    if (list === this.entries) return this.trusted;
    this.entries = list;
    const key = list.join(' ');
    if (key !== this.key) {
      this.key = key;
      this.trusted = new TrustedProxies(list);
    }
    return this.trusted;
  }
}

function normalize(address: string | undefined): string {
  if (!address) return 'unknown';
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4;
  if (isIPv6(address)) return address === '::1' ? '::1' : ipv6Prefix64(address);
  return 'unknown';
}

/** At most this many hops of a forwarding chain are looked at (a real chain has a handful). */
const MAX_HOPS = 32;

function forwardedClient(headers: Headers, trusted: TrustedProxies): string | null {
  const chain = forwardedChain(headers);
  if (chain.length > 0) {
    // Each proxy appends the address it saw: from the right, the first hop that is not one of the owner's proxies
    // is the client; whatever stands left of it, the client wrote itself.
    for (let i = chain.length - 1; i >= 0; i--) {
      const hop = chain[i]!;
      if (i > 0 && trusted.has(hop)) continue;
      const n = normalize(hop);
      return n === 'unknown' ? null : n;
    }
    return null;
  }
  const single = first(headers['x-real-ip']) ?? first(headers['cf-connecting-ip']);
  if (!single) return null;
  const n = normalize(single.trim());
  return n === 'unknown' ? null : n;
}

/** The hops of `Forwarded` (RFC 7239 `for=`), or else of `X-Forwarded-For`, oldest first (the last MAX_HOPS). */
function forwardedChain(headers: Headers): string[] {
  const forwarded = joined(headers.forwarded);
  if (forwarded) {
    const hops: string[] = [];
    for (const element of forwarded.split(',').slice(-MAX_HOPS)) {
      const m = /(?:^|;)\s*for\s*=\s*("?)([^;",]*)\1/i.exec(element);
      hops.push(m ? unbracket(m[2]!.trim()) : '');
    }
    return hops;
  }
  const xff = joined(headers['x-forwarded-for']);
  return xff
    ? xff
        .split(',')
        .slice(-MAX_HOPS)
        .map((h) => h.trim())
    : [];
}

/** `[2001:db8::1]:4711` → `2001:db8::1`; `192.0.2.1:4711` → `192.0.2.1` (Forwarded may carry ports). */
function unbracket(node: string): string {
  if (node.startsWith('[')) return node.slice(1, node.indexOf(']') < 0 ? undefined : node.indexOf(']'));
  const colon = node.indexOf(':');
  return colon > 0 && node.indexOf(':', colon + 1) < 0 ? node.slice(0, colon) : node;
}

/** Repeated header lines are one comma-separated list (HTTP's rule); capped, as headers are (16 KiB). */
function joined(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** `2001:db8:1:2:…` → `2001:db8:1:2::/64` (the first four groups of the fully expanded address). */
function ipv6Prefix64(address: string): string {
  const zoneless = address.split('%')[0]!;
  const [head = '', tail = ''] = zoneless.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = zoneless.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g || '0', 16) || 0).toString(16))
    .join(':')}::/64`;
}
