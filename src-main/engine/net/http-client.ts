import { pooledCall } from './pooled-call';
import { rawHeader } from './raw-headers';
import { targetOf, type Target } from './request-targets';
import type { CallOptions, CallResult, ConnectionPolicy } from './call-options';
import { freshNow, sawPooledAnswer } from './connection-verdicts';
import { NodeHttpCall } from './node-http-call';

export type { CallOptions, CallResult, ConnectionPolicy } from './call-options';
export { autoUsesFreshConnections, resetConnectionVerdicts, spareConnections } from './connection-verdicts';
export { setSpareConnections } from './spare-connections';
export { rawHeader };

/**
 * One HTTP call over `node:http`, by default over the keep-alive pool (see `ConnectionPolicy`). It costs a fraction
 * of the CPU of global `fetch` per call, and close to a bare `http.request` (measured by
 * tests/bench/proxy/pipeline-steps.ts): the request options and headers are prepared once per URL and headers object
 * (request-targets.ts), and the deadline is watched by one shared timer (call-deadlines.ts), so nothing of a finished
 * call stays alive until a long timeout fires. Never follows redirects: a 3xx comes back as a status like any other.
 * A 2xx body past `maxBytes` fails with BodyTooLargeError; any other body is cut at `maxErrorBytes` (only a message
 * is wanted from it).
 */
export const httpCall = (
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string | Buffer | null,
  opts: CallOptions,
  /** The policy when `opts.connection` names none. */
  defaultConnection: ConnectionPolicy = 'keep-alive',
): Promise<CallResult> => {
  const target = targetOf(url);
  const policy = opts.agent === undefined ? (opts.connection ?? defaultConnection) : null;
  if (policy === 'keep-alive' || (policy === 'auto' && !freshNow(target.origin)))
    return keptAliveCall(target, headers, body, opts, policy === 'auto');
  return new Promise<CallResult>((resolve, reject) => {
    new NodeHttpCall({ target, headers, body, opts, policy, resolve, reject });
  });
};

/**
 * A keep-alive call goes over undici's pool (pooled-call.ts: a third of node:http's CPU per call); with `auto`, what
 * the answer says about its server is looked at.
 */
async function keptAliveCall(
  target: Target,
  headers: Readonly<Record<string, string>>,
  body: string | Buffer | null,
  opts: CallOptions,
  auto: boolean,
): Promise<CallResult> {
  const method = opts.method ?? 'POST';
  // undici keeps node:http's rules: a POST without a body says `content-length: 0`, a GET or DELETE sends no length.
  const r = await pooledCall(target.pooled, headers, body, {
    method,
    timeoutMs: opts.timeoutMs,
    cancel: opts.cancel,
    maxBytes: opts.maxBytes,
    maxErrorBytes: opts.maxErrorBytes,
  });
  if (auto) sawPooledAnswer(target, r);
  return { status: r.status, body: r.body, rawHeaders: r.rawHeaders };
}
