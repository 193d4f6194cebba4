import { join } from 'node:path';
import { RotatingFile } from './rotating-file';
import type { EngineEventName } from '@shared/words/event-words';
import { withoutSteering } from '@shared/text/foreign-text';
import { EVENT_BURST_ROWS, EVENT_REPEAT_WINDOW_MS } from '../store';

/** Event names tracked at once for repeats; past this the oldest is summed up and forgotten. */
const MAX_TRACKED = 256;

/** Lines one event name may still write, and the repeats held back since its last line. */
interface Repeats {
  lines: number;
  refilledAt: number;
  held: number;
  heldSince: string | null;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the reference CLI's timestamp form. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * One line per entry whatever the details hold: line breaks (including U+2028/U+2029, which some
 * line-based readers split on), other control characters and whole terminal escape sequences — a backend's or a
 * directory's text would otherwise reach whoever runs `tail` on the human log — become spaces, and bidi overrides
 * and other invisible characters, which would make a line read differently from what it holds, are dropped.
 */
function flatten(text: string): string {
  return withoutSteering(text);
}

/**
 * The reference CLI's two log files: `events.jsonl` with the stable event vocabulary for
 * third-party parsers, and a human `<node_id>.log`. Details are free text; every known secret is masked
 * before anything reaches the disk, as a last line of defence.
 *
 * The files rotate at a fixed size, so a flood of one event (a relay handing over refused calls as fast as the node
 * pulls) would push every older line out within minutes. Each event name gets the database's allowance (a burst of
 * lines, then one more a minute); the repeats past it are counted and written as one line of the same event with
 * `repeated: N` (the count of occurrences it stands for) once a minute, at the next line of that event, or at close.
 */
export class NodeLog {
  private readonly jsonl: RotatingFile;
  private readonly text: RotatingFile;
  private readonly repeats = new Map<EngineEventName, Repeats>();
  private summaryTimer: NodeJS.Timeout | null = null;

  constructor(
    logDir: string,
    private readonly nodeId: string,
    private readonly secrets: () => (string | null)[],
    private readonly now: () => Date = () => new Date(),
    maxBytes?: number,
  ) {
    const clock = () => this.now().getTime();
    this.jsonl = new RotatingFile(join(logDir, 'events.jsonl'), maxBytes, undefined, clock);
    // The node id names a file: it must not be able to point outside the log folder.
    const fileName = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/.test(nodeId) ? nodeId : 'node';
    this.text = new RotatingFile(join(logDir, `${fileName}.log`), maxBytes, undefined, clock);
  }

  /** Never throws: a log line that cannot be written is dropped, the node keeps serving. */
  write(event: EngineEventName, details: string): void {
    try {
      const now = this.now();
      const ts = isoSeconds(now);
      const r = this.allowance(event, now.getTime());
      if (r.lines < 1) {
        r.held++;
        r.heldSince ??= ts;
        this.scheduleSummary();
        return;
      }
      r.lines--;
      this.summarise(event, r, ts);
      this.line(ts, event, details, null);
    } catch {
      // e.g. a broken clock (Invalid Date) or a secrets source that throws
    }
  }

  /** Writes the repeats still held back (the node stops, or a minute passed). Never throws. */
  flush(): void {
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = null;
    try {
      const ts = isoSeconds(this.now());
      for (const [event, r] of this.repeats) this.summarise(event, r, ts);
    } catch {
      // as in write
    }
  }

  /** Resolves once every line written so far has reached the files (or the disk refused it). */
  async settled(): Promise<void> {
    await Promise.all([this.jsonl.settled(), this.text.settled()]);
  }

  /**
   * The node stops: the repeats held back are written, then every queued line, and the files are closed. A line
   * logged after this is still written, the slow way (open, write, close). Never rejects.
   */
  async close(): Promise<void> {
    this.flush();
    await Promise.all([this.jsonl.close(), this.text.close()]);
  }

  /** One line in each file, for an event that already came through `write`. */
  private line(ts: string, event: EngineEventName, text: string, repeated: number | null): void {
    const clean = flatten(this.redact(text).replace(/"/g, "'"));
    const name = flatten(event);
    const extra = repeated === null ? {} : { repeated };
    this.jsonl.append(`${JSON.stringify({ ts, event: name, node_id: this.nodeId, details: clean, ...extra })}\n`);
    this.text.append(`${ts} [${name}] node=${this.nodeId} ${clean}${repeated === null ? '' : ` (×${repeated})`}\n`);
  }

  private summarise(event: EngineEventName, r: Repeats, ts: string): void {
    if (r.held === 0) return;
    const held = r.held;
    const since = r.heldSince ?? ts;
    r.held = 0;
    r.heldSince = null;
    this.line(ts, event, `repeated ${held} more times since ${since}, counted instead of written one by one`, held);
  }

  private allowance(event: EngineEventName, nowMs: number): Repeats {
    let r = this.repeats.get(event);
    if (!r) {
      if (this.repeats.size >= MAX_TRACKED) {
        const [oldest, gone] = this.repeats.entries().next().value as [EngineEventName, Repeats];
        this.summarise(oldest, gone, isoSeconds(new Date(nowMs)));
        this.repeats.delete(oldest);
      }
      r = { lines: EVENT_BURST_ROWS, refilledAt: nowMs, held: 0, heldSince: null };
      this.repeats.set(event, r);
      return r;
    }
    const windows = Math.floor((nowMs - r.refilledAt) / EVENT_REPEAT_WINDOW_MS);
    if (nowMs < r.refilledAt)
      r.refilledAt = nowMs; // the clock was set back: count again from now
    else if (windows > 0) {
      r.lines = Math.min(EVENT_BURST_ROWS, r.lines + windows);
      r.refilledAt = r.lines === EVENT_BURST_ROWS ? nowMs : r.refilledAt + windows * EVENT_REPEAT_WINDOW_MS;
    }
    return r;
  }

  /** A flood that stops still gets its count written within a minute. */
  private scheduleSummary(): void {
    if (this.summaryTimer) return;
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      this.flush();
    }, EVENT_REPEAT_WINDOW_MS);
    this.summaryTimer.unref?.();
  }

  private redact(details: string): string {
    // Longest first: a secret that contains another must not be left half masked. Short values are
    // skipped because masking them would garble ordinary words without protecting anything.
    const secrets = this.secrets()
      .filter((s): s is string => typeof s === 'string' && s.length >= 8)
      .sort((a, b) => b.length - a.length);
    let out = details;
    for (const s of secrets) out = out.split(s).join('[redacted]');
    return out;
  }
}
