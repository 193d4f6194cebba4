/**
 * PHP `App\Rules\RoutableEndpoint` (IICP-E035) and the SSRF guard of the liveness probe.
 * The checks deliberately work on the raw host string like PHP's regexes do (so `10.foo.example.com`
 * is rejected as RFC1918 there too); messages are PHP's, verbatim.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const NEVER_ROUTABLE_HOSTS = ['localhost', '0.0.0.0', '[::]', '[::1]'];
const NEVER_ROUTABLE_SUFFIXES = ['.localhost', '.local', '.test', '.example', '.invalid', '.lan', '.internal'];

/** Like PHP `parse_url`: no IDN or IPv4 normalisation, brackets kept for IPv6 literals. */
export function splitUrl(value: string): { scheme: string; host: string } | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/.exec(value);
  if (!m?.[1] || !m[2]) return null;
  return { scheme: m[1].toLowerCase(), host: m[2] };
}

const isConcreteNat = (v: unknown): boolean => typeof v === 'string' && v !== '' && v !== 'none' && v !== 'unknown';

/** RoutableEndpoint::isNatted — only URL syntax and scheme are checked for such declarations. */
export function isNattedDeclaration(body: Record<string, unknown>): boolean {
  const method = body.transport_method;
  return isConcreteNat(body.nat_type) && typeof method === 'string' && method !== '' && method !== 'direct';
}

/** NodeRegistry::isDeclaredReachable — skips the registration liveness probe (any method, incl. `direct`). */
export function isDeclaredReachable(body: Record<string, unknown>): boolean {
  const method = body.transport_method;
  return isConcreteNat(body.nat_type) && typeof method === 'string' && method !== '';
}

function basicFormat(value: unknown, schemes: readonly string[]): { host: string } | string {
  if (typeof value !== 'string' || value === '') return 'IICP-E035: endpoint must be a non-empty string.';
  const parts = splitUrl(value);
  if (!parts) return 'IICP-E035: endpoint is not a valid URL.';
  if (!schemes.includes(parts.scheme)) {
    return `IICP-E035: endpoint scheme '${parts.scheme}' not allowed (expected one of: ${schemes.join(', ')}).`;
  }
  return { host: parts.host };
}

function hostProblem(rawHost: string): string | null {
  const lower = rawHost.toLowerCase();
  const host = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  if (NEVER_ROUTABLE_HOSTS.includes(host) || NEVER_ROUTABLE_HOSTS.includes(`[${host}]`)) {
    return `IICP-E035: endpoint host '${host}' is not routable from external clients. Use a public DNS name or a routable IP.`;
  }
  if (/^127\./.test(host)) return `IICP-E035: endpoint host '${host}' is in 127.0.0.0/8 loopback range.`;
  if (host === '::1') return `IICP-E035: endpoint host '${host}' is IPv6 loopback ::1.`;
  if (/^10\./.test(host) || /^192\.168\./.test(host) || /^172\.(1[6-9]|2[0-9]|3[01])\./.test(host)) {
    return `IICP-E035: endpoint host '${host}' is in an RFC1918 private range.`;
  }
  if (/^169\.254\./.test(host)) return `IICP-E035: endpoint host '${host}' is in 169.254.0.0/16 link-local range.`;
  if (/^100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\./.test(host)) {
    return (
      `IICP-E035: endpoint host '${host}' is in 100.64.0.0/10 CGNAT range — directly-routable inbound is blocked ` +
      'at the ISP layer. Use a tunnel (Cloudflare Tunnel / tailscale funnel) and advertise its public hostname.'
    );
  }
  if (isIP(host) === 6) {
    if (/^fe[89ab][0-9a-f]?:/.test(host))
      return `IICP-E035: endpoint host '${host}' is in IPv6 link-local fe80::/10 range.`;
    if (/^f[cd][0-9a-f]{2}:/.test(host))
      return `IICP-E035: endpoint host '${host}' is in IPv6 unique-local fc00::/7 range.`;
    if (/^ff[0-9a-f]{2}:/.test(host)) return `IICP-E035: endpoint host '${host}' is in IPv6 multicast ff00::/8 range.`;
    if (/^2001:db8:/.test(host)) {
      return `IICP-E035: endpoint host '${host}' is in IPv6 documentation 2001:db8::/32 range.`;
    }
  }
  for (const suffix of NEVER_ROUTABLE_SUFFIXES) {
    if (host.endsWith(suffix)) return `IICP-E035: endpoint host '${host}' uses reserved suffix '${suffix}'.`;
  }
  if (!host.includes('.') && isIP(host) === 0) {
    return (
      `IICP-E035: endpoint host '${host}' has no domain part — likely a Docker-compose service name. ` +
      'Use a public DNS name.'
    );
  }
  return null;
}

/** The RoutableEndpoint rule; returns the messages PHP would add to `fields.<attribute>`. */
export function routabilityMessages(value: unknown, schemes: readonly string[], natted: boolean): string[] {
  const format = basicFormat(value, schemes);
  if (typeof format === 'string') return [format];
  if (natted) return [];
  const problem = hostProblem(format.host);
  return problem ? [problem] : [];
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fe80::', 10],
  ['fc00::', 7],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function ipIsBlocked(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return true;
  return blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

/**
 * NodeRegistry::safeProbeTarget — a DNS name that resolves to any internal address (or to
 * nothing) must not be dialled. Only active where RoutableEndpoint is (production).
 */
export async function probeTargetIsSafe(endpoint: string, resolve: Resolver = systemResolver): Promise<boolean> {
  const parts = splitUrl(endpoint);
  if (!parts) return false;
  const bare = parts.host.replace(/^\[|\]$/g, '');
  let ips: string[];
  if (isIP(bare) !== 0) {
    ips = [bare];
  } else {
    try {
      ips = await resolve(bare);
    } catch {
      ips = [];
    }
  }
  return ips.length > 0 && !ips.some(ipIsBlocked);
}
