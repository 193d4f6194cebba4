/**
 * Runs inside the LAN namespace (behind the router): drives the real NatApiMapper and serves a mapped HTTP port. Spoken to over stdio by
 * LanDriver (driver-client.ts); see protocol.ts for the commands.
 */
import { createServer, type Server } from 'node:http';
import type { PortMapperProtocol } from '../../../src-main/engine/nat/port-mapper';
import { NatApiMapper } from '../../../src-main/engine/nat/nat-api-mapper';
import { httpGet, serveDriver, type Handlers } from './driver-runtime';
import type { LanCommands } from './protocol';

const mappers = new Map<PortMapperProtocol, NatApiMapper>();
const servers = new Map<number, Server>();

// Default options, as the engine creates it: the router sees the production description ('IICP Provider').
function mapper(protocol: PortMapperProtocol): NatApiMapper {
  let m = mappers.get(protocol);
  if (!m) {
    m = new NatApiMapper(protocol);
    mappers.set(protocol, m);
  }
  return m;
}

const handlers: Handlers<LanCommands> = {
  probe: ({ protocol }) => mapper(protocol).probe(),
  install: ({ protocol, internalPort, externalPort, leaseSeconds }) => mapper(protocol).install({ internalPort, externalPort, leaseSeconds }),
  renew: ({ protocol, mapping }) => mapper(protocol).renew(mapping),
  remove: async ({ protocol, mapping }) => {
    await mapper(protocol).remove(mapping);
    return null;
  },
  close: async ({ protocol }) => {
    const m = mappers.get(protocol);
    mappers.delete(protocol);
    await m?.close();
    return null;
  },

  httpServe: async ({ port }) => {
    if (servers.has(port)) return { port };
    const server = createServer((req, res) => {
      const ok = req.url === '/iicp/health';
      res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { status: 'ok', servedBy: 'lan-driver', port } : { error: 'not_found' }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '0.0.0.0', () => resolve());
    });
    servers.set(port, server);
    return { port };
  },
  httpClose: async ({ port }) => {
    const s = servers.get(port);
    servers.delete(port);
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    return null;
  },

  fetch: ({ url, timeoutMs }) => httpGet(url, timeoutMs),
};

serveDriver<LanCommands>('lan-driver', handlers, async () => {
  for (const m of mappers.values()) await m.close().catch(() => undefined);
  mappers.clear();
  for (const s of servers.values()) {
    s.closeAllConnections();
    s.close();
  }
});
