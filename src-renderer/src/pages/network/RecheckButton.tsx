import { useState } from 'react';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import styles from './RecheckButton.module.css';

type Step = { kind: 'idle' } | { kind: 'asking' } | { kind: 'failed'; message: string };

/**
 * Runs the reachability ladder again (after a port was forwarded by hand, or the router restarted). The
 * host answers with a snapshot, which goes through the store like any other, so the page shows the engine's
 * state and never a guess of its own.
 */
export function RecheckButton({ checking }: { checking: boolean }) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const blocked = step.kind === 'asking' || checking || !connected;

  const recheck = async () => {
    if (blocked) return;
    setStep({ kind: 'asking' });
    const result = await getApi().recheckReachability({});
    if (result.ok) {
      useProviderStore.getState().applySnapshot(result.value);
      setStep({ kind: 'idle' });
    } else {
      setStep({ kind: 'failed', message: result.error.message });
    }
  };

  return (
    <div className={styles.recheck}>
      <button type="button" className={button.button} data-testid="network-recheck" aria-disabled={blocked || undefined} onClick={() => void recheck()}>
        {step.kind === 'asking' || checking ? 'Checking…' : 'Check again'}
      </button>
      <p className={styles.result} role="status" data-testid="network-recheck-result">
        {step.kind === 'failed' ? <span className={`${common.result} ${common.resultBad}`}>The check could not start: {step.message}</span> : null}
      </p>
    </div>
  );
}
