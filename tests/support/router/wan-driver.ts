/**
 * Runs inside the WAN namespace ("the internet"): the test directory listening on the WAN peer address, so its
 * liveness dial-back to a node's registered endpoint really goes through the router, and plain GETs from outside.
 */
import { randomUUID } from 'node:crypto';
import { openResponse, sealRequest, unb64url } from '../cx-consumer';
import { startTestDirectory, type TestDirectory } from '../directory';
import { startTestRelay, type TestRelay } from '../relay';
import { DriverError, httpGet, serveDriver, type Handlers } from './driver-runtime';
import type { DirectoryStateView, WanCommands } from './protocol';

let directory: TestDirectory | null = null;
let relay: TestRelay | null = null;

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
      return {
        at: h.at,
        nodeId: h.nodeId,
        status: h.status,
        available: typeof available === 'boolean' ? available : null,
      };
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
  relayStart: async ({ host, directoryUrl, heartbeatIntervalMs }) => {
    if (relay) throw new DriverError('the relay is already running', 'busy');
    relay = await startTestRelay({ host, pollTimeoutMs: 5_000 });
    await relay.registerWith(directoryUrl, { heartbeatIntervalMs: heartbeatIntervalMs ?? 1_500 });
    return { url: relay.url, port: relay.port, nodeId: relay.nodeId };
  },
  relayState: () => {
    if (!relay) throw new DriverError('the relay is not running', 'no_relay');
    return {
      workers: relay.sessions().map((x) => x.workerId),
      forwarded: relay.log.filter((x) => x.kind === 'forward').map((x) => (x as { task: unknown }).task),
    };
  },
  cxTask: async ({ endpoint, cx, prompt }) => {
    const CHAT = 'urn:iicp:intent:llm:chat:v1';
    const taskId = randomUUID();
    const sealed = await sealRequest({
      nodePublicRaw: unb64url(cx.key),
      nodeKeyId: cx.key_id,
      taskId,
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: prompt }] },
    });
    const res = await fetch(`${endpoint}/v1/task`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        task_id: taskId,
        intent: CHAT,
        iicp_conf: sealed.envelope,
        cx_response_encryption: 'required',
        nonce: randomUUID(),
      }),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await res.json()) as Record<string, unknown>;
    const opened = json.iicp_conf_resp
      ? await openResponse(sealed.shared, taskId, json.iicp_conf_resp as { nonce: string; encrypted_body: string })
      : null;
    return { status: res.status, json, opened };
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
  await relay?.close().catch(() => undefined);
  relay = null;
  await directory?.close();
  directory = null;
});
