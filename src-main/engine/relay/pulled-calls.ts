import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import { ByteBudget, SHAPE_MESSAGES, type ShapeLimits } from '../net';
import { BODY_SHAPE, decodeRelayCall, type RelayCall } from '../server';
import {
  MAX_CALL_BYTES,
  RelayRefusal,
  type PullLimits,
  type Pulled,
  type RelayClient,
  type RelaySession,
} from './relay-client';
import { relayResult, type ForwardedAnswer } from './relay-result';
import { plain } from './relay-status';
import type { RelayWaits } from './relay-waits';

export interface PulledCallsOptions {
  /** Runs a task (its JSON bytes) through the node's own task pipeline as a relayed task and returns its answer. */
  forward: (task: Buffer) => Promise<ForwardedAnswer>;
  /** Parses a pulled call off the event loop when it is large (the node's codec pool); inline by default. */
  decodeCall?: (raw: Buffer) => RelayCall | null | Promise<RelayCall | null>;
  /** Whether the node could take a relayed task now. */
  canAdmit?: () => boolean;
  /** The node's body budget: a pulled call holds its bytes in it until the task port has taken the task. */
  budget?: ByteBudget;
  now: () => number;
  waits: RelayWaits;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
}

/**
 * What one pull brought: `worked` (a call taken, or an honest idle answer after the relay's window), `early` (no
 * work, well before the window), or `no_room` (the node's own budget filled up while the call was read).
 */
export type PullOutcome = 'worked' | 'early' | 'no_room';

/** Calls in progress at once: past it, the next pull waits. */
const MAX_IN_FLIGHT = 32;
/** Who pulled calls are booked to in the node's body budget (at most its per-source share, a quarter of it). */
const PULL_SOURCE = 'relay-pull';
/** Without the node's own budget (tests), the worker keeps one of the task port's size. */
const OWN_BUDGET_BYTES = 64 * 1024 * 1024;
/** A pull whose answer comes in less than this share of the relay's window "returned early". */
const EARLY_SHARE = 0.5;
/** The relay forgets a worker that has not pulled for 90 s; never wait for room longer than this. */
const MAX_PULL_PAUSE_MS = 45_000;
/** How often a worker waiting for room looks again (a finished call wakes it at once). */
const ROOM_CHECK_MS = 250;

/** The answer to a call that never reaches the task port: its status, wire code and words, and when to come back. */
interface CallRefusal {
  status: number;
  code: string;
  message: string;
  /** The `Retry-After` the consumer hears, in seconds. */
  retryAfter?: string;
}

/**
 * The calls a relay hands over: read against the node's body budget, decoded, forwarded to the node's own task port
 * concurrently, and answered — with a refusal when a call never reaches the pipeline, so its consumer does not wait
 * out the relay's timeout. Pulls wait for room: a free place among the calls in progress and budget for a whole call.
 */
export class PulledCalls {
  /** Calls the relay handed over since the node started, and how many were refused for being unencrypted. */
  calls = 0;
  refusedPlaintext = 0;
  /** How a pull reads a call: against the node's budget and the task port's shape limits. */
  readonly pullLimits: PullLimits;
  private inFlight = 0;
  private wakeRoom: (() => void) | null = null;
  private readonly budget: ByteBudget;

  constructor(private readonly o: PulledCallsOptions) {
    this.budget = o.budget ?? new ByteBudget(OWN_BUDGET_BYTES);
    // A call is `{"call_id": …, "task": <task>}`: one level and three values more than a task may have.
    const shape: ShapeLimits = { maxDepth: BODY_SHAPE.maxDepth + 1, maxValues: BODY_SHAPE.maxValues + 3 };
    this.pullLimits = { budget: this.budget, source: PULL_SOURCE, shape };
  }

  /** Takes what a pull started at `started` brought on `session`: a call is forwarded, a refused one answered. */
  async take(client: RelayClient, session: RelaySession, got: Pulled, started: number): Promise<PullOutcome> {
    if (got.kind === 'call') {
      // Parsed off the event loop when large; the loop waits for it, so a relay cannot queue up parsing work.
      const call = await this.decode(got.raw);
      if (call) {
        this.handleCall(client, session, call, got.release);
        return 'worked';
      }
      got.release();
      this.refuseCall(client, session, got.callId, {
        status: 400,
        code: 'invalid_json',
        message: 'The relay handed over something that is not a task call.',
      });
    } else if (got.kind === 'refused') {
      if (got.why === 'no_room') {
        // Our own budget filled up while the call was read: not the relay's doing.
        this.refuseCall(client, session, got.callId, {
          status: 429,
          code: 'IICP-E021',
          message: 'capacity_exceeded',
          retryAfter: '2',
        });
        return 'no_room';
      }
      if (got.why === 'too_large')
        this.refuseCall(client, session, got.callId, {
          status: 413,
          code: 'payload_too_large',
          message: 'The task is larger than this node accepts.',
        });
      else
        this.refuseCall(client, session, got.callId, {
          status: 422,
          code: 'validation_error',
          message: SHAPE_MESSAGES[got.why],
        });
    } else if (this.o.now() - started >= session.pollTimeoutMs * EARLY_SHARE) {
      return 'worked'; // idle after the relay's window: the honest answer
    }
    return 'early';
  }

  /** Waits until there is room for one more call, or at most the pause the relay tolerates. */
  async waitForRoom(live: () => boolean): Promise<void> {
    // Past the pause the loop pulls anyway (the relay forgets a worker silent for 90 s); the task port then refuses.
    const until = this.o.now() + MAX_PULL_PAUSE_MS;
    while (live() && !this.hasRoom() && this.o.now() < until) {
      await this.o.waits.sleep(ROOM_CHECK_MS, (wake) => (this.wakeRoom = wake));
      this.wakeRoom = null;
    }
  }

  /**
   * Room for one more call: a free place among the calls in progress, a slot the node could give, budget for a whole
   * call.
   */
  private hasRoom(): boolean {
    return (
      this.inFlight < MAX_IN_FLIGHT && (this.o.canAdmit?.() ?? true) && this.budget.fits(PULL_SOURCE, MAX_CALL_BYTES)
    );
  }

  private async decode(raw: Buffer): Promise<RelayCall | null> {
    try {
      return await (this.o.decodeCall ?? decodeRelayCall)(raw);
    } catch {
      return null;
    }
  }

  /**
   * A call that never reaches the pipeline still gets an answer, so its consumer does not wait out the relay's timeout.
   */
  private refuseCall(client: RelayClient, session: RelaySession, callId: string | undefined, r: CallRefusal): void {
    // Not logged one by one: a relay could send such calls as fast as it is pulled; what it costs is the back-off.
    if (!callId) return;
    const answer: ForwardedAnswer = {
      status: r.status,
      body: { error: { code: r.code, message: r.message } },
      retryAfter: r.retryAfter ?? null,
    };
    void client.result(session, callId, relayResult({}, answer)).catch(() => undefined);
  }

  private handleCall(client: RelayClient, session: RelaySession, call: RelayCall, release: () => void): void {
    const { callId } = call;
    this.calls++;
    this.inFlight++;
    const done = () => {
      this.inFlight--;
      release();
      this.wakeRoom?.();
    };
    void (async () => {
      let answer: ForwardedAnswer;
      try {
        answer = await this.o.forward(call.task);
      } catch {
        answer = {
          status: 502,
          body: { error: { code: 'backend_error', message: 'The node could not process the task.' } },
          retryAfter: null,
        };
      } finally {
        // The task port has read the task (and booked it itself): the pulled bytes no longer count.
        release();
      }
      if (answer.status === 403 && errorCode(answer.body) === 'confidentiality_required') {
        this.refusedPlaintext++;
        this.o.log('info', 'relay_plaintext_refused', `call=${callId.slice(0, 12)}`);
      }
      try {
        // The relay lays this over `{task_id, status: completed}` of the consumer's own task.
        await client.result(session, callId, relayResult({}, answer));
      } catch (err) {
        this.o.log(
          'warn',
          'relay_result_failed',
          `call=${callId.slice(0, 12)} ${err instanceof RelayRefusal ? `status=${err.status}` : plain(err)}`,
        );
      }
    })().finally(done);
  }
}

function errorCode(body: unknown): string | null {
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : null;
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : null;
  return typeof code === 'string' ? code : null;
}
