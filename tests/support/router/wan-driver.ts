/**
 * Runs inside the WAN namespace ("the internet"): the test directory listening on the WAN peer address, so its
 * liveness dial-back to a node's registered endpoint really goes through the router, and plain GETs from outside.
 */
import { startTestDirectory, type TestDirectory } from '../directory';
import { DriverError, httpGet, serveDriver, type Handlers } from './driver-runtime';
import type { DirectoryStateView, WanCommands } from './protocol';

let directory: TestDirectory | null = null;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

function errorCode(response: unknown): string | null {
  const r = obj(response);
  const e = r.error;
  if (typeof e === 'string') return e;
  const code = obj(e).code;
  return typeof code === 'string' ? code : null;
}

function view(d: TestDirectory): DirectoryStateView {
  const s = d.state;
  return {
    nodes: Object.values(s.nodes).map((n) => ({
      nodeId: n.nodeId,
      endpoint: n.endpoint,
      transportMethod: n.transportMethod,
      natType: n.natType,
      exposureMode: n.exposureMode,
      registrationCount: n.registrationCount,
      available: n.available,
      status: n.status,
      observedSourceIp: n.observedSourceIp,
      livenessVerifiedAt: n.livenessVerifiedAt,
    })),
    registrations: s.registrations.map((r) => {
      const b = obj(r.body);
      return {
        at: r.at,
        ip: r.ip,
        status: r.status,
        endpoint: str(b.endpoint),
        transportMethod: str(b.transport_method),
        natType: str(b.nat_type),
        exposureMode: str(b.exposure_mode),
        errorCode: r.status >= 400 ? errorCode(r.response) : null,
      };
    }),
    heartbeats: s.heartbeats.map((h) => {
      const available = obj(h.body).available;
      return { at: h.at, nodeId: h.nodeId, status: h.status, available: typeof available === 'boolean' ? available : null };
    }),
    deregistrations: s.deregistrations.map((x) => ({ at: x.at, nodeId: x.nodeId, status: x.status })),
    probes: s.probes.map((p) => ({ ...p })),
  };
}

const handlers: Handlers<WanCommands> = {
  dirStart: async ({ host, port, heartbeatIntervalMs, routabilityCheck, livenessProbe, activeProbeIntervalMs }) => {
    if (directory) throw new DriverError('the directory is already running', 'busy');
    directory = await startTestDirectory({
      host,
      port: port ?? 0,
      heartbeatIntervalMs,
      routabilityCheck: routabilityCheck ?? true,
      livenessProbe: livenessProbe ?? true,
      // The directory's own reachability probe (the only source of "confirmed"), every second instead of every 5 min.
      activeProbeIntervalMs: activeProbeIntervalMs === undefined ? 1000 : activeProbeIntervalMs,
    });
    return { url: directory.url, port: directory.port };
  },
  dirState: () => {
    if (!directory) throw new DriverError('the directory is not running', 'no_directory');
    return view(directory);
  },
  dirClose: async () => {
    const d = directory;
    directory = null;
    await d?.close();
    return null;
  },
  fetch: ({ url, timeoutMs }) => httpGet(url, timeoutMs),
};

serveDriver<WanCommands>('wan-driver', handlers, async () => {
  await directory?.close();
  directory = null;
});
