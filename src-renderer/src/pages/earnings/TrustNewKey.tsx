import { useEffect, useRef, useState } from 'react';
import type { VerificationInfo } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { ConfirmPanel } from '../../components/ui/ConfirmPanel';
import { ErrorLine } from '../../components/ui/ErrorLine';
import button from '../../components/ui/Button.module.css';
import styles from './TrustNewKey.module.css';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

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
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  // Closing the panel gives keyboard focus back to the button that opened it.
  useEffect(() => {
    if (!confirming && wasOpen.current) openButton.current?.focus();
    wasOpen.current = confirming;
  }, [confirming]);

  const trust = async () => {
    setBusy(true);
    setFailed(null);
    const result = await getApi().acceptDirectoryKey({ fingerprint: changedTo });
    setBusy(false);
    if (!result.ok) {
      setFailed(t('earnings.trust.failed', { message: result.error.message }));
      return;
    }
    setConfirming(false);
    onAnswer(result.value);
  };

  if (!confirming) {
    return (
      <div className={styles.open}>
        <button
          ref={openButton}
          type="button"
          className={button.button}
          aria-disabled={!connected || undefined}
          onClick={() => connected && setConfirming(true)}
          data-testid="trust-new-key"
        >
          {t('earnings.trust.open')}
        </button>
        <ErrorLine error={failed} />
      </div>
    );
  }
  return (
    <ConfirmPanel
      title={t('earnings.trust.title')}
      confirmLabel={t('earnings.trust.yes')}
      busyLabel={t('earnings.trust.busy')}
      busy={busy}
      unavailable={!connected}
      error={failed}
      onConfirm={() => void trust()}
      onCancel={() => setConfirming(false)}
      testId="trust-new-key-confirm"
      confirmTestId="trust-new-key-yes"
    >
      <p>
        <Words id="earnings.trust.only" tags={{ code: () => <code>{changedTo}</code> }} />
      </p>
      <p>
        <Words id="earnings.trust.then" tags={{ code: () => <code>{trusted}</code> }} />
      </p>
    </ConfirmPanel>
  );
}
