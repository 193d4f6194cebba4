import type { ReachabilityMethod } from '@shared/contract';
import { exposureFor, type ExposureMode, type TransportMethod } from '../directory/register-payload';

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

export function advert(
  url: string,
  method: ReachabilityMethod,
  transportMethod: TransportMethod,
  tier: number,
  address: string | null,
  extra: { pinhole?: boolean; metadata?: Record<string, unknown> } = {},
): Advertisement {
  const a: Advertisement = { url, method, transportMethod, exposureMode: exposureFor(url, transportMethod, extra.pinhole === true), tier, address };
  if (extra.metadata) a.metadata = extra.metadata;
  return a;
}
