import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { call, dig, onCleanup, type CallOptions } from '../../../support/json-call';
import { startTestRelay, type TestRelay, type TestRelayOptions } from '../../../support/relay';

export const CHAT = 'urn:iicp:intent:llm:chat:v1';

export { call, dig, onCleanup, type CallOptions, type CallResult } from '../../../support/json-call';

/** A relay closed after the test, with helpers bound to it. */
export async function relay(opts: TestRelayOptions = {}) {
  const r: TestRelay = await startTestRelay(opts);
  onCleanup(() => r.close());
  const api = (method: string, route: string, o?: CallOptions) => call(`${r.url}${route}`, method, o);
  const bind = (workerId: string, extra: Record<string, unknown> = {}) =>
    api('POST', '/v1/relay/bind', {
      body: { worker_id: workerId, intent: CHAT, models: ['tinyllama-1.1b'], ...extra },
    });
  /** Binds and returns the session token, failing the test on anything but 200. */
  const session = async (workerId: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const r1 = await bind(workerId, extra);
    if (r1.status !== 200) throw new Error(`bind ${workerId}: ${r1.status} ${r1.text}`);
    return dig<string>(r1.json, 'session_token');
  };
  const pull = (token: string, signal?: AbortSignal) => api('GET', '/v1/relay/pull', { token, signal });
  const result = (token: string, body: unknown) => api('POST', '/v1/relay/result', { token, body });
  const task = (workerId: string, body: unknown) => api('POST', `/v1/relay-for/${workerId}/v1/task`, { body });
  return { relay: r, api, bind, session, pull, result, task };
}

/**
 * Attaches the outcome handlers at once, for requests a test expects the relay to cut off: a rejection that
 * arrives while the test awaits something else is then not reported as unhandled.
 */
export function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

export { fakeClock } from '../../../support/fake-clock';

/**
 * An independent signer for relay bind tickets (the format of PHP RelayBindTicketService), so the relay is
 * checked against the contract rather than against its own verifier.
 */
export function ticketSigner() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyHex = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32).toString('hex');
  const issue = (claims: Record<string, unknown>, key: KeyObject = privateKey): string => {
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    const sig = sign(null, Buffer.from(`iicp:relay-bind-ticket:v1\n${payload}`, 'utf8'), key).toString('hex');
    return `${payload}.${sig}`;
  };
  /** PHP's claims for `sub`, valid for 120 s from `nowMs`. */
  const ticket = (sub: string, aud: string, nowMs = Date.now(), extra: Record<string, unknown> = {}): string => {
    const iat = Math.floor(nowMs / 1000);
    return issue({
      v: 1,
      typ: 'relay-bind-ticket',
      iss: 'http://directory.test',
      sub,
      aud,
      iat,
      exp: iat + 120,
      ...extra,
    });
  };
  return { publicKeyHex, issue, ticket, jti: () => randomBytes(16).toString('hex') };
}
