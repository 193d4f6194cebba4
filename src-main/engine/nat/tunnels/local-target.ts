import { classifyIp, parseHttpUrl } from '../../net';

/** Where a tunnel program says it forwards to, reduced to what matters here. */
export interface ForwardTarget {
  /** The target is this computer (localhost, a loopback or unspecified address, however it is written). */
  local: boolean;
  port: number | null;
  /** Path prefix the target adds ("" for none). */
  path: string;
  /** Short human form, e.g. "localhost:3000". */
  label: string;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * Reads the forms tunnel programs print for their target: "8080", "localhost:8080", "http://127.0.0.1:8080",
 * "https+insecure://localhost:8443" (Tailscale), "[::1]:8080". Null for anything else (a file path, a socket).
 */
export function parseForwardTarget(raw: string): ForwardTarget | null {
  const s = raw.trim();
  if (/^\d{1,5}$/.test(s)) return { local: true, port: Number(s), path: '', label: `localhost:${s}` };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s.replace(/^https\+insecure:/i, 'https:') : `http://${s}`;
  const u = parseHttpUrl(withScheme);
  if (!u) return null;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = u.port ? Number(u.port) : (DEFAULT_PORTS[u.protocol] ?? null);
  const path = u.pathname === '/' ? '' : u.pathname;
  return { local: isThisComputer(host), port, path, label: `${u.hostname}${port !== null ? `:${port}` : ''}${path}` };
}

/** The one classifier (net/ip-kind.ts) judges the address, so `[0:0:0:0:0:0:0:1]` and `::ffff:127.0.0.1` count too. */
function isThisComputer(host: string): boolean {
  if (host === 'localhost') return true;
  const range = classifyIp(host)?.range;
  return range === 'loopback' || range === 'unspecified';
}

/** The target is this computer's `port`, with nothing prepended to the path. */
export function pointsAt(target: ForwardTarget | null, port: number): boolean {
  return target !== null && target.local && target.port === port && target.path === '';
}
