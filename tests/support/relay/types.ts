/** Public types of the test relay (README.md in this folder is the wire contract). */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface TestRelayOptions {
  /** 0 (default) = a free port; `restart()` reuses the port bound first. */
  port?: number;
  /** Listen address (default 127.0.0.1); `url` is built from it. */
  host?: string;
  /** The relay's own node id: the bind-ticket audience it accepts besides `*`, and its REGISTER `node_id`. */
  nodeId?: string;
  /** `IICP_RELAY_REQUIRE_BIND_TICKET=1`: a bind without a valid ticket is refused (401 IICP-E040). Default off. */
  requireBindTicket?: boolean;
  /** `IICP_RELAY_BIND_TICKET_PUBLIC_KEY`: the directory's Ed25519 key, 64 hex. Without one no ticket is verified. */
  directoryPublicKeyHex?: string;
  /**
   * Fetch the key once at start from `{directoryUrl}/v1/directory-key` (ignored when `directoryPublicKeyHex` is given).
   */
  directoryUrl?: string;
  /**
   * Require a `jti` of 32 lowercase hex in tickets (iicp-client-typescript / -python relay_ticket). Default off:
   * the production directory issues tickets without `jti`, which such a relay refuses.
   */
  requireTicketJti?: boolean;
  /** Long-poll window of `GET /v1/relay/pull` (reference: 25 s). */
  pollTimeoutMs?: number;
  /** A session is alive while it pulled within this window (reference: 90 s). Measured with `now`. */
  sessionAliveMs?: number;
  /** Concurrent sessions, dead ones included (reference: 256). */
  maxSessions?: number;
  /** Binds per source address per 60 s (reference: 30; 0 disables, like `IICP_RELAY_BIND_RATE_LIMIT=0`). */
  bindsPerMinute?: number;
  /** How long a consumer's `/v1/relay-for/{wid}/v1/task` waits for the worker's result (reference: 120 s). */
  forwardTimeoutMs?: number;
  /** Clock (ms) for session liveness, the bind-rate window and ticket expiry. Timers stay on real time. */
  now?: () => number;
  /**
   * Makes the relay hostile (see `RelayTamper`); absent, it is the honest reference relay. `setTamper` changes it
   * later.
   */
  tamper?: RelayTamper;
}

/**
 * A hostile relay: each hook takes over one thing the honest relay does. A hook that returns `false` (or is absent)
 * leaves the request to the honest code, so a tampering relay is still a working relay for everything else.
 */
export interface RelayTamper {
  /** Rewrites the consumer's task before a pull hands it to the worker (e.g. strips `cx_response_encryption`). */
  task?: (task: Record<string, unknown>) => unknown;
  /**
   * Answers an authenticated `GET /v1/relay/pull` itself (return true once it has answered or will): 204 at once, a
   * huge or deeply nested body, a stream of small calls. `respond` builds the honest 200 body for a call.
   */
  pull?: (ctx: {
    req: IncomingMessage;
    res: ServerResponse;
    workerId: string;
    respond: (callId: string, task: unknown) => void;
  }) => boolean;
  /** Answers a consumer-facing `/v1/relay-for/{wid}/…` request itself (return true when it did). */
  relayFor?: (ctx: { req: IncomingMessage; res: ServerResponse; workerId: string; path: 'task' | 'health' }) => boolean;
}

export interface RelaySessionView {
  workerId: string;
  intent: string;
  models: string[];
  sessionToken: string;
  boundAt: number;
  lastPullAt: number;
  /** Pulled within `sessionAliveMs` and not unbound. */
  alive: boolean;
  /** Long-polls currently waiting on this session. */
  waitingPulls: number;
  /** Forwarded calls not yet handed to a pull (including ones whose consumer already gave up). */
  queuedCalls: number;
  /** Consumers waiting for a result. */
  pendingCalls: number;
}

export type RelayLogEntry =
  | {
      kind: 'bind';
      at: number;
      /** The transport source address the bind rate limit is keyed on. */
      source: string;
      workerId: string | null;
      body: unknown;
      status: number;
      response: unknown;
    }
  | { kind: 'pull'; at: number; workerId: string | null; status: number; call: unknown }
  | { kind: 'result'; at: number; workerId: string | null; body: unknown; status: number; delivered: boolean }
  | { kind: 'unbind'; at: number; workerId: string | null; status: number }
  | {
      kind: 'forward';
      at: number;
      workerId: string;
      callId: string | null;
      /** The consumer's task exactly as received (what the worker's pull gets). */
      task: unknown;
      status: number;
      /** What the consumer got back. */
      response: unknown;
    };

export interface RelayRegistration {
  directoryUrl: string;
  nodeId: string;
  nodeToken: string;
  /** The directory's 201 body. */
  response: Record<string, unknown>;
}

export interface RegisterWithOptions {
  /** Default 30000 (RS-SDK). */
  heartbeatIntervalMs?: number;
  region?: string;
  intent?: string;
  model?: string;
  /** Merged into the REGISTER body last. */
  extra?: Record<string, unknown>;
}

export interface TestRelay {
  /** `http://host:port` — the relay's endpoint (no path). */
  url: string;
  port: number;
  nodeId: string;
  /** Snapshot of the bound sessions. */
  sessions(): RelaySessionView[];
  /** Everything the relay saw, in order; bodies included. Survives `restart()`. */
  readonly log: readonly RelayLogEntry[];
  /** Every HTTP request: method, path, status. */
  readonly requests: readonly { at: number; method: string; path: string; status: number }[];
  /** REGISTER with a directory as a relay-capable node, then heartbeat until closed or killed. */
  registerWith(directoryUrl: string, opts?: RegisterWithOptions): Promise<RelayRegistration>;
  /** Graceful stop: heartbeats end, the node deregisters (as RS-SDK does on shutdown), connections close. */
  close(): Promise<void>;
  /** Crash: every socket destroyed mid-flight, no deregistration, heartbeats stop. */
  kill(): Promise<void>;
  /** Listen again on the same port with no sessions (a restarted process); re-registers if it was registered. */
  restart(): Promise<void>;
  /** Turns the relay hostile (or honest again with `null`) from the next request on. */
  setTamper(tamper: RelayTamper | null): void;
}
