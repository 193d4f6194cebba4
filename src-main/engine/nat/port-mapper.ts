import { realTimers, type TimerFns } from '../net';

/** Which router protocol a mapper speaks; one mapper never mixes the two. */
export type PortMapperProtocol = 'upnp' | 'natpmp';

/** The protocol's name as people read it in steps, logs and errors. */
export function protocolLabel(p: PortMapperProtocol): string {
  return p === 'upnp' ? 'UPnP' : 'NAT-PMP';
}

export interface Mapping {
  protocol: PortMapperProtocol;
  externalIp: string;
  externalPort: number;
  internalPort: number;
  /** What the router granted, which may be shorter than what was asked for. */
  leaseSeconds: number;
  /** Clock value (ms) when the router last confirmed the mapping. */
  installedAt: number;
}

export interface InstallRequest {
  internalPort: number;
  /** 0 means "any port the router picks", only honoured when `supportsAnyExternalPort` is true. */
  externalPort: number;
  leaseSeconds: number;
}

export interface PortMapper {
  readonly protocol: PortMapperProtocol;
  /** True when install() accepts externalPort 0 and reports the port the router chose. */
  readonly supportsAnyExternalPort?: boolean;
  /**
   * Loads what the mapper needs before it can talk to the router (its worker thread). Callers wait for it before
   * they start a router's clock: a slow start on a busy computer is not a silent router. It has its own time limit.
   */
  ready?(): Promise<void>;
  probe(): Promise<{ externalIp: string }>;
  install(req: InstallRequest): Promise<Mapping>;
  renew(m: Mapping): Promise<Mapping>;
  remove(m: Mapping): Promise<void>;
  close(): Promise<void>;
}

/**
 * - unavailable: no router answers this protocol (not enabled, no gateway, no external address).
 * - timeout: the router did not answer in time.
 * - transport: the exchange broke in some other way.
 * - refused: the router answered but would not grant the mapping.
 */
export type PortMapperErrorKind = 'unavailable' | 'timeout' | 'transport' | 'refused';

/**
 * `call` once `m` can talk to the router: a caller's clock for the router starts there, not while the mapper loads
 * (a slow start on a busy computer is not a silent router).
 */
export function whenReady<T>(m: PortMapper, call: () => Promise<T>): Promise<T> {
  const starting = m.ready?.();
  return starting ? starting.then(call) : call();
}

export class PortMapperError extends Error {
  override readonly name = 'PortMapperError';
  constructor(
    readonly kind: PortMapperErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Router exchanges can hang forever (UDP with no answer, an SSDP device that stops mid-request), so every call
 * is raced against a timer. The underlying request may still complete later; callers must tolerate that.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  timers: TimerFns = realTimers,
): Promise<T> {
  let handle: unknown;
  const timeout = new Promise<never>((_, reject) => {
    handle = timers.setTimeout(() => reject(new PortMapperError('timeout', `${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    timers.clearTimeout(handle);
  }
}

/** Normalises anything thrown by a mapper or library into a PortMapperError so callers can switch on `kind`. */
export function toPortMapperError(err: unknown, what: string): PortMapperError {
  if (err instanceof PortMapperError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const kind: PortMapperErrorKind = /timeout|timed out/i.test(message) ? 'timeout' : 'transport';
  return new PortMapperError(kind, `${what} failed: ${message}`, { cause: err });
}
