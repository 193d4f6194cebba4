/**
 * The pieces of a streamed answer as they go to the caller. A server sends about one token per event, a few bytes
 * each; passing every one on would cost a frame, a seal and a write per token. So pieces are gathered: the first one
 * goes at once (the time to the first token is what a person waits for), and after it whatever came within
 * `flushMs` of the last piece sent goes together, or as soon as about `flushBytes` are held. A token that comes more
 * than `flushMs` after the last piece sent goes at once, so a slow model is never held back.
 */
import { realTimers, type TimerFns } from '../net';

/** One OpenAI-style tool-call delta: clients join the fragments of the same `index` in the order they come. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/**
 * One piece of a streamed answer, as it goes to the caller: a reasoning model's thinking, text, and/or OpenAI-style
 * tool-call deltas, in that order.
 */
export interface StreamPiece {
  text: string;
  /** The thinking that comes before the piece's text; absent when none. */
  reasoning?: string;
  toolCalls?: ToolCallDelta[];
  /**
   * The tokens the model wrote so far, this piece included (the stream's cumulative count; set by the streamed call).
   */
  tokens?: number;
}

export const DEFAULT_FLUSH_BYTES = 256;
export const DEFAULT_FLUSH_MS = 25;

export interface PieceGathererOptions {
  send: (piece: StreamPiece) => void;
  flushBytes?: number;
  flushMs?: number;
  timers?: TimerFns;
  now?: () => number;
}

export class PieceGatherer {
  private text = '';
  private reasoning = '';
  private calls: ToolCallDelta[] = [];
  /** About the bytes held: string lengths, close enough to decide when to send. */
  private held = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private anySent = false;
  private readonly flushBytes: number;
  private readonly flushMs: number;
  private readonly timers: TimerFns;
  private readonly now: () => number;

  constructor(private readonly o: PieceGathererOptions) {
    this.flushBytes = o.flushBytes ?? DEFAULT_FLUSH_BYTES;
    this.flushMs = o.flushMs ?? DEFAULT_FLUSH_MS;
    this.timers = o.timers ?? realTimers;
    this.now = o.now ?? (() => performance.now());
  }

  /** Whether any piece went to the caller. */
  get sent(): boolean {
    return this.anySent;
  }

  add(text: string, toolCalls: readonly ToolCallDelta[] | null, reasoning = ''): void {
    // Within a piece the thinking comes first, then the text, then the calls: anything written after what comes later
    // in a piece goes in the next one, so order is kept.
    if (reasoning !== '' && (this.text !== '' || this.calls.length > 0)) this.flush();
    if (text !== '' && this.calls.length > 0) this.flush();
    if (reasoning !== '') {
      this.reasoning += reasoning;
      this.held += reasoning.length;
    }
    if (text !== '') {
      this.text += text;
      this.held += text.length;
    }
    if (toolCalls) for (const d of toolCalls) this.addCall(d);
    if (this.held === 0 && this.calls.length === 0) return;
    if (this.held >= this.flushBytes || this.now() - this.lastSentAt >= this.flushMs) {
      this.flush();
      return;
    }
    if (this.timer === null)
      this.timer = this.timers.setTimeout(this.flushLater, Math.max(0, this.lastSentAt + this.flushMs - this.now()));
  }

  /** Sends what is held, if anything. */
  flush(): void {
    this.clearTimer();
    if (this.text === '' && this.reasoning === '' && this.calls.length === 0) return;
    const piece: StreamPiece = {
      text: this.text,
      ...(this.reasoning !== '' ? { reasoning: this.reasoning } : {}),
      ...(this.calls.length > 0 ? { toolCalls: this.calls } : {}),
    };
    this.text = '';
    this.reasoning = '';
    this.calls = [];
    this.held = 0;
    this.lastSentAt = this.now();
    this.anySent = true;
    this.o.send(piece);
  }

  /** Drops what is held (the stream failed or was cancelled: nothing more goes to the caller). */
  stop(): void {
    this.clearTimer();
    this.text = '';
    this.reasoning = '';
    this.calls = [];
    this.held = 0;
  }

  private readonly flushLater = (): void => {
    this.timer = null;
    this.flush();
  };

  /** A fragment of the same call's arguments joins the one held before it; anything else is a delta of its own. */
  private addCall(d: ToolCallDelta): void {
    const last = this.calls.length > 0 ? this.calls[this.calls.length - 1]! : null;
    const more = d.function?.arguments ?? '';
    if (
      last !== null &&
      last.index === d.index &&
      d.id === undefined &&
      d.type === undefined &&
      d.function?.name === undefined
    ) {
      if (more !== '') last.function = { ...last.function, arguments: (last.function?.arguments ?? '') + more };
    } else {
      this.calls.push({ ...d, ...(d.function ? { function: { ...d.function } } : {}) });
      this.held += (d.id?.length ?? 0) + (d.function?.name?.length ?? 0);
    }
    this.held += more.length;
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
