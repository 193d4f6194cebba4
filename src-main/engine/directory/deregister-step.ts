/**
 * "Remove this node": a DELETE that removes the node and its reputation at the directory. The directory also answers
 * 401 to a stale token or to a restricted-domain refusal, so the node counts as removed only on 200
 * `{"deregistered":true}`, or on a 401 to its current token after a fresh re-registration attempt (a directory that
 * no longer knows the node refuses that token too).
 */
import { said } from '@shared/i18n/said';
import { describeFailure, isRestrictedDomainDenial } from './errors';
import type { LinkSession } from './link-session';
import { registerOnce } from './register-step';

type DeleteAnswer = { kind: 'removed' } | { kind: 'stale' } | { kind: 'failed'; message: string };

/** Removes the node while the link's loop is stopped; on `ok: false` it is still registered there. */
export async function removeNode(s: LinkSession): Promise<{ ok: boolean; message: string }> {
  try {
    let answer = await deleteOnce(s);
    if (answer.kind === 'stale') {
      const r = await registerOnce(s, true);
      if (r === 'failed' && s.st.link === 'unreachable')
        answer = { kind: 'failed', message: 'The directory could not be reached; the node is still registered.' };
      else {
        const again = await deleteOnce(s);
        answer = again.kind === 'stale' ? { kind: 'removed' } : again;
      }
    }
    if (answer.kind === 'removed') {
      s.o.secrets.update({ node_token: null });
      s.registeredOnce = false;
      s.setLink('not_configured', said('network.link.removedFromDirectory'));
      s.o.log('info', 'deregister_ok', '');
      return { ok: true, message: 'Removed from the directory.' };
    }
    return {
      ok: false,
      message: answer.kind === 'failed' ? answer.message : 'The directory refused to remove the node.',
    };
  } catch (err) {
    s.o.log('warn', 'deregister_fail', err instanceof Error ? err.message : 'network error');
    return { ok: false, message: 'The directory could not be reached; the node is still registered.' };
  }
}

/** One DELETE with the current token: removed, a token the directory does not take (stale), or a failure. */
async function deleteOnce(s: LinkSession): Promise<DeleteAnswer> {
  const token = s.o.secrets.get('node_token');
  if (!token) return { kind: 'stale' };
  const res = await s.request({ method: 'DELETE', route: '/v1/register', token, body: { node_id: s.o.nodeId } });
  if (res.ok) {
    if (res.body.deregistered === true) return { kind: 'removed' };
    return { kind: 'failed', message: 'The directory answered, but did not confirm that the node was removed.' };
  }
  const f = res.failure;
  if (isRestrictedDomainDenial(f)) {
    return {
      kind: 'failed',
      message:
        "This directory is a restricted trust domain and did not accept the node's membership, so it cannot be removed now. Enter a valid membership in Settings first.",
    };
  }
  s.o.log('warn', 'deregister_fail', `status=${f.status} code=${f.code}`);
  if (f.status === 401 || f.status === 404) return { kind: 'stale' };
  return { kind: 'failed', message: describeFailure(f) };
}
