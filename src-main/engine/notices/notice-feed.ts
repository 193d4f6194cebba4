import { randomUUID } from 'node:crypto';
import type { EngineEvent, NodeSnapshot, Notice, NoticeKind } from '@shared/contract';
import { NoticeDetector, noticeView, type NoticeDetectorOptions, type NoticeDraft } from './notice-detector';
import { NOTICE_ROUTE, noticeWords, type NoticeContext } from './notice-words';

/** Notices kept for the snapshot (memory only: after a restart, the Dashboard and the log tell the present). */
export const MAX_NOTICES = 20;
/** The engine event the receipt poster writes when the directory gives a receipt its final "no". */
const RECEIPT_REJECTED = 'receipt_rejected';
/** The engine event the award check writes when the directory's signed record has a new problem (its details: the sentence). */
const VERIFY_PROBLEM = 'verify_problem';

export interface NoticeFeedOptions extends NoticeDetectorOptions {
  now: () => number;
  /** A new notice (already in `list()`). */
  onNotice: (notice: Notice) => void;
  newId?: () => string;
}

/**
 * The engine's notices: feeds the detector with the published snapshots and the event log, wakes it when an outage
 * has lasted long enough (nothing may be published meanwhile), and keeps the last `MAX_NOTICES`, newest first.
 */
export class NoticeFeed {
  private detector: NoticeDetector;
  private readonly notices: Notice[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly o: NoticeFeedOptions) {
    this.detector = new NoticeDetector(o);
  }

  /** The node starts: transitions are judged afresh (an outage of the last run is not carried over). */
  start(): void {
    this.clearTimer();
    this.detector = new NoticeDetector(this.o);
    this.running = true;
  }

  /** The node stops: nothing more is noticed until it starts again; the list stays. */
  stop(): void {
    this.running = false;
    this.clearTimer();
  }

  observe(snapshot: NodeSnapshot): void {
    if (!this.running) return;
    this.add(this.detector.observe(noticeView(snapshot), this.o.now()));
  }

  event(e: EngineEvent): void {
    if (this.running && e.event === VERIFY_PROBLEM) {
      // Heard at once: a broken record is not a passing outage, and each new problem comes once per check.
      this.add([{ kind: 'earnings_unverified', ...noticeWords('earnings_unverified', { problem: e.details }) }]);
      return;
    }
    if (!this.running || e.event !== RECEIPT_REJECTED) return;
    this.detector.receiptsRejected(1, this.o.now());
    this.arm();
  }

  /** A notice another room decided on (a machine of the person's went down or came back): heard at once. */
  tell(kind: NoticeKind, ctx: NoticeContext): void {
    if (this.running) this.add([{ kind, ...noticeWords(kind, ctx) }]);
  }

  /** Newest first. */
  list(): Notice[] {
    return [...this.notices];
  }

  private add(drafts: NoticeDraft[]): void {
    const now = this.o.now();
    for (const d of drafts) {
      const notice: Notice = { id: (this.o.newId ?? randomUUID)(), at: new Date(now).toISOString(), kind: d.kind, title: d.title, body: d.body, route: NOTICE_ROUTE[d.kind] };
      this.notices.unshift(notice);
      this.notices.length = Math.min(this.notices.length, MAX_NOTICES);
      this.o.onNotice(notice);
    }
    this.arm();
  }

  private arm(): void {
    this.clearTimer();
    const at = this.detector.nextDueAt();
    if (at === null || !this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) this.add(this.detector.tick(this.o.now()));
    }, Math.max(0, at - this.o.now()));
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
