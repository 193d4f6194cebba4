import { useEffect, useId, useRef, useState } from 'react';
import type { OperatorInfo } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { ErrorLine } from '../../components/ui/ErrorLine';
import button from '../../components/ui/Button.module.css';
import styles from './OperatorRotate.module.css';

/**
 * A new key pair for the same display name, after the consequence is spelled out: the directory treats the new key as
 * a new operator, and the person's other computers keep the old one until the new file is imported there.
 */
export function OperatorRotate({ onDone, onCancel }: { onDone(info: OperatorInfo): void; onCancel(): void }) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  const rotate = async () => {
    if (busy || !connected) return;
    setBusy(true);
    setFailed(null);
    const result = await getApi().rotateOperator({ confirm: true });
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setFailed(result.error.message);
  };

  return (
    <div className={styles.panel} role="group" aria-labelledby={headingId} data-testid="operator-rotate" onKeyDown={(e) => e.key === 'Escape' && !busy && onCancel()}>
      <h3 id={headingId} ref={heading} tabIndex={-1} className={styles.title}>
        Replace the key of your operator identity?
      </h3>
      <p>Replace the key only if you think someone else has it.</p>
      <p>The directory will treat the new key as a new operator, and this computer stops using the old key.</p>
      <p>Your other computers keep the old key until you export the new one and import it there.</p>
      <div className={styles.actions}>
        <button type="button" className={button.danger} aria-disabled={busy || !connected || undefined} onClick={() => void rotate()} data-testid="operator-rotate-confirm">
          {busy ? 'Making a new key…' : 'Yes, make a new key'}
        </button>
        <button type="button" className={button.button} aria-disabled={busy || undefined} onClick={() => !busy && onCancel()}>
          Cancel
        </button>
      </div>
      <ErrorLine error={failed} />
    </div>
  );
}
