import {
  CLAIM_MS,
  CONTENTION_MS,
  MAX_CONTENDERS,
  MAX_WAITERS,
  MAX_WAITERS_PER_SOURCE,
  OVER_SHARE_GRACE_MS,
  QUEUE_ELIGIBLE,
  QUEUE_WAIT_MS,
  type AdmissionOptions,
  type Holder,
  type OverShare,
  type Release,
  type Waiter,
} from './admission-terms';
import { sourceCap } from './admission-shares';
import { SourceActivity } from './source-activity';
import { TurnClaims } from './turn-claims';
import { TurnEarning } from './turn-earning';

/**
 * Concurrency slots for tasks, shared fairly between sources (consumer addresses, see source-address.ts).
 *
 * A task gets a slot if one is free; `realtime` and `interactive` tasks may wait up to 2 s for one (realtime first),
 * all others are refused at once. Waiters are woken by releases, not by polling. A release function works once, so a
 * slot can never be returned twice. With capacity 0 (paused, availability window closed) nothing waits.
 *
 * Cap. One source holds at most all but one slot (sourceCap: max(1, N − 1) of the N slots there are now), so with
 * two slots or more the one it leaves is there at once for other consumers (the first owed a turn, else whoever
 * asks), however long its own tasks run. Only the node's own relay worker, which stands for many consumers, may use
 * every slot.
 *
 * Fairness is max-min over the sources active in the last 10 s (holding, waiting, refused, or served lately), each
 * wanting as many slots as it held or asked for at once: a source alone may use up to its cap; with others about, each
 * may hold what a water-filling of the capacity over their wants gives it (at least one), so a consumer that sends
 * one task at a time always finds its slot, and one that wants them all gets what the others leave. Freed slots go
 * to the waiter whose source holds fewest. A source holding more than its share when another wants one has its
 * newest tasks beyond the share told (OverShare): they may finish within a grace period (20 s, longer than nearly
 * every real task), then give their slots up. So one source cannot keep every slot busy for as long as it likes.
 *
 * Turns. Shares alone do not stop a source from taking back the slot it just freed: with one slot (or more sources
 * than slots) every source's share is one, and a source that sends its next task the moment one ends is always first
 * at the door, while a refused consumer is still waiting out its Retry-After. So a source that was refused (or is
 * waiting) has a claim, kept for CLAIM_MS after its last try: a freed slot is kept for the claimants ahead of whoever
 * asks — those holding fewer slots, then those asking longer — and nobody behind them may take it until they come
 * back or their claim lapses (then the waiters get it). A source gives up its turn each time it is served. This is
 * fair queueing across sources without holding connections open: the spec's 2 s queue wait and fail-fast 429 stay,
 * and `Retry-After` becomes a promise the node keeps. No task is cut for it: with as many sources as slots, cutting
 * the one that runs would only let the next be cut in turn, and no long task would ever finish; a consumer waits at
 * most for the tasks that run when it first asks (each bounded by the task timeout cap), never indefinitely.
 */
export class Admission {
  private active = 0;
  private seq = 0;
  private readonly waiters: Waiter[] = [];
  /** Slots held per source (sources with none are removed). */
  private readonly held = new Map<string, number>();
  /** Waiters per source. */
  private readonly waiting = new Map<string, number>();
  /** Sources active lately: what they want, when they were served, their fair shares. */
  private readonly activity: SourceActivity;
  /** Running tasks per source, oldest first. */
  private readonly holders = new Map<string, Holder[]>();
  /** Sources owed a turn. */
  private readonly claims: TurnClaims;
  /** Which sources refused unread are owed a turn. */
  private readonly earning: TurnEarning;
  /** Wakes the waiters when a slot kept for an absent claimant is free again. */
  private lapseTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly contentionMs: number;
  private readonly graceMs: number;

  constructor(
    private readonly capacity: () => number,
    /** Told whenever the number of running tasks changes (the dashboard shows it). */
    private readonly onChange: () => void = () => {},
    opts: AdmissionOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.contentionMs = opts.contentionMs ?? CONTENTION_MS;
    this.graceMs = opts.overShareGraceMs ?? OVER_SHARE_GRACE_MS;
    this.earning = new TurnEarning(this.now, this.contentionMs, MAX_CONTENDERS);
    this.activity = new SourceActivity(this.now, this.contentionMs, this.capacity, this.held, this.waiting);
    this.claims = new TurnClaims(this.now, this.activity, this.held, this.waiting);
  }

  get activeJobs(): number {
    return this.active;
  }

  /** Slots the source holds now. */
  heldBy(source: string): number {
    return this.held.get(source) ?? 0;
  }

  /** Normalises the QoS value of a task (`constraints.qos ?? constraints.qos_class`). */
  static qosClass(raw: unknown): string {
    if (typeof raw !== 'string') return 'best_effort';
    const v = raw.toLowerCase().replace('-', '_');
    return ['realtime', 'interactive', 'batch', 'best_effort'].includes(v) ? v : 'best_effort';
  }

  /** Whether tasks of this QoS class may wait for a slot (the others are refused at once when the node is full). */
  static mayWait(qos: string): boolean {
    return QUEUE_ELIGIBLE[qos] !== undefined;
  }

  /**
   * A slot if the source may have one right now, without a promise (the task path's common case); null when the
   * caller would have to wait or be refused, which `acquire` then decides exactly as if called alone.
   */
  tryAcquire(source = '', onOverShare?: OverShare): Release | null {
    this.dispatch(); // capacity may have grown without capacityChanged(): waiters go before newcomers
    return this.mayTake(source) ? this.take(source, onOverShare) : null;
  }

  /** Whether a task of this source would get a slot now (nothing is taken). */
  hasRoomFor(source = ''): boolean {
    this.dispatch();
    return this.mayTake(source);
  }

  /** Whether a task of this source could wait for a slot now (the queue has room for it). */
  canWait(source = ''): boolean {
    return (
      this.capacity() > 0 &&
      this.waiters.length < MAX_WAITERS &&
      (this.waiting.get(source) ?? 0) < MAX_WAITERS_PER_SOURCE
    );
  }

  /** A slot, waiting up to `waitMs` if the QoS class may wait; null = refused (and the source marked as contending). */
  async acquire(qos: string, source = '', waitMs = QUEUE_WAIT_MS, onOverShare?: OverShare): Promise<Release | null> {
    this.dispatch();
    if (this.mayTake(source)) return this.take(source, onOverShare);
    const rank = QUEUE_ELIGIBLE[qos];
    if (rank === undefined || waitMs <= 0 || !this.canWait(source)) return this.refuse(source);
    this.waiting.set(source, (this.waiting.get(source) ?? 0) + 1);
    this.activity.note(source, this.heldBy(source) + (this.waiting.get(source) ?? 0));
    this.claims.claim(source, waitMs + CLAIM_MS);
    const granted = await new Promise<Release | null>((resolve) => {
      const waiter: Waiter = {
        rank,
        seq: this.seq++,
        source,
        onOverShare,
        settle: resolve,
        timer: setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          resolve(null);
        }, waitMs),
      };
      this.waiters.push(waiter);
      this.waiters.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
      this.rebalance();
      // A free slot kept for someone who is not here: this waiter gets it if their claim lapses first.
      if (this.active < this.capacity()) this.wakeAtLapse();
    });
    this.decrement(this.waiting, source);
    return granted ?? this.refuse(source);
  }

  /**
   * Refused for capacity before it could ask (e.g. a body too large to queue): owed a turn if it earns one
   * (turn-earning.ts).
   */
  noteRefused(source = ''): void {
    if (this.capacity() <= 0) return;
    this.activity.note(source, this.heldBy(source) + 1);
    if (this.earning.earns(source)) this.claims.claim(source, CLAIM_MS);
    this.rebalance();
  }

  /**
   * Its request passed the door: a turn kept for it waits HEARING_MS at most for the body. Returns the reading's end.
   */
  hear(source = ''): () => void {
    this.claims.hear(source);
    return this.earning.hear(source);
  }

  /**
   * A request of this source turned out to be nothing that could run (malformed, unreadable, cut off): a turn kept
   * for it is used up, as if it had been served, and it earns none unread until it sends a task that can run. A
   * source with tasks still waiting keeps its claim.
   */
  forfeit(source = ''): void {
    this.earning.failed(source);
    if (!this.claims.has(source) || this.waiting.has(source)) return;
    this.claims.drop(source);
    this.activity.served(source);
    this.dispatch();
  }

  /**
   * Capacity changed (window opened or closed, setting changed): hand free slots to waiters, or — capacity
   * now 0 — refuse them at once instead of letting them wait for slots that will not come.
   */
  capacityChanged(): void {
    if (this.capacity() <= 0) {
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.settle(null);
      }
      return;
    }
    this.dispatch();
  }

  /** A task understood and refused for capacity: owed a turn whatever the source sent before. */
  private refuse(source: string): null {
    this.earning.proved(source);
    this.noteRefused(source);
    return null;
  }

  /** Whether a told holder is still among its source's newest tasks beyond the share (if not, it may be told again). */
  private stillOver(h: Holder): boolean {
    const list = this.holders.get(h.source);
    const share = this.activity.shareOf(h.source, false);
    const over = !!list && share !== null && list.indexOf(h) >= share;
    if (!over) h.told = false;
    return over;
  }

  /** Whether `source` may take a free slot now: within its cap and its share, and no turn owed to others before it. */
  private mayTake(source: string): boolean {
    const free = this.capacity() - this.active;
    if (free <= 0) return false;
    if (this.heldBy(source) >= sourceCap(source, this.capacity())) return false;
    const share = this.activity.shareOf(source, true);
    if (share !== null && this.heldBy(source) >= share) return false;
    return this.claims.ahead(source, free) < free;
  }

  /**
   * Slots are free but kept for claimants who are not waiting now: look again when the first of those claims lapses.
   */
  private wakeAtLapse(): void {
    if (this.lapseTimer) return;
    const now = this.now();
    const first = this.claims.firstLapse(now);
    if (first === Infinity) return;
    this.lapseTimer = setTimeout(
      () => {
        this.lapseTimer = null;
        this.dispatch();
      },
      first - now + 1,
    );
    this.lapseTimer.unref?.();
  }

  private take(source: string, onOverShare?: OverShare, fromQueue = false): Release {
    // Served: the source's turn is used (it goes behind those served less recently). It keeps its claim only while
    // more of its tasks wait.
    if ((this.waiting.get(source) ?? 0) <= (fromQueue ? 1 : 0)) this.claims.drop(source);
    this.earning.proved(source);
    this.active += 1;
    this.held.set(source, this.heldBy(source) + 1);
    this.activity.note(source, this.heldBy(source));
    this.activity.served(source);
    const holder: Holder = { source, onOverShare, told: false };
    const list = this.holders.get(source);
    if (list) list.push(holder);
    else this.holders.set(source, [holder]);
    this.onChange();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active -= 1;
      this.decrement(this.held, source);
      this.activity.note(source, 0); // served lately: it counts as active for the window
      const mine = this.holders.get(source);
      if (mine) {
        mine.splice(mine.indexOf(holder), 1);
        if (mine.length === 0) this.holders.delete(source);
      }
      this.onChange();
      this.dispatch();
    };
  }

  /**
   * Someone else wants a slot: every source holding more than its share has its newest tasks beyond it told to
   * finish within the grace period (each told once).
   */
  private rebalance(): void {
    if (this.holders.size === 0) return;
    for (const [source, list] of this.holders) {
      const share = this.activity.shareOf(source, false);
      if (share === null) continue;
      for (let i = share; i < list.length; i++) {
        const h = list[i]!;
        if (h.told) continue;
        h.told = true;
        h.onOverShare?.(this.graceMs, () => this.stillOver(h));
      }
    }
  }

  private decrement(map: Map<string, number>, key: string): void {
    const n = (map.get(key) ?? 0) - 1;
    if (n > 0) map.set(key, n);
    else map.delete(key);
  }

  /** Free slots to waiters: the waiter whose source holds fewest first, then by QoS rank and arrival. */
  private dispatch(): void {
    while (this.waiters.length > 0 && this.active < this.capacity()) {
      let best = -1;
      for (let i = 0; i < this.waiters.length; i++) {
        const w = this.waiters[i]!;
        if (!this.mayTake(w.source)) continue;
        if (best < 0 || this.heldBy(w.source) < this.heldBy(this.waiters[best]!.source)) best = i;
      }
      if (best < 0) return this.wakeAtLapse();
      const [w] = this.waiters.splice(best, 1);
      clearTimeout(w!.timer);
      w!.settle(this.take(w!.source, w!.onOverShare, true));
    }
  }
}
