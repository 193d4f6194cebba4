import type { EventLevel } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { callDirectory } from '../directory/http';
import { describeFailure } from '../directory/errors';
import type { DirectoryFailure } from '../directory/errors';
import { withoutQueryingNode } from '../pricing/receipt';
import type { LedgerRepository, OutboxEntry, Settlement } from '../store/ledger-repo';
import { MICRO, parseCredits } from './credits';
import type { EngineEventName } from '@shared/words/event-words';

export interface ReceiptPosterOptions {
  ledger: LedgerRepository;
  nodeId: string;
  baseUrl: () => string;
  token: () => string | null;
  /**
   * The key receipts are signed with: a receipt is re-signed without the consumer's node when the production
   * directory does not know that node (it refuses the whole award otherwise).
   */
  hmacKey?: () => string | null;
  /** `persist` false: routine (one per task), kept in the node's log files only, not the database. */
  log: (level: EventLevel, event: EngineEventName, details: string, persist?: boolean) => void;
  onChange: () => void;
  fetchImpl?: typeof fetch;
  now?: () => number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

const BATCH = 20;
const HOUR_MS = 3600_000;
/**
 * A receipt whose next retry would fall after its expiry gets one last attempt this long before it instead: posted at
 * the expiry itself it could only be recorded as expired, and a directory back a little earlier would never see it.
 */
const LAST_CHANCE_MS = 30_000;

/**
 * Posts the receipt outbox to `POST /v1/credits/award`, one receipt at a time, and records the directory's
 * answer. A failure that may pass (network, 5xx, 429, a token being renewed) is retried with back-off until the
 * receipt expires; an answer about the receipt itself (422) is final. A receipt is removed from the outbox only
 * together with the answer being recorded, so a crash in between re-posts the same receipt — which the directory
 * refuses as a replay of its nonce, and which is then recorded as accepted.
 */
export class ReceiptPoster {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly now: () => number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;

  constructor(private readonly o: ReceiptPosterOptions) {
    this.now = o.now ?? Date.now;
    this.retryBaseMs = o.retryBaseMs ?? 5_000;
    this.retryMaxMs = o.retryMaxMs ?? 5 * 60_000;
  }

  /** Post what is due now (a new receipt, a fresh token); coalesces with a round already running. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.round().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      } else this.scheduleNext();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const next = this.o.ledger.nextDue();
    if (next === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, Math.max(50, next - this.now()));
    this.timer.unref?.();
  }

  private async round(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const due = this.o.ledger.dueReceipts(this.now(), BATCH);
        if (due.length === 0) return;
        // The directory's answers of a batch are recorded in one commit (a lost one is re-posted and recorded as
        // accepted earlier); one commit per receipt held up the event loop that answers everyone else.
        const settled: Settlement[] = [];
        try {
          for (const entry of due) {
            if (this.stopped) break;
            const s = await this.post(entry);
            if (s) settled.push(s);
          }
        } finally {
          this.o.ledger.settleMany(settled);
          // One line per task, not persisted: an event row each would be a commit each on the event loop.
          for (const s of settled) if (s.state === 'awarded' && !s.note?.startsWith('accepted earlier')) this.o.log('info', 'receipt_awarded', `task=${s.entry.taskId} awarded=${s.awarded}`, false);
        }
        this.o.onChange();
      }
    } catch (err) {
      // A failing database (disk full) must not kill the loop: report it; the timer brings us back.
      this.o.log('error', 'receipt_outbox_failed', err instanceof Error ? err.message : String(err));
    }
  }

  /** Posts one receipt; its settlement when the directory gave its final word, null when it is to be retried. */
  private async post(entry: OutboxEntry): Promise<Settlement | null> {
    const now = this.now();
    if (now >= entry.expiresAt) {
      this.o.log('warn', 'receipt_expired', `task=${entry.taskId}`);
      return { entry, state: 'expired', awarded: null, note: 'expired: the directory did not accept the receipt before it expired' };
    }
    const token = this.o.token();
    if (!token) return this.later(entry, 'the node holds no directory token yet');
    let body: unknown;
    try {
      body = JSON.parse(entry.body);
    } catch {
      return { entry, state: 'rejected', awarded: null, note: 'corrupt: the stored receipt could not be read' };
    }
    let res;
    try {
      res = await callDirectory(
        this.o.baseUrl(),
        { method: 'POST', route: '/v1/credits/award', token, nodeId: this.o.nodeId, query: { node_id: this.o.nodeId }, body },
        this.o.fetchImpl,
      );
    } catch (err) {
      return this.later(entry, err instanceof Error ? err.message : 'network error');
    }
    if (!res.ok && isUnknownQueryingNode(res.failure, body)) {
      // The consumer's node is not registered with this directory (a bare client, another network): the task was
      // still served, so the claim stands without the attribution — re-signed, stored, and posted once more now.
      const key = this.o.hmacKey?.() ?? null;
      if (key) {
        const plain = withoutQueryingNode(body as Record<string, unknown>, key);
        this.o.ledger.replaceBody(entry.taskId, JSON.stringify(plain));
        this.o.log('info', 'receipt_without_querying_node', `task=${entry.taskId}`, false);
        return this.post({ ...entry, body: JSON.stringify(plain) });
      }
    }
    if (!res.ok && isHourlyCap(res.failure)) {
      // The production directory awards at most 1000 credits per node per clock hour: the receipt is fine and is
      // worth posting again in the next hour, while it has not expired.
      const nextHour = Math.floor(this.now() / HOUR_MS) * HOUR_MS + HOUR_MS + Math.round(1000 + 29_000 * Math.random());
      if (nextHour < entry.expiresAt) {
        this.o.ledger.retryLater(entry.taskId, nextHour, `hourly cap: ${res.failure.message}`);
        this.o.log('info', 'receipt_hourly_cap', `task=${entry.taskId} retry_at=${new Date(nextHour).toISOString()}`);
        return null;
      }
      return { entry, state: 'expired', awarded: null, note: 'expired: the directory\'s hourly limit of 1000 credits was reached and the receipt expires before the next hour' };
    }
    if (res.ok) {
      const micro = parseCredits(res.body.awarded);
      const awarded = micro === null ? 0 : micro / MICRO;
      // The directory's words are kept as data: cleaned and short, whatever it sent.
      const note =
        res.body.excluded === true
          ? `excluded: ${cleanForeignText(res.body.reason, 200) || 'self query'}`
          : typeof res.body.attribution === 'string'
            ? `attribution: ${cleanForeignText(res.body.attribution, 200)}`
            : null;
      return { entry, state: 'awarded', awarded, note };
    }
    const f = res.failure;
    const text = `${f.message} ${Object.values(f.fields ?? {}).flat().join(' ')}`;
    if (f.status === 409 || /replay/i.test(text)) {
      // The nonce was used: an earlier post of this very receipt was accepted and its answer lost (a crash).
      const claimed = (body as { amount?: unknown }).amount;
      this.o.log('info', 'receipt_replayed', `task=${entry.taskId}`);
      return { entry, state: 'awarded', awarded: typeof claimed === 'number' ? claimed : null, note: 'accepted earlier: the directory already held this receipt (amount as claimed)' };
    }
    if (f.status === 422 || f.status === 400 || f.status === 403) {
      this.o.log('warn', 'receipt_rejected', `task=${entry.taskId} status=${f.status} code=${f.code}`);
      return { entry, state: 'rejected', awarded: null, note: `${f.code}: ${f.message}` };
    }
    // 401 (token being renewed), 404, 429, 5xx: the receipt itself may be fine.
    return this.later(entry, describeFailure(f), f.retryAfterMs);
  }

  private later(entry: OutboxEntry, error: string, hintMs?: number): null {
    // Jittered, so a directory coming back is not met by every node's receipts in the same second.
    const backoff = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(entry.attempts, 16)) * (0.8 + 0.4 * Math.random());
    const delay = Math.max(backoff, Math.min(hintMs ?? 0, this.retryMaxMs));
    const now = this.now();
    const lastChance = entry.expiresAt - LAST_CHANCE_MS;
    const at = now + delay < lastChance ? now + delay : lastChance > now ? lastChance : entry.expiresAt;
    // Whole milliseconds: the column is a STRICT integer.
    this.o.ledger.retryLater(entry.taskId, Math.round(at), error);
    return null;
  }
}

/** IICP-E027 about the querying node (production: "querying_node_id does not identify a registered node"). */
function isUnknownQueryingNode(f: DirectoryFailure, body: unknown): boolean {
  const carried = !!body && typeof body === 'object' && typeof (body as Record<string, unknown>).querying_node_id === 'string';
  const all = `${f.message} ${Object.keys(f.fields ?? {}).join(' ')}`;
  return carried && f.status === 422 && /querying_node_id/i.test(all);
}

/** The hourly award cap (production: "Credit award rate limit exceeded (max 1000 credits/hour per node)"). */
function isHourlyCap(f: DirectoryFailure): boolean {
  return f.status === 422 && /rate limit/i.test(f.message) && /hour/i.test(f.message);
}
