import { looksRoutable } from '../net';
import { advert, type Advertisement } from './advertisement';
import type { LocalAddresses } from './local-addresses';

// Tunnel services whose URLs forward to this computer from outside.
const TUNNEL_HOSTS = /(\.trycloudflare\.com|\.cfargotunnel\.com|\.ngrok(-free)?\.(app|dev|io)|\.ngrok\.app|\.ts\.net|\.loca\.lt|\.serveo\.net)$/i;

/**
 * The first rung: the person's own public URL (a tunnel, a forwarded port, a reverse proxy). One that points to a
 * private or local address cannot work from the internet, so it is `ignored` and the ladder goes on.
 */
export function publicUrlRung(raw: string, allowPrivate: boolean, step: (line: string) => void): { found: Advertisement | null; ignored: string | null } {
  const url = raw.replace(/\/+$/, '');
  if (allowPrivate || looksRoutable(url)) {
    const tunnel = TUNNEL_HOSTS.test(new URL(url).hostname);
    step(`Using the public URL from Settings${tunnel ? ' (a tunnel)' : ''}.`);
    return { found: advert({ url, method: 'public_url', transportMethod: tunnel ? 'external_tunnel' : 'direct', tier: tunnel ? 1 : 0 }), ignored: null };
  }
  step(`The public URL ${url} points to a private or local address, which the internet cannot reach; ignoring it.`);
  return { found: null, ignored: url };
}

/** The second rung: a public IPv4 address on an interface (a cloud VM, a modem in bridge mode). */
export function publicIpv4Rung(local: LocalAddresses, port: number, step: (line: string) => void): Advertisement | null {
  const v4 = local.publicIpv4[0];
  if (v4) {
    step(`This computer has the public IPv4 address ${v4}.`);
    return advert({ url: `http://${v4}:${port}`, method: 'public_ipv4', transportMethod: 'direct', tier: 0, address: v4 });
  }
  step(`No public IPv4 address on this computer${local.lanIpv4 ? ` (its LAN address is ${local.lanIpv4})` : ''}.`);
  return null;
}
