/** Every answer of the task port, and "Why am I not getting tasks?". */
import { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import type { Said } from '../i18n/said';
import { Empty } from './schema-parts';

export const REQUEST_OUTCOMES = ['served', 'refused', 'failed'] as const;
/** How the task port answered a request: served (200), turned away before any work (4xx, 503), or failed (5xx). */
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

export const REQUEST_DELIVERIES = ['streamed', 'relayed'] as const;
/**
 * How an answer went to its consumer when that is worth saying: streamed as it was written (a lifecycle stream on the
 * native port), or whole because the task came through the node's relay (the relay carries whole tasks).
 */
export type RequestDelivery = (typeof REQUEST_DELIVERIES)[number];

/**
 * One answer of the task port (`POST /v1/task`). Never a prompt, an answer or the consumer's address; the task id only
 * for served tasks. `code` is the wire code (`ok` when served) and is for a "Details" disclosure; `words` says it.
 */
export interface RequestRow {
  id: number;
  at: string;
  outcome: RequestOutcome;
  code: string;
  words: Said;
  status: number;
  intent: string | null;
  /** The model served, or the one asked for when it was refused for it; null when not known. */
  model: string | null;
  tokens: number | null;
  tokensPerSecond: number | null;
  durationMs: number;
  qos: string | null;
  taskId: string | null;
  /** Streamed, or whole through the relay; null for an ordinary task, answered whole as it asked (and older rows). */
  delivery: RequestDelivery | null;
  /**
   * A served task whose tokens the node did not take from its LLM server as they were said (more than the answer could
   * have used, or no count it could read): what it claimed instead, in plain words. Absent otherwise.
   */
  note?: Said;
}

/** Something the person can do about what the counters show, in plain words, with where to do it. */
export interface RequestAdvice {
  id: string;
  /** Our sentence; never with a consumer's text in it. */
  words: Said;
  /**
   * What consumers sent that the words are about (model names asked for), cleaned: shown as quoted data after the
   * words.
   */
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
  reasons: { code: string; words: Said; count: number }[];
  advice: RequestAdvice[];
  /** The newest 10, newest first. */
  recent: RequestRow[];
  /** Answers today that were counted but not listed (a flood: only so many rows are kept per half second). */
  unlisted: number;
  /**
   * Healthy but idle: registered, heartbeats accepted, a server that serves and the node offered, yet no task served
   * for hours. `since`: the last served task (or the registration of this run, if later); null while not idle.
   */
  idle: { since: string; lastServedAt: string | null } | null;
}

export const TASK_CHECK_IDS = [
  'registered',
  'reachable',
  'discoverable',
  'price',
  'standing',
  'demand',
  'refusals',
] as const;
export type TaskCheckId = (typeof TASK_CHECK_IDS)[number];

/** One step of "Why am I not getting tasks?". */
export interface TaskCheck {
  id: TaskCheckId;
  outcome: 'ok' | 'problem' | 'unknown';
  /** What the check found, as a catalogue sentence (the page says it in its language). */
  words: Said;
  /** What consumers sent that the words are about (as in `RequestAdvice.quoted`), shown as quoted data. */
  quoted?: string[];
  /** Where to fix it: the link's words as a sentence, and the page. */
  action: { label: Said; route: string } | null;
}

/** The checks in order; `holdingBack` is the first that found a problem (null: none did). */
export interface TaskDiagnosis {
  at: string;
  /**
   * When the directory's discovery answer the checks read was fetched (ISO): the one the demand card and the gateway
   * tell.
   */
  discoveredAt: string | null;
  checks: TaskCheck[];
  holdingBack: TaskCheckId | null;
}

/** Request schemas of the requests commands (validated in main before the engine sees them). */
export const requestsCommands = {
  /**
   * Page through the requests feed (every answer of the task port), newest first; `beforeId` from the last row shown.
   */
  listRequests: z
    .object({
      limit: z.number().int().min(1).max(500).default(50),
      beforeId: z.number().int().positive().optional(),
      outcome: z.enum(REQUEST_OUTCOMES).optional(),
    })
    .strict(),
  /**
   * "Why am I not getting tasks?": registration, reachability, discovery, price, standing and refusals, checked in
   * order.
   */
  diagnoseTasks: Empty,
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each requests command can answer with (besides `internal`). */
export const requestsErrors = {
  listRequests: ['invalid_request', 'engine_unavailable', 'store_error'],
  diagnoseTasks: ['invalid_request', 'engine_unavailable'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
