import { useCallback, useState } from 'react';
import type { VerificationInfo } from '@shared/contract';
import { useProviderStore } from '../../store';

/**
 * The check against the directory's signed record as the engine last told it: from the snapshot, or from the answer
 * to "Verify now" or "Trust the new key" until the next snapshot arrives (it carries the same). Null from a host that
 * sends none (an older one).
 */
export function useVerification(): { verification: VerificationInfo | null; take(v: VerificationInfo): void } {
  const fromSnapshot = useProviderStore(
    (s) => (s.snapshot?.earnings as { verification?: VerificationInfo } | undefined)?.verification ?? null,
  );
  const version = useProviderStore((s) => s.snapshot?.version ?? 0);
  const [answer, setAnswer] = useState<{ v: VerificationInfo; version: number } | null>(null);
  const take = useCallback(
    (v: VerificationInfo) => setAnswer({ v, version: useProviderStore.getState().snapshot?.version ?? 0 }),
    [],
  );
  return { verification: answer && answer.version >= version ? answer.v : fromSnapshot, take };
}
