import type { ReachabilityMethod } from '@shared/contract';
import { exposureFor, type ExposureMode, type TransportMethod } from '../directory';

/** What the node advertises in REGISTER (endpoint, transport method, exposure mode), and how it got it. */
export interface Advertisement {
  url: string;
  method: ReachabilityMethod;
  transportMethod: TransportMethod;
  exposureMode: ExposureMode;
  /** The RS-SDK's ladder tier: 0 = direct address, 1 = mapping / IPv6 / tunnel, 3 = quick tunnel / relay. */
  tier: number;
  /** The address the URL was built from, to notice when it disappears from the interfaces. */
  address: string | null;
  /** `transport_metadata` beyond the tier (a relay's `relay_for`, `relay_host`, `relay_port`). */
  metadata?: Record<string, unknown>;
}

/** What a rung found; the exposure mode follows from it. */
export interface AdvertFound extends Omit<Advertisement, 'exposureMode' | 'address'> {
  /** The address the URL was built from, when it is one of this computer's (null or absent otherwise). */
  address?: string | null;
  /** An IPv6 address the router opened a pinhole for. */
  pinhole?: boolean;
}

export function advert(f: AdvertFound): Advertisement {
  const { url, method, transportMethod, tier, address = null, metadata } = f;
  const a: Advertisement = {
    url,
    method,
    transportMethod,
    exposureMode: exposureFor(url, transportMethod, f.pinhole === true),
    tier,
    address,
  };
  if (metadata) a.metadata = metadata;
  return a;
}

/**
 * The node's native IICP transport as REGISTER advertises it (`iicp://host:port`, the task endpoint's own host and
 * port, since one port answers both HTTP and native framing), or null when a plain TCP connection to that address
 * would not reach the task port. A public address, a router mapping (always TCP) and IPv6 lead straight to the port.
 * A tunnel and a relay carry HTTP requests only, so nothing native passes them. The person's public URL counts only
 * as plain `http://` with a port of its own: that is a forwarded port; an `https://` URL or one on the default port
 * is a proxy in front, which speaks HTTP only (and the native port has no TLS for `iicpsec://`).
 */
export function nativeEndpoint(a: Pick<Advertisement, 'url' | 'method' | 'transportMethod'>): string | null {
  let url: URL;
  try {
    url = new URL(a.url);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:') return null;
  // Written with its port always: a client reads a bare `iicp://host` as the protocol's default port, not 80.
  const hostPort = `${url.hostname}:${url.port || '80'}`;
  switch (a.method) {
    case 'public_ipv4':
    case 'upnp':
    case 'natpmp':
    case 'ipv6':
      return `iicp://${hostPort}`;
    case 'public_url':
      return a.transportMethod === 'direct' && url.port !== '' ? `iicp://${hostPort}` : null;
    case 'tunnel':
    case 'quick_tunnel':
    case 'relay':
      return null;
  }
}
