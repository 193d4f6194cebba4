/** The wizard's network step promises the router's help only when port mapping is on. */
import { describe, expect, it } from 'vitest';
import { routerMappingWords } from '@renderer/pages/setup/network-step-words';

describe('the network step on router port mapping', () => {
  it('off: says the node does not ask the router, and where to switch it on unless the host fixed it', () => {
    expect(routerMappingWords('off', false)).toBe(
      'Router port mapping is off, so the node does not ask your router to open the port; you can switch it on later on the Network page.',
    );
    expect(routerMappingWords('off', true)).toBe(
      "Router port mapping is switched off for this run by the host's command line or environment, so the node does not ask your router to open the port.",
    );
    for (const fixed of [false, true]) expect(routerMappingWords('off', fixed)).not.toMatch(/asks it to open|UPnP|NAT-PMP/);
  });

  it('on: names the protocols the mode uses; offers switching it off only where the page can', () => {
    expect(routerMappingWords('auto', false)).toBe(
      'When your router allows it (UPnP or NAT-PMP), the node asks it to open the port by itself; the Network page shows how that went and lets you switch it off.',
    );
    expect(routerMappingWords('upnp', false)).toMatch(/^When your router allows it \(UPnP\), /);
    expect(routerMappingWords('natpmp', false)).toMatch(/^When your router allows it \(NAT-PMP\), /);
    expect(routerMappingWords('auto', true)).toBe('When your router allows it (UPnP or NAT-PMP), the node asks it to open the port by itself; the Network page shows how that went.');
  });
});
