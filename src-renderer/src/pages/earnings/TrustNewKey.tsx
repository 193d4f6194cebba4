import { useEffect, useRef, useState } from 'react';
import type { VerificationInfo } from '@shared/contract';
import { useCommand } from '../../hooks/useCommand';
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
  const openButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  // Closing the panel gives keyboard focus back to the button that opened it.
  useEffect(() => {
    if (!confirming && wasOpen.current) openButton.current?.focus();
    wasOpen.current = confirming;
  }, [confirming]);

  const { step, run: trust } = useCommand(
    (api) => api.acceptDirectoryKey({ fingerprint: changedTo }),
    (answer) => {
      setConfirming(false);
      onAnswer(answer);
      return { kind: 'idle' };
    },
  );
  const busy = step.kind === 'busy';
  const failed = step.kind === 'failed' ? t('earnings.trust.failed', { message: step.message }) : null;

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
