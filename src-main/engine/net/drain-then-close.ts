import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export interface DrainLimits {
  /** How long the node reads (and discards) after its answer whatever the client's pace. */
  graceMs: number;
  /** Past the grace, the drain goes on only while the client has sent at least this fast on average. */
  minBytesPerSecond: number;
  /** Longest the node reads after its answer, however fast the client sends. */
  maxMs: number;
  /** Most bytes one connection may have discarded before the node gives up on it. */
  maxBytes: number;
  /**
   * Bytes one source (for the task port, an address or an IPv6 /64: server/source-address.ts) may have discarded in a
   * burst, refilled at `bytesPerSecond`.
   */
  perSourceBurst: number;
  bytesPerSecond: number;
  /** Connections draining at once, over all sources. */
  maxConnections: number;
}

/**
 * Enough for a client on a decent link to finish writing a refused 12 MiB body, and no more. A source that keeps
 * sending large bodies to be refused gets its later connections closed at once: reading what it sends costs the node
 * CPU and, through the garbage collector, pauses for everyone.
 */
export const DEFAULT_DRAIN: DrainLimits = {
  // Bytes bound the cost; time only how long a socket is held. A client still writing a large body steadily (on a
  // slow link, or a busy machine) keeps its connection until it is done and reads the answer; a trickle does not.
  graceMs: 2_000,
  minBytesPerSecond: 1024 * 1024,
  maxMs: 20_000,
  maxBytes: 16 * 1024 * 1024,
  perSourceBurst: 16 * 1024 * 1024,
  bytesPerSecond: 8 * 1024 * 1024,
  maxConnections: 32,
};

/** The discarding budgets shared by every refused connection of one listener (the task port, the gateway). */
export class DrainAllowance {
  private readonly buckets = new Map<string, { bytes: number; at: number }>();
  private draining = 0;

  constructor(
    readonly limits: DrainLimits = DEFAULT_DRAIN,
    private readonly now: () => number = Date.now,
  ) {}

  /** A drain may start for this source now (room among the connections, and some of its budget left). */
  begin(source: string): boolean {
    if (this.draining >= this.limits.maxConnections || this.level(source) <= 0) return false;
    this.draining += 1;
    return true;
  }

  end(): void {
    this.draining = Math.max(0, this.draining - 1);
  }

  /** Spends `bytes` of the source's budget; false once it is used up. */
  spend(source: string, bytes: number): boolean {
    const left = this.level(source) - bytes;
    this.buckets.set(source, { bytes: left, at: this.now() });
    return left >= 0;
  }

  private level(source: string): number {
    const b = this.buckets.get(source);
    if (!b) {
      if (this.buckets.size >= 4096) this.buckets.clear(); // a flood of sources: start them all afresh
      return this.limits.perSourceBurst;
    }
    const refilled = b.bytes + ((this.now() - b.at) / 1000) * this.limits.bytesPerSecond;
    return Math.min(this.limits.perSourceBurst, refilled);
  }
}

/**
 * Arranges for the connection of a refused request to close after the answer without losing the answer.
 *
 * Clients like httpx write the whole body before they read anything. If the node answers early and closes at once,
 * the kernel meets unread bytes on a closed socket and sends RST, which also discards the answer still waiting in
 * the client's receive buffer: the client reports a network error and never sees the JSON. So: answer with
 * `Connection: close`, send FIN (the answer is complete), then keep reading and discarding what the client still
 * sends — nothing is kept, so it costs no memory — until it closes its side, or the bounds (time, bytes, the
 * source's budget) run out. Without budget the connection closes right after the answer.
 *
 * Returns the header to put on the answer. Node ends a `Connection: close` exchange through the socket's
 * `destroySoon`; that one call is replaced on this socket.
 */
export function drainThenClose(
  req: IncomingMessage,
  source: string,
  allowance: DrainAllowance,
): Record<string, string> {
  // The body is not wanted: whatever already arrived or still comes is discarded as it is read.
  req.removeAllListeners('data');
  req.resume();
  if (!allowance.begin(source)) return { Connection: 'close' };
  const limits = allowance.limits;
  const socket = req.socket as Socket & { destroySoon?: () => void };
  let started = false;
  let ended = false;
  const finished = () => {
    if (ended) return;
    ended = true;
    allowance.end();
  };
  socket.once('close', finished);
  socket.destroySoon = function (this: Socket) {
    if (started) return;
    started = true;
    if (this.writable) this.end();
    let seen = 0;
    const began = Date.now();
    const timer = setTimeout(() => stop(), limits.maxMs);
    timer.unref?.();
    const pace = setInterval(
      () => {
        const elapsed = Date.now() - began;
        if (elapsed >= limits.graceMs && (seen * 1000) / elapsed < limits.minBytesPerSecond) stop();
      },
      Math.max(100, Math.min(500, limits.graceMs / 4)),
    );
    pace.unref?.();
    const onData = (d: Buffer) => {
      seen += d.length;
      if (seen > limits.maxBytes || !allowance.spend(source, d.length)) stop();
    };
    const clear = () => {
      clearTimeout(timer);
      clearInterval(pace);
    };
    const stop = () => {
      clear();
      this.off('data', onData);
      this.destroy();
    };
    this.on('data', onData);
    this.once('end', stop);
    this.once('close', clear);
    this.resume();
  };
  return { Connection: 'close' };
}
