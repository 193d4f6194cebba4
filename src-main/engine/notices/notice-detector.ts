import type {
  BackendStatus,
  DirectoryLink,
  LifecycleState,
  NodeSnapshot,
  NoticeKind,
  ReachabilityStatus,
} from '@shared/contract';
import type { Said } from '@shared/i18n/said';
import { noticeWords, type NoticeContext } from './notice-words';

/** How long an outage must last before it is told: two missed heartbeats (30 s apart) — a flap is not news. */
export const OUTAGE_DEBOUNCE_MS = 60_000;
/** A round of receipt posts can settle many at once: rejections this close together make one notice. */
export const EARNINGS_GATHER_MS = 2_000;
/** At most one "earnings rejected" notice this often; rejections meanwhile are counted into the next one. */
export const EARNINGS_QUIET_MS = 15 * 60_000;

/** What the detector reads of a snapshot. */
export interface NoticeView {
  state: LifecycleState;
  /** The person's availability switch. */
  available: boolean;
  link: DirectoryLink;
  backend: BackendStatus;
  reachability: ReachabilityStatus;
  rungWords: Said | null;
}

export const noticeView = (s: NodeSnapshot): NoticeView => ({
  state: s.state,
  available: s.available,
  link: s.directory.link,
  backend: s.backend.status,
  reachability: s.reachability.status,
  rungWords: s.reachability.rungWords,
});

export interface NoticeDraft {
  kind: NoticeKind;
  title: Said;
  body: Said;
}

/**
 * - bad: the condition is seen (the outage starts, or goes on).
 * - hold: nothing new either way (retrying, checking): an outage under way goes on.
 * - good: the condition is over.
 * - none: the question does not apply (not configured, switched off, stopping): an outage under way is dropped untold.
 */
type Signal = 'bad' | 'good' | 'hold' | 'none';

/**
 * One condition that can fail and recover. The rule: "down" is told once the condition has been bad for `debounceMs`
 * without a good observation in between (a hold neither starts nor ends it); "up" is told only after a told "down",
 * at the first good observation. So a flapping state says nothing, and every "up" answers a "down".
 */
class OutageWatch {
  /** When the outage under way was first seen, or null. */
  private since: number | null = null;
  private told = false;

  constructor(private readonly debounceMs: number) {}

  observe(signal: Signal, now: number): 'down' | 'up' | null {
    switch (signal) {
      case 'bad':
        this.since ??= now;
        return this.due(now);
      case 'hold':
        return this.due(now);
      case 'good':
        this.since = null;
        if (!this.told) return null;
        this.told = false;
        return 'up';
      case 'none':
        this.since = null;
        return null;
    }
  }

  /** An outage told before (in the last run): the next good observation tells that it is over. */
  carryOver(): void {
    this.told = true;
    this.since = null;
  }

  /** The outage under way is told once it has lasted long enough. */
  due(now: number): 'down' | null {
    if (this.told || this.since === null || now - this.since < this.debounceMs) return null;
    this.told = true;
    this.since = null;
    return 'down';
  }

  nextDueAt(): number | null {
    return this.told || this.since === null ? null : this.since + this.debounceMs;
  }
}

const RUNNING = new Set<LifecycleState>(['online', 'paused', 'degraded']);
const REACHABLE = new Set<ReachabilityStatus>(['public', 'mapped', 'tunnel', 'relayed']);

export interface NoticeDetectorOptions {
  /** How long an outage must last before it is told (default `OUTAGE_DEBOUNCE_MS`; tests shorten it). */
  debounceMs?: number;
  earningsGatherMs?: number;
  earningsQuietMs?: number;
}

/**
 * Turns successive snapshots (and rejected receipts) into notices, as transitions: offline / back online (the
 * directory link), LLM server stopped / back, not reachable from the internet any more / again, earnings rejected.
 * Pure: it keeps no timers and reads no clock; the caller passes the time and calls `tick` at `nextDueAt()`.
 */
export class NoticeDetector {
  private readonly offline: OutageWatch;
  private readonly backend: OutageWatch;
  private readonly reach: OutageWatch;
  /** "Not reachable any more" needs a way in seen before: a node that never had one is told on the Network page. */
  private everReachable = false;
  private last: NoticeView | null = null;
  private rejected = 0;
  private rejectedSince: number | null = null;
  private lastEarningsNotice = -Infinity;
  private readonly gatherMs: number;
  private readonly quietMs: number;

  constructor(o: NoticeDetectorOptions = {}) {
    const debounce = o.debounceMs ?? OUTAGE_DEBOUNCE_MS;
    this.offline = new OutageWatch(debounce);
    this.backend = new OutageWatch(debounce);
    this.reach = new OutageWatch(debounce);
    this.gatherMs = o.earningsGatherMs ?? EARNINGS_GATHER_MS;
    this.quietMs = o.earningsQuietMs ?? EARNINGS_QUIET_MS;
  }

  /**
   * An outage told before this detector was made (the last run's notice is still open): it is not told again while it
   * goes on, and its end is told as after any other.
   */
  carryOver(kind: 'offline' | 'backend_stopped' | 'not_reachable'): void {
    ({ offline: this.offline, backend_stopped: this.backend, not_reachable: this.reach })[kind].carryOver();
    if (kind === 'not_reachable') this.everReachable = true;
  }

  /** A new snapshot: the transitions it completes. */
  observe(view: NoticeView, now: number): NoticeDraft[] {
    this.last = view;
    const running = RUNNING.has(view.state);
    const out: NoticeDraft[] = [];
    const push = (kind: NoticeKind | null, ctx?: NoticeContext) => {
      if (kind) out.push({ kind, ...noticeWords(kind, ctx) });
    };
    const offline = this.offline.observe(running ? linkSignal(view.link) : 'none', now);
    push(offline === 'down' ? 'offline' : offline === 'up' ? 'back_online' : null);
    const backend = this.backend.observe(running ? backendSignal(view.backend) : 'none', now);
    push(backend === 'down' ? 'backend_stopped' : backend === 'up' ? 'backend_back' : null);
    const reach = this.reach.observe(running ? this.reachSignal(view) : 'none', now);
    push(reach === 'down' ? 'not_reachable' : reach === 'up' ? 'reachable_again' : null, { rungWords: view.rungWords });
    out.push(...this.earningsDue(now));
    return out;
  }

  /** The directory rejected `count` receipts (told after `earningsGatherMs`, at most once per `earningsQuietMs`). */
  receiptsRejected(count: number, now: number): void {
    if (count <= 0) return;
    this.rejected += count;
    this.rejectedSince ??= now;
  }

  /** Time passed with nothing new: outages that have now lasted long enough, and gathered rejections, are told. */
  tick(now: number): NoticeDraft[] {
    const out: NoticeDraft[] = [];
    if (this.last && RUNNING.has(this.last.state)) {
      if (this.offline.due(now)) out.push({ kind: 'offline', ...noticeWords('offline') });
      if (this.backend.due(now)) out.push({ kind: 'backend_stopped', ...noticeWords('backend_stopped') });
      if (this.reach.due(now)) out.push({ kind: 'not_reachable', ...noticeWords('not_reachable') });
    }
    out.push(...this.earningsDue(now));
    return out;
  }

  /** When `tick` next has something to tell (if nothing changes before), or null. */
  nextDueAt(): number | null {
    const times = [
      this.offline.nextDueAt(),
      this.backend.nextDueAt(),
      this.reach.nextDueAt(),
      this.earningsDueAt(),
    ].filter((t): t is number => t !== null);
    return times.length > 0 ? Math.min(...times) : null;
  }

  private reachSignal(view: NoticeView): Signal {
    if (REACHABLE.has(view.reachability)) {
      this.everReachable = true;
      return 'good';
    }
    if (view.reachability === 'checking' || view.reachability === 'unknown') return 'hold';
    // Switched off by the person, the router mapping is given back on purpose: nothing was lost.
    return view.available && this.everReachable ? 'bad' : 'none';
  }

  private earningsDueAt(): number | null {
    if (this.rejectedSince === null) return null;
    return Math.max(this.rejectedSince + this.gatherMs, this.lastEarningsNotice + this.quietMs);
  }

  private earningsDue(now: number): NoticeDraft[] {
    const at = this.earningsDueAt();
    if (at === null || now < at) return [];
    const rejected = this.rejected;
    this.rejected = 0;
    this.rejectedSince = null;
    this.lastEarningsNotice = now;
    return [{ kind: 'earnings_rejected', ...noticeWords('earnings_rejected', { rejected }) }];
  }
}

function linkSignal(link: DirectoryLink): Signal {
  switch (link) {
    case 'unreachable':
      return 'bad';
    case 'connecting':
      return 'hold'; // between the retries of an outage the link says "registering"
    case 'registered':
      return 'good';
    default:
      return 'none'; // not registrable, refused, membership needed: said on the dashboard, not an outage
  }
}

function backendSignal(status: BackendStatus): Signal {
  switch (status) {
    case 'unreachable':
      return 'bad';
    case 'checking':
      return 'hold';
    case 'healthy':
    case 'slow': // it takes connections and tasks still go to it: not an outage
    case 'loading': // a server loading a model answers: it is back
      return 'good';
    case 'not_configured':
      return 'none';
  }
}
