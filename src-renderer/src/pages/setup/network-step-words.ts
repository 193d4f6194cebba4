/** The wizard's network step in words. No React. */
import type { PortMappingMode } from '@shared/contract';

const PROTOCOLS: Record<Exclude<PortMappingMode, 'off'>, string> = {
  auto: 'UPnP or NAT-PMP',
  upnp: 'UPnP',
  natpmp: 'NAT-PMP',
};

/**
 * What the node does about the router, as the setting really is: it promises the router's help only when port
 * mapping is on, and names where to change it only where it can be changed (a mode the host's command line or
 * environment set is fixed for the run: the Network page shows it but cannot switch it).
 */
export function routerMappingWords(mode: PortMappingMode, fixed: boolean): string {
  if (mode === 'off') {
    return fixed
      ? "Router port mapping is switched off for this run by the host's command line or environment, so the node does not ask your router to open the port."
      : 'Router port mapping is off, so the node does not ask your router to open the port; you can switch it on later on the Network page.';
  }
  const where = fixed ? 'the Network page shows how that went.' : 'the Network page shows how that went and lets you switch it off.';
  return `When your router allows it (${PROTOCOLS[mode]}), the node asks it to open the port by itself; ${where}`;
}

/** The words that close a hint about a typed setting: it waits for the last step, as that step promises. */
export const SAVED_AT_START = 'It is saved when you start your node.';

/**
 * The hint under the public URL: what leaving it empty means, as the relay setting really is (serving through a
 * relay when nothing else works is on by default, so a node without a public URL can still register).
 */
export function publicUrlHint(relayFallback: boolean, relayFixed: boolean): string {
  if (relayFallback) {
    return `Leave it empty if you have none: your node then looks for a way in by itself, and when nothing else works it is reached through a relay (on by default), so it can still register with the network. ${SAVED_AT_START}`;
  }
  const off = relayFixed ? "Serving through a relay is switched off for this run by the host's command line or environment" : 'Serving through a relay is switched off on the Network page';
  return `Leave it empty if you have none. ${off}, so unless your router opens the port your node then serves locally only and does not register with the network directory. ${SAVED_AT_START}`;
}

/** What the node will do with a public URL typed in the step, said where the node's present reachability is shown. */
export const typedEndpointWords = (url: string): string =>
  `Your node will use the public URL you entered, ${url}, once you start it. The directory then checks that it can reach your node there.`;

/** The last step's summary when no public address is given: what the node does without one. */
export const noPublicAddressWords = (relayFallback: boolean): string =>
  relayFallback ? 'None: your node looks for a way in by itself, through a relay when nothing else works' : 'None: local only, not registered with the network';
