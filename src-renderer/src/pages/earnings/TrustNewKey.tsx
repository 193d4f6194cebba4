import { useEffect, useId, useRef, useState } from 'react';
import type { VerificationInfo } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { ErrorLine } from '../../components/ui/ErrorLine';
import button from '../../components/ui/Button.module.css';
import styles from './TrustNewKey.module.css';

interface Props {
  /** The key the node trusts now, and the one the directory signs with instead. */
  trusted: string;
  changedTo: string;
  onAnswer(v: VerificationInfo): void;
}

/**
 * "Trust the new key": after the consequence is spelled out, the node pins the key the directory now signs with, by
 * the fingerprint shown, so a key that changed again meanwhile is not trusted by mistake.
 */
export function TrustNewKey({ trusted, changedTo, onAnswer }: Props) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (confirming) heading.current?.focus();
    else if (wasOpen.current) openButton.current?.focus();
    wasOpen.current = confirming;
  }, [confirming]);

  const trust = async () => {
    if (busy || !connected) return;
    setBusy(true);
    setFailed(null);
    const result = await getApi().acceptDirectoryKey({ fingerprint: changedTo });
    setBusy(false);
    if (!result.ok) {
      setFailed(`The new key could not be trusted: ${result.error.message}`);
      return;
    }
    setConfirming(false);
    onAnswer(result.value);
  };

  if (!confirming) {
    return (
      <div className={styles.open}>
        <button ref={openButton} type="button" className={button.button} aria-disabled={!connected || undefined} onClick={() => connected && setConfirming(true)} data-testid="trust-new-key">
          Trust the new key
        </button>
        <ErrorLine error={failed} />
      </div>
    );
  }
  return (
    <div className={styles.panel} role="group" aria-labelledby={headingId} data-testid="trust-new-key-confirm" onKeyDown={(e) => e.key === 'Escape' && !busy && setConfirming(false)}>
      <h3 id={headingId} ref={heading} tabIndex={-1} className={styles.title}>
        Trust the directory’s new key?
      </h3>
      <p>Do this only if the directory’s operators announced a new key, ideally with this fingerprint: <code>{changedTo}</code>.</p>
      <p>
        Awards signed with the new key then count as verified, and the key this node trusted until now (<code>{trusted}</code>) no longer does.
      </p>
      <div className={styles.actions}>
        <button type="button" className={button.primary} aria-disabled={busy || !connected || undefined} onClick={() => void trust()} data-testid="trust-new-key-yes">
          {busy ? 'Trusting…' : 'Yes, trust the new key'}
        </button>
        <button type="button" className={button.button} aria-disabled={busy || undefined} onClick={() => !busy && setConfirming(false)}>
          Cancel
        </button>
      </div>
      <ErrorLine error={failed} />
    </div>
  );
}
