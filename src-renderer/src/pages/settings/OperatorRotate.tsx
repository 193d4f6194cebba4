import { useState } from 'react';
import type { OperatorInfo } from '@shared/contract';
import { getApi } from '../../api';
import { useProviderStore } from '../../store';
import { useT } from '../../i18n/useT';
import { ConfirmPanel } from '../../components/ui/ConfirmPanel';

/**
 * A new key pair for the same display name, after the consequence is spelled out: the directory moves the identity to
 * the new key and refuses the old one from then on, so the person's other computers must import the new file.
 */
export function OperatorRotate({ onDone, onCancel }: { onDone(info: OperatorInfo): void; onCancel(): void }) {
  const t = useT();
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
      title={t('settings.rotate.title')}
      confirmLabel={t('settings.rotate.yes')}
      busyLabel={t('settings.rotate.busy')}
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
      <p>{t('settings.rotate.when')}</p>
      <p>{t('settings.rotate.moves')}</p>
      <p>{t('settings.rotate.others')}</p>
    </ConfirmPanel>
  );
}
