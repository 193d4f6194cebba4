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
  const a: Advertisement = { url, method, transportMethod, exposureMode: exposureFor(url, transportMethod, f.pinhole === true), tier, address };
  if (metadata) a.metadata = metadata;
  return a;
}
