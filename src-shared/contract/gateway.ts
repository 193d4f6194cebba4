/**
 * "Use the network": the local gateway that lets OpenAI- and Ollama-style apps on this computer send tasks to the
 * IICP network, its app keys, its budget and its recent requests.
 */
import { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import { Empty } from './schema-parts';
import type { Said } from '../i18n/said';

/** The port the reference consumer's local proxy uses; the person can choose another. */
export const DEFAULT_GATEWAY_PORT = 9483;

/** A node id as the production directory takes it (`querying_node_id` is at most 36 characters). */
export const NodeIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(36)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be a node ID as a machine shows it on its Dashboard');

/** An amount of credits a person sets as a limit: at most 4 decimals, as the directory's books keep them. */
const CREDITS = z
  .number()
  .min(0)
  .max(1_000_000)
  .refine((n) => Math.round(n * 1e4) / 1e4 === n, 'at most 4 decimals');

/** A browser origin the person lets call the gateway (scheme, host and port, nothing else). */
const ORIGIN = z
  .string()
  .trim()
  .max(255)
  .regex(
    /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/,
    'must be an origin such as http://localhost:3000',
  );

/** The gateway's settings; part of `Settings.gateway`. */
export const GatewaySettingsSchema = z
  .object({
    /** Off until the person turns it on. */
    enabled: z.boolean(),
    /** The loopback port it listens on. */
    port: z.number().int().min(1024).max(65535),
    /**
     * Send tasks only to the person's own machines (free), never to others'. The machines are the machine list
     * (fleet.ts).
     */
    onlyMine: z.boolean(),
    /** Credits that may be spent per local day; null = no daily limit. */
    dailyCap: CREDITS.nullable(),
    /** Credits that may be spent per calendar month; null = no monthly limit. */
    monthlyCap: CREDITS.nullable(),
    /** The most one request may cost, judged before it is sent; null = no ceiling. */
    perRequestMax: CREDITS.nullable(),
    /** Stop spending when the balance would fall below this; null = spend down to zero. */
    keepBalance: CREDITS.nullable(),
    /** Browser origins allowed to call the gateway (a web app on this computer); empty = browsers are refused. */
    allowedOrigins: z.array(ORIGIN).max(16),
    /**
     * Ollama apps that cannot send an app key may use the gateway without one, answered only by this computer and the
     * person's own machines (free), never by a paid node. Off by default; settings stored before it existed read as
     * off.
     */
    keylessOllama: z.boolean().default(false),
  })
  .strict();
export type GatewaySettings = z.infer<typeof GatewaySettingsSchema>;

export const DEFAULT_GATEWAY_SETTINGS: GatewaySettings = Object.freeze({
  enabled: false,
  port: DEFAULT_GATEWAY_PORT,
  onlyMine: false,
  // A paid task is held at the directory's ceiling (at least 1.1 credits at the base price) until its debit is read.
  dailyCap: 20,
  monthlyCap: 200,
  perRequestMax: 5,
  keepBalance: null,
  allowedOrigins: [],
  keylessOllama: false,
}) as GatewaySettings;

/** One app key, as listed: never the key itself, which is shown once when it is made. */
export interface GatewayKeyRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** The first characters of the key, so the person can tell keys apart in an app's settings. */
  prefix: string;
  /** Credits this app may spend per local day, on top of the limits for all apps; null = no cap of its own. */
  dailyCap: number | null;
  /** Requests this app may send per minute; null = no cap of its own. */
  rpm: number | null;
}

/** Requests per minute an app key may be allowed at most. */
export const MAX_APP_RPM = 10_000;

/** What one app (one key, or `page` for the page's "try it") spent and sent today, and its own caps. */
export interface GatewayAppRow {
  /** The key's id, or `page` for the page's "try it" box. */
  id: string;
  name: string;
  /** Credits spent today by this app's requests: what the directory charged where read, else what was booked. */
  spentToday: number;
  /** Requests this app sent today, whatever became of them. */
  requestsToday: number;
  dailyCap: number | null;
  rpm: number | null;
}

export const GATEWAY_OUTCOMES = ['answered', 'refused', 'failed'] as const;
/** How a gateway request ended: answered by a node, refused before any spend (budget, bad input), or failed. */
export type GatewayOutcome = (typeof GATEWAY_OUTCOMES)[number];

/** One request through the gateway. Never the prompt or the answer. */
export interface GatewayRequestRow {
  taskId: string;
  at: string;
  /** The API the app spoke (`openai`, `ollama`, `anthropic`). */
  api: string;
  model: string | null;
  /** The node that answered (or the last one tried); null when none was tried. */
  nodeId: string | null;
  /** True when that node is one of the person's own machines (free). */
  own: boolean | null;
  outcome: GatewayOutcome;
  /** A stable code: `ok`, `insufficient_quota`, `no_nodes`, `all_nodes_failed`, `timeout`, … */
  code: string;
  tokens: number | null;
  /** What this computer expects to be charged (0 on own machines); null when nothing was answered. */
  credits: number | null;
  /** What the directory's books charged, once read (`task_spend`); null until then. */
  charged: number | null;
  latencyMs: number;
  /** How many nodes were tried before the answer (1 = the first). */
  attempts: number;
  /**
   * For an app that asked for a stream: `streamed` when the answer came as the node made it, `node_cannot` when the
   * node that answered cannot stream (a relay's, or one that does not advertise sealed streams) and the whole answer
   * was cut into pieces; null when no stream was asked or no node was tried.
   */
  streamNote: GatewayStreamNote | null;
  /**
   * Where the answer came from: `this_computer` (this node's own LLM server, free), `own` (another of the person's
   * machines, free) or `paid` (another operator's node); null when no node was tried.
   */
  route: GatewayRoute | null;
  /** The app key the request came with (`page` for the page's "try it"); null for rows from before keys were noted. */
  appKeyId: string | null;
  /** The app key's name as the person gave it (null when the key is gone or the row is older). */
  app: string | null;
  /**
   * The name of the machine that answered: one of the person's by its name, another operator's by that operator's
   * public name; null when none was tried.
   */
  machine: string | null;
  /**
   * For another operator's node named by that operator's public name (`machine` then holds it): the operator's name,
   * so a page says "a node of …"; null for the person's own machines and nodes known only by id.
   */
  operator?: string | null;
  /**
   * What the request was expected to cost (credits), planned before sending: what an honest node claims for the
   * prompt and a typical answer (the median of the last answers for the model), never more than `expected`; null when
   * free or unknown.
   */
  planned: number | null;
  /**
   * What the limits held for the answered try (credits): what an honest node claims for its token bound, so no answer
   * can pass a limit; null when free or unknown.
   */
  expected: number | null;
  /**
   * The most the directory lets that node claim for it (credits), held against the balance; null when free or unknown.
   */
  worstCase: number | null;
  /**
   * `overclaimed`: the node said it used more tokens than the request could produce; `overcharged`: the directory
   * charged more than expected. Either way the node is skipped from then on.
   */
  flag: GatewayNodeFlag | null;
  /** The directory's books were read after its settle time and held no debit for this request. */
  notCharged: boolean;
  /**
   * The answer's length the gateway sent when it lowered the app's (or the node's longest) to fit a limit or the
   * balance; the app was told in `x-iicp-max-tokens-lowered`. Null when not lowered.
   */
  maxTokensLowered: number | null;
}

export const GATEWAY_ROUTES = ['this_computer', 'own', 'paid'] as const;
export type GatewayRoute = (typeof GATEWAY_ROUTES)[number];
export const GATEWAY_NODE_FLAGS = ['overclaimed', 'overcharged'] as const;
export type GatewayNodeFlag = (typeof GATEWAY_NODE_FLAGS)[number];

export const GATEWAY_STREAM_NOTES = ['streamed', 'node_cannot'] as const;
export type GatewayStreamNote = (typeof GATEWAY_STREAM_NOTES)[number];

/** What the network offers for one model now, from the directory's discovery. */
export interface GatewayModelOffer {
  model: string;
  intent: string;
  nodes: number;
  ownNodes: number;
  /** The lowest price multiplier among the other operators' nodes; null when only own nodes offer it. */
  lowestMultiplier: number | null;
}

/** The spending limits in force and what they leave (credits). */
export interface GatewayBudget {
  spentToday: number;
  dailyCap: number | null;
  spentThisMonth: number;
  monthlyCap: number | null;
  perRequestMax: number | null;
  keepBalance: number | null;
  /** The node's balance as last read from the directory; null when never read. */
  balance: number | null;
  /** Credits held for requests on their way. */
  held: number;
  /**
   * The limit that leaves no room for even the cheapest paid request now ('balance': the balance cannot cover one), or
   * null.
   */
  limitReached: 'request' | 'day' | 'month' | 'balance' | null;
  /** The zone whose midnight ends the limits' day: the node's (its computer's), which may not be the viewer's. */
  timeZone: string;
}

/** The "Use the network" page. */
export interface GatewayInfo {
  enabled: boolean;
  /** `http://127.0.0.1:<port>/v1` while it listens; null otherwise. */
  baseUrl: string | null;
  /** Why it does not listen although turned on (port taken, …), as a sentence; null when it listens or is off. */
  problem: Said | null;
  /** While the chosen port is taken: the next port free when it was found, which the page offers to use; else null. */
  nextPort: number | null;
  /** The node id tasks are paid from (`source_node_id`); null when this computer has none yet. */
  payingNode: string | null;
  keys: GatewayKeyRow[];
  /** What the network offers now; `at` says how old it is; null before the first look. */
  offer: { at: string; models: GatewayModelOffer[]; nodes: number; ownNodes: number; problem: Said | null } | null;
  budget: GatewayBudget;
  /** The newest requests first (at most 20). */
  recent: GatewayRequestRow[];
  /** Where the gateway stands, one kind the page words: worked out once, in the engine. */
  header: GatewayHeader;
  /** Per app: today's spend and requests, and its own caps; every key, and any other app that sent requests today. */
  apps: GatewayAppRow[];
}

/**
 * Where the gateway stands: off, not listening (`problem`), `starting`, `listening`; or listening while the directory
 * cannot be reached (only own machines answer), while no machine offers anything, while a spending limit leaves no
 * room for a paid request, or while the balance cannot pay for one (only free answers then).
 */
export type GatewayHeaderKind =
  'off' | 'problem' | 'starting' | 'listening' | 'directory_down' | 'no_machine' | 'limit_reached' | 'balance_empty';

export interface GatewayHeader {
  kind: GatewayHeaderKind;
  /** For `limit_reached`: which limit (one request, the day, the month); null otherwise. */
  limit: 'request' | 'day' | 'month' | null;
}

/** The answer to the page's "try it" box, which went through the gateway like any app's request. */
export interface GatewayTryAnswer {
  text: string;
  model: string | null;
  nodeId: string | null;
  own: boolean | null;
  credits: number | null;
  latencyMs: number;
  /** Where the answer came from (`this_computer`: this node's own LLM server); null when no node answered. */
  route: GatewayRoute | null;
  /** The name of the machine that answered, as every page names it; null when none was tried. */
  machine: string | null;
}

/** Request schemas of the gateway commands (validated in main before the engine sees them). */
export const gatewayCommands = {
  getGateway: Empty,
  /** Makes an app key; its secret is in the answer once and never again. */
  createGatewayKey: z.object({ name: z.string().trim().min(1).max(64) }).strict(),
  revokeGatewayKey: z.object({ id: z.string().trim().min(1).max(64) }).strict(),
  /** Sets one app key's own daily cap (credits) and requests per minute; null = none. */
  setGatewayKeyLimits: z
    .object({
      id: z.string().trim().min(1).max(64),
      dailyCap: CREDITS.nullable(),
      rpm: z.number().int().min(1).max(MAX_APP_RPM).nullable(),
    })
    .strict(),
  /** Sends one chat message through the gateway itself, with the page's own key. */
  tryGateway: z
    .object({ model: z.string().trim().min(1).max(255), prompt: z.string().trim().min(1).max(4000) })
    .strict(),
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each gateway command can answer with (besides `internal`). */
export const gatewayErrors = {
  getGateway: ['invalid_request', 'engine_unavailable', 'store_error'],
  createGatewayKey: ['invalid_request', 'engine_unavailable', 'store_error'],
  revokeGatewayKey: ['invalid_request', 'engine_unavailable', 'store_error'],
  /** `invalid_request`: no key has this id (revoked meanwhile), or a cap out of range. */
  setGatewayKeyLimits: ['invalid_request', 'engine_unavailable', 'store_error'],
  /** `invalid_state`: the gateway is off, or the network refused or could not answer (the message says which). */
  tryGateway: ['invalid_request', 'engine_unavailable', 'invalid_state'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
