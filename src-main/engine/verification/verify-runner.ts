/**
 * Where the check's work runs: on the verifier's own thread with its own connection (a database file), or on the
 * event loop's connection where there is no file to share (a database in memory, in tests). The thread is started for
 * a pass and let go after it, so an idle node keeps none; one that keeps dying is switched off for the run.
 */
import {
  describeError,
  EngineStateRepository,
  releaseDbThread,
  startDbThread,
  type Clock,
  type Db,
  type DbThread,
} from '../store';
import { threadModule } from '../subprocess';
import { SignedLogState, type CheckSummary, type Cursor } from './signed-log-state';
import { VerifyCore, type BeginResult, type PageResult } from './verify-core';
import type { VerifyJob, VerifyReply } from './verify-wire';

export interface VerifyRunner {
  begin(mode: Cursor['mode'], did: Uint8Array): Promise<BeginResult>;
  page(bytes: Uint8Array, since: number): Promise<PageResult>;
  finish(headAskedAt: number, stopped?: CheckSummary['stopped']): Promise<CheckSummary>;
  accept(fingerprint: string): Promise<boolean>;
  /** Lets the thread go (between passes, and at stop). */
  release(): void;
}

/** A job as the caller writes it: the id is given when it is sent. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * The thread's JavaScript heap, capped: a page is at most 4 MB of text and what the thread keeps between pages is a
 * cursor, so this is many times what a pass needs, and it holds the check's memory to a fixed size however long the
 * log is. A thread that would need more dies, and counts as a death below.
 */
export const VERIFY_THREAD_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } as const;

/** Deaths of the thread before the check is switched off for this run. */
export const MAX_THREAD_DEATHS = 3;

export class ThreadVerifyRunner implements VerifyRunner {
  private thread: DbThread<VerifyReply> | null = null;
  private ready: Promise<void> | null = null;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  deaths = 0;

  constructor(
    private readonly path: string,
    private readonly nodeId: string,
    private readonly closeWaitMs = 2_000,
  ) {}

  begin(mode: Cursor['mode'], did: Uint8Array): Promise<BeginResult> {
    return this.call({ op: 'begin', mode, did }) as Promise<BeginResult>;
  }
  page(bytes: Uint8Array, since: number): Promise<PageResult> {
    // A view into a shared pool (small buffers) must not be moved away from the event loop: such a page is copied.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
    return this.call({ op: 'page', since, bytes: own }, [own.buffer as ArrayBuffer]) as Promise<PageResult>;
  }
  finish(headAskedAt: number, stopped: CheckSummary['stopped'] = null): Promise<CheckSummary> {
    return this.call({ op: 'finish', headAskedAt, stopped }) as Promise<CheckSummary>;
  }
  accept(fingerprint: string): Promise<boolean> {
    return this.call({ op: 'accept', fingerprint }) as Promise<boolean>;
  }

  release(): void {
    const t = this.thread;
    this.thread = null;
    this.ready = null;
    if (t) releaseDbThread(t, this.closeWaitMs);
    this.fail('the verifier’s thread was let go');
  }

  private async call(
    job: WithoutId<Exclude<VerifyJob, { op: 'close' }>>,
    transfer: ArrayBuffer[] = [],
  ): Promise<unknown> {
    const t = this.start();
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // The page's bytes move to the thread rather than being copied: the event loop is done with them.
      t.worker.postMessage({ ...job, id }, transfer);
    });
  }

  private start(): DbThread<VerifyReply> {
    if (this.thread) return this.thread;
    if (this.deaths >= MAX_THREAD_DEATHS)
      throw new Error('the verifier’s thread kept failing and is switched off until the app restarts');
    let markReady!: () => void;
    this.ready = new Promise((r) => (markReady = r));
    const t: DbThread<VerifyReply> = startDbThread<VerifyReply>(
      threadModule('verify-worker', './verify-worker.ts', import.meta.url),
      this.path,
      {
        message: (reply) => {
          if (reply.op === 'ready') return markReady();
          const w = this.waiting.get(reply.id);
          if (reply.id === 0)
            return this.died(t, reply.op === 'failed' ? reply.message : 'the thread could not open the database');
          if (!w) return;
          this.waiting.delete(reply.id);
          if (reply.op === 'done') w.resolve(reply.result);
          else w.reject(new Error(reply.message));
        },
        exit: () => this.died(t, 'the verifier’s thread ended'),
        error: (err) => this.died(t, describeError(err)),
      },
      { nodeId: this.nodeId, busyTimeoutMs: 5_000 },
      VERIFY_THREAD_LIMITS,
    );
    this.thread = t;
    return t;
  }

  private died(t: DbThread<VerifyReply>, why: string): void {
    if (this.thread !== t) return;
    this.deaths += 1;
    this.thread = null;
    this.ready = null;
    void t.worker.terminate().catch(() => undefined);
    this.fail(why);
  }

  private fail(why: string): void {
    for (const w of this.waiting.values()) w.reject(new Error(why));
    this.waiting.clear();
  }
}

/** The same work on the event loop's own connection: for a database without a file (tests). */
export class InlineVerifyRunner implements VerifyRunner {
  private readonly core: VerifyCore;
  constructor(db: Db, nodeId: string, clock: Clock, now: () => number = Date.now) {
    this.core = new VerifyCore(db, new SignedLogState(new EngineStateRepository(db, clock)), nodeId, now);
  }
  begin(mode: Cursor['mode'], did: Uint8Array): Promise<BeginResult> {
    let doc: unknown;
    try {
      doc = JSON.parse(Buffer.from(did).toString('utf8'));
    } catch {
      return Promise.resolve({ problem: 'the directory’s DID document is not JSON' });
    }
    return Promise.resolve(this.core.begin(mode, doc));
  }
  page(bytes: Uint8Array, since: number): Promise<PageResult> {
    return Promise.resolve(this.core.page(bytes, since));
  }
  finish(headAskedAt: number, stopped: CheckSummary['stopped'] = null): Promise<CheckSummary> {
    return Promise.resolve(this.core.finish(headAskedAt, stopped));
  }
  accept(fingerprint: string): Promise<boolean> {
    return Promise.resolve(this.core.acceptKey(fingerprint));
  }
  release(): void {}
}
