/**
 * The operator identity moved to a new key at the directory (its self-service key rotation): the directory hands out
 * a one-use challenge, the current key signs the request and the new key signs that it takes over, and the directory
 * then moves every node bound to the old key, the display name and the operator's history to the new key. From then
 * on the old key is refused for new delegations (IICP-E063), so a computer still holding it is told to import the
 * new identity. A directory that never bound the old key (IICP-E044) has nothing to move: the new key is simply used.
 */
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import { canonicalJson, type OperatorKey, type RotationOutcome } from '../identity';
import { callDirectory, DirectoryNetworkError, type DirectoryResponse } from './http';

/** What the directory signs over, as its `OperatorSelfServiceController::canonicalBytes` builds it. */
export function selfServiceBytes(action: string, fields: Record<string, string | number | null>): Buffer {
  return Buffer.from(`iicp:operator:self-service:v1\n${canonicalJson({ action, ...fields })}`, 'utf8');
}

export interface RotationCall {
  baseUrl: string;
  current: OperatorKey;
  next: OperatorKey;
  /** Unix seconds: the directory accepts a request within five minutes of its own clock. */
  nowSeconds: () => number;
  fetchImpl?: typeof fetch;
}

const str = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v.length > 0 && v.length <= max ? v : null;

/** Throws a ContractError (`invalid_state`) in plain words when the directory did not rotate the key. */
export async function rotateAtDirectory(c: RotationCall): Promise<RotationOutcome> {
  const challenge = await post(c, '/v1/operator/challenge', { operator_pub: c.current.publicKey });
  if (!challenge.ok) {
    if (challenge.failure.code === 'IICP-E044') return { kind: 'not_bound' };
    throw refused(challenge);
  }
  const nonce = str(challenge.body.nonce, 64);
  if (nonce === null || nonce.length < 16)
    throw new ContractError('invalid_state', said('fleet.operator.rotation.unreadable'));
  const ts = Math.floor(c.nowSeconds());
  const signed = { new_operator_pub: c.next.publicKey, nonce, operator_pub: c.current.publicKey, ts };
  const sig = c.current.sign(selfServiceBytes('key_rotate', signed)).toString('base64');
  const successor = selfServiceBytes('key_rotate_successor', { ...signed, rotation_epoch: null });
  const newKeySig = c.next.sign(successor).toString('base64');
  const rotated = await post(c, '/v1/operator/key/rotate', { ...signed, sig, new_key_sig: newKeySig });
  if (!rotated.ok) throw refused(rotated);
  if (rotated.body.status !== 'rotated')
    throw new ContractError('invalid_state', said('fleet.operator.rotation.unreadable'));
  const linked = rotated.body.linked_nodes;
  return {
    kind: 'rotated',
    linkedNodes: typeof linked === 'number' && Number.isSafeInteger(linked) && linked >= 0 ? linked : 0,
  };
}

async function post(c: RotationCall, route: string, body: Record<string, unknown>): Promise<DirectoryResponse> {
  try {
    return await callDirectory(c.baseUrl, { method: 'POST', route, body }, c.fetchImpl);
  } catch (err) {
    if (err instanceof DirectoryNetworkError || err instanceof TypeError)
      throw new ContractError('invalid_state', said('fleet.operator.rotation.unreachable'));
    throw err;
  }
}

/** The directory's refusal in words; the key is left as it was. */
function refused(r: Extract<DirectoryResponse, { ok: false }>): ContractError {
  const f = r.failure;
  if (f.code === 'IICP-E063') return new ContractError('invalid_state', said('fleet.operator.rotation.inactive'));
  if (f.code === 'IICP-E041') return new ContractError('invalid_state', said('fleet.operator.rotation.clock'));
  if (f.status === 429) return new ContractError('invalid_state', said('fleet.operator.rotation.busy'));
  if (f.status >= 500 || f.status === 0)
    return new ContractError('invalid_state', said('fleet.operator.rotation.unreachable'));
  return new ContractError('invalid_state', said('fleet.operator.rotation.refused'));
}
