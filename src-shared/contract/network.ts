/** The node's way in from the internet: the reachability ladder, the router mapping, relay, tunnel, "Check my node". */
import type { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import type { Said } from '../i18n/said';
import { Empty } from './schema-parts';

/**
 * - unknown: the node is not running.
 * - checking: the reachability ladder is running (router discovery can take ~10 s).
 * - public: a public address of this computer (public URL, public IPv4 or global IPv6 on an interface).
 * - mapped: reachable only through a port mapping on the router (UPnP or NAT-PMP).
 * - not_reachable: an address was claimed but the internet cannot use it (the directory could not reach it,
 *   or the router dropped the mapping).
 * - local_only: no way in from the internet was found; the node serves locally and says what to do.
 * `public` and `mapped` are claims until `verified` is true (the directory reports it reached the node).
 */
export type ReachabilityStatus =
  'unknown' | 'checking' | 'public' | 'mapped' | 'tunnel' | 'relayed' | 'not_reachable' | 'local_only';
/** Which rung of the ladder produced the endpoint. */
export type ReachabilityMethod =
  'public_url' | 'public_ipv4' | 'upnp' | 'natpmp' | 'ipv6' | 'tunnel' | 'quick_tunnel' | 'relay';
export const PORT_MAPPING_MODES = ['auto', 'upnp', 'natpmp', 'off'] as const;
export type PortMappingMode = (typeof PORT_MAPPING_MODES)[number];

/** The router port mapping the node holds (or is trying to hold). Times are ISO strings. */
export interface PortMappingInfo {
  protocol: 'upnp' | 'natpmp';
  state:
    | 'probing'
    | 'installing'
    | 'mapped'
    | 'renewing'
    | 'retrying'
    | 'revoked'
    | 'failed'
    | 'stopping'
    | 'stopped'
    | 'idle';
  /** "ip:port" the internet dials, or null while no mapping is held. */
  externalAddress: string | null;
  internalPort: number;
  leaseSeconds: number | null;
  leaseRemainingSeconds: number | null;
  lastRenewalAt: string | null;
  nextAttemptAt: string | null;
  consecutiveFailures: number;
  /** The last problem, as a sentence; a program's or router's own text is a quoted value inside it. */
  lastError: Said | null;
}

/** One step of "Check my node": what was tried, and what came of it in plain words. */
export interface NodeCheckItem {
  id: 'health' | 'task' | 'loopback' | 'directory';
  outcome: 'ok' | 'failed' | 'unknown';
  /** Our sentence; never with the directory's or a remote end's text in it. */
  words: Said;
  /**
   * What the other side said that the words are about (the directory's evidence, a code), cleaned: shown as quoted
   * data.
   */
  quoted?: string;
  ms: number | null;
}

export interface NodeCheckReport {
  at: string;
  endpoint: string | null;
  method: ReachabilityMethod | null;
  outcome: 'ok' | 'partial' | 'failed';
  summary: Said;
  items: NodeCheckItem[];
}

/**
 * The directory's instant check of the node's address (`/v1/probe`): it dialled the address just now and got the
 * node's health (`reachable`), or not (`unreachable`); it cannot dial this kind of address (`not_possible`); this
 * directory has no such check (`not_offered`); or it could not be asked (`unavailable`). `at` says how old the answer
 * is.
 */
export interface DirectoryProbe {
  at: string;
  outcome: 'reachable' | 'unreachable' | 'not_possible' | 'not_offered' | 'unavailable';
  /** How long the directory's call took, when it got through. */
  latencyMs: number | null;
  /** Our sentence about the answer. */
  words: Said;
  /** The directory's own code, only when it arrived as a plain code (`plainCode`): shown as quoted data. */
  quoted?: string;
}

/** The relay carrying tasks to this node, when it is reached through one. */
export interface RelayInfo {
  state: 'electing' | 'binding' | 'bound' | 'reconnecting' | 'no_relay' | 'stopped' | 'idle';
  relayNodeId: string | null;
  /** The relay's host (and port), named so the person knows who carries the traffic. */
  relayHost: string | null;
  probation: boolean | null;
  reputation: number | null;
  boundAt: string | null;
  nextAttemptAt: string | null;
  /** The last problem, as a sentence; a program's or router's own text is a quoted value inside it. */
  lastError: Said | null;
  calls: number;
  refusedPlaintext: number;
}

/**
 * One step the node took while looking for a way in: when (ISO), and what, as a sentence each page says in its
 * language.
 */
export interface DetectionStep {
  at: string;
  words: Said;
}

export interface TunnelInfo {
  kind: 'existing' | 'quick';
  source: 'env' | 'ngrok' | 'tailscale' | 'cloudflared';
  url: string | null;
  /** How the tunnel is doing, as a sentence. */
  state: Said;
  nextAttemptAt: string | null;
  /** The last problem, as a sentence; a program's or router's own text is a quoted value inside it. */
  lastError: Said | null;
}

export interface PinholeInfo {
  /** How the opening is doing, as a sentence. */
  state: Said;
  address: string | null;
  port: number | null;
  uniqueId: number | null;
  leaseSeconds: number | null;
  leaseRemainingSeconds: number | null;
  /** The last problem, as a sentence; a program's or router's own text is a quoted value inside it. */
  lastError: Said | null;
}

export interface ReachabilityInfo {
  status: ReachabilityStatus;
  /** One sentence in plain words for the rung in use: what it means for the person. */
  rungWords: Said | null;
  /**
   * True once the directory reports that it reached the node at `endpoint` (`directory_observed_reachable` in its
   * registry, read after the registration of this address). A successful registration alone is no proof:
   * the production directory may skip its dial-back.
   */
  verified: boolean;
  /** When the node read that confirmation (ISO), or null. */
  verifiedAt: string | null;
  method: ReachabilityMethod | null;
  endpoint: string | null;
  /** Plain words: what the status means and, when not reachable, what to do. */
  message: Said | null;
  /** The port the task server really listens on (the setting's port may have been busy). */
  taskPort: number | null;
  /** This computer's LAN address, for the "forward port N to this computer" advice. */
  localAddress: string | null;
  /** The public address the router reports for itself, when a router answered. */
  routerExternalIp: string | null;
  /** Carrier-grade NAT or a second router in front of ours, in plain words; null when none was seen. */
  natWarning: Said | null;
  mapping: PortMappingInfo | null;
  relay: RelayInfo | null;
  tunnel: TunnelInfo | null;
  pinhole: PinholeInfo | null;
  /** "Check my node": running now, and the last report. */
  check: { running: boolean; last: NodeCheckReport | null; probe: DirectoryProbe | null };
  /** What the REGISTER payload says about reachability, or null when nothing is advertised. */
  transportMethod: string | null;
  exposureMode: string | null;
  /** The detection steps taken, oldest first. */
  steps: DetectionStep[];
}

/** Request schemas of the network commands (validated in main before the engine sees them). */
export const networkCommands = {
  /** Run the reachability ladder again now (router rebooted, port forwarded by hand). */
  recheckReachability: Empty,
  /**
   * "Check my node": a real task through the public endpoint and the directory's observation; the report lands in the
   * snapshot.
   */
  checkNode: Empty,
  /** The directory's instant check of the node's address; the answer lands in the snapshot (`check.probe`). */
  probeNode: Empty,
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each network command can answer with (besides `internal`). */
export const networkErrors = {
  recheckReachability: ['invalid_request', 'invalid_state'],
  checkNode: ['invalid_request', 'invalid_state'],
  probeNode: ['invalid_request', 'invalid_state'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
