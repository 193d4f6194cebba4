import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { classifyIp, isCgnatIpv4, isNonPublicIpv4, isNonPublicIpv6 } from '../net';
import { said, type Said } from '@shared/i18n/said';

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;
export type InterfaceSource = () => InterfaceTable;

export interface LocalAddresses {
  /** Public IPv4 addresses on an interface (a cloud VM, or a modem in bridge mode). */
  publicIpv4: string[];
  /** Global unicast IPv6 addresses (2000::/3 minus documentation), stable ones first. */
  globalIpv6: string[];
  /** The first private IPv4 address: what the person forwards the router's port to. */
  lanIpv4: string | null;
}

// Virtual adapters of container and VM tools: their addresses are never what a router forwards to.
const VIRTUAL = /^(docker|br-|veth|virbr|vmnet|vboxnet|zt|tailscale|utun|tun|tap|wg|lxc|lxd|cni|flannel|podman)/i;

/**
 * Reads the interface table from Node rather than from `ip`/`ifconfig` as the reference CLI does: Windows has
 * neither, and Node's table is the same on every platform.
 */
export function readLocalAddresses(source: InterfaceSource = networkInterfaces): LocalAddresses {
  const publicIpv4: string[] = [];
  const v6: { ip: string; rank: number }[] = [];
  let lanIpv4: string | null = null;
  let table: InterfaceTable;
  try {
    table = source();
  } catch {
    // An interface query can fail on exotic systems (restricted containers); that means "nothing found".
    table = {};
  }
  for (const [name, infos] of Object.entries(table)) {
    if (!infos) continue;
    for (const info of infos) {
      if (info.internal) continue;
      if (info.family === 'IPv4') {
        if (!isNonPublicIpv4(info.address)) publicIpv4.push(info.address);
        else if (lanIpv4 === null && !VIRTUAL.test(name) && isPrivateLan(info.address)) lanIpv4 = info.address;
      } else if (info.family === 'IPv6' && !isNonPublicIpv6(info.address)) {
        // EUI-64 addresses embed the MAC (ff:fe in the middle of the interface id) and are stable; temporary privacy
        // addresses change daily, so they make a poor advertised endpoint. Node cannot tell RFC 7217 stable
        // addresses from temporary ones, so EUI-64 goes first and the rest keep the OS order.
        v6.push({ ip: info.address, rank: /:[0-9a-f]{0,2}ff:fe[0-9a-f]{2}:/i.test(info.address) ? 0 : 1 });
      }
    }
  }
  v6.sort((a, b) => a.rank - b.rank);
  return { publicIpv4, globalIpv6: [...new Set(v6.map((x) => x.ip))], lanIpv4 };
}

/** RFC 1918, as the one classifier (net/ip-kind.ts) has it. */
function isPrivateLan(ip: string): boolean {
  const c = classifyIp(ip);
  return c !== null && c.family === 4 && c.range === 'private';
}

/**
 * Why a router's own public address means its port mappings cannot be reached from the internet, or null when it
 * looks like a real public address.
 */
export function natWarningFor(routerExternalIp: string): Said | null {
  if (isCgnatIpv4(routerExternalIp)) {
    return said('network.natWarning.cgnat', { address: routerExternalIp });
  }
  if (isNonPublicIpv4(routerExternalIp)) {
    return said('network.natWarning.doubleNat', { address: routerExternalIp });
  }
  return null;
}
