import type { DirectoryCheck } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { TransportTimeoutError } from '../net';
import { callDirectory } from './http';

/** The wizard waits this long for an answer; a directory that needs more is as good as gone for a person waiting. */
export const DIRECTORY_CHECK_TIMEOUT_MS = 5000;

export interface DirectoryCheckOptions {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Whether the directory at `url` answers, in words for the wizard's network step. Asks `GET {url}/v1/stats`: a public
 * route every IICP directory serves without credentials, so the check needs no node token and leaves
 * nothing behind. Never throws: every failure is an answer that says what went wrong, the technical detail apart.
 */
export async function checkDirectory(url: string, opts: DirectoryCheckOptions = {}): Promise<DirectoryCheck> {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? DIRECTORY_CHECK_TIMEOUT_MS;
  const started = now();
  const done = (ok: boolean, words: Said, details: string | null, answered: boolean): DirectoryCheck => ({
    url,
    ok,
    words,
    ms: answered ? Math.max(0, Math.round(now() - started)) : null,
    details,
    at: new Date(now()).toISOString(),
  });
  try {
    const answer = await callDirectory(url, { method: 'GET', route: '/v1/stats', timeoutMs }, opts.fetchImpl);
    if (answer.ok) {
      const ms = Math.max(0, Math.round(now() - started));
      return { ...done(true, said('setup.dirCheck.answered', { ms }), `HTTP ${answer.status}`, true), ms };
    }
    const { status, code } = answer.failure;
    return done(false, httpWords(status, code), `HTTP ${status}${code.startsWith('http_') ? '' : ` (${code})`}`, true);
  } catch (err) {
    return done(false, networkWords(err, timeoutMs), technicalDetail(err), false);
  }
}

function httpWords(status: number, code: string): Said {
  if (code === 'bad_response' || code === 'response_too_large') return said('setup.dirCheck.notLikeDirectory');
  if (status >= 300 && status < 400) return said('setup.dirCheck.redirect');
  if (status === 404 || status === 405) return said('setup.dirCheck.notDirectory');
  if (status === 429) return said('setup.dirCheck.busy');
  if (status >= 500) return said('setup.dirCheck.serverError');
  return said('setup.dirCheck.refused');
}

/** The error and its causes, outermost first (a fetch failure nests the socket's error one level deeper). */
function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (
    let e: unknown = err;
    e !== undefined && e !== null && chain.length < 5;
    e = e instanceof Error ? e.cause : undefined
  )
    chain.push(e);
  return chain;
}

/** The first error code along the chain (ECONNREFUSED, ENOTFOUND, …), or null. */
function errorCode(chain: unknown[]): string | null {
  for (const e of chain) if (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string') return e.code;
  return null;
}

function networkWords(err: unknown, timeoutMs: number): Said {
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  const chain = causeChain(err);
  const timedOut = chain.some(
    (e) =>
      e instanceof TransportTimeoutError ||
      (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')),
  );
  if (timedOut) return said('setup.dirCheck.timeout', { seconds });
  switch (errorCode(chain)) {
    case 'ECONNREFUSED':
      return said('setup.dirCheck.nothing');
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return said('setup.dirCheck.dropped');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return said('setup.dirCheck.notFound');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return said('setup.dirCheck.noRoute');
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return said('setup.dirCheck.timeout', { seconds });
    default:
      return said('setup.dirCheck.unreachable');
  }
}

/** The error's code or name, for the "Details" disclosure: never shown as the message itself. */
function technicalDetail(err: unknown): string | null {
  const chain = causeChain(err);
  const code = errorCode(chain);
  if (code) return code;
  const last = chain[chain.length - 1];
  return last instanceof Error ? last.name : null;
}
