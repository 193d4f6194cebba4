import { BlockList } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { bareIp as bareIpOf, classifyIp, type IpRange } from './ip-kind';

/** This computer's interface table (tests give their own). */
export type InterfaceSource = () => NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Where an IP address leads, as far as calling it goes. */
export type AddressPlace = 'this_computer' | 'private' | 'not_public' | 'public';

/** Why an address is not called, in the words the Network page and the event log use. */
export type RefusedPlace = Exclude<AddressPlace, 'public'>;

export const PLACE_WORDS: Record<RefusedPlace, string> = {
  this_computer: 'points back at this computer',
  private: 'points into a private network',
  not_public: 'points to an address that is not on the internet',
};

/** The ranges of a private network: RFC 1918, carrier-grade NAT, link-local, unique-local (`ip-kind.ts`). */
const PRIVATE_RANGES: ReadonlySet<IpRange> = new Set(['private', 'cgnat', 'link_local', 'unique_local']);

/** An address without its `%zone` and brackets, or null when it is not an IP address. */
export function bareIp(raw: string): { ip: string; family: 'ipv4' | 'ipv6' } | null {
  const a = bareIpOf(raw);
  return a ? { ip: a.ip, family: a.family === 4 ? 'ipv4' : 'ipv6' } : null;
}

/**
 * Where `address` leads: this computer (loopback, the unspecified address, or an address of one of its interfaces,
 * however it is written — an IPv4-mapped IPv6 form included), a private network (RFC 1918, carrier-grade NAT,
 * link-local, unique-local), somewhere else off the internet (documentation, multicast, reserved), or the internet;
 * the ranges are `ip-kind.ts`'s. Anything that is not an IP address is never treated as public.
 */
export function placeOf(address: string, interfaces: InterfaceSource = networkInterfaces): AddressPlace {
  const a = bareIp(address);
  const c = classifyIp(address);
  if (!a || !c) return 'not_public';
  // 0.0.0.0 is answered by this computer's own services; the rest of 0/8 is no destination at all.
  if (c.range === 'loopback' || c.range === 'unspecified' || ownAddresses(interfaces).check(a.ip, a.family))
    return 'this_computer';
  if (PRIVATE_RANGES.has(c.range)) return 'private';
  return c.range === 'public' ? 'public' : 'not_public';
}

/**
 * Whether `address` is on the internet by the literal-address rules alone (an interface address of this computer may
 * be).
 */
export function isPublicIp(address: string): boolean {
  return classifyIp(address)?.range === 'public';
}

/**
 * The addresses of this computer's interfaces; none when the table cannot be read (a sandbox): loopback is still known.
 */
function ownAddresses(interfaces: InterfaceSource): BlockList {
  const list = new BlockList();
  let table: NodeJS.Dict<NetworkInterfaceInfo[]>;
  try {
    table = interfaces();
  } catch {
    return list;
  }
  for (const infos of Object.values(table)) {
    for (const info of infos ?? []) {
      const a = bareIp(info.address);
      if (a) list.addAddress(a.ip, a.family);
    }
  }
  return list;
}

/**
 * A call refused for where its address leads: `host` resolved (or was written) as `address`, which is `place`. Thrown
 * from a connection's lookup, so undici's `fetch failed` carries it as its cause.
 */
export class AddressRefused extends Error {
  readonly code = 'IICP_ADDRESS_REFUSED';

  constructor(
    readonly host: string,
    readonly address: string,
    readonly place: RefusedPlace,
  ) {
    super(`${host} ${PLACE_WORDS[place]} (${address})`);
    this.name = 'AddressRefused';
  }

  /** "points back at this computer", "points into a private network", … */
  get words(): string {
    return PLACE_WORDS[this.place];
  }
}

/** The refusal in `err` or in its causes (undici wraps it in `fetch failed`), or null. */
export function addressRefusalOf(err: unknown): AddressRefused | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    if (e instanceof AddressRefused) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** Who decides which places may be called. */
export interface AddressRules {
  /** Loopback, private and link-local addresses may be called: the owner's private-endpoint switch. */
  allowPrivate: boolean;
  /**
   * A public address of this computer's own interfaces may be called: "Check my node" calls the node's own direct
   * address on purpose. A relay or a tunnel on this computer is never what it claims to be.
   */
  allowOwnPublic?: boolean;
}

/** The place that keeps `address` from being called under `rules`, or null when it may be called. */
export function refusedPlace(address: string, rules: AddressRules, interfaces?: InterfaceSource): RefusedPlace | null {
  const place = placeOf(address, interfaces);
  if (place === 'public') return null;
  if (place === 'this_computer' && rules.allowOwnPublic === true && isPublicIp(address)) return null;
  return rules.allowPrivate ? null : place;
}
