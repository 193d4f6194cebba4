/**
 * The wizard's network step promises the router's help only when port mapping is on, and says what a node without a
 * public URL does as the relay setting really is.
 */
import { describe, expect, it } from 'vitest';
import { noPublicAddressWords, publicUrlHint, routerMappingWords } from '@renderer/pages/setup/network-step-words';

describe('the network step on router port mapping', () => {
  it('off: says the node does not ask the router, and where to switch it on unless the host fixed it', () => {
    expect(routerMappingWords('off', false)).toBe(
      'Router port mapping is off, so the node does not ask your router to open the port; you can switch it on later on the Network page.',
    );
    expect(routerMappingWords('off', true)).toBe(
      "Router port mapping is switched off for this run by the host's command line or environment, so the node does not ask your router to open the port.",
    );
    for (const fixed of [false, true])
      expect(routerMappingWords('off', fixed)).not.toMatch(/asks it to open|UPnP|NAT-PMP/);
  });

  it('on: names the protocols the mode uses; offers switching it off only where the page can', () => {
    expect(routerMappingWords('auto', false)).toBe(
      'When your router allows it (UPnP or NAT-PMP), the node asks it to open the port by itself; the Network page shows how that went and lets you switch it off.',
    );
    expect(routerMappingWords('upnp', false)).toMatch(/^When your router allows it \(UPnP\), /);
    expect(routerMappingWords('natpmp', false)).toMatch(/^When your router allows it \(NAT-PMP\), /);
    expect(routerMappingWords('auto', true)).toBe(
      'When your router allows it (UPnP or NAT-PMP), the node asks it to open the port by itself; the Network page shows how that went.',
    );
  });
});

describe('the network step without a public URL', () => {
  it('relay on (the default): the node can still register through a relay; the URL waits for "Start my node"', () => {
    expect(publicUrlHint(true, false)).toMatch(
      /it is reached through a relay \(on by default\), so it can still register/,
    );
    expect(publicUrlHint(true, true)).toBe(publicUrlHint(true, false));
    expect(publicUrlHint(true, false)).toMatch(/It is saved when you start your node\.$/);
    expect(noPublicAddressWords(true)).toMatch(/through a relay when nothing else works/);
  });

  it('relay off: local only unless the router opens the port, and where it was switched off', () => {
    expect(publicUrlHint(false, false)).toMatch(
      /switched off on the Network page, so unless your router opens the port your node then serves locally only/,
    );
    expect(publicUrlHint(false, true)).toMatch(/switched off for this run by the host's command line or environment/);
    expect(noPublicAddressWords(false)).toBe('None: local only, not registered with the network');
  });
});
