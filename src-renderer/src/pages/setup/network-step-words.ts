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
