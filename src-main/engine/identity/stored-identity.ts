/**
 * The operator identity as the secret store keeps it: one JSON text with the key's seed, the name, when it was made
 * and when its key was last replaced, the integrity hash the directory pinned, and the machines this computer knows.
 */
import { OperatorDisplayName } from '@shared/contract/operator';
import { OPERATOR_INTEGRITY_HASH, operatorKeyFromSeed, strictBase64, type OperatorKey } from './operator-key';
import { MachineList, type MachineRef } from './machine-list';

export interface Identity {
  key: OperatorKey;
  displayName: string;
  createdAt: string;
  rotatedAt: string | null;
  /**
   * The integrity hash the directory pinned for this operator when an earlier key first registered: a rotation at the
   * directory keeps it (and the creation time), so every later REGISTER presents it. Null: this key's own.
   */
  integrityHash: string | null;
  /** The operator's machines this computer knows, with their names (fleet/fleet-service.ts keeps the list). */
  machines: MachineRef[];
}

export type Loaded = { kind: 'none' } | { kind: 'active'; id: Identity } | { kind: 'unreadable' };

/** The secret's name in the secret store. */
export const OPERATOR_SECRET = 'operator_identity';
const STORED_VERSION = 1;

/** The secret's text: the seed and the public parts, one JSON object. */
export function encodeIdentity(id: Identity): string {
  const pinned = id.integrityHash === null ? {} : { integrityHash: id.integrityHash };
  const machines = id.machines.length === 0 ? {} : { machines: id.machines };
  return JSON.stringify({
    v: STORED_VERSION,
    seed: id.key.seed().toString('base64'),
    displayName: id.displayName,
    createdAt: id.createdAt,
    rotatedAt: id.rotatedAt,
    ...pinned,
    ...machines,
  });
}

/** The identity of a stored secret; throws when it is damaged. */
export function decodeIdentity(raw: string): Identity {
  const v = JSON.parse(raw) as Record<string, unknown> | null;
  if (!v || typeof v !== 'object' || v.v !== STORED_VERSION)
    throw new Error('not an operator identity of this version');
  const seed = strictBase64(v.seed, 32);
  const name = OperatorDisplayName.safeParse(v.displayName);
  const time = (t: unknown): t is string => typeof t === 'string' && Number.isFinite(Date.parse(t));
  const pinned = v.integrityHash ?? null;
  if (!seed || !name.success || !time(v.createdAt) || !(v.rotatedAt === null || time(v.rotatedAt)))
    throw new Error('damaged operator identity');
  if (!(pinned === null || (typeof pinned === 'string' && OPERATOR_INTEGRITY_HASH.test(pinned))))
    throw new Error('damaged operator identity');
  // A damaged list of machines costs the list, never the identity: it is learned again.
  const machines = MachineList.safeParse(v.machines ?? []);
  return {
    key: operatorKeyFromSeed(seed),
    displayName: name.data,
    createdAt: v.createdAt,
    rotatedAt: v.rotatedAt,
    integrityHash: pinned,
    machines: machines.success ? machines.data : [],
  };
}

/** What a stored secret holds: none, an identity, or something that cannot be read. */
export function loadedFrom(raw: string | null): Loaded {
  if (raw === null) return { kind: 'none' };
  try {
    return { kind: 'active', id: decodeIdentity(raw) };
  } catch {
    return { kind: 'unreadable' };
  }
}
