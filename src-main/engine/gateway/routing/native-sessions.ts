/**
 * Kept native sessions to the nodes the gateway streams from. Opening one costs a TCP connection and the INIT/ACK
 * round trip before the CALL can go, on both machines, for every streamed request; a session whose stream ended
 * cleanly (its terminal came and was read) takes the next CALL instead. One CALL at a time on each, as the node
 * allows; a session that failed in any way is never given back. Idle ones close well before the node's own idle
 * limit (30 s), so the node rarely closes one just as a CALL goes out — and when it does, the CALL never reached it
 * and goes once more on a new session (streamed-call.ts).
 */
import { NativeClient, type NativeClientOptions } from '../../native';

type NativeConnect = NonNullable<NativeClientOptions['connect']>;

/** Kept idle per node at most: about the calls in flight to one node at once. */
const MAX_IDLE_PER_NODE = 16;
/** A session idle this long is closed (the node closes after 30 s). */
const IDLE_MS = 10_000;

interface Idle {
  client: NativeClient;
  since: number;
}

export interface SessionTake {
  client: NativeClient;
  /** Whether it served a call before: a failure before its first frame may be the node having just closed it. */
  reused: boolean;
}

export class NativeSessions {
  private readonly idle = new Map<string, Idle[]>();
  private sweeper: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A kept session to `host:port`, else a new one (connect and INIT/ACK within `timeoutMs`). */
  async take(o: {
    host: string;
    port: number;
    connect: NativeConnect;
    timeoutMs: number;
    signal?: AbortSignal;
    fresh?: boolean;
  }): Promise<SessionTake> {
    if (!o.fresh) {
      const list = this.idle.get(keyOf(o.host, o.port));
      while (list && list.length > 0) {
        const { client } = list.pop()!;
        if (!client.ended && !client.inUse) return { client, reused: true };
      }
    }
    // The request's signal ends the opening only: a kept session outlives the request that opened it (each stream
    // drops its session itself when its request ends early).
    const opening = new AbortController();
    const onAbort = (): void => opening.abort(o.signal?.reason);
    if (o.signal?.aborted) onAbort();
    else o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const client = await NativeClient.open({
        host: o.host,
        port: o.port,
        timeoutMs: o.timeoutMs,
        connect: o.connect,
        signal: opening.signal,
      });
      return { client, reused: false };
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** A session whose stream ended cleanly: kept for the next CALL to the same node (or closed when enough are). */
  give(host: string, port: number, client: NativeClient): void {
    if (client.ended || client.inUse) return void client.destroy();
    const key = keyOf(host, port);
    const list = this.idle.get(key) ?? [];
    if (this.closed || list.length >= MAX_IDLE_PER_NODE) return void client.close();
    list.push({ client, since: this.now() });
    this.idle.set(key, list);
    this.sweeper ??= unref(setInterval(() => this.sweep(), IDLE_MS / 2));
  }

  /** Idle sessions kept, all nodes (tests and diagnostics). */
  get idleCount(): number {
    let n = 0;
    for (const list of this.idle.values()) n += list.length;
    return n;
  }

  /** Closes every idle session; none is kept from now on. */
  close(): void {
    this.closed = true;
    for (const list of this.idle.values()) for (const { client } of list) client.close();
    this.idle.clear();
    this.stopSweeper();
  }

  private sweep(): void {
    const oldest = this.now() - IDLE_MS;
    for (const [key, list] of this.idle) {
      const keep = list.filter((x) => !x.client.ended && x.since > oldest);
      for (const x of list) if (!keep.includes(x)) x.client.close();
      if (keep.length > 0) this.idle.set(key, keep);
      else this.idle.delete(key);
    }
    if (this.idle.size === 0) this.stopSweeper();
  }

  private stopSweeper(): void {
    if (this.sweeper !== null) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}

function keyOf(host: string, port: number): string {
  return `${host}|${port}`;
}

function unref<T extends { unref?: () => unknown }>(t: T): T {
  t.unref?.();
  return t;
}
