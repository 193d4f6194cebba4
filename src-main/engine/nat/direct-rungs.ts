import { said, type Said } from '@shared/i18n/said';
import { looksRoutable } from '../net';
import { advert, type Advertisement } from './advertisement';
import type { LocalAddresses } from './local-addresses';

// Tunnel services whose URLs forward to this computer from outside.
const TUNNEL_HOSTS =
  /(\.trycloudflare\.com|\.cfargotunnel\.com|\.ngrok(-free)?\.(app|dev|io)|\.ngrok\.app|\.ts\.net|\.loca\.lt|\.serveo\.net)$/i;

/**
 * The first rung: the person's own public URL (a tunnel, a forwarded port, a reverse proxy). One that points to a
 * private or local address cannot work from the internet, so it is `ignored` and the ladder goes on.
 */
export function publicUrlRung(
  raw: string,
  allowPrivate: boolean,
  step: (words: Said) => void,
): { found: Advertisement | null; ignored: string | null } {
  const url = raw.replace(/\/+$/, '');
  if (allowPrivate || looksRoutable(url)) {
    const tunnel = TUNNEL_HOSTS.test(new URL(url).hostname);
    step(said(tunnel ? 'ladder.publicUrl.usingTunnel' : 'ladder.publicUrl.using'));
    return {
      found: advert({
        url,
        method: 'public_url',
        transportMethod: tunnel ? 'external_tunnel' : 'direct',
        tier: tunnel ? 1 : 0,
      }),
      ignored: null,
    };
  }
  step(said('ladder.publicUrl.private', { url }));
  return { found: null, ignored: url };
}

/** The second rung: a public IPv4 address on an interface (a cloud VM, a modem in bridge mode). */
export function publicIpv4Rung(local: LocalAddresses, port: number, step: (words: Said) => void): Advertisement | null {
  const v4 = local.publicIpv4[0];
  if (v4) {
    step(said('ladder.ipv4.found', { address: v4 }));
    return advert({
      url: `http://${v4}:${port}`,
      method: 'public_ipv4',
      transportMethod: 'direct',
      tier: 0,
      address: v4,
    });
  }
  step(local.lanIpv4 ? said('ladder.ipv4.noneLan', { address: local.lanIpv4 }) : said('ladder.ipv4.none'));
  return null;
}
