import {
  PortMapperError,
  type InstallRequest,
  type Mapping,
  type PortMapper,
  type PortMapperErrorKind,
  type PortMapperProtocol,
} from '@engine/nat/port-mapper';

export const LEASE = 120; // seconds → renew every 60 s unless the configured interval is shorter

export type Answer<A, T> = (arg: A) => Promise<T>;
type PortsOf = { internalPort: number; externalPort: number };

/** A PortMapper whose answers are queued per method; an unscripted call fails the test. */
export class ScriptedMapper implements PortMapper {
  constructor(readonly protocol: PortMapperProtocol = 'upnp') {}
  supportsAnyExternalPort = false;
  readonly script = {
    probe: [] as Answer<void, { externalIp: string }>[],
    install: [] as Answer<InstallRequest, Mapping>[],
    renew: [] as Answer<Mapping, Mapping>[],
    remove: [] as Answer<Mapping, void>[],
  };
  readonly calls: { method: string; ports?: PortsOf }[] = [];
  unscripted: string[] = [];
  closeCount = 0;

  probe() {
    this.calls.push({ method: 'probe' });
    return this.next('probe', undefined);
  }
  install(req: InstallRequest) {
    this.calls.push({ method: 'install', ports: { internalPort: req.internalPort, externalPort: req.externalPort } });
    return this.next('install', req);
  }
  renew(m: Mapping) {
    this.calls.push({ method: 'renew', ports: { internalPort: m.internalPort, externalPort: m.externalPort } });
    return this.next('renew', m);
  }
  remove(m: Mapping) {
    this.calls.push({ method: 'remove', ports: { internalPort: m.internalPort, externalPort: m.externalPort } });
    return this.next('remove', m);
  }
  close() {
    this.closeCount += 1;
    return Promise.resolve();
  }
  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  private next<K extends keyof ScriptedMapper['script'], A>(method: K, arg: A): Promise<never> {
    const answer = this.script[method].shift() as Answer<A, never> | undefined;
    if (!answer) {
      this.unscripted.push(method);
      return Promise.reject(new Error(`unscripted ${method} call`));
    }
    return answer(arg);
  }
}

export const ip = (externalIp: string) => () => Promise.resolve({ externalIp });
export const fail =
  (kind: PortMapperErrorKind, message = `scripted ${kind}`) =>
  () =>
    Promise.reject(new PortMapperError(kind, message));
export const grant =
  (externalIp: string, leaseSeconds = LEASE) =>
  (req: { internalPort: number; externalPort: number }): Promise<Mapping> =>
    Promise.resolve({
      protocol: 'upnp' as const,
      externalIp,
      externalPort: req.externalPort === 0 ? 40_000 : req.externalPort,
      internalPort: req.internalPort,
      leaseSeconds,
      installedAt: Date.now(),
    });
export const done = () => Promise.resolve();
