import { useState } from 'react';
import type { OperatorInfo } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { ConfirmPanel } from '../../components/ui/ConfirmPanel';

/**
 * A new key pair for the same display name, after the consequence is spelled out: the directory moves the identity to
 * the new key and refuses the old one from then on, so the person's other computers must import the new file.
 */
export function OperatorRotate({ onDone, onCancel }: { onDone(info: OperatorInfo): void; onCancel(): void }) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  const rotate = async () => {
    setBusy(true);
    setFailed(null);
    const result = await getApi().rotateOperator({ confirm: true });
    setBusy(false);
    if (result.ok) onDone(result.value);
    else setFailed(result.error.message);
  };

  return (
    <ConfirmPanel
      title="Replace the key of your operator identity?"
      confirmLabel="Yes, make a new key"
      busyLabel="Making a new key…"
      kind="danger"
      warn
      busy={busy}
      unavailable={!connected}
      error={failed}
      onConfirm={() => void rotate()}
      onCancel={onCancel}
      testId="operator-rotate"
      confirmTestId="operator-rotate-confirm"
    >
      <p>Replace the key only if you think someone else has it.</p>
      <p>The directory moves your identity, its name and your computers to the new key, and refuses the old key from then on.</p>
      <p>Your other computers cannot register with the old key after that: export the new one and import it on each of them.</p>
    </ConfirmPanel>
  );
}
