/** The wizard's network step in words. No React. */
import type { PortMappingMode } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';

const PROTOCOLS: Record<Exclude<PortMappingMode, 'off'>, string> = {
  // not-shown: protocol names, kept as they are in every language; the message around them is the catalogue's
  auto: 'UPnP / NAT-PMP',
  upnp: 'UPnP',
  natpmp: 'NAT-PMP',
};

/**
 * What the node does about the router, as the setting really is: it promises the router's help only when port
 * mapping is on, and names where to change it only where it can be changed (a mode the host's command line or
 * environment set is fixed for the run: the Network page shows it but cannot switch it).
 */
export function routerMappingWords(mode: PortMappingMode, fixed: boolean): string {
  const t = sayNow();
  if (mode === 'off') return t(fixed ? 'setup.network.mappingOffFixed' : 'setup.network.mappingOff');
  const values = { auto: mode === 'auto' ? 'yes' : 'no', protocol: PROTOCOLS[mode] };
  return t(fixed ? 'setup.network.mappingOnFixed' : 'setup.network.mappingOn', values);
}

/** The words that close a hint about a typed setting: it waits for the last step, as that step promises. */
export const savedAtStart = (): string => sayNow()('setup.network.savedAtStart');

/**
 * The hint under the public URL: what leaving it empty means, as the relay setting really is (serving through a
 * relay when nothing else works is on by default, so a node without a public URL can still register).
 */
export function publicUrlHint(relayFallback: boolean, relayFixed: boolean): string {
  const t = sayNow();
  if (relayFallback) return t('setup.network.hintRelayOn');
  return t(relayFixed ? 'setup.network.hintRelayOffFixed' : 'setup.network.hintRelayOff');
}

/** What the node will do with a public URL typed in the step, said where the node's present reachability is shown. */
export const typedEndpointWords = (url: string): string => sayNow()('setup.network.typedEndpoint', { url });

/**
 * The same place for a public URL the host fixed for this run (`--public-endpoint`, IICP_PUBLIC_ENDPOINT): nobody
 * typed it, so the words say where it came from and that it is in force already.
 */
export const fixedEndpointWords = (url: string): string => sayNow()('setup.network.fixedEndpoint', { url });

/** The last step's summary when no public address is given: what the node does without one. */
export const noPublicAddressWords = (relayFallback: boolean): string =>
  sayNow()(relayFallback ? 'setup.network.noAddressRelay' : 'setup.network.noAddressLocal');
