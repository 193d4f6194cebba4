/** What the task pipeline is given by the node, and what it tells the node about each task and each answer. */
import type { IncomingMessage } from 'node:http';
import type { TaskUnits } from '@shared/contract';
import type { BackendRequest, BuildModel, BuildOptions, OpenAiCompatBackend, UsageNote } from '../backends';
import type { Admission } from './admission';
import type { CodecPool } from './codec-pool';
import type { DrainLimits } from '../net';
import type { NodeMetrics } from './node-metrics';
import type { TaskRecords } from './replay-guard';
import type { RunningTask } from './running-task';
import type { TaskMeta } from './task-codec';
import type { TaskReply } from './task-reply';

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
  /** A served speech task's count in its own unit (docs/adr/0037-speech-tasks-own-unit.md). */
  units?: TaskUnits | null;
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
  /**
   * The cause where one code has several (`fair_share`, `backend`, the model asked for…), else ''. A served task's is
   * `usage_bounded` or `usage_unreadable` when the tokens claimed are not what the LLM server said (usage-note.ts).
   */
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
  /** Streamed as it was written (a native lifecycle stream), or whole through the node's relay; null otherwise. */
  delivery: 'streamed' | 'relayed' | null;
}

/**
 * One task on its way through the pipeline (`POST /v1/task`, or a CALL on the native port): made once as it arrives,
 * and told what the body says once that is read. Each step of the path (a refusal, the backend call, the answer, the
 * feed) takes it whole.
 */
export interface TaskContext {
  /** Where its answer goes: the HTTP response, or RESPONSE frames. */
  readonly reply: TaskReply;
  /**
   * When the request arrived (the pipeline's clock): what the duration of an answer without a backend call counts from.
   */
  readonly started: number;
  /** Handed over by the node's own relay worker: booked as one source, and judged as relayed. */
  readonly relayed: boolean;
  /** Whom admission shares slots between: the consumer's address (an IPv6 /64), or the relay. */
  readonly source: string;
  /**
   * What the task says of itself (id, intent, QoS, nonce, deadline) once its body is decoded; before, null, or the
   * intent and QoS a quick look at a queued body saw.
   */
  meta: TaskLabels | null;
  /** The model asked for, once the body is decoded (also when that model is why the task is refused). */
  model: string | null;
}

/** What a refusal or an answer names of its task: its intent and QoS, and its id once the body was read. */
export type TaskLabels = Pick<TaskMeta, 'intent' | 'qos'> & { taskId?: string };

/** A task given to the backend: its context, with everything the call and its answer need. */
export interface AdmittedTask extends TaskContext {
  meta: TaskMeta;
  model: string;
  readonly request: BackendRequest;
  /** The request's CX secret when the answer is to be sealed (an encrypted task asked for it), else null. */
  readonly sealWith: Buffer | null;
  /**
   * The request's CX secret whenever the request was encrypted (a streamed answer is then always sealed), else null.
   */
  readonly shared: Buffer | null;
  /** The LLM server the task goes to. */
  readonly route: TaskRoute;
  /** Its slot's state: the call's cancellation, and whether it was cut for the owner or another source. */
  readonly running: RunningTask;
}

/**
 * What the backend call of a task cost: the time its ledger row keeps, and its share of the power (joules, or null).
 */
export interface BackendRun {
  latencyMs: number;
  energyJ: number | null;
}

/** A failure after the backend was asked: its status, the consumer's answer, the /metrics label, and its cause. */
export interface TaskFailure {
  status: number;
  body: Record<string, unknown>;
  metric: string;
  /** The cause where one code has several (see AnsweredRequest.variant). */
  variant?: string;
}

/** What a served task's tokens are: the claim (backends/token-claim.ts) every writer reads, and the result's hash. */
export interface ServedTokens {
  tokensUsed: number;
  completionTokens: number;
  responseHash: string | null;
  /** Set when the claim is not what the LLM server said. */
  note?: UsageNote | null;
  /** A speech task's count in its own unit, beside its tokens. */
  units?: TaskUnits | null;
}

/** One answer as the pipeline tells the feed of it; what it names of the task comes from the task's context. */
export interface TaskAnswer {
  outcome: AnsweredRequest['outcome'];
  status: number;
  code: string;
  variant?: string;
  tokens?: number | null;
  /** A task the LLM server ran: the time its ledger row keeps, and the tokens the model wrote. */
  ran?: { latencyMs: number; completionTokens: number | null };
}

/** The LLM server as the task path sees it: whether it is there, what it offers, and what tasks learn of it. */
export interface TaskBackendSide {
  /** False until the node has looked at its backend once; tasks then get 503 and a short Retry-After. */
  ready(): boolean;
  advertised(): Advertised;
  /** What a task's backend request is built from (the advertised models with the servers that run each), or null. */
  build(): BuildOptions | null;
  /** A way to a server that runs the decoded model (its entry in `build()`), or null while none of them serves. */
  route(model: BuildModel | null): TaskRoute | null;
  stability(): Stability;
  /** A plain-words reason while no backend answers (tasks then get 503), else null. */
  down(): string | null;
}

/** One task's way to one LLM server. */
export interface TaskRoute {
  readonly backend: OpenAiCompatBackend;
  /** What the task learns about that server: it answered (proof of life), its connection failed, or it refused. */
  answered(): void;
  failed(code: string | null): void;
  refused(status: number): void;
  /** The task is over there. Idempotent. */
  done(): void;
}

/** The ledger's side of a task: what it remembers of ids and nonces, and the rows of finished tasks. */
export interface TaskBooks {
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
  /** Whether a served task can earn a receipt now (the node holds its HMAC key); without, no result hash is made. */
  claimsReceipts?(): boolean;
}

/** What the computer's owner has a say in: the GPU they may need back, its power, the proxies they named. */
export interface TaskOwnerSide {
  /** While the owner needs the GPU: the seconds a consumer should wait (tasks then get 503), else null. */
  busy?(): number | null;
  /** Counts each task's share of the power while the backend generates (EnergyMeter). */
  energy?: { begin(): { end(): number | null } };
  /**
   * The reverse proxies the owner named (addresses or ranges): only on their connections is a forwarding header
   * read for the consumer's address (source-address.ts). Read live; none by default.
   */
  trustedProxies?: () => readonly string[];
}

/** Who watches the task route: the /metrics counters, and the requests feed. */
export interface TaskObservers {
  metrics: NodeMetrics;
  /**
   * Told of every answer the task route gives — served, refused (also the cheap refusals before the body) and failed —
   * exactly once, as it is written. Called on the task path, flood included: it must be O(1); a throw is swallowed.
   */
  onAnswered?(answer: AnsweredRequest): void;
  /** A served task's claim is not what its LLM server said (the node's log says so); a throw is swallowed. */
  onUsageNote?(note: UsageNote): void;
}

/** The pipeline's numbers; each has a default the node uses (tests and benches set them). */
export interface TaskLimits {
  originRateLimit?: number;
  maxBodyBytes?: number;
  bodyBudgetBytes?: number;
  bodyGraceMs?: number;
  defaultTimeoutMs?: number;
  timeoutCapMs?: number;
  drain?: DrainLimits;
}

export interface TaskPipelineDeps {
  nodeId(): string;
  backend: TaskBackendSide;
  books: TaskBooks;
  owner?: TaskOwnerSide;
  observers: TaskObservers;
  admission: Admission;
  /** Parses, validates and serialises task JSON (off the event loop when large). */
  codec: Pick<CodecPool, 'decode' | 'encode'>;
  /**
   * Tasks the node's own relay worker hands over (relayed-task.ts): recognised by the process's mark, booked as one
   * source, and judged as relayed — an encrypted task's answer is always sealed, and a plaintext one is refused unless
   * `plaintextAllowed`.
   */
  relayed?: { matches(req: IncomingMessage): boolean; plaintextAllowed(): boolean };
  limits?: TaskLimits;
  now?: () => number;
}
