/**
 * The check of the node's earnings against the directory's signed event log, as the rest of the engine sees it: a
 * pass now and then (and "Verify now"), its progress and outcome for the screens, and a warning the person hears
 * about when the log itself is broken. Reading is paced and single-flight; a pass that fails is said and tried at the
 * next turn; nothing here is on the task path, so serving never waits for it.
 */
import type { EventLevel, VerificationFailure, VerificationInfo } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import { logWarnings } from '@shared/words/verification-words';
import { directoryUrl } from '../directory';
import { BodyTooLargeError, Cancellation, httpCall } from '../net';
import { formatCredits } from '../pricing';
import type { CheckSummary, SignedLogState, TrustedKeys } from './signed-log-state';
import { failureOf, VerifyFailed } from './verify-failure';
import type { VerifyRunner } from './verify-runner';

/** Awards per page, as the reference CLI asks for them. */
export const PAGE_LIMIT = 500;
/** A page of 500 awards is ~400 KB; anything far beyond is not the directory's log. */
const MAX_PAGE_BYTES = 4 * 1024 * 1024;
const MAX_DID_BYTES = 64 * 1024;
const CALL_TIMEOUT_MS = 15_000;

/** What one pass may read and spend before it stops and leaves the rest of the log to the next pass. */
export interface PassBudget {
  pages: number;
  bytes: number;
  /** CPU time of the verifier's thread. */
  cpuMs: number;
}
/**
 * A pass of the node's own timer: a long log is read a few seconds of CPU at a time (the next slice follows after
 * `continueAfterMs`), so a directory whose log never ends costs the computer seconds, not a core.
 */
export const BACKGROUND_BUDGET: PassBudget = { pages: 200, bytes: 128 * 2 ** 20, cpuMs: 4_000 };
/** A pass the person asked for ("Verify now", `--verify-earnings`, a key accepted): a whole long log in one go. */
export const ASKED_BUDGET: PassBudget = { pages: 4_000, bytes: 2 * 2 ** 30, cpuMs: 120_000 };
/**
 * Pages in a row without an award that paid one of this node's claims for the first time, after which a pass stops
 * whatever its budget: the directory keeps saying there is more, but what it sends is not what the check is after.
 */
export const STALL_PAGES = 16;

export interface AwardVerifierOptions {
  baseUrl: () => string;
  /** Whether there is anything to check yet (the node registered with this directory once). */
  enabled: () => boolean;
  runner: VerifyRunner;
  /** The check's stored state on the event loop's connection (its last outcome and the keys). */
  state: SignedLogState;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  /**
   * A page gave rows of the spent book the directory's signed word (on the check's own connection, perhaps a thread
   * of its own): whoever keeps running sums of the book sums again.
   */
  spendMarked?: () => void;
  /** A new problem with the signed record: the person hears about it once. */
  onProblem: (info: VerificationInfo) => void;
  /**
   * The awards the ledger holds past the newest claim a check read (`lastLedgerId`), and those it found not awarded yet
   * that are awarded now (micro-credits): what the last check has not seen as awards. Absent: not counted.
   */
  awardsAfter?: (lastLedgerId: number) => { count: number; u: number };
  intervalMs?: number;
  firstDelayMs?: number;
  /** After a timer pass that used up its budget, the next one comes this much later (default 5 min). */
  continueAfterMs?: number;
  /** Budgets of the timer's passes and of the passes the person asks for (tests make them small). */
  budget?: PassBudget;
  askedBudget?: PassBudget;
  now?: () => number;
}

export class AwardVerifier {
  private running: Promise<VerificationInfo> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private progress: number | null = null;
  private error: string | null = null;
  private failure: VerificationFailure | null = null;
  private failedAt: number | null = null;
  /** The call under way, cancelled when the node stops. */
  private call: Cancellation | null = null;
  private readonly now: () => number;
  private cached: { s: CheckSummary | null; keys: TrustedKeys } | null = null;
  /** The unchecked awards last counted, for the check they belong to and the ledger's state then (`ledgerKey`). */
  private uncheckedCache: { at: number; key: string; value: VerificationInfo['unchecked'] } | null = null;

  constructor(private readonly o: AwardVerifierOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    this.schedule(this.o.firstDelayMs ?? 30_000);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.call?.cancel();
    this.o.runner.release();
  }

  /**
   * The stored outcome and keys, read once and again only after the thread changed them (a pass began or ended, a key
   * was accepted): `info` goes into every snapshot, and these change a few times an hour at most.
   */
  private stored(): { s: CheckSummary | null; keys: TrustedKeys } {
    this.cached ??= { s: this.o.state.summary(), keys: this.o.state.keys() };
    return this.cached;
  }

  /**
   * What the screens show: the last outcome, the pass under way, and the awards the last check has not seen yet.
   * `ledgerKey` changes whenever the ledger's figures move; while it stays the same the last count is reused (the
   * snapshot asks several times a second under load). Without one the awards are counted again.
   */
  info(ledgerKey?: string): VerificationInfo {
    const { s, keys } = this.stored();
    const last = keys.trusted[keys.trusted.length - 1];
    const failedLast = this.failedAt !== null && (s === null || this.failedAt > s.at);
    const state: VerificationInfo['state'] = this.running
      ? 'reading'
      : failedLast
        ? 'failed'
        : s
          ? 'done'
          : this.o.enabled()
            ? 'never'
            : 'off';
    return {
      state,
      asOf: s ? new Date(s.at).toISOString() : null,
      lastSeq: s?.lastSeq ?? 0,
      eventsChecked: s?.eventsChecked ?? 0,
      progress: this.running ? this.progress : null,
      verified: s?.verified ?? { count: 0, credits: '0' },
      waiting: s?.waiting ?? { count: 0, credits: '0' },
      differences: s?.differences ?? [],
      log: s?.log ?? { badSignatures: 0, chainBreaks: 0, rewritten: false },
      stopped: s?.stopped ?? null,
      ...this.unchecked(s, ledgerKey),
      key: last
        ? {
            fingerprint: last.fingerprint,
            pinnedAt: new Date(last.at).toISOString(),
            changedTo: keys.offered?.fingerprint ?? null,
          }
        : null,
      error: failedLast ? this.error : null,
      failure: failedLast ? this.failure : null,
    };
  }

  /** The awards the check `s` has not seen as awards, counted now; nothing when the check kept no coverage. */
  private unchecked(s: CheckSummary | null, ledgerKey: string | undefined): Pick<VerificationInfo, 'unchecked'> {
    if (!s?.coverage || !this.o.awardsAfter) return {};
    const c = this.uncheckedCache;
    if (c && ledgerKey !== undefined && c.key === ledgerKey && c.at === s.at) return { unchecked: c.value };
    let later: { count: number; u: number };
    try {
      later = this.o.awardsAfter(s.coverage.lastLedgerId);
    } catch {
      // A ledger that cannot be read now: the coverage is not known, and the screens say nothing of it.
      return {};
    }
    const value = {
      count: s.coverage.unchecked.count + later.count,
      credits: formatCredits(s.coverage.unchecked.u + later.u),
    };
    this.uncheckedCache = { at: s.at, key: ledgerKey ?? '', value };
    return { unchecked: value };
  }

  /** "Verify now": the whole log read again and compared with what was verified before. */
  verifyNow(): Promise<VerificationInfo> {
    return this.pass('full', this.o.askedBudget ?? ASKED_BUDGET);
  }

  /** Trusts the key the directory publishes now; the whole log is then checked again with it. */
  async acceptKey(fingerprint: string): Promise<boolean> {
    await this.running?.catch(() => undefined);
    const ok = await this.o.runner.accept(fingerprint);
    if (ok) {
      this.cached = null;
      this.o.log('warn', 'verify_key_accepted', `fingerprint=${fingerprint}`);
      this.o.onChange();
      void this.pass('full', this.o.askedBudget ?? ASKED_BUDGET);
    }
    return ok;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pass('incremental', this.o.budget ?? BACKGROUND_BUDGET).then((info) => {
        // A long log is read on soon, a slice at a time; one that did not end waits for the usual turn.
        const more = info.stopped?.reason === 'budget';
        this.schedule(more ? (this.o.continueAfterMs ?? 5 * 60_000) : (this.o.intervalMs ?? 15 * 60_000));
      });
    }, ms);
    this.timer.unref();
  }

  private pass(mode: 'incremental' | 'full', budget: PassBudget): Promise<VerificationInfo> {
    if (this.running) return mode === 'full' ? this.running.then(() => this.pass('full', budget)) : this.running;
    if (!this.o.enabled()) return Promise.resolve(this.info());
    const before = this.info();
    this.progress = 0;
    this.running = this.read(mode, budget)
      .then((summary) => {
        this.error = null;
        this.failure = null;
        this.failedAt = null;
        const stop = summary.stopped ? ` stopped=${summary.stopped.reason} pages=${summary.stopped.pages}` : '';
        this.o.log(
          'info',
          'verify_done',
          `events=${summary.eventsChecked} last_seq=${summary.lastSeq} verified=${summary.verified.count} differences=${summary.differences.length}${stop}`,
        );
      })
      .catch((err: unknown) => {
        this.error = err instanceof Error ? err.message : String(err);
        this.failure = failureOf(err);
        this.failedAt = this.now();
        this.o.log('warn', 'verify_failed', this.error);
      })
      .then(() => {
        this.cached = null;
        this.running = null;
        this.progress = null;
        this.o.runner.release();
        const after = this.info();
        if (isNewProblem(before, after)) this.o.onProblem(after);
        this.o.onChange();
        return after;
      });
    this.o.onChange();
    return this.running;
  }

  private async read(mode: 'incremental' | 'full', budget: PassBudget): Promise<CheckSummary> {
    const base = this.o.baseUrl();
    const did = await this.get(`${new URL(base).origin}/.well-known/did.json`, MAX_DID_BYTES, 'key');
    const begun = await this.o.runner.begin(mode, did);
    // The thread may have pinned the first key or noted an offered one.
    this.cached = null;
    if ('problem' in begun) throw new VerifyFailed('key_invalid', begun.problem);
    let since = begun.since;
    const spent = { pages: 0, bytes: 0, cpuMs: 0 };
    let stalled = 0;
    for (;;) {
      if (this.stopped) throw new VerifyFailed('node_stopped', 'the node stopped');
      const headAskedAt = this.now();
      const url = directoryUrl(base, '/v1/events', {
        event_types: 'CREDIT_AWARD',
        since_seq: String(since),
        limit: String(PAGE_LIMIT),
      });
      const bytes = await this.get(url, MAX_PAGE_BYTES, 'log');
      spent.pages += 1;
      spent.bytes += bytes.byteLength;
      const page = await this.o.runner.page(bytes, since);
      if ('problem' in page) throw new VerifyFailed('log_invalid', page.problem);
      spent.cpuMs += page.cpuMs;
      stalled = page.paid > 0 ? 0 : stalled + 1;
      if (page.spent > 0) this.o.spendMarked?.();
      this.progress = (this.progress ?? 0) + page.count;
      this.o.onChange();
      if (!page.hasMore) return this.o.runner.finish(headAskedAt);
      if (page.nextSeq <= since)
        throw new VerifyFailed('log_invalid', 'the directory’s event log did not move on from one page to the next');
      since = page.nextSeq;
      if (stalled >= STALL_PAGES)
        return this.o.runner.finish(headAskedAt, { reason: 'no_progress', pages: spent.pages });
      if (spent.pages >= budget.pages || spent.bytes >= budget.bytes || spent.cpuMs >= budget.cpuMs) {
        return this.o.runner.finish(headAskedAt, { reason: 'budget', pages: spent.pages });
      }
    }
  }

  /** The directory's key (its DID document) or a page of its event log, as bytes; a failed read says which. */
  private async get(url: string, maxBytes: number, which: 'key' | 'log'): Promise<Uint8Array> {
    let res;
    const what = which === 'key' ? 'the directory’s key' : 'the directory’s event log';
    const unreadable = which === 'key' ? 'key_unreadable' : 'log_unreadable';
    const cancel = (this.call = new Cancellation());
    try {
      res = await httpCall(url, { Accept: 'application/json', 'User-Agent': 'iicp-provider' }, null, {
        method: 'GET',
        timeoutMs: CALL_TIMEOUT_MS,
        cancel,
        maxBytes,
        maxErrorBytes: 4096,
      });
    } catch (err) {
      if (err instanceof BodyTooLargeError)
        throw new VerifyFailed(unreadable, `${what} was larger than the node reads`, { cause: err });
      throw new VerifyFailed(
        unreadable,
        `${what} could not be read (${err instanceof Error ? err.message : 'network error'})`,
        { cause: err },
      );
    }
    if (res.status !== 200) throw new VerifyFailed(unreadable, `${what} could not be read (HTTP ${res.status})`);
    return res.body;
  }
}

/** Whether the record has a problem now that it did not have before (a warning the person has not heard yet). */
export function isNewProblem(before: VerificationInfo, after: VerificationInfo): boolean {
  const had = new Set(logWarnings(before));
  const differing = (v: VerificationInfo) => v.differences.reduce((s, d) => s + d.count, 0);
  return logWarnings(after).some((w) => !had.has(w)) || differing(after) > differing(before);
}
