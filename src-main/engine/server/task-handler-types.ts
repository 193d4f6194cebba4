/** What the task handler is given by the node, and what it tells the node about each task and each answer. */
import type { IncomingMessage } from 'node:http';
import type { OpenAiCompatBackend } from '../backends';
import type { Admission } from './admission';
import type { CodecPool } from './codec-pool';
import type { DrainLimits } from './drain-then-close';
import type { NodeMetrics } from './node-metrics';
import type { TaskRecords } from './replay-guard';

export interface Advertised {
  intents: ReadonlySet<string>;
  models: readonly string[];
  maxTokens: number;
}

export interface Stability {
  backend_state: 'ok' | 'degraded' | 'draining';
  reason_class: string;
  retry_after_s?: number;
  drain_until?: number;
}

export interface FinishedTask {
  taskId: string;
  intent: string;
  model: string | null;
  qos: string;
  outcome: 'ok' | 'error' | 'rejected';
  httpStatus: number;
  latencyMs: number;
  tokensUsed: number | null;
  /** SHA-256 of the canonical result (success only, when receipts can be claimed), for receipts. */
  responseHash?: string | null;
  sourceNodeId?: string;
  /** The task's nonce, kept with its ledger row: single-use across restarts. */
  nonce?: string;
  /** No other task holds a slot: none can finish in this turn and share its ledger commit, so it need not wait. */
  alone?: boolean;
  /** Energy attributed to the task while the backend generated (joules), or null when not known. */
  energyJ?: number | null;
}

/**
 * One answer of `POST /v1/task`, as the requests feed hears of it: never a prompt, an answer or the consumer's
 * address. The task id, once the body was read, lets the node leave its own checks out; the feed keeps it only for a
 * served task.
 */
export interface AnsweredRequest {
  outcome: 'served' | 'refused' | 'failed';
  status: number;
  /** The wire code (`ok` when served; `replayed` when a kept answer was sent again). */
  code: string;
  /** The cause where one code has several (`fair_share`, `backend`, the model asked for…), else ''. */
  variant: string;
  intent: string | null;
  qos: string | null;
  model: string | null;
  tokens: number | null;
  /** Of `tokens`, those the model wrote (served only, when the LLM server says): the feed's tokens per second. */
  completionTokens?: number | null;
  /** For a task the LLM server ran, the same time its ledger row keeps (`latencyMs`): one "took" for one task. */
  durationMs: number;
  taskId: string | null;
}

export interface TaskHandlerDeps {
  nodeId(): string;
  /** False until the node has looked at its backend once; tasks then get 503 and a short Retry-After. */
  ready(): boolean;
  advertised(): Advertised;
  backend(): OpenAiCompatBackend | null;
  stability(): Stability;
  /** A plain-words reason while the backend does not answer (tasks then get 503), else null. */
  backendDown(): string | null;
  /**
   * While the computer's owner needs the GPU: the seconds a consumer should wait (tasks then get 503), else null.
   */
  ownerBusy?(): number | null;
  /** Counts each task's share of the power while the backend generates (EnergyMeter). */
  energy?: { begin(): { end(): number | null } };
  /** What tasks learn about the backend: it answered (proof of life), or its connection failed (`code`). */
  backendSeen?: { answered(): void; failed(code: string | null): void; refused(status: number): void };
  admission: Admission;
  metrics: NodeMetrics;
  /** Parses, validates and serialises task JSON (off the event loop when large). */
  codec: Pick<CodecPool, 'decode' | 'encode'>;
  /** What the ledger knows of task ids and nonces (durable replay protection). */
  records: TaskRecords;
  /**
   * Called before the answer is written, with only what must precede it: the task's ledger row. A returned promise is
   * awaited first: the row of a task the consumer hears about is on disk before it hears (rows finishing together
   * share one write).
   */
  onFinished(task: FinishedTask): void | Promise<void>;
  /**
   * The rest of a finished task's bookkeeping (the directory's metrics, the dashboard's recent tasks), called right
   * after its answer is written and before the task stops being held as running: none of it is the consumer's to wait
   * for.
   */
  onSettled?(task: FinishedTask): void;
  /**
   * Told of every answer the task route gives — served, refused (also the cheap refusals before the body) and failed —
   * exactly once, as it is written. Called on the task path, flood included: it must be O(1); a throw is swallowed.
   */
  onAnswered?(answer: AnsweredRequest): void;
  /** Whether a served task can earn a receipt now (the node holds its HMAC key); without, no result hash is made. */
  claimsReceipts?(): boolean;
  /**
   * Tasks the node's own relay worker hands over (relayed-task.ts): recognised by the process's mark, booked as one
   * source, and judged as relayed — an encrypted task's answer is always sealed, and a plaintext one is refused unless
   * `plaintextAllowed`.
   */
  relayed?: { matches(req: IncomingMessage): boolean; plaintextAllowed(): boolean };
  /**
   * The reverse proxies the owner named (addresses or ranges): only on their connections is a forwarding header
   * read for the consumer's address (source-address.ts). Read live; none by default.
   */
  trustedProxies?: () => readonly string[];
  originRateLimit?: number;
  maxBodyBytes?: number;
  bodyBudgetBytes?: number;
  bodyGraceMs?: number;
  defaultTimeoutMs?: number;
  timeoutCapMs?: number;
  drain?: DrainLimits;
  now?: () => number;
}
