/**
 * The JSON-lines protocol between a router test (host namespace) and its driver processes (inside the
 * lan / wan network namespaces), and the command sets of the two drivers.
 *
 *   test → driver (stdin):   {"id": 1, "cmd": "probe", "args": {...}}
 * driver → test (stdout): {"id": 1, "ok": true, "result": ...} | {"id": 1, "ok": false, "error": "...", "code": "..."}
 *   driver → test (stdout):  {"event": "snapshot", "data": {...}}     (unsolicited)
 *
 * Lines on stdout that are not JSON objects of these shapes are treated as log output. A driver exits when its
 * stdin closes (the test process ended or killed it), cleaning up what it started first.
 */
import type { Mapping, PortMapperProtocol } from '@engine/nat/port-mapper';
import type { LifecycleState, NodeSnapshot, ReachabilityInfo, Settings } from '@shared/contract';
import type { ProviderNodeOptions } from '@engine/node/provider-node';

export interface DriverRequest {
  id: number;
  cmd: string;
  args?: unknown;
}

export type DriverReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string; code?: string };

export interface DriverEvent<T = unknown> {
  event: string;
  data: T;
}

/** cmd → { args, result }; the typed client and the driver's handler table are both checked against it. */
export type CommandMap<C> = { [K in keyof C]: { args: unknown; result: unknown } };

export interface HttpResult {
  status: number;
  text: string;
  // Tests read arbitrary JSON answers field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

// ---------------------------------------------------------------------------------------------------------
// lan driver (runs in the LAN namespace, behind the router)
// ---------------------------------------------------------------------------------------------------------

/** ProviderNode's `nat` timings (the seams that take functions cannot cross the process boundary). */
export type NatNodeTuning = Omit<
  NonNullable<NonNullable<ProviderNodeOptions['tuning']>['nat']>,
  'createMapper' | 'interfaces'
>;

/** The part of a snapshot the router tests look at (the whole one carries recent events and tasks too). */
export interface SnapshotLite {
  version: number;
  emittedAt: string;
  state: LifecycleState;
  stateReason: string | null;
  available: boolean;
  nodeId: string | null;
  directory: NodeSnapshot['directory'];
  backendStatus: NodeSnapshot['backend']['status'];
  reachability: ReachabilityInfo;
}

export interface LanCommands {
  /**
   * Ask the router for its public address. One NatApiMapper per protocol (default options) serves every call until
   * `close`.
   */
  probe: { args: { protocol: PortMapperProtocol }; result: { externalIp: string } };
  install: {
    args: { protocol: PortMapperProtocol; internalPort: number; externalPort: number; leaseSeconds: number };
    result: Mapping;
  };
  renew: { args: { protocol: PortMapperProtocol; mapping: Mapping }; result: Mapping };
  remove: { args: { protocol: PortMapperProtocol; mapping: Mapping }; result: null };
  /** Close (and forget) the protocol's mapper; the next command creates a new one. */
  close: { args: { protocol: PortMapperProtocol }; result: null };
  /** A tiny HTTP server on 0.0.0.0:port answering GET /iicp/health (what a mapped port forwards to). */
  httpServe: { args: { port: number }; result: { port: number } };
  httpClose: { args: { port: number }; result: null };
  /** A fake LLM server on the lan namespace's loopback. */
  backendStart: {
    args: { flavour?: 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp' };
    result: { url: string; port: number };
  };
  /** Starts a ProviderNode (MemorySecretStore, temp data dir); snapshots then stream as `snapshot` events. */
  nodeStart: {
    args: { settings: Partial<Settings>; taskHost: string; taskPort: number; nat?: NatNodeTuning };
    result: { nodeId: string | null; taskPort: number | null; snapshot: SnapshotLite };
  };
  nodeSnapshot: { args: Record<string, never>; result: SnapshotLite };
  nodePause: { args: Record<string, never>; result: SnapshotLite };
  nodeResume: { args: Record<string, never>; result: SnapshotLite };
  nodeRecheck: { args: Record<string, never>; result: SnapshotLite };
  nodeStop: { args: Record<string, never>; result: null };
  /** GET from inside the lan namespace. */
  fetch: { args: { url: string; timeoutMs?: number }; result: HttpResult };
}

// ---------------------------------------------------------------------------------------------------------
// wan driver (runs in the "internet" namespace)
// ---------------------------------------------------------------------------------------------------------

export interface DirectoryNodeView {
  nodeId: string;
  endpoint: string;
  transportMethod: string | null;
  natType: string | null;
  exposureMode: string | null;
  registrationCount: number;
  available: boolean;
  status: 'active' | 'dormant';
  observedSourceIp: string;
  livenessVerifiedAt: number | null;
}

export interface DirectoryStateView {
  nodes: DirectoryNodeView[];
  registrations: {
    at: number;
    ip: string;
    status: number;
    endpoint: string | null;
    transportMethod: string | null;
    natType: string | null;
    exposureMode: string | null;
    errorCode: string | null;
  }[];
  heartbeats: { at: number; nodeId: string | null; status: number; available: boolean | null }[];
  deregistrations: { at: number; nodeId: string | null; status: number }[];
  probes: { at: number; url: string; purpose: string; ok: boolean; status?: number; error?: string }[];
}

export interface WanCommands {
  dirStart: {
    args: {
      host: string;
      port?: number;
      heartbeatIntervalMs?: number;
      routabilityCheck?: boolean;
      livenessProbe?: boolean;
      activeProbeIntervalMs?: number | null;
    };
    result: { url: string; port: number };
  };
  dirState: { args: Record<string, never>; result: DirectoryStateView };
  dirClose: { args: Record<string, never>; result: null };
  /** GET from "the internet". Network errors come back as a failed call (error = the errno code). */
  fetch: { args: { url: string; timeoutMs?: number }; result: HttpResult };
  /** A relay node on the internet (tests/support/relay), registered with the directory as relay-capable. */
  relayStart: {
    args: { host: string; directoryUrl: string; heartbeatIntervalMs?: number };
    result: { url: string; port: number; nodeId: string };
  };
  /** What the relay saw: its sessions' worker ids and every body it forwarded (to check it only saw ciphertext). */
  relayState: { args: Record<string, never>; result: { workers: string[]; forwarded: unknown[] } };
  /** A consumer on the internet: an IICP-CX chat task to `endpoint` sealed to `cx`; the opened answer comes back. */
  cxTask: {
    args: { endpoint: string; cx: { key: string; key_id: string }; prompt: string };
    result: { status: number; json: unknown; opened: unknown };
  };
}
