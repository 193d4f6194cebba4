/**
 * The node as a whole: its published snapshot, the event log, notices, and the commands about the node itself
 * (pause and resume, the log, leaving the directory, membership).
 */
import { z } from 'zod';
import type { CommandName, EventLevel } from './channels';
import type { ErrorCode } from './errors';
import { Empty } from './schema-parts';
import type { AvailabilityInfo } from './availability';
import type { EarningsInfo } from './earnings';
import type { OperatorInfo } from './operator';
import type { FleetSummary } from './fleet';
import type { Said } from '../i18n/said';
import type { ReachabilityInfo } from './network';
import type { RequestsInfo } from './requests';
import type { Settings } from './settings';
import type { EngineProcessInfo, UpdateStatus } from './updates';
import type { BackendStatus, LlmServerInfo } from './setup';
import type { PullInfo } from './demand';

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

/** What a notice is about. Each kind belongs to one of the notification switches (`Settings['notifications']`). */
export const NOTICE_KINDS = [
  'offline',
  'back_online',
  'backend_stopped',
  'backend_back',
  'not_reachable',
  'reachable_again',
  'earnings_rejected',
  'earnings_unverified',
  'machine_down',
  'machine_back',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** The page a notice opens (a route of the dashboard). */
export type NoticeRoute = 'dashboard' | 'network' | 'earnings' | 'fleet';

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
  /** Said in the reader's language: the engine makes sentences, never words. */
  title: Said;
  body: Said;
  route: NoticeRoute;
  /**
   * When it stopped being news (ISO), or null while it still is: trouble when its "back" came (or a newer notice of
   * the same trouble took its place), good news that ends a trouble as soon as it is told. The Dashboard shows the
   * open ones and only counts the rest.
   */
  resolvedAt: string | null;
}

/**
 * Notices the engine keeps (in the database, so they outlive a restart); the snapshot carries the newest not dismissed.
 */
export const MAX_SHOWN_NOTICES = 20;

export interface TaskSummary {
  taskId: string;
  ts: string;
  intent: string;
  model: string | null;
  outcome: 'ok' | 'error' | 'rejected';
  latencyMs: number;
  tokens: number | null;
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
  stateReason: Said | null;
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
    /** Why the link is as it is, in the person's language on each screen (null: nothing to add). */
    message: Said | null;
    membership: boolean;
  };
  /**
   * All LLM servers together (`url`, `flavour`: the first one's), and each of them in `servers`, the first one first.
   */
  backend: {
    status: BackendStatus;
    url: string | null;
    flavour: string | null;
    models: string[];
    message: Said | null;
    servers: LlmServerInfo[];
    pull: PullInfo | null;
  };
  reachability: ReachabilityInfo;
  availability: AvailabilityInfo;
  earnings: EarningsInfo;
  /** The person's operator identity (its public parts) and what the directory said about it. */
  operator: OperatorInfo;
  /** The person's machines in short (null without an operator identity): the Fleet page has the whole view. */
  fleet: FleetSummary | null;
  capacity: { maxConcurrent: number; effectiveMaxConcurrent: number; activeJobs: number };
  today: { jobs: number; credits: number | null };
  recentTasks: TaskSummary[];
  /** Every answer of the task port today: served, turned away and failed, with why and what to do. */
  requests: RequestsInfo;
  /** The local gateway ("Use the network"): on or off, where it listens, why not, and today's spend (credits). */
  gateway: { enabled: boolean; baseUrl: string | null; problem: Said | null; spentToday: number };
  recentEvents: EngineEvent[];
  /**
   * The last notices not dismissed (newest first, at most `MAX_SHOWN_NOTICES`), kept across restarts: what a person
   * should hear about.
   */
  notices: Notice[];
  /** First-run wizard: done once the person started the node from it (re-runnable from Settings). */
  setup: { completed: boolean; startAtLogin: boolean | null };
  /** The engine's own process, as the host that supervises it sees it (the host fills this in). */
  engineProcess: EngineProcessInfo;
  /** The app's self-update (the host fills this in; a host that cannot update itself says why). */
  update: UpdateStatus;
}

/** Whether a command's answer is a whole snapshot (so whoever passes it on treats it as the newest state). */
export function isNodeSnapshot(value: unknown): value is NodeSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<NodeSnapshot>;
  return (
    v.schema === 1 &&
    typeof v.version === 'number' &&
    typeof v.state === 'string' &&
    typeof v.engineProcess === 'object'
  );
}

export interface AppInfo {
  apiVersion: number;
  appVersion: string;
  host: 'electron' | 'headless';
  platform: string;
  dataDir: string;
  /**
   * Conditions the host cannot observe (e.g. power source when headless), as sentences each screen says in its
   * language.
   */
  limitations: Said[];
  /** Settings fixed for this run by the host (command-line flags or environment); changing them is refused. */
  fixedSettings: (keyof Settings)[];
}

/** Request schemas of the node commands (validated in main before the engine sees them). */
export const nodeCommands = {
  getSnapshot: Empty,
  getAppInfo: Empty,
  /** Switch availability off, optionally until a time (ms since epoch, at most 7 days ahead). */
  pause: z.object({ untilMs: z.number().int().positive().nullable().optional() }).strict(),
  /** Switch availability on. */
  resume: Empty,
  /** Page through the event log, newest first. */
  listEvents: z
    .object({
      limit: z.number().int().min(1).max(500).default(100),
      beforeId: z.number().int().positive().optional(),
    })
    .strict(),
  /**
   * The newest events (up to `limit` that pass the filters: minimum level, text in the sentence, name or details, exact
   * event name) as a plain text log, oldest first, with secrets, keys, IP addresses and home paths masked ("Save
   * logs").
   */
  exportLogs: z
    .object({
      limit: z.number().int().min(1).max(20_000).default(2000),
      level: z.enum(['info', 'warn', 'error']).optional(),
      text: z.string().max(200).optional(),
      event: z.string().trim().min(1).max(64).optional(),
    })
    .strict(),
  /**
   * Deregister this node at the directory. This deletes its reputation and history there, so the request
   * must say so explicitly; quitting or pausing never does this.
   */
  removeNode: z.object({ confirm: z.literal(true) }).strict(),
  /**
   * A restricted trust domain's membership credential for this node (sent as `X-IICP-Membership`),
   * kept with the other secrets; null removes it.
   */
  setMembership: z
    .object({
      credential: z
        .string()
        .trim()
        .regex(
          /^[A-Za-z0-9_.~+/=:-]{16,512}$/,
          "paste the membership exactly as the domain's operator gave it (for example iicp_mem_…), without spaces",
        )
        .nullable(),
    })
    .strict(),
  /**
   * The status card's "Check now": look at the LLM server and talk to the directory now instead of at the next turn.
   */
  checkAgain: Empty,
  /** Change the start-at-login choice (the shell applies it once, now; updates never re-apply it). */
  setStartAtLogin: z.object({ enabled: z.boolean() }).strict(),
  /** Take one notice off the Dashboard for good (it stays dismissed after a restart). */
  dismissNotice: z.object({ id: z.string().trim().min(1).max(64) }).strict(),
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each node command can answer with (besides `internal`). */
export const nodeErrors = {
  getSnapshot: ['invalid_request', 'engine_unavailable'],
  getAppInfo: ['invalid_request'],
  pause: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  resume: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  listEvents: ['invalid_request', 'engine_unavailable', 'store_error'],
  exportLogs: ['invalid_request', 'engine_unavailable', 'store_error'],
  removeNode: ['invalid_request', 'invalid_state'],
  setMembership: ['invalid_request', 'engine_unavailable', 'store_error'],
  checkAgain: ['invalid_request', 'invalid_state'],
  setStartAtLogin: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  dismissNotice: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
