/**
 * What the directory made of the operator delegation a REGISTER carried. A refusal about the operator (IICP-E051,
 * IICP-E063) is in the REGISTER's answer; an accepted REGISTER says nothing about it (the directory binds a valid
 * delegation and silently ignores one that does not verify), so the node's public page is read once afterwards: its
 * `operator_verified` is the directory's own word on whether this node now counts for the operator.
 */
import type { OperatorRegistration } from '../identity';
import { operatorRefusal, type DirectoryFailure } from './errors';
import type { LinkSession } from './link-session';

/** Short: the node's first heartbeat waits for this read. */
const CONFIRM_TIMEOUT_MS = 5000;

/** A refused REGISTER: when the refusal is about the operator identity, the identity hears it. */
export function operatorRefused(s: LinkSession, sent: OperatorRegistration | null, f: DirectoryFailure): void {
  const state = sent ? operatorRefusal(f) : null;
  if (sent && state) s.o.operator?.answered(sent, state);
}

/**
 * After an accepted REGISTER with a delegation: `bound` or `unverified` as the node page says, `unknown` when the page
 * cannot be read (the REGISTER went through, so an earlier refusal no longer holds; the identity keeps a confirmation).
 */
export async function confirmOperator(s: LinkSession, sent: OperatorRegistration): Promise<void> {
  let verified: unknown;
  try {
    const res = await s.request({
      method: 'GET',
      route: `/v1/node/${encodeURIComponent(s.o.nodeId)}`,
      timeoutMs: CONFIRM_TIMEOUT_MS,
    });
    verified = res.ok ? res.body.operator_verified : undefined;
  } catch {
    verified = undefined;
  }
  s.o.operator?.answered(sent, verified === true ? 'bound' : verified === false ? 'unverified' : 'unknown');
}
