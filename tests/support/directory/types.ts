import type { GenesisKey } from './genesis-key';
import type {
  DirectoryEvent,
  EventChainHead,
  EventLogControls,
  HostilePages,
  OperatorControls,
  OperatorRecord,
  TamperResult,
} from './event-types';

export type {
  AppendAwardsOptions,
  AppendAwardsResult,
  DirectoryEvent,
  EventChainHead,
  EventLogControls,
  EventPayload,
  EventSelector,
  EventTamper,
  HostilePages,
  OperatorControls,
  OperatorIdentityStatus,
  OperatorRecord,
  TamperResult,
} from './event-types';

/**
 * Public types of the test directory. The behaviour mirrors the production PHP directory
 * (registration, heartbeats, credits); deviations are listed in README-style comments where they live.
 */

export interface TestDirectoryOptions {
  /** 0 = pick a free port. `restart()` always reuses the port that was bound first. */
  port?: number;
  /**
   * IPv4 address to listen on (default 127.0.0.1); `url` is built from it. The router tests run the directory
   * "on the internet" side of a network namespace, e.g. 100.128.99.2.
   */
  host?: string;
  /** PHP production rule IICP-E035. Off = PHP `local`/`testing` env, which allows loopback endpoints. */
  routabilityCheck?: boolean;
  /**
   * GET {endpoint}/iicp/health (5 s, 2xx) before issuing credentials (IICP-E036). Off = PHP
   * `IICP_SKIP_LIVENESS_CHECK`, which also makes the E050 old-endpoint probe report "gone".
   */
  livenessProbe?: boolean;
  /** Echoed as `next_heartbeat_ms` (PHP always says 30000). */
  heartbeatIntervalMs?: number;
  /** Milliseconds since the epoch; drives expiry, dormancy, rate windows and JWT lifetimes. */
  now?: () => number;
  /** Registrations per source IP per 60 s window before IICP-E034 (PHP: 60). */
  rateLimitPerMinute?: number;
  /**
   * PHP `IICP_RESTRICTED_DOMAIN_ENABLED` (default off, like production): register, heartbeat, deregister,
   * discover and node detail need a membership issued with `issueMembership()` (see restricted-domain.ts).
   */
  restrictedDomain?: boolean;
  /**
   * Production's active reachability probe (GET `{endpoint}/iicp/health` of every heartbeating node, every 5 min):
   * the only source of `directory_observed_reachable`. Default 300000; null = never (tests drive it with
   * `probeNow()` or `observeReachability()`).
   */
  activeProbeIntervalMs?: number | null;
  /**
   * PHP `IICP_GENESIS_ED25519_SECRET_KEY`: 128 hex, the libsodium secret key `seed || public key`
   * (`generateGenesisKey()` makes one). Unset (the default, like a production install without the key):
   * `POST /v1/relay/ticket` and `GET /v1/directory-key` answer 503 `not_configured`, events are logged unsigned and
   * `/.well-known/did.json` is a 404. With it, did.json publishes the key and every event is signed.
   */
  genesisEd25519SecretKey?: string;
}

/** `deregister` and `public` extend the brief's list so every route can be faulted individually. */
export type FaultRoute = 'register' | 'deregister' | 'heartbeat' | 'credits' | 'public' | 'relay' | '*';

export interface FaultMode {
  status: number;
  /** Sent as JSON. Ignored when `raw` is given. */
  body?: unknown;
  /** Sent verbatim (e.g. truncated JSON or HTML from a proxy). */
  raw?: string;
  /** Extra response headers (e.g. Laravel's throttle `Retry-After`). Ignored when `raw` is given. */
  headers?: Record<string, string>;
  /** Default `['*']`. */
  routes?: FaultRoute[];
  /** How many matching requests fail before the fault clears itself. Default: until `fail(null)`. */
  times?: number;
}

export interface Reputation {
  score: number;
  model: 'outcome-v2';
  epoch: string;
  tasksTotal: number;
  tasksFailed: number;
  completedTasks: number;
  avgLatencyMs: number;
  hourlyGain: number;
  hourlyWindowStart: number | null;
}

export interface StoredPricing {
  credit_cost_multiplier: number;
  pricing_model: string;
  declaration_signature: string | null;
  attested: boolean;
  effective_from: string | null;
  effective_until: string | null;
}

export interface BackendStability {
  backend_state: string;
  reason_class: string;
  retry_after_s?: number;
  drain_until?: number;
}

/** One result of the directory's own active probe of `{endpoint}/iicp/health` (PHP TelemetryProbe row). */
export interface ReachabilityObservation {
  ok: boolean;
  /** Directory clock (ms). Only observations of the last 10 minutes count (NodeHealthService). */
  at: number;
}

export interface AppliedBatch {
  batchId: string | null;
  tasksSuccess: number;
  tasksFailed: number;
  avgLatencyMs: number;
  at: number;
}

export interface NodeRecord {
  nodeId: string;
  endpoint: string;
  transportEndpoint: string | null;
  region: string;
  /** Plaintext here (PHP keeps a bcrypt hash). `null` after `revokeToken()`. */
  token: string | null;
  proxyToken: string;
  hmacKey: string;
  capabilities: Record<string, unknown>[];
  limits: { max_concurrent: number; tokens_per_min: number };
  pricing: StoredPricing;
  cxPublicKey: Record<string, unknown> | null;
  transportMethod: string | null;
  natType: string | null;
  transportMetadata: Record<string, unknown> | null;
  exposureMode: string | null;
  backend: string | null;
  sdkLanguage: string | null;
  sdkVersion: string | null;
  implementationName: string | null;
  implementationVersion: string | null;
  relayCapable: boolean;
  policy: Record<string, unknown> | null;
  gossipPublicKey: string | null;
  operatorPubkey: string | null;
  operatorVerified: boolean;
  publicReachable: boolean;
  /** Latest directory probe result (REGISTER liveness probe or `observeReachability()`); null = none. */
  reachabilityObservation: ReachabilityObservation | null;
  observedSourceIp: string;
  /** Last accepted REGISTER body. */
  registration: Record<string, unknown>;
  registrationCount: number;
  createdAt: number;
  lastSeen: number;
  status: 'active' | 'dormant';
  dormantSince: number | null;
  available: boolean;
  load: number;
  activeJobs: number;
  lastHeartbeat: Record<string, unknown> | null;
  /** The challenge handed out in the most recent heartbeat response. */
  challenge: string | null;
  challengesIssued: number;
  challengeVerifiedCount: number;
  challengeFailedCount: number;
  livenessVerifiedAt: number | null;
  metricsApplied: AppliedBatch[];
  batchIdsSeen: string[];
  reputation: Reputation;
  healthModels: string[] | null | undefined;
  backendStability: BackendStability | null;
  autoUpdate: Record<string, unknown>;
  lifetimeJobs: number;
}

export interface RegistrationLogEntry {
  at: number;
  ip: string;
  body: unknown;
  status: number;
  response: unknown;
  injected?: boolean;
  /** Present when the body's `operator_delegation` passed validation and was checked (see operator-identity.ts). */
  operator?: RegistrationOperatorOutcome;
}

/** Why `OperatorDelegationVerifier::verify` accepted or refused a delegation. */
export type DelegationReason = 'ok' | 'malformed' | 'node_id_mismatch' | 'expired' | 'bad_signature';

export interface RegistrationOperatorOutcome {
  /** `operator_delegation` exactly as the REGISTER body carried it. */
  delegation: unknown;
  verified: boolean;
  reason: DelegationReason;
  /** The REGISTER was refused for the operator identity (422, nothing stored). */
  refused?: 'IICP-E051' | 'IICP-E063';
}

export interface HeartbeatLogEntry {
  at: number;
  nodeId: string | null;
  body: unknown;
  status: number;
  response: unknown;
  injected?: boolean;
}

export interface DeregistrationLogEntry {
  at: number;
  nodeId: string | null;
  status: number;
  injected?: boolean;
}

export interface AwardLogEntry {
  at: number;
  body: unknown;
  status: number;
  outcome: 'accepted' | 'rejected' | 'excluded';
  /** Error code for rejections (`validation_error`, `unauthorized`, `IICP-E027`, or `injected`). */
  code?: string;
  message?: string;
  injected?: boolean;
}

/** Like a heartbeat's: `nodeId` is the authenticated worker, or null when NodeTokenAuth refused the request. */
export type RelayTicketLogEntry = HeartbeatLogEntry;

export interface ProbeLogEntry {
  at: number;
  url: string;
  purpose: 'registration' | 'e050_old_endpoint' | 'active';
  ok: boolean;
  status?: number;
  error?: string;
}

/** Money is kept in integer units of 0.0001 credit, like PHP's DECIMAL(15,4) columns (see decimal.ts). */
export interface CreditAccount {
  balanceUnits: number;
  freeLastAllocationAt: number | null;
}

export interface CreditTransaction {
  id: number;
  node_id: string;
  /** Units of 0.0001 credit; served as PHP's `decimal:4` string, e.g. 60 → "0.0060". */
  amountUnits: number;
  type: 'credit' | 'debit';
  task_id: string | null;
  reason: string | null;
  created_at: number;
}

/** PHP `trust_domain_memberships` row; only the SHA-256 of the bearer credential is kept. */
export interface MembershipRecord {
  subjectKind: 'node' | 'client';
  subjectId: string;
  tokenHash: string;
  scopes: string[];
  generation: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface RateWindow {
  count: number;
  resetAt: number;
}

export interface DirectoryState {
  nodes: Record<string, NodeRecord>;
  registrations: RegistrationLogEntry[];
  heartbeats: HeartbeatLogEntry[];
  deregistrations: DeregistrationLogEntry[];
  awards: AwardLogEntry[];
  probes: ProbeLogEntry[];
  /** Answers of `GET /v1/probe` (the instant check a node asks for), in order. */
  dialProbes: { at: number; host: string; port: number; status: number; body: unknown }[];
  /** Its throttle windows, keyed by the caller's address. */
  dialRate: Record<string, RateWindow>;
  requests: { at: number; method: string; path: string; status: number }[];
  /** Keyed by node id; survives DEREGISTER like PHP's `credits` row. */
  credits: Record<string, CreditAccount>;
  transactions: CreditTransaction[];
  nextTransactionId: number;
  freeAllocationByIp: Record<string, number>;
  /** Nonce → expiry (ms). PHP keys nonces globally, not per node. */
  usedNonces: Record<string, number>;
  /** `${node_id}:${YYYYMMDDHH}` → credits awarded in that UTC clock hour. */
  hourlyAwards: Record<string, number>;
  registerRate: Record<string, RateWindow>;
  heartbeatRate: Record<string, RateWindow>;
  /** `throttle:consumer-token` windows of `POST /v1/relay/ticket`, keyed by bearer token (else IP). */
  ticketRate: Record<string, RateWindow>;
  memberships: MembershipRecord[];
  relayTickets: RelayTicketLogEntry[];
  /** The signed event log in seq order (tampers edit it in place; see event-tamper.ts). */
  events: DirectoryEvent[];
  eventChain: EventChainHead;
  /** Every tamper applied, in order (an `awarded_less` appears once its award happened). */
  eventTampers: TamperResult[];
  /** How `GET /v1/events` answers instead of the log (a hostile directory), or null. */
  hostilePages: HostilePages | null;
  /** Armed `awarded_less` tampers waiting for their award. */
  pendingAwardTampers: { taskId: string | null; amount: number | null; result: TamperResult }[];
  operators: Record<string, OperatorRecord>;
  /**
   * Self-service challenges handed out and not used yet: `operator_pub + "\n" + nonce` → expiry (ms, directory clock).
   */
  operatorChallenges: Record<string, number>;
}

export interface TestDirectory {
  /** Base URL ending in `/api`; routes are `{url}/v1/...`. */
  url: string;
  port: number;
  state: DirectoryState;
  fail(mode: FaultMode | null): void;
  /** Invalidates the opaque node_token; the next heartbeat with it gets 401. */
  revokeToken(nodeId: string): void;
  /**
   * Stand-in for production's periodic active probe (every 5 min, a TelemetryProbe `reachability` row):
   * records `reachable` at the directory clock `now()`, or clears the observation with `null`.
   */
  observeReachability(nodeId: string, reachable: boolean | null): void;
  /** One round of the active probe now (every heartbeating node is dialled and its result recorded). */
  probeNow(): Promise<void>;
  /**
   * `php artisan iicp:membership-issue`: returns the bearer credential (`iicp_mem_` + 64 alphanumerics) for
   * `X-IICP-Membership`. Re-issuing for the same subject rotates it (old credential dead, generation + 1).
   * Scopes default to `['*']`; TTL (default 3600 s) is clamped to 60…86400 s. Kind defaults to `node`.
   */
  issueMembership(subjectId: string, scopes?: string[], ttlSeconds?: number, subjectKind?: 'node' | 'client'): string;
  /** `iicp:membership-revoke`; true when a live membership was revoked. */
  revokeMembership(subjectId: string, subjectKind?: 'node' | 'client'): boolean;
  /** The signed event log: read it, append to it, tamper with it. */
  events: EventLogControls;
  /** Operator identities bound by verified delegations; revoke or rotate one. */
  operators: OperatorControls;
  close(): Promise<void>;
  /** Stop listening and listen again on the same port. `keepState` defaults to true. */
  restart(opts?: { keepState?: boolean }): Promise<void>;
}

/** Everything a route handler needs; built once per directory instance. */
export interface DirectoryContext {
  state: DirectoryState;
  now: () => number;
  routabilityCheck: boolean;
  livenessProbe: boolean;
  heartbeatIntervalMs: number;
  rateLimitPerMinute: number;
  restrictedDomain: boolean;
  jwtSecret: Buffer;
  /** Null = not configured (503 on the two key routes, unsigned events). `rotate_key` replaces it. */
  genesisKey: GenesisKey | null;
  /** PHP `config('app.url')`: the `iss` of relay bind tickets. */
  origin: () => string;
}
