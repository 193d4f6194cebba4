import { localDay, startOfLocalDay } from '@shared/calendar/days';
import type { RequestOutcome, RequestRow, RequestsInfo } from '@shared/contract';
import type { Said } from '@shared/i18n/said';
import type { AnsweredRequest } from '../server';
import { requestAdvice, type AdviceContext } from './request-advice';
import type { CounterDelta, RequestStore, StoredRequest } from './request-store';
import { cut, toRequestRow } from './request-row';
import { requestWords, variantMatters } from './request-words';

/** Rows written at most per flush: a flood of refusals costs one bounded transaction per flush, whatever its rate. */
export const MAX_BUFFERED_ROWS = 200;
export const FLUSH_MS = 500;
const RECENT = 10;
/** Causes kept apart per code and day (a refused model's name is its cause); past this they count under ''. */
const MAX_VARIANTS = 16;
const HOUR_MS = 3_600_000;

/** How busy the node was when a capacity refusal happened, to tell its causes apart (see `capacityCause`). */
export interface SlotState {
  /** Tasks admitted at once right now (0 while paused or outside the availability windows). */
  capacity(): number;
  /** The "Tasks at once" setting. */
  maxConcurrent(): number;
  activeJobs(): number;
}

export interface RequestFeedOptions {
  store: RequestStore;
  /** The zone days are counted in (the one the earnings use). */
  timeZone: string;
  slots: SlotState;
  now?: () => number;
  flushMs?: number;
  maxBufferedRows?: number;
  /** Something new to show (called after a flush, never on the task path). */
  onChange?: () => void;
  /** A flush failed (disk full, database locked): counters stay in memory and are written with the next one. */
  onError?: (message: string) => void;
}

interface Counter {
  outcome: RequestOutcome;
  code: string;
  variant: string;
  count: number;
  unlisted: number;
  /** Not written yet. */
  pendingCount: number;
  pendingUnlisted: number;
}

/**
 * The requests feed: every answer of the task port, counted exactly per local day, outcome and reason, and listed —
 * within limits. The task port is the internet's, so recording costs O(1) and no I/O on the task path: rows wait in a
 * bounded buffer and are written with the counters' changes in one transaction every `flushMs`. When the buffer is
 * full, answers are still counted (the counters stay exact) but not listed: `unlisted` says how many.
 */
export class RequestFeed {
  private readonly now: () => number;
  private readonly flushMs: number;
  private readonly maxBuffered: number;
  /** outcome → code → variant → counter, for today (nested maps: a hit allocates nothing). */
  private counters = emptyCounters();
  private all: Counter[] = [];
  private totals = { served: 0, refused: 0, failed: 0, unlisted: 0 };
  private day = '';
  private dayFrom = 0;
  private dayUntil = -1;
  private buffer: StoredRequest[] = [];
  /** The newest rows, a ring: `recentAt` is where the next goes. */
  private readonly recent: (StoredRequest | null)[] = new Array<StoredRequest | null>(RECENT).fill(null);
  private recentAt = 0;
  private lastId: number;
  private timer: NodeJS.Timeout | null = null;
  private failing = false;
  private stopped = false;

  constructor(private readonly o: RequestFeedOptions) {
    this.now = o.now ?? Date.now;
    this.flushMs = o.flushMs ?? FLUSH_MS;
    this.maxBuffered = o.maxBufferedRows ?? MAX_BUFFERED_ROWS;
    this.lastId = o.store.lastId();
    const now = this.now();
    o.store.forgetDaysBefore(now);
    this.startDay(now);
    // The newest rows of earlier runs, so the dashboard does not start empty after a restart.
    const kept = o.store.list(RECENT);
    for (let i = kept.length - 1; i >= 0; i--) this.remember(kept[i]!);
  }

  /** One answer of the task port (the handler's `onAnswered`): counted always, listed while the buffer has room. */
  record(a: AnsweredRequest): void {
    if (this.stopped) return;
    const at = this.now();
    if (at >= this.dayUntil || at < this.dayFrom) this.rollDay(at);
    // A capacity refusal's cause is read off the slots now; a refused model is its own cause (the advice names it).
    const variant =
      a.code === 'IICP-E021' && a.variant === ''
        ? this.capacityCause()
        : a.code === 'IICP-E029'
          ? (cut(a.model) ?? '')
          : a.variant;
    const c = this.counter(a.outcome, a.code, variant);
    c.count += 1;
    c.pendingCount += 1;
    this.totals[a.outcome] += 1;
    if (this.buffer.length < this.maxBuffered) {
      const row: StoredRequest = {
        id: ++this.lastId,
        ts: at,
        outcome: a.outcome,
        code: a.code,
        variant: c.variant,
        status: a.status,
        intent: cut(a.intent),
        model: cut(a.model),
        qos: a.qos,
        tokens: a.tokens,
        completionTokens: a.outcome === 'served' ? (a.completionTokens ?? null) : null,
        durationMs: Math.max(0, Math.round(a.durationMs)),
        taskId: a.outcome === 'served' ? a.taskId : null,
        delivery: a.delivery ?? null,
      };
      this.buffer.push(row);
      this.remember(row);
    } else {
      c.unlisted += 1;
      c.pendingUnlisted += 1;
      this.totals.unlisted += 1;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.flushMs);
      this.timer.unref?.();
    }
  }

  /** Writes the buffered rows and the counters' changes in one transaction. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const deltas: CounterDelta[] = [];
    for (const c of this.all) {
      if (c.pendingCount > 0 || c.pendingUnlisted > 0)
        deltas.push({
          outcome: c.outcome,
          code: c.code,
          variant: c.variant,
          count: c.pendingCount,
          unlisted: c.pendingUnlisted,
        });
    }
    const rows = this.buffer;
    if (rows.length === 0 && deltas.length === 0) return;
    this.buffer = [];
    try {
      this.o.store.write(rows, this.day, deltas);
      for (const c of this.all) {
        c.pendingCount = 0;
        c.pendingUnlisted = 0;
      }
      this.failing = false;
    } catch (err) {
      // The rows are given up (memory stays bounded) and counted as unlisted; the counts are written next time.
      for (const r of rows) {
        const c = this.counter(r.outcome, r.code, r.variant);
        c.unlisted += 1;
        c.pendingUnlisted += 1;
        this.totals.unlisted += 1;
      }
      if (!this.failing) this.o.onError?.(err instanceof Error ? err.message : String(err));
      this.failing = true;
    }
    this.o.onChange?.();
  }

  /** Today's counters, reasons, advice and the newest rows (from memory: cheap enough for every snapshot). */
  info(ctx: AdviceContext): Omit<RequestsInfo, 'idle'> {
    const now = this.now();
    if (now >= this.dayUntil || now < this.dayFrom) this.rollDay(now);
    const reasons = new Map<string, { code: string; words: Said; count: number }>();
    for (const c of this.all) {
      if (c.outcome === 'served' || c.count === 0) continue;
      const apart = variantMatters(c.code, c.variant);
      const key = apart ? `${c.code}/${c.variant}` : c.code;
      const r = reasons.get(key);
      if (r) r.count += c.count;
      else
        reasons.set(key, {
          code: c.code,
          words: requestWords(c.outcome, c.code, apart ? c.variant : ''),
          count: c.count,
        });
    }
    const recent: RequestRow[] = [];
    for (let i = 1; i <= RECENT; i++) {
      const row = this.recent[(this.recentAt - i + RECENT) % RECENT];
      if (row) recent.push(toRequestRow(row));
    }
    return {
      day: this.day,
      served: this.totals.served,
      refused: this.totals.refused,
      failed: this.totals.failed,
      reasons: [...reasons.values()].sort((a, b) => b.count - a.count),
      advice: requestAdvice(this.all, ctx),
      recent,
      unlisted: this.totals.unlisted,
    };
  }

  /**
   * The models consumers asked this node for that it does not offer (refused with IICP-E029), over the last `days`
   * local days with today, most asked first: today's from memory, the days before from their stored counters.
   */
  askedModels(days = 7): { model: string; times: number }[] {
    const now = this.now();
    if (now >= this.dayUntil || now < this.dayFrom) this.rollDay(now);
    const times = new Map<string, number>();
    const add = (code: string, variant: string, count: number): void => {
      if (code !== 'IICP-E029' || variant === '' || count <= 0) return;
      times.set(variant, (times.get(variant) ?? 0) + count);
    };
    for (const c of this.all) add(c.code, c.variant, c.count);
    for (let k = 1; k < days; k++) {
      const day = localDay(this.dayFrom - k * 24 * HOUR_MS + HOUR_MS, this.o.timeZone);
      try {
        for (const d of this.o.store.day(day)) add(d.code, d.variant, d.count);
      } catch {
        // A day that cannot be read now is left out; the figure says "over the last days" only of what was read.
      }
    }
    return [...times.entries()]
      .map(([model, n]) => ({ model, times: n }))
      .sort((a, b) => b.times - a.times || a.model.localeCompare(b.model));
  }

  /** A page of the feed, newest first (what is buffered is written first, so the page is complete). */
  list(limit: number, beforeId?: number, outcome?: RequestOutcome): RequestRow[] {
    if (this.buffer.length > 0) this.flush();
    return this.o.store.list(limit, beforeId, outcome).map(toRequestRow);
  }

  /** Writes what is left; nothing is recorded after. */
  stop(): void {
    this.flush();
    this.stopped = true;
  }

  /**
   * Why a capacity refusal happened: nothing offered now (paused, outside the hours), slots free but this consumer had
   * its fair share, every slot the schedule offers busy, or every slot of the setting busy.
   */
  private capacityCause(): string {
    const s = this.o.slots;
    const cap = s.capacity();
    if (cap <= 0) return 'closed';
    if (s.activeJobs() < cap) return 'source_share';
    return cap < s.maxConcurrent() ? 'schedule' : 'full';
  }

  private counter(outcome: RequestOutcome, code: string, variant: string): Counter {
    const byCode = this.counters[outcome];
    let byVariant = byCode.get(code);
    if (!byVariant) {
      byVariant = new Map();
      byCode.set(code, byVariant);
    }
    let c = byVariant.get(variant);
    if (c) return c;
    if (variant !== '' && byVariant.size >= MAX_VARIANTS) return this.counter(outcome, code, '');
    c = { outcome, code, variant, count: 0, unlisted: 0, pendingCount: 0, pendingUnlisted: 0 };
    byVariant.set(variant, c);
    this.all.push(c);
    return c;
  }

  private remember(row: StoredRequest): void {
    this.recent[this.recentAt] = row;
    this.recentAt = (this.recentAt + 1) % RECENT;
  }

  /** A new local day: what belongs to the old one is written first, then today's counters are read back. */
  private rollDay(now: number): void {
    this.flush();
    this.startDay(now);
  }

  private startDay(now: number): void {
    const zone = this.o.timeZone;
    this.day = localDay(now, zone);
    this.dayFrom = startOfLocalDay(now, zone);
    this.dayUntil = startOfLocalDay(this.dayFrom + 26 * HOUR_MS, zone);
    this.counters = emptyCounters();
    this.all = [];
    this.totals = { served: 0, refused: 0, failed: 0, unlisted: 0 };
    let stored: ReturnType<RequestStore['day']> = [];
    try {
      stored = this.o.store.day(this.day);
    } catch {
      // A disk that cannot be read now: today counts from zero rather than failing the task that crossed midnight.
    }
    for (const d of stored) {
      const c = this.counter(d.outcome, d.code, d.variant);
      c.count += d.count;
      c.unlisted += d.unlisted;
      this.totals[d.outcome] += d.count;
      this.totals.unlisted += d.unlisted;
    }
  }
}

function emptyCounters(): Record<RequestOutcome, Map<string, Map<string, Counter>>> {
  return { served: new Map(), refused: new Map(), failed: new Map() };
}
