import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A `fetch` for code under test that plays "the internet" for stand-in quick tunnels: https://<host>.trycloudflare.com
 * goes to the forwarder the stand-in cloudflared registered for that host (so a request really travels stand-in →
 * node), plain http to loopback goes through unchanged, and every other name fails as an unknown DNS name does
 * (undici's `TypeError: fetch failed` with an ENOTFOUND cause).
 *
 * A host whose stand-in was killed without cleaning up (its forwarder is gone) gets what Cloudflare's edge answers
 * for a tunnel with no connector: HTTP 530 "error code: 1033".
 *
 * `otherHosts` plays DNS for other https names (an ngrok or Tailscale tunnel, an attacker's server): the loopback
 * port that "is" that host, or null for an unknown name.
 */
export function createTunnelFetch(
  standinDir: string,
  base: typeof fetch = fetch,
  otherHosts: (host: string) => number | null = () => null,
): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const host = url.hostname.toLowerCase();
    if (url.protocol === 'http:' && (host === '127.0.0.1' || host === 'localhost' || host === '[::1]'))
      return base(input, init);
    const port =
      url.protocol !== 'https:'
        ? null
        : host.endsWith('.trycloudflare.com')
          ? registeredPort(standinDir, host)
          : otherHosts(host);
    if (port === null) throw dnsFailure(host);
    try {
      return await base(`http://127.0.0.1:${port}${url.pathname}${url.search}`, init);
    } catch (err) {
      if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') throw err;
      return new Response('error code: 1033', {
        status: 530,
        headers: { 'content-type': 'text/plain; charset=UTF-8', server: 'cloudflare' },
      });
    }
  };
}

function registeredPort(dir: string, host: string): number | null {
  try {
    const v = JSON.parse(readFileSync(join(dir, 'hosts', `${host}.json`), 'utf8')) as { port?: unknown };
    return typeof v.port === 'number' ? v.port : null;
  } catch {
    return null;
  }
}

function dnsFailure(host: string): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
    code: 'ENOTFOUND',
    errno: -3008,
    syscall: 'getaddrinfo',
    hostname: host,
  });
  return new TypeError('fetch failed', { cause });
}
