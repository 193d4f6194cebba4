/**
 * The fake backends' TCP front: every connection is accepted by a `net.Server` with `pauseOnConnect` and handed
 * to the (never listening) `http.Server` only when a worker is free, so the connection behaviour of each real
 * server can be reproduced on real sockets.
 *
 * cpp-httplib 0.19 (what llama-server b4748 bundles) serves each connection on one of its pool threads,
 * `max(n_parallel + 2, cores - 1)` = 3 by default: a further connection is accepted by the kernel (the listen
 * loop queues it) but nothing it sends is read until a thread is free. A thread keeps its connection until the
 * client closes it, it sat idle for CPPHTTPLIB_KEEPALIVE_TIMEOUT_SECOND (5 s, counted before the first request
 * too), or it carried CPPHTTPLIB_KEEPALIVE_MAX_COUNT (100) requests. CPPHTTPLIB_TCP_NODELAY is false, so Nagle is
 * on, and `write_response_core` writes the status line and headers in one send() and the body in another: the
 * body waits for the client's ACK of the headers, which a client in delayed-ACK mode (a reused keep-alive
 * connection) sends only after ~40 ms on Linux. A fresh connection is still in quick-ACK mode and does not stall.
 *
 * Here: `workers` connections are served at once (Infinity: all); `idleMs` closes a served connection that has no
 * request in flight for that long; `nagle` leaves Nagle on and `writeBody` sends header and body on different
 * ticks (two segments); `maxRequests` makes the last answer on a connection say `Connection: close`.
 */
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface FrontOptions {
  workers: number;
  idleMs: number;
  nagle: boolean;
  /** Requests one connection may carry (0: no limit). */
  maxRequests: number;
}

export interface FrontCounters {
  openConnections: number;
  maxOpenConnections: number;
  waitingConnections: number;
}

export class ConnectionFront {
  private readonly net: NetServer;
  private readonly waiting: Socket[] = [];
  private readonly served = new Set<Socket>();
  private readonly idleTimers = new Map<Socket, NodeJS.Timeout>();
  private readonly busy = new Map<Socket, number>();
  private open = 0;

  constructor(
    private readonly http: Server,
    private readonly options: () => FrontOptions,
    private readonly counters: FrontCounters,
  ) {
    this.net = createNetServer({ pauseOnConnect: true }, (socket) => this.accept(socket));
    http.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req.socket, res));
  }

  async listen(port: number): Promise<number> {
    this.net.listen(port, '127.0.0.1');
    await once(this.net, 'listening');
    return (this.net.address() as AddressInfo).port;
  }

  /** Call after changing options (more workers may take waiting connections). */
  pump(): void {
    const { workers } = this.options();
    while (this.served.size < workers && this.waiting.length > 0) {
      const socket = this.waiting.shift()!;
      this.counters.waitingConnections = this.waiting.length;
      if (socket.destroyed) continue;
      this.handOver(socket);
    }
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.net.close(() => resolve()));
    for (const s of this.waiting.splice(0)) s.destroy();
    for (const s of this.served) s.destroy();
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    this.counters.waitingConnections = 0;
    await closed;
  }

  private accept(socket: Socket): void {
    this.open++;
    this.counters.openConnections = this.open;
    this.counters.maxOpenConnections = Math.max(this.counters.maxOpenConnections, this.open);
    socket.on('error', () => {});
    socket.once('close', () => {
      this.open--;
      this.counters.openConnections = this.open;
      this.clearIdle(socket);
      this.busy.delete(socket);
      if (this.served.delete(socket)) this.pump();
      else {
        const i = this.waiting.indexOf(socket);
        if (i >= 0) this.waiting.splice(i, 1);
        this.counters.waitingConnections = this.waiting.length;
      }
    });
    this.waiting.push(socket);
    this.counters.waitingConnections = this.waiting.length;
    this.pump();
  }

  private handOver(socket: Socket): void {
    this.served.add(socket);
    socket.setNoDelay(!this.options().nagle);
    this.armIdle(socket);
    this.http.emit('connection', socket);
    socket.resume();
  }

  private onRequest(socket: Socket, res: ServerResponse): void {
    this.clearIdle(socket);
    const count = (this.busy.get(socket) ?? 0) + 1;
    this.busy.set(socket, count);
    const { maxRequests } = this.options();
    if (maxRequests > 0 && count >= maxRequests) res.shouldKeepAlive = false;
    res.once('close', () => {
      if (!socket.destroyed) this.armIdle(socket);
    });
  }

  private armIdle(socket: Socket): void {
    this.clearIdle(socket);
    const { idleMs } = this.options();
    if (!Number.isFinite(idleMs) || idleMs <= 0) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(socket);
      socket.destroy();
    }, idleMs);
    timer.unref();
    this.idleTimers.set(socket, timer);
  }

  private clearIdle(socket: Socket): void {
    const t = this.idleTimers.get(socket);
    if (t) clearTimeout(t);
    this.idleTimers.delete(socket);
  }
}

/**
 * Ends `res` with `body` after `writeHead`. With Nagle (llama.cpp), the header block is flushed on its own and
 * the body written on a later tick, so they leave as two send() calls, as cpp-httplib's do.
 */
export function writeBody(res: ServerResponse, body: string, nagle: boolean): void {
  if (!nagle) {
    res.end(body);
    return;
  }
  res.flushHeaders();
  setImmediate(() => {
    if (!res.destroyed) res.end(body);
  });
}
