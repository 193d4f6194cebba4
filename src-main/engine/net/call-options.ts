import type { Agent as HttpAgent } from 'node:http';
import type { Cancellation } from './call-cancellation';

/**
 * How a call reaches its server (why: the comment above `STALL_MIN_MS` in connection-verdicts.ts; which flavour
 * gets which: `connectionPolicyFor` in backends/transport.ts):
 * - `keep-alive`: a warm socket from the shared pool (opened if none is free), kept for the next call.
 * - `fresh`: a connection used for this call only, asked to close after the answer (`Connection: close`); over
 *   plain http one pre-opened after the previous answer when there is one (spare-connections.ts).
 * - `auto`: keep-alive, unless the server is one known to stall on reused connections (its answers say
 *   `Server: llama.cpp`) or it shows the stall (connection-verdicts.ts); such a server gets fresh connections.
 */
export type ConnectionPolicy = 'keep-alive' | 'fresh' | 'auto';

export interface CallOptions {
  /**
   * Default POST. A GET or DELETE is sent with `body` null (no body, no content-length); a POST without one says
   * `content-length: 0`.
   */
  method?: 'GET' | 'POST' | 'DELETE';
  timeoutMs: number;
  cancel?: Cancellation;
  /** Cap for a 2xx body; past it the call fails with BodyTooLargeError. */
  maxBytes: number;
  /** Cap for an error body: only a message is wanted, so it is cut, not failed. */
  maxErrorBytes: number;
  /** Default `keep-alive` (httpCall's `defaultConnection`). Ignored when `agent` is given. */
  connection?: ConnectionPolicy;
  /**
   * Used instead of the shared pools (an `https.Agent` for an https URL), e.g. a dedicated one-socket keep-alive
   * agent for periodic probes, so they neither queue behind tasks nor open a connection each time. The agent
   * decides reuse: `connection` does not apply.
   */
  agent?: HttpAgent;
}

export interface CallResult {
  status: number;
  body: Buffer;
  /** The answer's headers as received (name, value, name, value …): node:http builds its headers object lazily. */
  rawHeaders: string[];
}
