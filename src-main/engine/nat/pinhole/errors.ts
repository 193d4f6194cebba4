/**
 * - unavailable: no router on this network offers IPv6 pinholes (no SSDP answer, no WANIPv6FirewallControl service).
 * - timeout: the router did not answer in time.
 * - transport: the exchange broke (connection refused or reset, not HTTP, not SOAP, too large).
 * - refused: the router answered with a UPnP error; `upnpCode` says which.
 */
export type PinholeErrorKind = 'unavailable' | 'timeout' | 'transport' | 'refused';

export class UpnpPinholeError extends Error {
  override readonly name = 'UpnpPinholeError';
  constructor(
    readonly kind: PinholeErrorKind,
    message: string,
    /**
     * `unreadable`: the device answered, but with something that could not be read (too large, not XML, too slow to
     * read): the sign of a broken or hostile device rather than of a missing one.
     */
    readonly details: {
      upnpCode?: number;
      upnpDescription?: string;
      action?: string;
      cause?: unknown;
      unreadable?: boolean;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  get upnpCode(): number | undefined {
    return this.details.upnpCode;
  }
}

/** WANIPv6FirewallControl:1 error codes the code below reacts to by number. */
export const UPNP_INVALID_ARGS = 402;
export const UPNP_NOT_AUTHORIZED = 606;
export const UPNP_FIREWALL_DISABLED = 702;
export const UPNP_INBOUND_NOT_ALLOWED = 703;
export const UPNP_NO_SUCH_ENTRY = 704;

// Plain words for the codes of UPnP Device Architecture 1.0 and WANIPv6FirewallControl:1 (§2.4 of the service
// spec). The router's own errorDescription is kept next to it in the message, since vendors reuse codes loosely.
const CODE_TEXT: Record<number, string> = {
  401: 'the router does not offer this action',
  402: 'the router rejected the values sent (miniupnpd also answers this for a pinhole ID it does not know)',
  501: 'the router could not carry out the request',
  [UPNP_NOT_AUTHORIZED]:
    'the router does not allow this computer to open pinholes. Routers only let a device open its own address, and many need a setting first: on a FRITZ!Box, open Internet > Permit Access > Port Sharing, edit this computer and allow it to open ports by itself (self-service port sharing)',
  701: 'the router has no room for another pinhole',
  [UPNP_FIREWALL_DISABLED]: "the router's IPv6 firewall is switched off",
  [UPNP_INBOUND_NOT_ALLOWED]:
    "the router's IPv6 firewall does not let devices open pinholes for incoming connections (a router setting)",
  [UPNP_NO_SUCH_ENTRY]: 'the router has no pinhole with that ID (its lease ran out, or the router restarted)',
  705: 'the router does not support this protocol for pinholes',
  706: 'the router needs a specific port for the pinhole',
  707: 'the router needs a specific protocol for the pinhole',
  708: "the router needs this computer's exact address for the pinhole",
  709: 'no packet has passed through the pinhole yet',
};

/** A sentence part describing a UPnP error code, e.g. for "The router would not open the pinhole: …". */
export function upnpErrorText(code: number, description?: string): string {
  const known = CODE_TEXT[code];
  const theirs = description ? ` "${description}"` : '';
  return known ? `${known} (UPnP error ${code}${theirs})` : `the router answered with UPnP error ${code}${theirs}`;
}

/** Normalises anything thrown while talking to the router, so callers can switch on `kind`. */
export function toPinholeError(err: unknown, what: string): UpnpPinholeError {
  if (err instanceof UpnpPinholeError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const message = e instanceof Error ? e.message : String(err);
  const kind: PinholeErrorKind = e?.code === 'ETIMEDOUT' || /timed? ?out/i.test(message) ? 'timeout' : 'transport';
  return new UpnpPinholeError(kind, `${what} failed: ${message}`, { cause: err });
}
