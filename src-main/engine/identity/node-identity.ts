import { randomUUID } from 'node:crypto';
import { cxKeyPairFromPrivateRaw, exportCxPrivateRaw, generateCxKeyPair, type CxKeyPair } from '../cx';
import type { EngineStateRepository } from '../store';
import type { SecretStore } from './secret-store';
import { InstanceLock } from './instance-lock';

export interface NodeIdentity {
  nodeId: string;
  cx: CxKeyPair;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The node's lasting identity: a UUID v4 (not secret, kept in the database) and its IICP-CX X25519 key pair
 * (private half in the secret store). Created once and then reused, because changing either at the
 * directory costs reputation or needs an ownership proof.
 */
export function loadOrCreateIdentity(
  state: EngineStateRepository,
  secrets: SecretStore,
  override?: string,
): NodeIdentity {
  return { nodeId: override ?? loadOrCreateNodeId(state), cx: loadOrCreateCxKey(secrets) };
}

/** The node id alone: the lock is named after it, so it is needed before anything else is touched. */
export function loadOrCreateNodeId(state: EngineStateRepository): string {
  return state.getOrInit(
    'nodeId',
    (v): v is string => typeof v === 'string' && UUID_V4.test(v),
    () => randomUUID(),
  );
}

/** The node id if one was made, without making one: a command-line run reads a data folder, it never names a node. */
export function storedNodeId(state: EngineStateRepository): string | null {
  return state.get<string | null>(
    'nodeId',
    null,
    (v): v is string | null => v === null || (typeof v === 'string' && UUID_V4.test(v)),
  );
}

/** The CX key pair from the secret store, created (and stored) on first use. */
export function loadOrCreateCxKey(secrets: SecretStore): CxKeyPair {
  const stored = secrets.get('cx_private_key');
  let cx: CxKeyPair | null = null;
  if (stored) {
    try {
      cx = cxKeyPairFromPrivateRaw(Buffer.from(stored, 'base64url'));
    } catch {
      cx = null; // damaged: a new key is safer than none; re-registration carries the token as proof (E049)
    }
  }
  if (!cx) {
    cx = generateCxKeyPair();
    secrets.update({ cx_private_key: exportCxPrivateRaw(cx).toString('base64url') });
  }
  return cx;
}

/**
 * The node this run is, claimed: the node lock taken before anything else touches the node's secrets or logs, so a
 * second process on the same node fails here having changed nothing. Throws `InstanceLockError` or `SecretStoreError`.
 */
export function claimNode(
  state: EngineStateRepository,
  secrets: SecretStore,
  runDir: string,
): { identity: NodeIdentity; lock: InstanceLock } {
  const nodeId = loadOrCreateNodeId(state);
  const lock = new InstanceLock(runDir, nodeId);
  lock.acquire();
  try {
    return { identity: { nodeId, cx: loadOrCreateCxKey(secrets) }, lock };
  } catch (err) {
    lock.release();
    throw err;
  }
}
