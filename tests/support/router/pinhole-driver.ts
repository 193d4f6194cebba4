/**
 * Runs as `ip netns exec <ns> node --import tsx pinhole-driver.ts` in the IPv6 router lab (see pinhole-protocol.ts).
 */
import { createServer, type Server } from 'node:http';
import { UpnpPinholeError } from '@engine/nat/pinhole/errors';
import { pinholeHealthState } from '@engine/nat/pinhole/pinhole-health';
import { PinholeTask } from '@engine/nat/pinhole/pinhole-task';
import { UpnpPinholeClient } from '@engine/nat/pinhole/upnp-pinhole-client';
import { DriverError, httpGet, serveDriver, type Handlers } from './driver-runtime';
import type { PinholeCommands, PinholeEventData } from './pinhole-protocol';
import { listen } from '../http-server';

const servers = new Map<number, Server>();
let task: PinholeTask | null = null;

function client(from: string | null): UpnpPinholeClient {
  return new UpnpPinholeClient({ localAddress: from ?? undefined, ssdpTimeoutMs: 5_000, ssdpSettleMs: 500 });
}

/** Carries the UPnP error code (or the error kind) to the test as the call's `code`. */
async function upnp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UpnpPinholeError)
      throw new DriverError(err.message, err.upnpCode !== undefined ? `upnp_${err.upnpCode}` : err.kind);
    throw err;
  }
}

const handlers: Handlers<PinholeCommands> = {
  discover: ({ from }) => upnp(() => client(from).discover()),
  firewallStatus: ({ from, service }) => upnp(() => client(from).getFirewallStatus(service)),
  add: async ({ from, service, internalClient, internalPort, leaseSeconds }) => ({
    uniqueId: await upnp(() => client(from).addPinhole(service, { internalClient, internalPort, leaseSeconds })),
  }),
  update: async ({ from, service, uniqueId, leaseSeconds }) => {
    await upnp(() => client(from).updatePinhole(service, uniqueId, leaseSeconds));
    return null;
  },
  delete: async ({ from, service, uniqueId }) => {
    await upnp(() => client(from).deletePinhole(service, uniqueId));
    return null;
  },
  serve: async ({ port }) => {
    const server = createServer((_req, res) => res.end(`reached ${port}`));
    await listen(server, { port, host: '::', ipv6Only: true });
    servers.set(port, server);
    return null;
  },
  unserve: async ({ port }) => {
    const s = servers.get(port);
    servers.delete(port);
    if (s) await new Promise((r) => s.close(r));
    return null;
  },
  connect: async ({ host, port, timeoutMs }) => {
    const r = await httpGet(`http://[${host}]:${port}/`, timeoutMs ?? 5_000);
    return { status: r.status, body: r.text };
  },
  taskStart: async ({ address, port, tuning }) => {
    if (task) throw new DriverError('a pinhole task is already running', 'busy');
    const t = new PinholeTask({ ...tuning, client: client(address), address, port });
    task = t;
    t.onChange((event) => runtime.emit('pinhole', { event, status: t.status } satisfies PinholeEventData));
    return t.start();
  },
  taskStatus: () => {
    if (!task) throw new DriverError('no pinhole task', 'no_task');
    return { status: task.status, health: pinholeHealthState(task.status) };
  },
  taskStop: async () => {
    if (!task) throw new DriverError('no pinhole task', 'no_task');
    const t = task;
    await t.stop();
    task = null;
    return { status: t.status, health: pinholeHealthState(t.status) };
  },
};

const runtime = serveDriver<PinholeCommands>('pinhole', handlers, async () => {
  await task?.stop();
  await Promise.all([...servers.values()].map((s) => new Promise((r) => s.close(r))));
});
