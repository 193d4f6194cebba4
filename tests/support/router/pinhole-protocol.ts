/**
 * Commands of pinhole-driver.ts, which runs inside a namespace of the IPv6 router lab (igd6.ts): in the LAN it drives
 * the real UpnpPinholeClient / PinholeTask and serves a port; in the WAN it connects to that port from "the
 * internet". Failures reach the test as DriverCallError with `code`: `upnp_<n>` for a UPnP error from the router,
 * otherwise the error kind or errno code (EACCES is the router's firewall refusing the connection).
 */
import type { PinholeHealthState } from '@engine/nat/pinhole/pinhole-health';
import type { PinholeTaskEvent, PinholeTaskStatus } from '@engine/nat/pinhole/pinhole-task';
import type { PinholeTaskOptions } from '@engine/nat/pinhole/pinhole-task-options';
import type { FirewallStatus, PinholeService } from '@engine/nat/pinhole/upnp-pinhole-client';

/** `from`: the address SOAP calls over IPv6 are sent from (null: let the system choose). */
interface ClientArgs {
  from: string | null;
}

export type PinholeTaskTuning = Omit<PinholeTaskOptions, 'client' | 'address' | 'port' | 'timers' | 'now'>;

export interface PinholeCommands {
  discover: { args: ClientArgs; result: PinholeService[] };
  firewallStatus: { args: ClientArgs & { service: PinholeService }; result: FirewallStatus };
  add: {
    args: ClientArgs & { service: PinholeService; internalClient: string; internalPort: number; leaseSeconds: number };
    result: { uniqueId: number };
  };
  update: { args: ClientArgs & { service: PinholeService; uniqueId: number; leaseSeconds: number }; result: null };
  delete: { args: ClientArgs & { service: PinholeService; uniqueId: number }; result: null };
  /** An HTTP server on [::]:port answering every request with 200 "reached <port>". */
  serve: { args: { port: number }; result: null };
  unserve: { args: { port: number }; result: null };
  /** GET http://[host]:port/ with a fresh connection; fails with the errno code. */
  connect: { args: { host: string; port: number; timeoutMs?: number }; result: { status: number; body: string } };
  /** Starts a PinholeTask with the real client (sending from `address`); its events stream as `pinhole` events. */
  taskStart: { args: { address: string; port: number; tuning: PinholeTaskTuning }; result: PinholeTaskStatus };
  taskStatus: { args: Record<string, never>; result: { status: PinholeTaskStatus; health: PinholeHealthState } };
  taskStop: { args: Record<string, never>; result: { status: PinholeTaskStatus; health: PinholeHealthState } };
}

/** The `pinhole` event: one task event with the status right after it. */
export interface PinholeEventData {
  event: PinholeTaskEvent;
  status: PinholeTaskStatus;
}
