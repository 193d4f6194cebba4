/**
 * One REGISTER: what the engine offers now, sent with the node's current token and key; the credentials the
 * directory answers with are adopted only once they are safely stored, so a refused or half-done registration
 * leaves the node with the ones that still work.
 */
import { said } from '@shared/i18n/said';
import type { DirectoryLink as LinkState } from '@shared/contract';
import { failureSaid, failureDetails, isLivenessFailure, isRestrictedDomainDenial } from './errors';
import type { DirectoryResponse } from './http';
import type { RegistrationSource } from './link-options';
import { errText, type LinkSession } from './link-session';
import { confirmOperator, operatorRefused } from './operator-answer';
import { buildRegisterPayload } from './register-payload';

export type RegisterOutcome = 'ok' | 'failed' | 'not_registrable';

type Registrable = Extract<ReturnType<RegistrationSource>, { ok: true }>;

function randomHmacKey(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('hex');
}

/** The token (under either name directories use) and the key from an accepted registration; empty token if none. */
function issuedCredentials(body: Record<string, unknown>, sentKey: string): { token: string; key: string } {
  const token =
    typeof body.node_token === 'string' ? body.node_token : typeof body.token === 'string' ? body.token : '';
  const key = typeof body.node_hmac_key === 'string' && body.node_hmac_key ? body.node_hmac_key : sentKey;
  return { token, key };
}

/** One REGISTER (`isRe`: the node was registered before, and the log says re-register). */
export async function registerOnce(s: LinkSession, isRe: boolean): Promise<RegisterOutcome> {
  const src = s.o.registration();
  if (!src.ok) {
    s.reregisterReason = null;
    // Parked: stop heartbeating, so the directory lets the old record go dormant instead of routing
    // consumers to an address this node no longer claims.
    if (src.park) s.registeredOnce = false;
    s.setLink('not_configured', src.reason);
    return 'not_registrable';
  }
  // During the paced retries of a refused fresh token the link keeps saying why: each retry registers again, and a
  // "Registering…" in between would hide the reason for most of what the person sees.
  if (s.st.link !== 'registered' && s.freshTokenRefusals < 2) s.setLink('connecting', said('network.link.registering'));
  const currentToken = s.o.secrets.get('node_token');
  // The persisted key is resent on every REGISTER so the directory keeps it (PHP adopts a supplied key).
  const hmacKey = s.o.secrets.get('node_hmac_key') ?? randomHmacKey();
  // The operator identity is read for each REGISTER: a new, renamed or rotated one goes out with the next attempt.
  const operator = s.o.operator?.registration() ?? null;
  const body = buildRegisterPayload(
    { ...src.input, hmacKey, currentToken, ...(operator ? { operator } : {}) },
    s.o.now(),
  );
  const fail = isRe ? 'reregister_fail' : 'register_fail';
  let res: DirectoryResponse;
  try {
    res = await s.request({ method: 'POST', route: '/v1/register', body });
  } catch (err) {
    s.failed('unreachable', said('network.link.unreachableRetrying'), fail, errText(err));
    return 'failed';
  }
  if (!res.ok) {
    const f = res.failure;
    if (isRestrictedDomainDenial(f)) {
      s.restricted(f, fail);
      return 'failed';
    }
    operatorRefused(s, operator, f);
    const link: LinkState = f.status >= 500 || f.status === 429 ? 'unreachable' : 'rejected';
    if (isLivenessFailure(f)) s.st.unreachableEndpoint = src.input.endpoint;
    s.failed(link, failureSaid(f), fail, failureDetails(f, s.credentials()), f);
    return 'failed';
  }
  const { token, key } = issuedCredentials(res.body, hmacKey);
  if (!token) {
    s.failed('rejected', said('network.link.noToken'), fail, 'no node_token in response');
    return 'failed';
  }
  try {
    s.o.secrets.update({ node_token: token, node_hmac_key: key });
  } catch (err) {
    // A read-only or full data folder: the directory issued credentials we cannot keep, so every later call
    // would be refused. Say so plainly instead of looking registered.
    s.registeredOnce = false;
    s.o.log('error', 'secrets_not_saved', errText(err));
    s.failed('rejected', said('network.link.cannotSave'), fail, `secrets not saved: ${errText(err)}`);
    return 'failed';
  }
  accepted(s, src, body, isRe);
  if (operator) await confirmOperator(s, operator);
  return 'ok';
}

/** The directory took the registration and its credentials are stored: the node is fresh there. */
function accepted(s: LinkSession, src: Registrable, body: Record<string, unknown>, isRe: boolean): void {
  s.registeredOnce = true;
  s.beatSinceRegister = false;
  s.reregisterReason = null;
  s.challenge = null;
  s.st.registeredAt = Date.now();
  s.st.acceptedEndpoint = String(body.endpoint);
  s.st.unreachableEndpoint = null;
  s.st.acceptedModels = [...new Set(src.input.capabilities.flatMap((c) => c.models ?? []))];
  s.st.consecutiveFailures = 0;
  s.lastRetryAfterMs = undefined;
  // While the directory keeps refusing its fresh tokens, a new one is no reason to look registered yet.
  if (s.freshTokenRefusals < 2) s.setLink('registered', null);
  s.o.log(
    'info',
    isRe ? 'reregister_ok' : 'register_ok',
    `endpoint=${String(body.endpoint)} models=${s.st.acceptedModels.length}`,
  );
  s.o.onRegistered?.(body.pricing as Record<string, unknown> | undefined);
}
