import { randomUUID } from 'node:crypto';
import { MAX_SHOWN_NOTICES, type EngineEvent, type NodeSnapshot, type Notice, type NoticeKind } from '@shared/contract';
import { NoticeRepository, type Db } from '../store';
import { NoticeBook, type NoticeEntry } from './notice-book';
import { NoticeDetector, noticeView, type NoticeDetectorOptions, type NoticeDraft } from './notice-detector';
import { noticeWords, type NoticeContext } from './notice-words';

/** Notices the snapshot carries (the newest not dismissed; the database keeps a few more, see NoticeBook). */
export const MAX_NOTICES = MAX_SHOWN_NOTICES;
/** The engine event the receipt poster writes when the directory gives a receipt its final "no". */
const RECEIPT_REJECTED = 'receipt_rejected';
/**
 * The engine event the award check writes when the directory's signed record has a new problem (its details: the
 * sentence).
 */
const VERIFY_PROBLEM = 'verify_problem';

export interface NoticeFeedOptions extends NoticeDetectorOptions {
  now: () => number;
  /** A new notice (already in `list()`). */
  onNotice: (notice: Notice) => void;
  newId?: () => string;
}

/**
 * The engine's notices: feeds the detector with the published snapshots and the event log, wakes it when an outage
 * has lasted long enough (nothing may be published meanwhile), and keeps them in the book (newest first, stored).
 */
export class NoticeFeed {
  private detector: NoticeDetector;
  private readonly book = new NoticeBook();
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly o: NoticeFeedOptions) {
    this.detector = new NoticeDetector(o);
  }

  /**
   * The node starts: the notices kept in `db` are read back (without one, those in memory stay), and transitions are
   * judged afresh, except that an outage told and not yet over is not told again and its end is told when it comes.
   */
  start(db?: Db): void {
    this.clearTimer();
    this.book.open(db ? new NoticeRepository(db) : null);
    this.detector = new NoticeDetector(this.o);
    for (const kind of this.book.openOutages()) this.detector.carryOver(kind);
    this.running = true;
  }

  /** The node stops: nothing more is noticed until it starts again; the list stays (in memory, the database closes). */
  stop(): void {
    this.running = false;
    this.clearTimer();
    this.book.close();
  }

  /** Takes a notice off the list for good; false when there is none with this id. Throws when the database refuses. */
  dismiss(id: string): boolean {
    return this.book.dismiss(id);
  }

  observe(snapshot: NodeSnapshot): void {
    if (!this.running) return;
    this.add(this.detector.observe(noticeView(snapshot), this.o.now()));
  }

  event(e: EngineEvent): void {
    if (this.running && e.event === VERIFY_PROBLEM) {
      // Heard at once: a broken record is not a passing outage, and each new problem comes once per check.
      this.add([
        {
          kind: 'earnings_unverified',
          ...noticeWords('earnings_unverified', { problem: e.details }),
          subject: e.details,
        },
      ]);
      return;
    }
    if (!this.running || e.event !== RECEIPT_REJECTED) return;
    this.detector.receiptsRejected(1, this.o.now());
    this.arm();
  }

  /** A notice another room decided on (a machine of the person's went down or came back): heard at once. */
  tell(kind: NoticeKind, ctx: NoticeContext): void {
    if (this.running) this.add([{ kind, ...noticeWords(kind, ctx), subject: ctx.subject ?? ctx.machine ?? '' }]);
  }

  /** Newest first, dismissed ones left out. */
  list(): Notice[] {
    return this.book.list();
  }

  private add(drafts: (NoticeDraft | NoticeEntry)[]): void {
    const at = new Date(this.o.now()).toISOString();
    for (const d of drafts) {
      this.o.onNotice(this.book.add({ subject: '', ...d }, (this.o.newId ?? randomUUID)(), at));
    }
    this.arm();
  }

  private arm(): void {
    this.clearTimer();
    const at = this.detector.nextDueAt();
    if (at === null || !this.running) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        if (this.running) this.add(this.detector.tick(this.o.now()));
      },
      Math.max(0, at - this.o.now()),
    );
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
