import { networkInterfaces } from 'node:os';
import { parseHttpUrl, placeOf, type InterfaceSource } from '../../net';

/**
 * Whether a server URL names this computer itself (`localhost`, a loopback or unspecified address, or one of its own
 * interface addresses, however it is written): only such a server shares the GPU its owner may need back. Which
 * servers may be called at all is `net/server-address.ts`'s judgement.
 */
export function isThisComputerUrl(url: string, interfaces: InterfaceSource = networkInterfaces): boolean {
  const u = parseHttpUrl(url);
  if (!u) return false;
  const host = u.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return placeOf(host, interfaces) === 'this_computer';
}
