/**
 * HTTP long-poll worker sessions and the registry that holds them, after `HttpPollWorkerSession` /
 * `RelaySessionRegistry` (iicp-client-rust src/relay_session.rs, iicp-client-typescript src/relay_session.ts).
 */
import { randomUUID } from 'node:crypto';
import type { RelaySessionView } from './types';

export interface QueuedCall {
  call_id: string;
  task: unknown;
}

export type ForwardOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; message: string };

type Waiter = (call: QueuedCall | null) => void;

export class PollSession {
  /** UUID v4 without dashes, like `Uuid::new_v4().simple()`. */
  readonly token = randomUUID().replaceAll('-', '');
  private readonly queue: QueuedCall[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly pending = new Map<string, (result: Record<string, unknown>) => void>();
  /** Timers of running pulls and forwards, so a relay shutdown leaves nothing scheduled. */
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  lastPullAt: number;

  constructor(
    readonly workerId: string,
    readonly intent: string,
    readonly models: string[],
    readonly boundAt: number,
    private readonly aliveMs: number,
  ) {
    // A fresh bind counts as a pull: the worker has `aliveMs` to make its first one.
    this.lastPullAt = boundAt;
  }

  /** Alive = not unbound and pulled within the window; a dead session may be displaced by a new bind. */
  isAlive(now: number): boolean {
    return !this.closed && now - this.lastPullAt < this.aliveMs;
  }

  close(): void {
    this.closed = true;
  }

  /**
   * Queue a call for the next pull and wait for its result. The call stays queued after a timeout (nothing
   * removes it), so a worker that pulls late still receives it and its result is then ignored — as in the
   * reference, where the mpsc queue is never purged.
   */
  forward(task: unknown, timeoutMs: number): { callId: string; outcome: Promise<ForwardOutcome> } {
    const callId = randomUUID();
    const outcome = new Promise<ForwardOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.pending.delete(callId);
        resolve({ ok: false, message: `relay forward timeout (${timeoutMs / 1000}s) for call ${callId}` });
      }, timeoutMs);
      this.timers.add(timer);
      this.pending.set(callId, (result) => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve({ ok: true, result });
      });
    });
    const call = { call_id: callId, task };
    const waiter = this.waiters.shift();
    if (waiter) waiter(call);
    else this.queue.push(call);
    return { callId, outcome };
  }

  /**
   * Long-poll: the oldest queued call, else the next one forwarded within `timeoutMs`, else null. The pull time
   * is stamped when the poll starts and when it ends. `gone` fires when the puller's connection closes: its
   * waiter is withdrawn so no call is handed to a dead socket (a dropped axum handler consumes nothing).
   */
  nextCall(timeoutMs: number, now: () => number, gone: AbortSignal): Promise<QueuedCall | null> {
    this.lastPullAt = now();
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const finish = (call: QueuedCall | null): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        gone.removeEventListener('abort', withdraw);
        this.lastPullAt = now();
        resolve(call);
      };
      const withdraw = (): void => {
        const i = this.waiters.indexOf(finish);
        if (i >= 0) this.waiters.splice(i, 1);
        finish(null);
      };
      const timer = setTimeout(withdraw, timeoutMs);
      this.timers.add(timer);
      gone.addEventListener('abort', withdraw, { once: true });
      this.waiters.push(finish);
    });
  }

  /** A result for a call this session is still waiting on; anything else is silently dropped. */
  deliver(callId: string, result: Record<string, unknown>): boolean {
    const resolve = this.pending.get(callId);
    if (!resolve) return false;
    this.pending.delete(callId);
    resolve(result);
    return true;
  }

  /** Relay shutdown: stop every timer; the sockets that would carry answers are being closed anyway. */
  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  view(now: number): RelaySessionView {
    return Object.freeze({
      workerId: this.workerId,
      intent: this.intent,
      models: [...this.models],
      sessionToken: this.token,
      boundAt: this.boundAt,
      lastPullAt: this.lastPullAt,
      alive: this.isAlive(now),
      waitingPulls: this.waiters.length,
      queuedCalls: this.queue.length,
      pendingCalls: this.pending.size,
    });
  }
}

/** worker_id → session. Dead sessions stay until displaced or unbound, and they count toward the cap. */
export class SessionRegistry {
  private readonly sessions = new Map<string, PollSession>();
  /** Displaced and unbound sessions keep running (their pulls and forwards time out normally) until shutdown. */
  private readonly retired = new Set<PollSession>();

  constructor(private readonly max: number) {}

  get(workerId: string): PollSession | undefined {
    return this.sessions.get(workerId);
  }

  /** Red-team F5: a NEW worker id is refused at the cap; rebinding an id already held is exempt. */
  atCapacity(workerId: string): boolean {
    return !this.sessions.has(workerId) && this.sessions.size >= this.max;
  }

  /** Replaces whatever was bound under the id (the displaced session's token stops working). */
  bind(session: PollSession): void {
    const old = this.sessions.get(session.workerId);
    if (old) this.retired.add(old);
    this.sessions.set(session.workerId, session);
  }

  unbind(workerId: string): void {
    const old = this.sessions.get(workerId);
    if (old) this.retired.add(old);
    this.sessions.delete(workerId);
  }

  /** Bearer lookup over the bound sessions only, so a displaced or unbound token is refused. */
  byToken(token: string): PollSession | undefined {
    if (token === '') return undefined;
    for (const s of this.sessions.values()) if (s.token === token) return s;
    return undefined;
  }

  all(): PollSession[] {
    return [...this.sessions.values()];
  }

  dispose(): void {
    for (const s of [...this.sessions.values(), ...this.retired]) s.dispose();
    this.sessions.clear();
    this.retired.clear();
  }
}
