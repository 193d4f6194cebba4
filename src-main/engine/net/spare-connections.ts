/**
 * Pre-opened connections for calls that use a connection once (`fresh`: llama.cpp's llama-server, see the comment
 * above `STALL_MIN_MS` in connection-verdicts.ts), so the TCP handshake happens between tasks rather than in front of
 * one.
 *
 * - When an answer has come in on such a connection, a connection for a next call is opened (in the next turn of the
 *   event loop, after the answer has been handed on). A call takes one; if there is none (the first call, or more
 *   calls starting at once than connections waiting), it opens its own, as before.
 * - They never make the node hold more of the server's HTTP threads than its calls held just before: llama-server
 *   serves one connection per thread (3 by default) and an idle connection holds its thread, so every idle socket of
 *   ours is a thread the owner's own use of their server cannot have. One is opened per answer (for the thread that
 *   answer's connection gave back) and taken by the next call, so calls in flight plus waiting connections never
 *   exceed the most calls in flight so far (the node's capacity).
 * - Few, and only while tasks flow: one per `CALLS_PER_SPARE` calls in flight when an answer comes (at least one, at
 *   most `MAX_SPARES`), and one not taken within `SPARE_IDLE_MS` … 2 × `SPARE_IDLE_MS` is closed (well before
 *   llama-server's own 5 s idle timeout); none is opened again until an answer comes in. Why so (the backend bench,
 *   50 ms generation, a server with c + 2 HTTP workers; node added p50 and throughput against direct): at c=16 one
 *   waiting connection gave +4.7…+5.6 ms and 0.87…0.91, four +0.9…+2.0 ms and 0.94…0.97; but four (or sixteen) left
 *   waiting when the node's tasks stopped made the next client of a server with few workers left wait for one (c=4,
 *   6 workers: its p99 +50 ms; sixteen at c=16: +90…+340 ms), one per four calls in flight did not.
 * - One the server closed, or that failed to connect, is dropped at once; one that fails between being taken and
 *   the answer is retried once by the call (node-http-call.ts), as a kept-alive socket the server closed would be.
 */
import { createConnection, type Socket } from 'node:net';

/** How long a spare may wait for a call: closed at the second sweep that finds it unused. */
export const SPARE_IDLE_MS = 200;

let enabled = true;

/**
 * Whether calls to a `fresh` server get a pre-opened connection (the default). Off: each call opens its own when it
 * starts (the policy before pre-opening; for measurements and tests). Turning it off closes every spare.
 */
export function setSpareConnections(on: boolean): void {
  enabled = on;
  if (!on) for (const p of pools) p.close();
}

/** Every pool with a spare or a sweep armed (so turning spares off can close them). */
const pools = new Set<SpareConnections>();

/**
 * Spares one server may have waiting at once: one per `CALLS_PER_SPARE` calls in flight, at least one, at most this.
 */
export const MAX_SPARES = 4;
export const CALLS_PER_SPARE = 4;

export class SpareConnections {
  /** Waiting connections, the newest last. */
  private readonly spares: Socket[] = [];
  /** The spares the last sweep found waiting. */
  private seen = new Set<Socket>();
  private sweep: NodeJS.Timeout | null = null;
  /** Spares asked for and not yet opened. */
  private queued = 0;
  /** Calls to this server in flight on connections used once. */
  private calls = 0;
  /** Whether the last `connect()` handed out a spare (read by the call right after node:http asked). */
  tookSpare = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** node:http's `createConnection` for a call: a spare if one is still good, else a new connection. */
  readonly connect = (): Socket => {
    for (let s = this.spares.pop(); s !== undefined; s = this.spares.pop()) {
      s.removeListener('data', dropIdle);
      s.removeListener('end', dropIdle);
      if (!s.destroyed && s.writable && !s.readableEnded) {
        this.tookSpare = true;
        return s;
      }
      s.destroy();
    }
    this.tookSpare = false;
    return createConnection({ host: this.host, port: this.port, noDelay: true });
  };

  /**
   * An answer came in on a connection of this server: open a connection for a next call once the answer is handed
   * on. Not in this turn of the event loop but the next: whoever awaited the answer may finish its work in this turn's
   * immediates (the node commits the task's ledger row there before it answers its consumer).
   */
  refill(): void {
    if (!enabled || this.spares.length + this.queued >= this.limit()) return;
    this.queued++;
    setImmediate(this.nextTurn);
  }

  /** A call to this server on a connection used once started (it ends with `ended`). */
  started(): void {
    this.calls++;
  }

  ended(): void {
    this.calls--;
  }

  /** How many may wait now: as many calls as there are in flight want the next ones to find a connection. */
  private limit(): number {
    return Math.min(MAX_SPARES, Math.max(1, Math.floor(this.calls / CALLS_PER_SPARE)));
  }

  /** Idle spares of this server (tests and diagnostics). */
  get idle(): number {
    return this.spares.length;
  }

  /** Closes the spares and stops sweeping (the server is no longer called this way, or spares were turned off). */
  close(): void {
    for (const s of this.spares.splice(0)) s.destroy();
    this.seen.clear();
    if (this.sweep !== null) clearTimeout(this.sweep);
    this.sweep = null;
    pools.delete(this);
  }

  private readonly nextTurn = (): void => {
    setImmediate(this.open);
  };

  private readonly open = (): void => {
    this.queued--;
    if (!enabled || this.spares.length >= MAX_SPARES) return;
    const s = createConnection({ host: this.host, port: this.port, noDelay: true });
    // An error (refused, reset) only ends the spare: the next call opens its own connection and sees the error.
    s.on('error', ignore);
    // Data before any request, or the server closing it: it is of no use to a call any more.
    s.on('data', dropIdle);
    s.on('end', dropIdle);
    s.once('close', () => {
      const i = this.spares.indexOf(s);
      if (i >= 0) this.spares.splice(i, 1);
    });
    this.spares.push(s);
    pools.add(this);
    if (this.sweep === null) this.armSweep();
  };

  private armSweep(): void {
    this.sweep = setTimeout(this.swept, SPARE_IDLE_MS);
    this.sweep.unref();
  }

  private readonly swept = (): void => {
    this.sweep = null;
    // Waiting since the last sweep: a whole period unused; tasks stopped, so let the server have its thread back.
    for (const s of this.spares.filter((x) => this.seen.has(x))) s.destroy();
    this.seen = new Set(this.spares.filter((x) => !x.destroyed));
    if (this.seen.size === 0) {
      this.spares.length = 0;
      pools.delete(this);
      return;
    }
    this.armSweep();
  };
}

function ignore(): void {}

function dropIdle(this: Socket): void {
  this.destroy();
}
