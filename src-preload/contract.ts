/**
 * The one contract between the engine's hosts (Electron main, headless host) and the renderer.
 *
 * Every command has a request schema (validated in main before the engine sees it), a response type and
 * the error codes it may answer with. Every event the renderer can subscribe to is listed in `EVENTS`.
 * The same contract is carried over Electron IPC (`window.provider`) and over the headless WebSocket
 * bridge; the renderer cannot tell which.
 */
import { z } from 'zod';
import type { CommandName, EventLevel, EventName } from './channels';

export * from './channels';

// ---------------------------------------------------------------------------------------------------
// Shared value types
// ---------------------------------------------------------------------------------------------------

export const LIFECYCLE_STATES = ['stopped', 'starting', 'online', 'paused', 'degraded', 'stopping'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** One row of the append-only event log. `details` is plain text and never holds secrets or payloads. */
export interface EngineEvent {
  id: number;
  ts: string;
  level: EventLevel;
  event: string;
  details: string;
  /**
   * How many times this event happened in a burst (absent: once). A repeat of the same event and level soon after
   * is counted on its row instead of stored as a new one; `details` are the first occurrence's, `ts` its time.
   */
  count?: number;
  /** When the last of `count` happened (only with `count`). */
  lastTs?: string;
}

/** `restricted`: the directory is a restricted trust domain and did not admit the node (no or a refused membership). */
export type DirectoryLink = 'not_configured' | 'connecting' | 'registered' | 'unreachable' | 'rejected' | 'restricted';
/** `slow`: the server takes connections but did not answer the last look in time; tasks are still sent to it. */
export type BackendStatus = 'not_configured' | 'checking' | 'healthy' | 'loading' | 'slow' | 'unreachable';
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
export type ReachabilityStatus = 'unknown' | 'checking' | 'public' | 'mapped' | 'tunnel' | 'relayed' | 'not_reachable' | 'local_only';
/** Which rung of the ladder produced the endpoint. */
export type ReachabilityMethod = 'public_url' | 'public_ipv4' | 'upnp' | 'natpmp' | 'ipv6' | 'tunnel' | 'quick_tunnel' | 'relay';
export const PORT_MAPPING_MODES = ['auto', 'upnp', 'natpmp', 'off'] as const;
export type PortMappingMode = (typeof PORT_MAPPING_MODES)[number];

/** The router port mapping the node holds (or is trying to hold). Times are ISO strings. */
export interface PortMappingInfo {
  protocol: 'upnp' | 'natpmp';
  state: 'probing' | 'installing' | 'mapped' | 'renewing' | 'retrying' | 'revoked' | 'failed' | 'stopping' | 'stopped' | 'idle';
  /** "ip:port" the internet dials, or null while no mapping is held. */
  externalAddress: string | null;
  internalPort: number;
  leaseSeconds: number | null;
  leaseRemainingSeconds: number | null;
  lastRenewalAt: string | null;
  nextAttemptAt: string | null;
  consecutiveFailures: number;
  lastError: string | null;
}

/** One step of "Check my node": what was tried, and what came of it in plain words. */
export interface NodeCheckItem {
  id: 'health' | 'task' | 'loopback' | 'directory';
  outcome: 'ok' | 'failed' | 'unknown';
  /** Our words; never with the directory's or a remote end's text in them. */
  words: string;
  /** What the other side said that the words are about (the directory's evidence, a code), cleaned: shown as quoted data. */
  quoted?: string;
  ms: number | null;
}

export interface NodeCheckReport {
  at: string;
  endpoint: string | null;
  method: ReachabilityMethod | null;
  outcome: 'ok' | 'partial' | 'failed';
  summary: string;
  items: NodeCheckItem[];
}

/** The relay carrying tasks to this node, when it is reached through one (brief §9.8). */
export interface RelayInfo {
  state: 'electing' | 'binding' | 'bound' | 'reconnecting' | 'no_relay' | 'stopped' | 'idle';
  relayNodeId: string | null;
  /** The relay's host (and port), named so the person knows who carries the traffic. */
  relayHost: string | null;
  probation: boolean | null;
  reputation: number | null;
  boundAt: string | null;
  nextAttemptAt: string | null;
  lastError: string | null;
  calls: number;
  refusedPlaintext: number;
}

export interface TunnelInfo {
  kind: 'existing' | 'quick';
  source: 'env' | 'ngrok' | 'tailscale' | 'cloudflared';
  url: string | null;
  state: string;
  nextAttemptAt: string | null;
  lastError: string | null;
}

export interface PinholeInfo {
  state: string;
  address: string | null;
  port: number | null;
  uniqueId: number | null;
  leaseSeconds: number | null;
  leaseRemainingSeconds: number | null;
  lastError: string | null;
}

export interface ReachabilityInfo {
  status: ReachabilityStatus;
  /** One sentence for the rung in use: what it means for the person (brief ladder, plain words). */
  rungWords: string | null;
  /**
   * True once the directory reports that it reached the node at `endpoint` (`directory_observed_reachable` in its
   * registry, read after the registration of this address). A successful registration alone is no proof (C-10).
   */
  verified: boolean;
  /** When the node read that confirmation (ISO), or null. */
  verifiedAt: string | null;
  method: ReachabilityMethod | null;
  endpoint: string | null;
  /** Plain words: what the status means and, when not reachable, what to do. */
  message: string | null;
  /** The port the task server really listens on (the setting's port may have been busy). */
  taskPort: number | null;
  /** This computer's LAN address, for the "forward port N to this computer" advice. */
  localAddress: string | null;
  /** The public address the router reports for itself, when a router answered. */
  routerExternalIp: string | null;
  /** Carrier-grade NAT or a second router in front of ours, in plain words; null when none was seen. */
  natWarning: string | null;
  mapping: PortMappingInfo | null;
  relay: RelayInfo | null;
  tunnel: TunnelInfo | null;
  pinhole: PinholeInfo | null;
  /** "Check my node": running now, and the last report. */
  check: { running: boolean; last: NodeCheckReport | null };
  /** What the REGISTER payload says (brief §9.5), or null when nothing is advertised. */
  transportMethod: string | null;
  exposureMode: string | null;
  /** The detection steps taken, oldest first, each prefixed with its ISO time. */
  steps: string[];
}

/** Why nothing is offered right now: the switch, the schedule, or a condition the person enabled. */
export type AvailabilityReason = 'switched_off' | 'outside_window' | 'on_battery' | 'in_use';

/** The level-triggered availability policy's verdict (switch ∧ window share ∧ conditions). */
export interface AvailabilityInfo {
  /** The share of `maxConcurrent` offered now (0 when the switch, the schedule or a condition says no). */
  share: number;
  /** The schedule's share now, whatever the switch says. */
  windowShare: number;
  reason: AvailabilityReason | null;
  /** Plain words for `reason`, with when it changes ("Outside your availability windows until 18:00."). */
  message: string | null;
  /** The window in force ("Mon, Tue 08:00–12:00"), or null. */
  window: string | null;
  /** When the schedule's share next changes (ISO), or null. */
  nextChangeAt: string | null;
  timeZone: string;
  windowCount: number;
  outsideShare: number;
  conditions: {
    onlyOnMains: boolean;
    idleMinutes: number | null;
    /** False when the host cannot observe power or idle time (headless): the conditions are then not applied. */
    supported: boolean;
    onBattery: boolean | null;
    idleSeconds: number | null;
  };
}

/** What a notice is about. Each kind belongs to one of the notification switches (`Settings['notifications']`). */
export const NOTICE_KINDS = ['offline', 'back_online', 'backend_stopped', 'backend_back', 'not_reachable', 'reachable_again', 'earnings_rejected'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** The page a notice opens (a route of the dashboard). */
export type NoticeRoute = 'dashboard' | 'network' | 'earnings';

/**
 * Something the person should hear about, in plain words: the node went offline or came back, the LLM server
 * stopped or came back, the internet lost or regained its way in, the directory rejected earnings. The desktop app
 * shows each as a notification (when its switch is on); every host lists them on the Dashboard.
 */
export interface Notice {
  id: string;
  /** When it was noticed (ISO). */
  at: string;
  kind: NoticeKind;
  title: string;
  body: string;
  route: NoticeRoute;
}

/**
 * A served task's claim on credits: `none` (no receipt: no tokens, or the node held no HMAC key), `claimed`
 * (receipt written, being posted), then `awarded`, `rejected` (the directory said no, with its code) or `expired`
 * (not accepted before the receipt's expiry).
 */
export type ReceiptState = 'none' | 'claimed' | 'awarded' | 'rejected' | 'expired';
export const RECEIPT_STATES = ['none', 'claimed', 'awarded', 'rejected', 'expired'] as const;

/** Earnings at a glance: the local ledger (always current) and the directory's books (as of their last sync). */
export interface EarningsInfo {
  /** Today in the person's time zone, from the local ledger. */
  today: { jobs: number; tokens: number; awarded: number; pending: number; rejected: number };
  /** Last known directory values; null until a sync succeeded. Never 0 for "unknown". */
  balance: number | null;
  totalEarned: number | null;
  /** When the directory values were fetched (ISO), or null. */
  asOf: string | null;
  /** Why the last sync failed, in plain words, or null. */
  syncError: string | null;
  reputationScore: number | null;
  probation: boolean | null;
  completedTasks: number | null;
  /** Receipts waiting to be accepted by the directory. */
  outbox: number;
  timeZone: string;
}

export interface TaskSummary {
  taskId: string;
  ts: string;
  intent: string;
  model: string | null;
  outcome: 'ok' | 'error' | 'rejected';
  latencyMs: number;
  tokens: number | null;
}

export const REQUEST_OUTCOMES = ['served', 'refused', 'failed'] as const;
/** How the task port answered a request: served (200), turned away before any work (4xx, 503), or failed (5xx). */
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

/**
 * One answer of the task port (`POST /v1/task`). Never a prompt, an answer or the consumer's address; the task id only
 * for served tasks. `code` is the wire code (`ok` when served) and is for a "Details" disclosure; `words` says it.
 */
export interface RequestRow {
  id: number;
  at: string;
  outcome: RequestOutcome;
  code: string;
  words: string;
  status: number;
  intent: string | null;
  /** The model served, or the one asked for when it was refused for it; null when not known. */
  model: string | null;
  tokens: number | null;
  tokensPerSecond: number | null;
  durationMs: number;
  qos: string | null;
  taskId: string | null;
}

/** Something the person can do about what the counters show, in plain words, with where to do it. */
export interface RequestAdvice {
  id: string;
  /** Our words; never with a consumer's text in them. */
  words: string;
  /** What consumers sent that the words are about (model names asked for), cleaned: shown as quoted data after the words. */
  quoted?: string[];
  /** `route` is a page of the app (`settings`, `availability`, …). */
  action: { label: string; route: string } | null;
}

/** Today's answers of the task port (local day, in `earnings.timeZone`): counters, reasons, advice, the newest rows. */
export interface RequestsInfo {
  day: string;
  served: number;
  refused: number;
  failed: number;
  /** Why requests were turned away or failed today, most frequent first. */
  reasons: { code: string; words: string; count: number }[];
  advice: RequestAdvice[];
  /** The newest 10, newest first. */
  recent: RequestRow[];
  /** Answers today that were counted but not listed (a flood: only so many rows are kept per half second). */
  unlisted: number;
}

export const TASK_CHECK_IDS = ['registered', 'reachable', 'discoverable', 'price', 'standing', 'refusals'] as const;
export type TaskCheckId = (typeof TASK_CHECK_IDS)[number];

/** One step of "Why am I not getting tasks?". */
export interface TaskCheck {
  id: TaskCheckId;
  outcome: 'ok' | 'problem' | 'unknown';
  words: string;
  /** What consumers sent that the words are about (as in `RequestAdvice.quoted`), shown as quoted data. */
  quoted?: string[];
  action: { label: string; route: string } | null;
}

/** The checks in order; `holdingBack` is the first that found a problem (null: none did). */
export interface TaskDiagnosis {
  at: string;
  checks: TaskCheck[];
  holdingBack: TaskCheckId | null;
}

/**
 * The engine's whole observable state, published on every change (throttled). `version` increases by
 * one with every publication, so a client can drop stale copies.
 */
export interface NodeSnapshot {
  schema: 1;
  version: number;
  emittedAt: string;
  host: 'electron' | 'headless';
  appVersion: string;
  state: LifecycleState;
  stateSince: string;
  /** Plain words explaining the state (why paused, what is degraded), or null when nothing to say. */
  stateReason: string | null;
  /** The person's availability switch. */
  available: boolean;
  /** When a timed pause ends (ISO), else null. */
  pausedUntil: string | null;
  node: { nodeId: string | null; displayName: string; region: string };
  /** `membership`: a trust-domain membership credential is set (its value never leaves the engine). */
  /**
   * `registeredAt`: when the directory last accepted a registration (null: never in this run), so "lost" reads
   * differently from "never reached"; `nextAttemptAt`: when the node next talks to it while it waits.
   */
  directory: {
    link: DirectoryLink;
    url: string;
    lastHeartbeatAt: string | null;
    registeredAt: string | null;
    nextAttemptAt: string | null;
    message: string | null;
    membership: boolean;
  };
  backend: { status: BackendStatus; url: string | null; flavour: string | null; models: string[]; message: string | null };
  reachability: ReachabilityInfo;
  availability: AvailabilityInfo;
  earnings: EarningsInfo;
  capacity: { maxConcurrent: number; effectiveMaxConcurrent: number; activeJobs: number };
  today: { jobs: number; credits: number | null };
  recentTasks: TaskSummary[];
  /** Every answer of the task port today: served, turned away and failed, with why and what to do. */
  requests: RequestsInfo;
  recentEvents: EngineEvent[];
  /** The last notices (newest first, at most 20, kept in memory only): what a person should hear about. */
  notices: Notice[];
  /** First-run wizard: done once the person started the node from it (re-runnable from Settings). */
  setup: { completed: boolean; startAtLogin: boolean | null };
  /** The engine's own process, as the host that supervises it sees it (the host fills this in). */
  engineProcess: EngineProcessInfo;
  /** The app's self-update (the host fills this in; a host that cannot update itself says why). */
  update: UpdateStatus;
}

/**
 * The engine runs in its own process, watched by the host: a crash or a freeze restarts it (`restarting`); too many
 * in a minute and the host stops trying (`failed`) until the person asks again (`restartEngine`).
 */
export interface EngineProcessInfo {
  state: 'running' | 'restarting' | 'failed';
  /** Unexpected stops since the host started. */
  restarts: number;
  /** Plain words: why it is restarting, or what stopped it and what to do; null while it runs normally. */
  message: string | null;
  /** When this state began (ISO). */
  since: string;
  /** The engine process's id while one runs (for the person's task manager and the diagnostics), else null. */
  pid: number | null;
}

export const UPDATE_STATES = ['idle', 'checking', 'downloading', 'downloaded', 'waiting_for_tasks', 'installing', 'error'] as const;
export type UpdateState = (typeof UPDATE_STATES)[number];

/** The app's self-update, as the Settings page shows it. */
export interface UpdateStatus {
  /** False when this build cannot update itself (the headless host, a development build); `reason` says why. */
  supported: boolean;
  reason: string | null;
  currentVersion: string;
  /** Whether the app looks for updates by itself (Settings' `checkForUpdates`). */
  autoCheck: boolean;
  state: UpdateState;
  lastCheckAt: string | null;
  nextCheckAt: string | null;
  /** A newer version the app found (downloaded in the background), or null. */
  available: { version: string; releaseDate: string | null } | null;
  /** 0–100 while downloading, else null. */
  downloadPercent: number | null;
  /** The person agreed to install: it happens as soon as no task is running, or at the next quit. */
  consented: boolean;
  /** Plain words about the last check or the error, or null. */
  message: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Backend detection (first-run wizard)
// ---------------------------------------------------------------------------------------------------

export type BackendFlavour = 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp' | 'custom';

export interface DetectedModel {
  name: string;
  kind: 'chat' | 'embedding';
  modalities: ('text' | 'image' | 'audio')[];
  loaded: boolean | null;
}

export interface DetectedBackend {
  url: string;
  source: 'well_known' | 'added';
  found: boolean;
  flavour: BackendFlavour | null;
  version: string | null;
  models: DetectedModel[];
  needsApiKey: boolean;
  problem: string | null;
  elapsedMs: number;
}

export interface DetectionResult {
  candidates: DetectedBackend[];
  elapsedMs: number;
}

/**
 * The configured server's models for Settings' model picker: everything it lists (before exclusions), with what each
 * model is, from a fresh look. When the server does not answer, `models` is what it listed at its last answer (maybe
 * nothing) and `problem` says why the list may be incomplete.
 */
export interface ServerModels {
  /** The configured server, or null when none is chosen. */
  url: string | null;
  flavour: BackendFlavour | null;
  status: BackendStatus;
  models: DetectedModel[];
  /** True when `models` comes from an answer of the server just now. */
  current: boolean;
  problem: string | null;
  /** When the server last answered (ISO), or null. */
  checkedAt: string | null;
}

/** The regions nodes on a directory use (the distinct `region` of its discover listing), for Settings' region field. */
export interface RegionList {
  /** The directory asked. */
  url: string;
  /** Most used first; `unknown` (a node that never chose one) is left out. */
  regions: { name: string; nodes: number }[];
  /** False when the directory could not be asked; `words` then says why (typing a region of your own still works). */
  ok: boolean;
  words: string | null;
  /** When the directory answered or failed (ISO); answers are kept for a while. */
  asOf: string;
}

/** Whether a directory answers, for the wizard's network step: plain words first, the technical detail apart. */
export interface DirectoryCheck {
  url: string;
  ok: boolean;
  words: string;
  /** How long its answer took, or null when none came. */
  ms: number | null;
  /** Status code or error code, for a "Details" disclosure only. */
  details: string | null;
  at: string;
}

// ---------------------------------------------------------------------------------------------------
// Availability schedule
// ---------------------------------------------------------------------------------------------------

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, e.g. 08:00');

/**
 * One weekly window: wall-clock times in the schedule's zone, both ends inclusive (minute resolution, like the
 * reference evaluator). A start after the end runs overnight into the next day. Days: 1 = Monday … 7 = Sunday.
 */
export const AvailabilityWindowSchema = z
  .object({
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    start: hhmm,
    end: hhmm,
    share: z.number().min(0).max(1),
  })
  .strict();

/** No windows = always offered in full; with windows, `outsideShare` applies outside them (0 = closed). */
export const AvailabilityScheduleSchema = z
  .object({
    timeZone: z.string().trim().min(1).max(64),
    windows: z.array(AvailabilityWindowSchema).max(100),
    outsideShare: z.number().min(0).max(1),
  })
  .strict();
export type AvailabilityWindow = z.infer<typeof AvailabilityWindowSchema>;
export type AvailabilitySchedule = z.infer<typeof AvailabilityScheduleSchema>;

export interface AvailabilityPreview {
  timeZone: string;
  /** Segments of constant share from now on (ISO times), with the capacity each gives. */
  segments: { from: string; to: string; share: number; capacity: number; window: string | null }[];
}

// ---------------------------------------------------------------------------------------------------
// Pricing and earnings
// ---------------------------------------------------------------------------------------------------

export const PRICING_MODELS = ['per_token', 'per_request', 'flat'] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

/**
 * What the directory's public registry says about the node (`GET /v1/registry/nodes/{id}`, brief §0.1 C-4, C-10).
 * Production answers 404 while the node is not offering work: `listed` false then, which is not a fault.
 */
export interface DirectoryListing {
  listed: boolean;
  /** When the node read it (ISO). */
  asOf: string;
  multiplier: number | null;
  attested: boolean | null;
  /** true/false only when the directory itself probed the node's route recently; null: it has no observation. */
  observedReachable: boolean | null;
  /** `directory_observed…`, `self_attested` or `missing`. */
  routeEvidence: string | null;
  recoveryState: string | null;
  reputationTier: string | null;
}

export interface PricingInfo {
  declared: { multiplier: number; model: PricingModel };
  /** The routing tier of the largest advertised model (brief §7.3) and its weight. */
  tier: { name: string; weight: number; model: string | null };
  /** What the directory stores at registration: min(declared, tier weight × 3). */
  ceiling: number;
  /** The multiplier the directory holds for this node (its public registry entry), when known. */
  directoryMultiplier: number | null;
  /** The declared multiplier is above the tier ceiling: the node declares (and the directory holds) the ceiling. */
  capped: boolean;
  /** The directory's public registry entry for the node when last read, or null while never read. */
  directory: DirectoryListing | null;
  /** Credits a consumer pays per 1000 output tokens: tier weight × the multiplier in force. */
  pricePer1000: number;
  /** Whether the directory has accepted the current declaration (REGISTER or a heartbeat `pricing` block). */
  declarationAccepted: boolean;
  /** The network's credit schedule from GET /v1/stats, or null until fetched. */
  schedule: { formula: string; tokensPerCredit: number; tierWeights: Record<string, number>; asOf: string } | null;
  history: { at: string; multiplier: number; model: PricingModel; source: 'settings' | 'directory' }[];
}

/**
 * One day of the books, from the node's ledger (its receipts and the directory's answers to them) and the directory's
 * transaction list. Amounts are exact decimal strings (credits).
 */
export interface ReconciliationDay {
  day: string;
  claimed: string;
  awarded: string;
  rejected: string;
  expired: string;
  /** Claims the directory has not answered yet. */
  pending: string;
  /** claimed − awarded − pending: what was claimed and will not be paid (rejected, expired, excluded). */
  difference: string;
  /** Task credits the directory's transaction list showed for the day; null when none of its rows for the day were seen. */
  directoryCredited: string | null;
  /** Why receipts were rejected, with what to do when something can be done. */
  reasons: { code: string; message: string; count: number; amount: string; advice: string | null }[];
}

export interface EarningsReport {
  timeZone: string;
  days: number;
  totals: { jobs: number; errors: number; tokens: number; awarded: number; pending: number; rejected: number; expired: number };
  /** One row per local day, oldest first, including days without work. */
  perDay: { day: string; jobs: number; tokens: number; awarded: number; pending: number }[];
  perModel: { model: string; jobs: number; tokens: number; awarded: number }[];
  rejectedReasons: { code: string; message: string; count: number }[];
  /** Per local day, oldest first: the node's claims against the directory's answers, in exact decimals. */
  reconciliation: ReconciliationDay[];
  /** The directory's newest transactions as of the last sync; `amount` is the exact decimal it sent. */
  transactions: { id: string; amount: string; type: string; taskId: string | null; reason: string; at: string }[];
}

export interface LedgerRow {
  id: number;
  taskId: string;
  at: string;
  intent: string;
  model: string | null;
  outcome: 'ok' | 'error';
  tokens: number | null;
  latencyMs: number;
  receipt: ReceiptState;
  claimed: number | null;
  awarded: number | null;
  /** The directory's code and words for a rejection, or why a receipt expired. */
  note: string | null;
}

const ledgerFilter = {
  from: z.number().int().nonnegative().optional(),
  to: z.number().int().positive().optional(),
  model: z.string().trim().min(1).max(255).optional(),
  receipt: z.enum(RECEIPT_STATES).optional(),
};

// ---------------------------------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------------------------------

/** A part of the bundle that could not be read says why instead. */
export type DiagnosticsPart<T> = T | { error: string };

/**
 * What `getDiagnostics` returns as JSON text: enough to tell why a node does not serve, without anything that
 * identifies the person or unlocks the node. Every string has been masked (see `redaction`): secrets by value,
 * tokens and keys by shape, e-mail addresses, IP addresses (only their kind stays), URL user parts and queries,
 * and home-folder paths.
 */
export interface DiagnosticsBundle {
  kind: 'iicp-provider-diagnostics';
  schema: 1;
  generatedAt: string;
  /** What was masked, in plain words. */
  redaction: string;
  versions: {
    app: string;
    apiVersion: number;
    host: 'electron' | 'headless';
    node: string;
    electron: string | null;
    chrome: string | null;
    v8: string;
    platform: string;
    arch: string;
    osRelease: string;
  };
  node: {
    nodeId: string | null;
    state: LifecycleState;
    stateSince: string;
    stateReason: string | null;
    available: boolean;
    pausedUntil: string | null;
    setupCompleted: boolean;
    capacity: NodeSnapshot['capacity'];
    today: NodeSnapshot['today'];
    recentTasks: TaskSummary[];
  };
  dataDir: string;
  logFiles: DiagnosticsPart<{ name: string; bytes: number }[]>;
  settings: DiagnosticsPart<Settings>;
  fixedSettings: (keyof Settings)[];
  limitations: string[];
  /** Where the secrets live and which are set; never their values. */
  secrets: DiagnosticsPart<{ store: string; encryptedAtRest: boolean; present: Record<string, boolean> }>;
  /** The node's own `GET /iicp/health` answer, fetched on this computer. */
  health: DiagnosticsPart<{ status: number; body: unknown }>;
  /** The reachability ladder's result with its detection steps (NAT, router mapping). */
  reachability: ReachabilityInfo;
  /** The running backend watch, and a fresh detection of local LLM servers. */
  backend: { monitor: NodeSnapshot['backend']; detection: DiagnosticsPart<DetectionResult> };
  directory: NodeSnapshot['directory'];
  availability: AvailabilityInfo;
  earnings: EarningsInfo;
  /** The newest events, newest first. */
  recentEvents: DiagnosticsPart<EngineEvent[]>;
}

// ---------------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------------

const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must be an http:// or https:// URL' });

/** The directory's rule for a region (brief §0.1 C-3), at most 64 characters. */
export const REGION_RULE = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** One trusted proxy: an IP address or a range in CIDR form. */
const TRUSTED_PROXY = z
  .string()
  .trim()
  .pipe(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: 'must be an IP address (192.0.2.10) or a range (192.0.2.0/24)' }));

/** Settings the person can change. Every field has a default, so a fresh data directory is valid. */
export const SettingsSchema = z
  .object({
    displayName: z.string().trim().min(1).max(64),
    /** The directory's own rule (brief §0.1 C-3): it refuses every REGISTER with any other region. */
    region: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(REGION_RULE, 'must start with a letter, then letters, digits, - or _ (for example eu-west); the directory refuses anything else'),
    directoryUrl: httpUrl,
    taskPort: z.number().int().min(1024).max(65535),
    publicEndpoint: httpUrl.nullable(),
    /** Ask the router to forward the task port (UPnP / NAT-PMP); `auto` tries UPnP, then NAT-PMP. */
    portMapping: z.enum(PORT_MAPPING_MODES),
    /**
     * Start a Cloudflare quick tunnel (cloudflared on PATH, never downloaded) when no direct way in works. Opt-in:
     * it makes an account-less tunnel through Cloudflare, whose URL changes with every start.
     */
    quickTunnel: z.boolean(),
    /** Serve through a relay node when nothing else works (the last rung; on by default, brief §9.8). */
    relayFallback: z.boolean(),
    /** Accept unencrypted (non IICP-CX) tasks through a relay, which could read them; off by default. */
    relayPlaintext: z.boolean(),
    /**
     * Reverse proxies in front of the task port (addresses or ranges such as 10.0.0.0/8): only on their connections
     * does the node read the consumer's address from a forwarding header. Empty by default: nobody's headers count.
     */
    trustedProxies: z.array(TRUSTED_PROXY).max(32),
    maxConcurrent: z.number().int().min(1).max(64),
    /** The local LLM server (Ollama, LM Studio, vLLM, llama.cpp), e.g. http://127.0.0.1:11434. */
    backendUrl: httpUrl.nullable(),
    /** Used when a task names no model; null = the first model the server lists. */
    defaultModel: z.string().trim().min(1).max(255).nullable(),
    /** Models on the server that are never offered to the network. */
    excludedModels: z.array(z.string().trim().min(1).max(255)).max(256),
    /** Largest `max_tokens` a task may ask for (advertised to the directory). */
    maxTokens: z.number().int().min(1).max(1_000_000),
    /** Offer plain text completion (`/v1/completions`) besides chat for chat models. */
    offerCompletion: z.boolean(),
    tokensPerMin: z.number().int().min(1).max(100_000_000),
    /** Offer the node only while the computer runs on mains power (desktop app only). */
    onlyOnMains: z.boolean(),
    /** Offer it only after this many minutes without keyboard or mouse input; null = always (desktop app only). */
    idleMinutes: z.number().int().min(1).max(240).nullable(),
    /**
     * Multiplier on the network's base credit rate (brief §7.1). 0, or 0.001–1000 with at most 4 decimals: the
     * directory re-creates the signed bytes with PHP's float formatting, which agrees with ours only there.
     */
    creditCostMultiplier: z
      .number()
      .min(0)
      .max(1000)
      .refine((n) => n === 0 || n >= 0.001, 'must be 0 or at least 0.001')
      .refine((n) => Math.round(n * 1e4) / 1e4 === n, 'at most 4 decimals'),
    pricingModel: z.enum(PRICING_MODELS),
    theme: z.enum(['system', 'light', 'dark']),
    /** Desktop notifications, one switch per kind of notice (the Dashboard lists every notice whatever they say). */
    notifications: z
      .object({ offline: z.boolean(), backend: z.boolean(), reachability: z.boolean(), earnings: z.boolean() })
      .strict(),
    /** Look for a new version at start and every 6 hours (desktop app only; installing always asks first). */
    checkForUpdates: z.boolean(),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  displayName: 'My IICP node',
  region: 'unknown',
  directoryUrl: 'https://iicp.network/api',
  taskPort: 9484,
  publicEndpoint: null,
  portMapping: 'auto',
  quickTunnel: false,
  relayFallback: true,
  relayPlaintext: false,
  trustedProxies: [],
  maxConcurrent: 2,
  backendUrl: null,
  defaultModel: null,
  excludedModels: [],
  maxTokens: 8192,
  offerCompletion: true,
  tokensPerMin: 10000,
  onlyOnMains: false,
  idleMinutes: null,
  creditCostMultiplier: 1,
  pricingModel: 'per_token',
  theme: 'system',
  notifications: Object.freeze({ offline: true, backend: true, reachability: true, earnings: true }),
  checkForUpdates: true,
};

// ---------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------

export const ERROR_CODES = [
  'invalid_request', // the request does not match the command's schema
  'unknown_command', // no such command in this API version
  'invalid_state', // the engine cannot do this in its current state
  'engine_unavailable', // the engine is not running (starting up or shut down)
  'store_error', // the database refused the change; nothing was applied
  'unauthorized', // headless bridge: missing or wrong access token
  'internal', // a bug; the message says what failed, never a stack trace
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContractErrorBody {
  code: ErrorCode;
  message: string;
  /**
   * Field-level problems for `invalid_request`: path and message per field, and for a request that did not match its
   * schema the kind of problem (the validator's issue code, e.g. `too_small`), so a form can say it in its own words.
   */
  issues?: { path: string; message: string; code?: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractErrorBody };

// ---------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------

const Empty = z.object({}).strict();

/** Request schemas, one per command of `COMMAND_NAMES`. A command not listed here does not exist. */
export const COMMANDS = {
  getSnapshot: Empty,
  getAppInfo: Empty,
  /** Switch availability off, optionally until a time (ms since epoch, at most 7 days ahead). */
  pause: z.object({ untilMs: z.number().int().positive().nullable().optional() }).strict(),
  /** Switch availability on. */
  resume: Empty,
  getSettings: Empty,
  /** Change some settings; fields not given keep their value. */
  updateSettings: SettingsSchema.partial().strict(),
  /** Page through the event log, newest first. */
  listEvents: z
    .object({
      limit: z.number().int().min(1).max(500).default(100),
      beforeId: z.number().int().positive().optional(),
    })
    .strict(),
  /**
   * Deregister this node at the directory. This deletes its reputation and history there, so the request
   * must say so explicitly; quitting or pausing never does this.
   */
  removeNode: z.object({ confirm: z.literal(true) }).strict(),
  /** Look for local LLM servers (the usual ports plus the URLs given), within about 3 s. */
  detectBackends: z
    .object({
      extraUrls: z.array(httpUrl).max(8).default([]),
      /** API keys to try, per server URL (kept only in memory unless the server is then chosen). */
      apiKeys: z.array(z.object({ url: httpUrl, apiKey: z.string().min(1).max(512) }).strict()).max(8).default([]),
    })
    .strict(),
  /** Use this server: saves its URL and model choice, and its API key in the secret store. */
  chooseBackend: z
    .object({
      url: httpUrl,
      /** A key to store; null removes a stored key; omitted keeps what is stored. */
      apiKey: z.string().min(1).max(512).nullable().optional(),
      defaultModel: z.string().trim().min(1).max(255).nullable(),
      excludedModels: z.array(z.string().trim().min(1).max(255)).max(256),
    })
    .strict(),
  /** The wizard's last step: records the start-at-login choice (off unless chosen) and marks setup done. */
  completeSetup: z.object({ startAtLogin: z.boolean() }).strict(),
  /** The configured LLM server's models with their kinds, after a fresh look (Settings' model picker). */
  listServerModels: Empty,
  /** The regions nodes on a directory use (default: the configured one); answers are kept for a while unless `refresh`. */
  listRegions: z.object({ url: httpUrl.optional(), refresh: z.boolean().default(false) }).strict(),
  /** Whether a directory answers (5 s at most); never fails for an unreachable one, it says so. */
  checkDirectory: z.object({ url: httpUrl }).strict(),
  /** Run the reachability ladder again now (router rebooted, port forwarded by hand). */
  recheckReachability: Empty,
  /** "Check my node": a real task through the public endpoint and the directory's observation; the report lands in the snapshot. */
  checkNode: Empty,
  /** The status card's "Check now": look at the LLM server and talk to the directory now instead of at the next turn. */
  checkAgain: Empty,
  getSchedule: Empty,
  /** Replace the weekly schedule; overlapping windows and unknown time zones are refused with field issues. */
  updateSchedule: AvailabilityScheduleSchema,
  /** Shares and capacity from now on, for the stored schedule or a draft being edited. */
  previewAvailability: z
    .object({
      schedule: AvailabilityScheduleSchema.optional(),
      hours: z.number().int().min(1).max(168).default(24),
    })
    .strict(),
  /** Change the start-at-login choice (the shell applies it once, now; updates never re-apply it). */
  setStartAtLogin: z.object({ enabled: z.boolean() }).strict(),
  getPricing: Empty,
  /** Totals, per local day and per model for the last `days` days (1 = today). */
  getEarnings: z.object({ days: z.union([z.literal(1), z.literal(7), z.literal(30), z.literal(90)]).default(7) }).strict(),
  /** Page through the ledger, newest first (`beforeId` from the last row of the previous page). */
  listLedger: z
    .object({ ...ledgerFilter, limit: z.number().int().min(1).max(500).default(50), beforeId: z.number().int().positive().optional() })
    .strict(),
  /** The ledger as CSV (UTF-8, header row, times in ISO and in the person's zone). */
  exportLedger: z.object(ledgerFilter).strict(),
  /** Fetch balance, summary, transactions, standing and the credit schedule from the directory now. */
  syncEarnings: Empty,
  /**
   * The newest events (up to `limit` that pass the filters: minimum level, text in the sentence, name or details, exact event
   * name) as a plain text log, oldest first, with secrets, keys, IP addresses and home paths masked ("Save logs").
   */
  exportLogs: z
    .object({
      limit: z.number().int().min(1).max(20_000).default(2000),
      level: z.enum(['info', 'warn', 'error']).optional(),
      text: z.string().max(200).optional(),
      event: z.string().trim().min(1).max(64).optional(),
    })
    .strict(),
  /** The diagnostics bundle as the exact JSON text to preview and save (masked; see `DiagnosticsBundle`). */
  getDiagnostics: Empty,
  /** Page through the requests feed (every answer of the task port), newest first; `beforeId` from the last row shown. */
  listRequests: z
    .object({
      limit: z.number().int().min(1).max(500).default(50),
      beforeId: z.number().int().positive().optional(),
      outcome: z.enum(REQUEST_OUTCOMES).optional(),
    })
    .strict(),
  /** "Why am I not getting tasks?": registration, reachability, discovery, price, standing and refusals, checked in order. */
  diagnoseTasks: Empty,
  /**
   * A restricted trust domain's membership credential for this node (sent as `X-IICP-Membership`, brief §0.1 C-11),
   * kept with the other secrets; null removes it.
   */
  setMembership: z
    .object({
      credential: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_.~+/=:-]{16,512}$/, 'paste the membership exactly as the domain\'s operator gave it (for example iicp_mem_…), without spaces')
        .nullable(),
    })
    .strict(),
  /** After the engine stopped restarting itself (it kept crashing): try once more now. Answered by the host. */
  restartEngine: Empty,
  /** The app's self-update status. Answered by the host. */
  getUpdateStatus: Empty,
  /** Look for a new version now (downloads it in the background when there is one). Answered by the host. */
  checkForUpdates: Empty,
  /** The person's consent: install the downloaded version once no task is running (or at the next quit). */
  installUpdate: Empty,
} as const satisfies Record<CommandName, z.ZodType>;

export type CommandRequest<C extends CommandName> = z.input<(typeof COMMANDS)[C]>;
export type ParsedRequest<C extends CommandName> = z.output<(typeof COMMANDS)[C]>;

export interface AppInfo {
  apiVersion: number;
  appVersion: string;
  host: 'electron' | 'headless';
  platform: string;
  dataDir: string;
  /** Conditions the host cannot observe (e.g. power source when headless), in plain words. */
  limitations: string[];
  /** Settings fixed for this run by the host (command-line flags or environment); changing them is refused. */
  fixedSettings: (keyof Settings)[];
}

export interface CommandResponses {
  getSnapshot: NodeSnapshot;
  getAppInfo: AppInfo;
  pause: NodeSnapshot;
  resume: NodeSnapshot;
  getSettings: Settings;
  updateSettings: Settings;
  listEvents: EngineEvent[];
  removeNode: { removed: boolean; message: string };
  detectBackends: DetectionResult;
  chooseBackend: Settings;
  completeSetup: NodeSnapshot;
  listServerModels: ServerModels;
  listRegions: RegionList;
  checkDirectory: DirectoryCheck;
  recheckReachability: NodeSnapshot;
  checkNode: NodeSnapshot;
  checkAgain: NodeSnapshot;
  getSchedule: AvailabilitySchedule;
  updateSchedule: AvailabilitySchedule;
  previewAvailability: AvailabilityPreview;
  setStartAtLogin: NodeSnapshot;
  getPricing: PricingInfo;
  getEarnings: EarningsReport;
  listLedger: LedgerRow[];
  exportLedger: { filename: string; csv: string; rows: number };
  syncEarnings: NodeSnapshot;
  exportLogs: { filename: string; text: string; lines: number };
  getDiagnostics: { filename: string; json: string };
  listRequests: { rows: RequestRow[] };
  diagnoseTasks: TaskDiagnosis;
  setMembership: NodeSnapshot;
  restartEngine: EngineProcessInfo;
  getUpdateStatus: UpdateStatus;
  checkForUpdates: UpdateStatus;
  installUpdate: UpdateStatus;
}

/** The error codes each command can answer with (besides `internal`). */
export const COMMAND_ERRORS: { [C in CommandName]: readonly ErrorCode[] } = {
  getSnapshot: ['invalid_request', 'engine_unavailable'],
  getAppInfo: ['invalid_request'],
  pause: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  resume: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  getSettings: ['invalid_request', 'engine_unavailable'],
  updateSettings: ['invalid_request', 'engine_unavailable', 'store_error'],
  listEvents: ['invalid_request', 'engine_unavailable', 'store_error'],
  removeNode: ['invalid_request', 'invalid_state'],
  detectBackends: ['invalid_request', 'engine_unavailable'],
  chooseBackend: ['invalid_request', 'engine_unavailable', 'store_error'],
  completeSetup: ['invalid_request', 'engine_unavailable', 'store_error'],
  listServerModels: ['invalid_request', 'engine_unavailable'],
  listRegions: ['invalid_request', 'engine_unavailable'],
  checkDirectory: ['invalid_request'],
  recheckReachability: ['invalid_request', 'invalid_state'],
  checkNode: ['invalid_request', 'invalid_state'],
  checkAgain: ['invalid_request', 'invalid_state'],
  getSchedule: ['invalid_request', 'engine_unavailable', 'store_error'],
  updateSchedule: ['invalid_request', 'engine_unavailable', 'store_error'],
  previewAvailability: ['invalid_request', 'engine_unavailable'],
  setStartAtLogin: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  getPricing: ['invalid_request', 'engine_unavailable'],
  getEarnings: ['invalid_request', 'engine_unavailable', 'store_error'],
  listLedger: ['invalid_request', 'engine_unavailable', 'store_error'],
  exportLedger: ['invalid_request', 'engine_unavailable', 'store_error'],
  syncEarnings: ['invalid_request', 'invalid_state', 'engine_unavailable'],
  exportLogs: ['invalid_request', 'engine_unavailable', 'store_error'],
  getDiagnostics: ['invalid_request'],
  listRequests: ['invalid_request', 'engine_unavailable', 'store_error'],
  diagnoseTasks: ['invalid_request', 'engine_unavailable'],
  setMembership: ['invalid_request', 'engine_unavailable', 'store_error'],
  restartEngine: ['invalid_request', 'invalid_state'],
  getUpdateStatus: ['invalid_request'],
  checkForUpdates: ['invalid_request', 'invalid_state'],
  installUpdate: ['invalid_request', 'invalid_state'],
};

// ---------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------

export interface EventPayloads extends Record<EventName, unknown> {
  snapshot: NodeSnapshot;
  engineEvent: EngineEvent;
}

// ---------------------------------------------------------------------------------------------------
// The API object the renderer talks to (window.provider or the headless bridge client)
// ---------------------------------------------------------------------------------------------------

export type ProviderApi = {
  readonly apiVersion: number;
  readonly transport: 'ipc' | 'bridge';
} & {
  [C in CommandName]: (request: CommandRequest<C>) => Promise<Result<CommandResponses[C]>>;
} & {
  onSnapshot(listener: (snapshot: NodeSnapshot) => void): () => void;
  onEngineEvent(listener: (event: EngineEvent) => void): () => void;
};

// ---------------------------------------------------------------------------------------------------
// Headless bridge wire format (WebSocket, JSON text frames)
// ---------------------------------------------------------------------------------------------------

export const BridgeRequestSchema = z
  .object({
    id: z.number().int().nonnegative(),
    command: z.string().max(64),
    request: z.unknown(),
  })
  .strict();
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

export type BridgeMessage =
  | { type: 'hello'; apiVersion: number }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; data: unknown };
