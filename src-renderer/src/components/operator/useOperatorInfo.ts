import { useCallback, useState } from 'react';
import type { OperatorInfo } from '@shared/contract';
import { useProviderStore } from '../../store';

/** What a node sends while it knows nothing of operator identities (an older host). */
const NONE: OperatorInfo = {
  state: 'none',
  fingerprint: null,
  publicKey: null,
  displayName: null,
  createdAt: null,
  rotatedAt: null,
  storedEncrypted: false,
  directory: 'unknown',
  problem: null,
};

/**
 * The operator identity as the engine last told it: from the snapshot, or from a command's answer (create, import,
 * rotate, rename) until the next snapshot arrives, which carries the same and replaces it. The page never makes up
 * an identity of its own.
 */
export function useOperatorInfo(): { info: OperatorInfo; known: boolean; take(info: OperatorInfo): void } {
  // An older host (or a test's stand-in) may send no operator block.
  const fromSnapshot = useProviderStore((s) => (s.snapshot?.operator as OperatorInfo | undefined) ?? null);
  const version = useProviderStore((s) => s.snapshot?.version ?? 0);
  const [answer, setAnswer] = useState<{ info: OperatorInfo; version: number } | null>(null);
  const take = useCallback(
    (info: OperatorInfo) => setAnswer({ info, version: useProviderStore.getState().snapshot?.version ?? 0 }),
    [],
  );
  const current = answer && answer.version >= version ? answer.info : fromSnapshot;
  return { info: current ?? NONE, known: current !== null, take };
}
