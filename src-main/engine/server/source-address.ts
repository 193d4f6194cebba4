import { isIPv4, isIPv6 } from 'node:net';

/**
 * Who is asking, for per-source limits: the peer's IPv4 address, or its IPv6 /64 (one home or one server gets a
 * whole /64, so counting single IPv6 addresses would let one host be a million sources).
 *
 * A local reverse proxy or tunnel client (cloudflared and the like connect from 127.0.0.1 or ::1) carries every
 * consumer on its own connections; behind it the consumer's address is in its forwarding header, which is trusted
 * from those two addresses only — anyone else could write any header.
 */
export function sourceOf(remoteAddress: string | undefined, headers?: Readonly<Record<string, string | string[] | undefined>>): string {
  const peer = normalize(remoteAddress);
  if (headers && isLocalProxy(peer)) {
    const forwarded = forwardedClient(headers);
    if (forwarded) return forwarded;
  }
  return peer;
}

/** The addresses a local tunnel or reverse proxy connects from: exempt from per-source connection caps. */
export function isLocalProxy(source: string): boolean {
  return source === '127.0.0.1' || source === '::1';
}

function normalize(address: string | undefined): string {
  if (!address) return 'unknown';
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4;
  if (isIPv6(address)) return address === '::1' ? '::1' : ipv6Prefix64(address);
  return 'unknown';
}

function forwardedClient(headers: Readonly<Record<string, string | string[] | undefined>>): string | null {
  const cf = first(headers['cf-connecting-ip']);
  const xff = first(headers['x-forwarded-for']);
  // The proxy appends the address it saw last; earlier entries are whatever the client claimed.
  const candidate = cf ?? xff?.split(',').at(-1)?.trim();
  if (!candidate) return null;
  const n = normalize(candidate);
  return n === 'unknown' ? null : n;
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
