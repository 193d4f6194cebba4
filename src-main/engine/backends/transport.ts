import type { BackendFlavour } from '@shared/contract';
import {
  httpCall,
  TransportAbortedError,
  TransportTimeoutError,
  type CallOptions,
  type ConnectionPolicy,
} from '../net';
import { BodyTooLargeError, readBodyCapped } from './http';

export { Cancellation, TransportAbortedError, TransportTimeoutError, type CancelWatcher } from '../net';
export type { ConnectionPolicy } from '../net';

/** `connection` defaults to `auto` here (see `connectionPolicyFor`); `agent` replaces the shared pool. */
export type PostOptions = Omit<CallOptions, 'method'>;

export interface PostResult {
  status: number;
  body: Buffer;
  /** The answer's headers (name, value, …), where the transport keeps them: a speech answer's type is read there. */
  rawHeaders?: string[];
}

/** One JSON POST to the backend. Never follows redirects; a 3xx comes back as a status like any other. */
export type BackendTransport = (
  url: string,
  headers: Record<string, string>,
  body: string | Buffer,
  opts: PostOptions,
) => Promise<PostResult>;

/**
 * The connection policy for a local LLM server of a known flavour (the reasons are above `STALL_MIN_MS` in
 * net/connection-verdicts.ts):
 * - llama.cpp: `fresh`, a connection used once and asked to close, pre-opened after the answer before (at most 4
 *   waiting, only while tasks flow). llama-server b4748 and older leave Nagle on and write header and body apart, so
 *   a reused connection waits ~40 ms for our delayed ACK on every answer; every build serves one connection per HTTP
 *   thread (3 by default) and keeps an idle one 5 s, so pooled sockets of ours would hold its threads.
 * - everything else (Ollama and vLLM set TCP_NODELAY; LM Studio and custom servers are not known): `auto`, which is
 *   keep-alive for a server that does not stall and fresh connections for one that does.
 * A flavour not known yet (null) gets `auto` too: it also turns fresh as soon as an answer says `Server: llama.cpp`.
 */
export function connectionPolicyFor(flavour: BackendFlavour | null | undefined): ConnectionPolicy {
  return flavour === 'llamacpp' ? 'fresh' : 'auto';
}

/**
 * The default transport: httpCall (undici's keep-alive pools, node:http for connections used once), `connection:
 * 'auto'` unless the caller chose a policy.
 */
export const nodeHttpTransport: BackendTransport = (url, headers, body, opts) =>
  httpCall(url, headers, body, opts, 'auto');

/** The same contract over a `fetch` implementation (tests script answers this way). */
export function fetchTransport(fetchImpl: typeof fetch): BackendTransport {
  return async (url, headers, body, opts) => {
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, Math.ceil(opts.timeoutMs));
    opts.cancel?.watch({ cancelled: () => ctrl.abort() });
    const classify = (err: unknown): Error => {
      if (opts.cancel?.aborted) return new TransportAbortedError();
      if (timedOut) return new TransportTimeoutError();
      return err instanceof Error ? err : new Error(String(err));
    };
    try {
      if (opts.cancel?.aborted) throw new TransportAbortedError();
      const res = await fetchImpl(url, {
        method: 'POST',
        headers: { ...headers },
        body,
        redirect: 'manual',
        signal: ctrl.signal,
      });
      const ok = res.status >= 200 && res.status <= 299;
      const type = res.headers.get('content-type');
      const rawHeaders = type === null ? [] : ['content-type', type];
      if (ok) return { status: res.status, body: await readBodyCapped(res, opts.maxBytes), rawHeaders };
      let text: Buffer = Buffer.alloc(0);
      try {
        text = await readBodyCapped(res, opts.maxErrorBytes);
      } catch (err) {
        if (opts.cancel?.aborted || timedOut) throw err;
        // A status without its message is still a useful answer.
      }
      return { status: res.status, body: text, rawHeaders };
    } catch (err) {
      throw err instanceof BodyTooLargeError || err instanceof TransportAbortedError ? err : classify(err);
    } finally {
      clearTimeout(timer);
      opts.cancel?.watch(null);
    }
  };
}
