import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MAX_FRAME_PAYLOAD, NATIVE_MAGIC } from '../native';
import { FleetLimits, type FleetLimitTerms } from './fleet-limits';
import { NativeSession, type NativeLimits, type NativeSessionOptions } from './native-session';
import { routePath, routeRequest, type RouteOptions, type RouteParts } from './port-routes';
import { answerWhatNodeWouldNot, SILENT_ANSWER } from './raw-answers';
import { slowClientCheckWhileConnected } from './slow-client-check';
import { isLocalProxy, sourceOf } from './source-address';

export interface TaskServerOptions extends RouteOptions {
  host: string;
  /** The limits of `/iicp/fleet` per source and over all (fleet-limits.ts); the defaults are the documented ones. */
  fleetLimits?: Partial<FleetLimitTerms>;
  /**
   * Connections at once. At the cap a newcomer takes the place of the oldest connection with no request in
   * progress, so a flood of idle connections (from one host or many) cannot lock other clients out; only when
   * every connection is busy is the newcomer refused.
   */
  maxConnections?: number;
  /**
   * Connections at once from one source (an IPv4 address or an IPv6 /64; see source-address.ts), with the same
   * eviction of its own idle connections; local proxies (127.0.0.1, ::1) only count against `maxConnections`.
   */
  maxConnectionsPerSource?: number;
  /** Slow-client limits; the defaults are the documented ones (tests shorten them). */
  limits?: Partial<SlowClientLimits>;
  /**
   * The native port on the same socket: a connection whose first 4 bytes are `IICP` speaks native frames
   * (native-session.ts), anything else is HTTP. Without it every connection is HTTP.
   */
  native?: Pick<NativeSessionOptions, 'nodeId' | 'calls'> & {
    limits?: Partial<NativeLimits>;
    /** The task body cap: a larger CALL is refused from its header. */ maxCallBytes?: number;
  };
}

export interface SlowClientLimits {
  /** Time for a request's headers to arrive (default 10 s). */
  headersTimeoutMs: number;
  /** Time for a whole request to arrive (default 30 s). */
  requestTimeoutMs: number;
  /** Idle time after which a keep-alive connection is closed (default 5 s). */
  keepAliveTimeoutMs: number;
  /** Request head size (default 16 KiB); bigger heads get 431. */
  maxHeaderBytes: number;
}

/** Requests one connection may send within one turn of the event loop (only pipelining does more than one). */
const MAX_PIPELINED = 8;

const DEFAULT_LIMITS: SlowClientLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
};

/**
 * A native session with no call running is closed after this long (a streaming client calls again soon or not at all).
 */
const NATIVE_IDLE_MS = 30_000;
/** Answer bytes a native caller may leave unread before it is cut off. */
const NATIVE_MAX_UNSENT = 4 * 1024 * 1024;
/** Room for a CALL's own keys around the task body it carries. */
const CALL_FRAME_SLACK = 16 * 1024;

/**
 * The node's public HTTP surface: `POST /v1/task`, `GET|HEAD /iicp/health`, `POST /iicp/fleet`, `GET /metrics`,
 * CORS preflight. Headers must arrive within 10 s and a whole request within 30 s, idle keep-alive
 * sockets close after 5 s, so slow clients cannot pin connections. Every answer is JSON with a stable code
 * (except the Prometheus text of /metrics).
 */
export class TaskServer {
  private readonly server: Server;
  /** Open connections, oldest first (a Set keeps insertion order). */
  private readonly sockets = new Set<Socket>();
  /** Connections with requests in progress, and how many (more than one: pipelined). */
  private readonly busy = new Map<Socket, number>();
  private readonly inTurn = new Map<Socket, number>();
  private turnClearing = false;
  /** Open connections per source address (local proxies are not counted), oldest first. */
  private readonly bySource = new Map<string, Set<Socket>>();
  /** Node's own connection handling of the HTTP server, called for each connection that turns out to be HTTP. */
  private readonly toHttp: (s: Socket) => void;
  private readonly slowClientCheck: (s: Socket) => void;
  private readonly native: (Pick<NativeSessionOptions, 'nodeId' | 'calls'> & { limits: NativeLimits }) | null;
  private readonly nativeSessions = new Map<Socket, NativeSession>();
  private readonly sniffMs: number;
  private readonly routes: RouteParts;
  private closing = false;

  constructor(private readonly o: TaskServerOptions) {
    const l = { ...DEFAULT_LIMITS, ...o.limits };
    const onRequest = (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res);
    this.server = createServer(
      {
        headersTimeout: l.headersTimeoutMs,
        requestTimeout: l.requestTimeoutMs,
        keepAliveTimeout: l.keepAliveTimeoutMs,
        maxHeaderSize: l.maxHeaderBytes,
        // Node checks the two timeouts above only this often (its default is 30 s, which would let a
        // slow-loris client hold a connection for up to 40 s instead of 10); only while one is open (slowClientCheck).
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(l.headersTimeoutMs / 4))),
        // The task port never routes by Host; without this Node answers a missing Host with an empty 400.
        requireHostHeader: false,
      },
      onRequest,
    );
    // `Expect: 100-continue` comes here instead of 'request': the task route decides admission before it asks for
    // the body (a refused client never sends it); the other routes have no body and go on as usual.
    this.server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      if (routePath(req.url ?? '/') !== '/v1/task') res.writeContinue();
      onRequest(req, res);
    });
    // The HTTP server keeps listening (its slow-client timers only run for a server that listens), but the connection
    // is ours first: the caps, then — with the native port — a look at its first bytes before HTTP sees any.
    const httpConnection = this.server.listeners('connection') as Array<(s: Socket) => void>;
    this.server.removeAllListeners('connection');
    this.toHttp = (s) => {
      for (const l of httpConnection) l.call(this.server, s);
    };
    this.server.on('connection', (s: Socket) => this.onConnection(s));
    this.slowClientCheck = slowClientCheckWhileConnected(this.server);
    this.sniffMs = l.headersTimeoutMs;
    this.native = o.native ? nativeOptions(o.native, l) : null;
    this.routes = { ...o, fleetLimits: new FleetLimits(o.fleetLimits) };
    answerWhatNodeWouldNot(this.server);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const s = req.socket;
    // Pipelined requests that arrived together are handed over one after the other without the event loop getting a
    // turn in between — thousands in a row — and still after the socket is closed. No real client pipelines: a
    // connection with more than a few requests in one turn is dropped, and the rest of what it sent costs only
    // Node's own parsing.
    if (s.destroyed) return;
    if (this.countInTurn(s) > MAX_PIPELINED) return void s.destroy();
    const inProgress = (this.busy.get(s) ?? 0) + 1;
    this.busy.set(s, inProgress);
    res.once('close', () => {
      const left = (this.busy.get(s) ?? 1) - 1;
      if (left > 0) this.busy.set(s, left);
      else this.busy.delete(s);
    });
    routeRequest(req, res, this.routes);
  }

  /**
   * The connection caps, enforced here instead of by Node, which would refuse the newcomer rather than an idle old
   * connection.
   */
  private onConnection(s: Socket): void {
    const cap = this.o.maxConnections ?? 2048;
    const perSource = this.o.maxConnectionsPerSource ?? 64;
    const source = sourceOf(s.remoteAddress);
    // A local tunnel or reverse proxy carries many consumers on its connections: only the overall cap applies.
    const proxy = isLocalProxy(source) || (this.o.isTrustedProxy?.(s.remoteAddress) ?? false);
    const own = proxy ? null : (this.bySource.get(source) ?? new Set<Socket>());
    if (own && own.size >= perSource && !this.makeRoom(own)) return void s.destroy();
    if (this.sockets.size >= cap && !this.makeRoom(this.sockets)) return void s.destroy();
    this.sockets.add(s);
    this.slowClientCheck(s);
    if (own) {
      own.add(s);
      this.bySource.set(source, own);
    }
    s.on('close', () => {
      this.sockets.delete(s);
      this.busy.delete(s);
      this.nativeSessions.delete(s);
      if (own) {
        own.delete(s);
        if (own.size === 0 && this.bySource.get(source) === own) this.bySource.delete(source);
      }
    });
    if (this.native) this.sniff(s, source);
    else this.toHttp(s);
  }

  /**
   * The first bytes decide: `IICP` opens a native session, anything else goes to HTTP with those bytes put back, as
   * if HTTP had read them first. HTTP is known at its first byte; a connection that says nothing gets what HTTP gives
   * a silent one at the headers timeout.
   */
  private sniff(s: Socket, source: string): void {
    const native = this.native!;
    let got: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      s.off('data', onData);
      if (s.writable) s.end(SILENT_ANSWER, () => s.destroy());
      else s.destroy();
    }, this.sniffMs);
    timer.unref?.();
    const onData = (chunk: Buffer): void => {
      got = got.length === 0 ? chunk : Buffer.concat([got, chunk]);
      const n = Math.min(NATIVE_MAGIC.length, got.length);
      const isNative = got.subarray(0, n).equals(NATIVE_MAGIC.subarray(0, n));
      if (isNative && got.length < NATIVE_MAGIC.length) return;
      clearTimeout(timer);
      s.off('data', onData);
      s.pause();
      if (isNative) {
        const session = new NativeSession(s, got, {
          ...native,
          source,
          onBusy: (busy) => {
            if (busy) return void this.busy.set(s, 1);
            this.busy.delete(s);
            // Shutting down: a session whose last call is answered goes now.
            if (this.closing) this.nativeSessions.get(s)?.close();
          },
        });
        this.nativeSessions.set(s, session);
        s.resume();
        return;
      }
      s.unshift(got);
      this.toHttp(s);
      s.resume();
    };
    s.on('data', onData);
    s.once('close', () => clearTimeout(timer));
  }

  /** Requests of this connection in the current turn of the event loop (the count is cleared at the next turn). */
  private countInTurn(s: Socket): number {
    const n = (this.inTurn.get(s) ?? 0) + 1;
    this.inTurn.set(s, n);
    if (!this.turnClearing) {
      this.turnClearing = true;
      setImmediate(() => {
        this.inTurn.clear();
        this.turnClearing = false;
      });
    }
    return n;
  }

  /** Closes the oldest connection of `among` that has no request in progress; false if every one is busy. */
  private makeRoom(among: Set<Socket>): boolean {
    for (const old of among) {
      if (!this.busy.has(old)) {
        old.destroy(); // its 'close' takes it out of every set
        this.sockets.delete(old);
        among.delete(old);
        return true;
      }
    }
    return false;
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      // A deeper accept queue than Node's 511 absorbs connection bursts instead of dropping handshakes.
      this.server.listen({ port, host: this.o.host, ipv6Only: false, backlog: 4096 }, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  get port(): number | null {
    const a = this.server.address();
    return a && typeof a === 'object' ? a.port : null;
  }

  /** Stops accepting; waits up to `drainMs` for running tasks, then closes what is left. */
  async close(drainMs = 10_000): Promise<void> {
    if (!this.server.listening) return;
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    for (const session of this.nativeSessions.values()) if (!session.busy) session.close();
    const timer = setTimeout(() => {
      this.server.closeAllConnections();
      for (const session of this.nativeSessions.values()) session.close();
    }, drainMs);
    await closed;
    clearTimeout(timer);
  }
}

/** The native port's limits: the documented defaults, the HTTP side's read limit, and what a test shortens. */
function nativeOptions(
  n: NonNullable<TaskServerOptions['native']>,
  l: SlowClientLimits,
): Pick<NativeSessionOptions, 'nodeId' | 'calls'> & { limits: NativeLimits } {
  const maxPayload = Math.min(MAX_FRAME_PAYLOAD, (n.maxCallBytes ?? MAX_FRAME_PAYLOAD) + CALL_FRAME_SLACK);
  return {
    ...n,
    limits: {
      idleMs: NATIVE_IDLE_MS,
      headerMs: l.headersTimeoutMs,
      readMs: l.requestTimeoutMs,
      maxPayload,
      maxUnsent: NATIVE_MAX_UNSENT,
      ...n.limits,
    },
  };
}
