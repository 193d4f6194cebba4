import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const newAccessToken = (): string => randomBytes(24).toString('hex');

/**
 * Constant-time token comparison. Both sides are hashed first so neither the content nor the length of the
 * expected token leaks through timing.
 */
export function tokenMatches(expected: string, presented: string | null | undefined): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 512) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer ([^\s]+)$/i.exec(h.trim());
  return m ? m[1]! : null;
}

/** The access token offered as a WebSocket sub-protocol `token.<hex>` (browsers cannot set headers). */
export function protocolToken(req: IncomingMessage): string | null {
  const h = req.headers['sec-websocket-protocol'];
  if (typeof h !== 'string') return null;
  for (const p of h.split(',')) {
    const t = p.trim();
    if (t.startsWith('token.')) return t.slice('token.'.length);
  }
  return null;
}

/**
 * Requests must name this server in `Host` (blocks DNS rebinding: a hostile page resolving its own name
 * to 127.0.0.1) and, when a browser sends `Origin`, come from the dashboard itself.
 */
export class OriginPolicy {
  private readonly hosts: Set<string>;
  constructor(
    hostNames: string[],
    private port: number,
  ) {
    this.hosts = new Set(hostNames);
  }
  setPort(port: number): void {
    this.port = port;
  }
  private allowedHosts(): Set<string> {
    const s = new Set<string>();
    for (const h of this.hosts) s.add(`${h.includes(':') ? `[${h}]` : h}:${this.port}`);
    return s;
  }
  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host;
    return typeof host === 'string' && this.allowedHosts().has(host.toLowerCase());
  }
  /** Absent Origin (non-browser clients such as scripts) is allowed; a foreign one is not. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    for (const h of this.allowedHosts()) if (origin.toLowerCase() === `http://${h}`) return true;
    return false;
  }
}
