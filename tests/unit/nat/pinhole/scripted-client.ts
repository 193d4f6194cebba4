/**
 * A PinholeClient whose every answer is scripted by the test, one queue per method. An unscripted call fails the
 * test (recorded in `unscripted`); a scripted entry may be a value, an error, or a promise the test settles later.
 */
import { UpnpPinholeError, upnpErrorText, type PinholeErrorKind } from '@engine/nat/pinhole/errors';
import type {
  AddPinholeRequest,
  FirewallStatus,
  PinholeClient,
  PinholeService,
} from '@engine/nat/pinhole/upnp-pinhole-client';

type Answer<T> = T | Error | Promise<T>;

export interface Call {
  method: keyof PinholeClient;
  service?: string;
  uniqueId?: number;
  leaseSeconds?: number;
  req?: AddPinholeRequest;
}

export const ROUTER_V6: PinholeService = {
  serviceType: 'urn:schemas-upnp-org:service:WANIPv6FirewallControl:1',
  controlUrl: { host: '2a0e:97c0:38f:1::1', port: 5000, path: '/ctl/IP6FCtl' },
  controlUrlText: 'http://[2a0e:97c0:38f:1::1]:5000/ctl/IP6FCtl',
  family: 6,
  deviceName: 'WANConnectionDevice',
  server: 'MiniUPnPd/2.3.1',
};

export const ROUTER_V4: PinholeService = {
  ...ROUTER_V6,
  controlUrl: { host: '10.99.0.1', port: 5000, path: '/ctl/IP6FCtl' },
  controlUrlText: 'http://10.99.0.1:5000/ctl/IP6FCtl',
  family: 4,
};

export function upnpError(code: number, description: string, action = 'UpdatePinhole'): UpnpPinholeError {
  return new UpnpPinholeError('refused', `${action}: ${upnpErrorText(code, description)}`, {
    action,
    upnpCode: code,
    upnpDescription: description,
  });
}

export function failure(kind: PinholeErrorKind, message = `scripted ${kind}`): UpnpPinholeError {
  return new UpnpPinholeError(kind, message);
}

export const OPEN: FirewallStatus = { firewallEnabled: true, inboundPinholeAllowed: true };

export class ScriptedPinholeClient implements PinholeClient {
  readonly script = {
    discover: [] as Answer<PinholeService[]>[],
    getFirewallStatus: [] as Answer<FirewallStatus>[],
    addPinhole: [] as Answer<number>[],
    updatePinhole: [] as Answer<void>[],
    deletePinhole: [] as Answer<void>[],
  };
  readonly calls: Call[] = [];
  readonly unscripted: string[] = [];

  count(method: keyof PinholeClient): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  discover(): Promise<PinholeService[]> {
    return this.answer({ method: 'discover' });
  }

  getFirewallStatus(svc: PinholeService): Promise<FirewallStatus> {
    return this.answer({ method: 'getFirewallStatus', service: svc.controlUrlText });
  }

  addPinhole(svc: PinholeService, req: AddPinholeRequest): Promise<number> {
    return this.answer({ method: 'addPinhole', service: svc.controlUrlText, req });
  }

  updatePinhole(svc: PinholeService, uniqueId: number, leaseSeconds: number): Promise<void> {
    return this.answer({ method: 'updatePinhole', service: svc.controlUrlText, uniqueId, leaseSeconds });
  }

  deletePinhole(svc: PinholeService, uniqueId: number): Promise<void> {
    return this.answer({ method: 'deletePinhole', service: svc.controlUrlText, uniqueId });
  }

  private answer<T>(call: Call): Promise<T> {
    this.calls.push(call);
    const queue = this.script[call.method] as Answer<T>[];
    if (queue.length === 0) {
      this.unscripted.push(call.method);
      return Promise.reject(new Error(`unscripted ${call.method}`));
    }
    const next = queue.shift()!;
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve(next);
  }
}
