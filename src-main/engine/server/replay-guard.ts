import { KeptAnswers } from './kept-answers';
import type { BodyPrint } from './body-print';
import type { TaskMeta } from './task-codec';

/**
 * What the node's durable records say about a task: the ledger (and its rows still waiting to be written), and the
 * tasks cut after their answer had begun.
 */
export interface TaskRecords {
  /** The task id already has a ledger row, written or about to be, or was cut after its answer began. */
  hasTask(taskId: string): boolean;
  /** A task carrying this nonce was admitted since `sinceMs`. */
  hasNonce(nonce: string, sinceMs: number): boolean;
  /**
   * A task whose answer had begun was cut: its id and nonce are taken from now on, kept where a restart finds them.
   * No ledger row: it earned nothing and did not fail.
   */
  noteCut(taskId: string, nonce: string | null): void;
}

/** Nonces are single-use for 300 s, as in the reference node. */
export const REPLAY_WINDOW_MS = 300_000;
/** All kept answers together stay under this; the oldest are forgotten first (their duplicates then get 409). */
const KEPT_BUDGET_BYTES = 16 * 1024 * 1024;
/** Answers above this are not kept (memory); a duplicate then gets 409. */
const MAX_KEPT_ANSWER_BYTES = 256 * 1024;

export type ReplayVerdict =
  null | { kind: 'nonce_replayed' } | { kind: 'duplicate' } | { kind: 'replay'; status: number; body: string | Buffer };

/**
 * The task pipeline's replay checks — nonce replay and duplicate task ids — made exact and durable.
 *
 * A task id is served at most once, ever: while it runs it is held here; once answered, its ledger row (written with
 * the answer, see EarningsService) says so — across restarts, and however many other tasks came since. An exact
 * duplicate of a recent request gets the first answer again while it is kept (a byte budget; the oldest go first),
 * anything else reusing the id gets 409. A nonce is single-use for 300 s, counted only for tasks that were admitted,
 * so a flood of cheap refused requests cannot push a served task's nonce out of memory. Nothing here grows with the
 * number of tasks: memory holds the running tasks and a bounded set of answers; the rest is the ledger, whose
 * answers mostly come from fixed-size filters in memory (TaskRecords: earnings/replay-records.ts).
 *
 * A task that ends without an answer is let go as "may come again" only when nothing of its answer left the node: a
 * consumer whose connection broke may then send it again and get the answer it never had. Once part of the answer
 * went out (a stream's partial) the task is spent even if it is cut: its id and nonce stay taken in the durable
 * records, so the same request again gets a terminal error, never a second run (ADR 0018).
 */
export class ReplayGuard {
  /** Task id → its body's print, while it runs. */
  private readonly running = new Map<string, BodyPrint>();
  private readonly runningNonces = new Set<string>();
  /** Answers kept for exact duplicates, oldest first. */
  private readonly kept = new KeptAnswers(KEPT_BUDGET_BYTES, MAX_KEPT_ANSWER_BYTES);

  constructor(
    private readonly records: TaskRecords,
    private readonly now: () => number = Date.now,
  ) {}

  /** null: go on — the task is now held as running; otherwise what to answer instead. */
  admit(meta: TaskMeta, print: BodyPrint): ReplayVerdict {
    const now = this.now();
    this.kept.forgetBefore(now - REPLAY_WINDOW_MS);
    // 5. Nonce replay.
    if (
      meta.nonce !== undefined &&
      (this.runningNonces.has(meta.nonce) || this.records.hasNonce(meta.nonce, now - REPLAY_WINDOW_MS))
    ) {
      return { kind: 'nonce_replayed' };
    }
    // 6. Idempotency: the first answer again for an exact duplicate, 409 for anything else reusing the id.
    const k = this.kept.get(meta.taskId, print);
    if (k === 'different') return { kind: 'duplicate' };
    if (k) return { kind: 'replay', status: k.status, body: k.body };
    if (this.running.has(meta.taskId) || this.records.hasTask(meta.taskId)) return { kind: 'duplicate' };
    this.running.set(meta.taskId, print);
    if (meta.nonce !== undefined) this.runningNonces.add(meta.nonce);
    return null;
  }

  /**
   * The task was answered and its ledger row handed to the store (which now answers for it): keep the answer, if
   * small enough, for an exact duplicate.
   */
  answered(meta: TaskMeta, status: number, body: string | Buffer): void {
    const print = this.running.get(meta.taskId);
    this.release(meta);
    if (print === undefined) return;
    this.kept.add(meta.taskId, print, status, body, this.now());
  }

  /**
   * A task that ended without an answer or a ledger row: spent if part of its answer left the node (`begun`: a
   * stream's partial), since a second run would be a second answer to one task id; else let go.
   */
  letGo(meta: TaskMeta, begun: boolean): void {
    if (begun) this.cut(meta);
    else this.abandoned(meta);
  }

  /**
   * The task ended with no answer and no ledger row, and nothing of its answer left the node (the consumer went away
   * first, the owner took the GPU back, a model was still loading): its id may come again.
   */
  abandoned(meta: TaskMeta): void {
    this.release(meta);
  }

  /**
   * The task was cut after part of its answer had left the node: spent, though it has no ledger row. Its id and nonce
   * are recorded before they stop being held here, so no moment lets the same request in again.
   */
  cut(meta: TaskMeta): void {
    this.records.noteCut(meta.taskId, meta.nonce ?? null);
    this.release(meta);
  }

  /** Tasks held as running (tests and diagnostics). */
  get runningCount(): number {
    return this.running.size;
  }

  private release(meta: TaskMeta): void {
    this.running.delete(meta.taskId);
    if (meta.nonce !== undefined) this.runningNonces.delete(meta.nonce);
  }
}
