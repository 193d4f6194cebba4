/**
 * The node's link to the IICP directory: REGISTER (3 attempts at start), then HEARTBEAT forever, answering
 * liveness challenges and reporting metric batches. It heals itself: 401/404/410 → re-register with a fresh
 * payload and the newest token; network errors → capped, jittered back-off; it never throws out of its loop.
 * Credentials are replaced only after the directory accepted a registration, so a refused one leaves the node with
 * the route the directory last accepted.
 *
 * The class owns the loop and its waits; each call to the directory is a step (register-step.ts, heartbeat-step.ts,
 * deregister-step.ts) working on the state they share (link-session.ts), with the arithmetic in link-timing.ts.
 */
import { removeNode } from './deregister-step';
import { heartbeatOnce } from './heartbeat-step';
import { resolveLinkOptions, type DirectoryLinkOptions } from './link-options';
import { LinkSession, type DirectoryStatus } from './link-session';
import { MANUAL_TRY_SPACING_MS, MAX_HEARTBEAT_MS } from './link-timing';
import { registerOnce, type RegisterOutcome } from './register-step';

export class DirectoryLink {
  private readonly s: LinkSession;
  private running = false;
  private wakeUp: (() => void) | null = null;
  /** A wake-up that came while the loop was busy (not sleeping): the next sleep is skipped. */
  private wakePending = false;
  private timer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  /** A re-registration just failed while the held credentials still work: heartbeat before retrying it. */
  private heartbeatFirst = false;
  private lastManualTryAt = -Infinity;

  constructor(options: DirectoryLinkOptions) {
    this.s = new LinkSession(resolveLinkOptions(options));
  }

  get status(): Readonly<DirectoryStatus> {
    return this.s.st;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wakePending = false;
    this.loop = this.run().catch((err: unknown) => {
      // The loop is written not to throw; if it does, say so rather than die silently.
      this.s.o.log('error', 'directory_loop_crashed', err instanceof Error ? err.message : String(err));
      this.running = false;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.s.abort();
    this.wake();
    await this.loop;
    this.loop = null;
  }

  /** Ask for a re-registration (models drifted, endpoint changed); it happens on the next turn, soon. */
  requestReregister(reason: string): void {
    // Only a new request wakes the loop: a drift check repeating its request while a re-registration keeps
    // failing must not turn the retry schedule into a tight loop.
    const fresh = this.s.reregisterReason === null;
    this.s.reregisterReason = reason;
    if (fresh) this.wake();
  }

  /** Send a heartbeat now (after sleep/wake) instead of waiting for the interval. */
  heartbeatNow(): void {
    this.wake();
  }

  /**
   * A person pressed "Try now": the loop wakes, unless the directory itself asked the node to wait (a Retry-After
   * still running) or a manual try came less than 10 s ago — clicks must not hammer a directory that is rate-limiting
   * the node. False when it did not wake.
   */
  tryNow(now = Date.now()): boolean {
    const waitAsked = this.s.lastRetryAfterMs !== undefined && (this.s.st.nextAttemptAt ?? 0) > now;
    if (waitAsked || now - this.lastManualTryAt < MANUAL_TRY_SPACING_MS) return false;
    this.lastManualTryAt = now;
    this.wake();
    return true;
  }

  /**
   * A new membership credential in Settings: the next turn now (a registration if the node has none, else a
   * heartbeat — a refused membership says nothing against the held token).
   */
  membershipChanged(): void {
    this.s.lastRetryAfterMs = undefined;
    this.wake();
  }

  /**
   * The person made, renamed, imported or rotated the operator identity: register again now (not after the next
   * beat), so the directory gets the new delegation and name; a wait the directory itself asked for still holds.
   */
  operatorChanged(now = Date.now()): void {
    this.s.reregisterReason = 'operator identity changed';
    this.heartbeatFirst = false;
    const waitAsked = this.s.lastRetryAfterMs !== undefined && (this.s.st.nextAttemptAt ?? 0) > now;
    if (!waitAsked) this.wake();
  }

  /** Explicit "remove this node": deletes the node and its reputation at the directory (see deregister-step.ts). */
  async deregister(): Promise<{ ok: boolean; message: string }> {
    if (!this.s.o.secrets.get('node_token')) return { ok: false, message: 'This node is not registered.' };
    await this.stop();
    const outcome = await removeNode(this.s);
    if (!outcome.ok) this.start(); // still registered: keep the node alive at the directory
    return outcome;
  }

  // ---------------------------------------------------------------------------------------------------

  private async run(): Promise<void> {
    // Start: up to three registration attempts, then the heartbeat loop heals whatever is left.
    const delays = this.s.o.startupRetryDelaysMs;
    for (let attempt = 0; attempt <= delays.length && this.running; attempt++) {
      let r: RegisterOutcome;
      try {
        r = await registerOnce(this.s, false);
      } catch (err) {
        this.s.o.log('error', 'directory_turn_failed', err instanceof Error ? err.message : String(err));
        break; // the guarded loop below takes over
      }
      if (r === 'ok' || r === 'not_registrable') break;
      // After the last attempt the loop below takes over, after a back-off (not at once), and a directory's
      // retry hint (E034 retry_after) is honoured throughout.
      const wait = attempt < delays.length ? Math.max(delays[attempt]!, this.s.retryAfter() ?? 0) : this.s.retryDelay();
      if (this.running) await this.sleep(wait);
    }
    while (this.running) {
      try {
        await this.turn();
      } catch (err) {
        // A failing secret store (disk full) or engine callback must not end the loop: report and retry.
        this.s.st.consecutiveFailures += 1;
        this.s.o.log('error', 'directory_turn_failed', err instanceof Error ? err.message : String(err));
        if (this.running) await this.sleep(this.s.backoff());
      }
    }
  }

  /** One turn of the loop: register when needed, else heartbeat; then wait. */
  private async turn(): Promise<void> {
    const s = this.s;
    const token = s.o.secrets.get('node_token');
    let delay: number;
    if (!token || !s.registeredOnce || (s.reregisterReason !== null && !this.heartbeatFirst)) {
      const held = token !== null && s.registeredOnce;
      const r = await registerOnce(s, s.registeredOnce || token !== null);
      if (r === 'ok')
        delay = 0; // answer with a heartbeat right away: the node is fresh at the directory
      else if (r === 'not_registrable') delay = MAX_HEARTBEAT_MS;
      else {
        // A refused re-registration must not silence the node (the last accepted route stays): it keeps
        // heartbeating with the credentials it holds and retries the re-registration after the next beat.
        this.heartbeatFirst = held;
        delay = s.retryDelay();
      }
    } else {
      this.heartbeatFirst = false;
      delay = await heartbeatOnce(s, token);
    }
    if (this.running && delay > 0) await this.sleep(delay);
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    // The dashboard says "retrying in 40 s" from this, so a person knows the node has not given up.
    this.s.st.nextAttemptAt = Date.now() + ms;
    if (this.s.st.link !== 'registered') this.s.o.onChange();
    return new Promise((resolve) => {
      this.wakeUp = () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.wakeUp = null;
        this.s.st.nextAttemptAt = null;
        resolve();
      };
      this.timer = setTimeout(() => this.wakeUp?.(), ms);
    });
  }

  private wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wakePending = true;
  }
}
